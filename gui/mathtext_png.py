r"""Typeset formulas as PNG with matplotlib's mathtext (Qt-free: helper processes run it).

The engine hands out LaTeX strings (SymPy's ``latex``); this module turns them
into pixmaps a QLabel can show, so no raw ``**`` ever reaches the screen.
mathtext has no ``cases`` environment, so a formula holding one
(``f'(x) = \begin{cases} -1 & \mathrm{if}\ x < 0 \\ … \end{cases}``, the engine's
piecewise derivatives) is laid out here: each cell typeset by mathtext, the rows
stacked, values and conditions in two left-aligned columns, a brace drawn before them.
Pictures have a transparent background, the theme's text colour, and as many
pixels as the screen has per point (crisp at 200 %): :func:`set_style` is told
both by :mod:`gui.appearance` when the theme or the screen changes.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from functools import lru_cache

DEFAULT_FONT_SIZE = 14
BASE_DPI = 110  # the size formulas were designed at, on a 100 % screen
CASES_BEGIN = r"\begin{cases}"
CASES_END = r"\end{cases}"
# a piecewise formula's layout, in font sizes
ROW_GAP = 0.35
COLUMN_GAP = 1.0
BRACE_WIDTH = 0.5
BRACE_LINE = 0.06


@dataclass(frozen=True)
class Style:
    """How formulas are drawn now: text colour and device pixels per logical pixel."""

    color: str = "#202020"
    device_pixel_ratio: float = 1.0
    font_scale: float = 1.0  # projector mode draws every formula larger


_style = Style()
# matplotlib is not thread-safe: the typesetting thread and the GUI thread take turns.
_lock = threading.Lock()


def set_style(style: Style) -> None:
    """Draw formulas from now on in ``style`` (labels re-typeset themselves)."""
    global _style
    _style = style


def current_style() -> Style:
    return _style


def png_bytes(latex: str, font_size: int = DEFAULT_FONT_SIZE, style: Style | None = None) -> bytes:
    """PNG of ``latex`` typeset by mathtext in ``style`` (the current one by default);
    safe from any thread and in a helper process, which is told the style.

    Raises ``ValueError`` when mathtext cannot parse the string.
    """
    style = style or _style
    return _png(latex, font_size * style.font_scale, style.color, style.device_pixel_ratio)


@lru_cache(maxsize=1024)
def _png(latex: str, font_size: float, color: str, device_pixel_ratio: float) -> bytes:
    # Imported here: matplotlib costs start-up time and only formulas need it.
    from matplotlib import figure
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(size=font_size)
    buffer = io.BytesIO()
    try:
        with _lock:
            if CASES_BEGIN in latex:
                picture = _cases_figure(latex, prop, color)
            else:
                text = f"${latex}$"
                width, height, depth = _measure(latex, prop)
                picture = figure.Figure(figsize=(width / 72.0, height / 72.0))
                picture.text(0, depth / height, text, fontproperties=prop, color=color)
            picture.savefig(buffer, dpi=BASE_DPI * device_pixel_ratio, format="png",
                            transparent=True)
    except Exception as exc:  # mathtext raises ValueError or ParseException
        raise ValueError(f"cannot typeset {latex!r}: {exc}") from exc
    return buffer.getvalue()


def _measure(latex: str, prop: object) -> tuple[float, float, float]:
    """Width, height and depth (below the baseline) of ``latex`` in points."""
    from matplotlib.mathtext import MathTextParser

    if not latex.strip():
        return 0.0, 0.0, 0.0
    width, height, depth, _, _ = MathTextParser("path").parse(f"${latex}$", dpi=72, prop=prop)
    return float(width), float(height), float(depth)


def split_cases(latex: str) -> tuple[str, list[tuple[str, str]], str]:
    r"""``a \begin{cases} v & c \\ … \end{cases} b`` → (a, [(v, c), …], b)."""
    before, rest = latex.split(CASES_BEGIN, 1)
    if CASES_END not in rest:
        raise ValueError("\\begin{cases} without \\end{cases}")
    body, after = rest.split(CASES_END, 1)
    rows = []
    for row in body.split(r"\\"):
        value, _, condition = row.partition("&")
        rows.append((value.strip(), condition.strip()))
    return before.strip(), rows, after.strip()


def _cases_figure(latex: str, prop: object, color: str) -> object:
    """A figure of ``prefix { rows`` (see the module doc), sized in points at 72 dpi."""
    from matplotlib import figure
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    size = float(prop.get_size_in_points())  # type: ignore[attr-defined]
    prefix, rows, suffix = split_cases(latex)
    cells = [(_measure(v, prop), _measure(c, prop)) for v, c in rows]
    ascents = [max(v[1] - v[2], c[1] - c[2], 0.7 * size) for v, c in cells]
    descents = [max(v[2], c[2], 0.2 * size) for v, c in cells]
    gap = ROW_GAP * size
    block = sum(ascents) + sum(descents) + gap * (len(rows) - 1)
    p_width, p_height, p_depth = _measure(prefix, prop)
    s_width, s_height, s_depth = _measure(suffix, prop)
    pad, brace = 0.2 * size, BRACE_WIDTH * size
    value_width = max(v[0] for v, _ in cells)
    condition_width = max(c[0] for _, c in cells)
    column_gap = COLUMN_GAP * size if condition_width else 0.0
    values_x = p_width + pad + brace + pad
    conditions_x = values_x + value_width + column_gap
    suffix_x = conditions_x + condition_width + (pad if suffix else 0.0)
    width = suffix_x + s_width + 1.0
    height = block + 2.0
    picture = figure.Figure(figsize=(width / 72.0, height / 72.0))

    def put(x: float, baseline: float, text: str) -> None:
        if text:
            picture.text(x / width, baseline / height, f"${text}$", fontproperties=prop,
                         color=color)

    middle = 1.0 + block / 2
    # the prefix's and suffix's middles on the block's middle (as LaTeX centres cases)
    put(0.0, middle - (p_height / 2 - p_depth), prefix)
    put(suffix_x, middle - (s_height / 2 - s_depth), suffix)
    top = 1.0 + block
    for (value, condition), ascent, descent in zip(rows, ascents, descents, strict=True):
        baseline = top - ascent
        put(values_x, baseline, value)
        put(conditions_x, baseline, condition)
        top = baseline - descent - gap
    left, right = p_width + pad, p_width + pad + brace
    mid_x, low, high = (left + right) / 2, 1.0, 1.0 + block
    r = min(brace, block / 4)
    points = [(right, high), (mid_x, high), (mid_x, high - r), (mid_x, middle + r),
              (mid_x, middle), (left, middle), (mid_x, middle), (mid_x, middle - r),
              (mid_x, low + r), (mid_x, low), (right, low)]
    codes = [Path.MOVETO, Path.CURVE3, Path.CURVE3, Path.LINETO, Path.CURVE3, Path.CURVE3,
             Path.CURVE3, Path.CURVE3, Path.LINETO, Path.CURVE3, Path.CURVE3]
    scaled = [(x / width, y / height) for x, y in points]
    picture.add_artist(PathPatch(Path(scaled, codes), fill=False, edgecolor=color,
                                 linewidth=BRACE_LINE * size, capstyle="round",
                                 transform=picture.transFigure))
    return picture


