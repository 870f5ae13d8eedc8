"""The network drawn as nodes and links, painted directly with QPainter.

Link m, i, j joins a^{m−1}_j to a^m_i; its colour is the sign of W^m_ij
(or of ∂C/∂W^m_ij), its width |value| against the largest in the picture.
Each hidden and output node shows that unit's activation over the plane as
a small heat map.  Hovering a link or node tells its value in the notes'
notation.  Very wide networks draw only their ``MAX_LINKS`` strongest links.
Links are drawn weakest first, so the strongest sit on top whatever their sign
(drawn by sign, a dense layer looks like its last-drawn sign), a pen's links
in one draw call per band of |value| (``link_groups``).  A key along the bottom says what
colour and width mean.

The sizes drawn are read off the arrays themselves (W^m is N^m × N^{m−1}), so
a snapshot that arrives from the previous architecture, or values that are
huge or not finite, can never make a repaint fail.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from engine.network.walkthrough import Step
from gui import themed
from gui.tabs.network.colors import heat_strip, lut
from gui.tabs.network.diagram_step import paint_step
from gui.tabs.network.notation import bias_name, number, sub, sup, weight_name
from gui.theme import GREY, NEGATIVE, POSITIVE

MAX_LINKS = 2500
SMOOTH_LINKS = 120
WIDTH_STEPS = 6
STEP_BANDS = 16  # draw-order bands per width step: 0.6 % of link pixels differ from one by one
MAX_NODE = 40
MIN_NODE = 6
HIT_DISTANCE = 4.0
KEY_SAMPLE = 18  # length of a sample line in the key, px
HOLD_SAMPLE = 97  # every 97th value of a layer's maps is compared first
HELP = "Hover a link or node for its value; colour is the sign, width the size"
#: the range each activation's heat map spans, white in the middle; None: ±max |a|
ACTIVATION_RANGE = {"sigmoid": (0.0, 1.0), "softmax": (0.0, 1.0), "tanh": (-1.0, 1.0)}
ACTIVATION_SYMBOL = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "linear": "linear",
                     "softmax": "softmax"}


@dataclass(frozen=True)
class DiagramData:
    """One network's values: ``links[m-1]`` is W^m (or ∂C/∂W^m), ``nodes[m-1]`` b^m."""

    layer_sizes: tuple[int, ...]
    activations: tuple[str, ...]
    links: tuple[np.ndarray, ...]  # N^m × N^{m−1}
    nodes: tuple[np.ndarray, ...]  # N^m
    maps: tuple[np.ndarray | None, ...]  # per layer m ≥ 1: N^m × r × r, or None
    gradient: bool


@dataclass(frozen=True)
class _Strip:
    """A layer's heat strip and what it was made from."""

    maps: np.ndarray
    bounds: tuple[float, float]
    colours: np.ndarray  # the LUT (the theme's) it was painted with
    image: QImage

    def holds(self, maps: np.ndarray, bounds: tuple[float, float]) -> bool:
        """True if ``maps`` on ``bounds`` in today's colours paint this very strip."""
        if bounds != self.bounds or lut() is not self.colours or maps.shape != self.maps.shape:
            return False
        # a training run changes every map each frame: a sample tells most of them at once
        sample = slice(None, None, HOLD_SAMPLE)
        return (np.array_equal(maps.reshape(-1)[sample], self.maps.reshape(-1)[sample],
                               equal_nan=True)
                and np.array_equal(maps, self.maps, equal_nan=True))


def consistent(data: DiagramData) -> DiagramData | None:
    """``data`` with the layer sizes read off W^m (N^m × N^{m−1}); None if the W^m do not chain.

    Activations, biases and maps that do not match those sizes (a snapshot of
    the previous architecture met with the new settings) are padded or dropped.
    """
    links = tuple(np.atleast_2d(np.asarray(W, dtype=float)) for W in data.links)
    if not links or any(W.ndim != 2 for W in links):
        return None
    sizes = (links[0].shape[1], *(W.shape[0] for W in links))
    if min(sizes) < 1 or any(W.shape[1] != n for W, n in zip(links, sizes[:-1], strict=True)):
        return None
    n_layers = len(links)
    activations = tuple(data.activations[m] if m < len(data.activations) else ""
                        for m in range(n_layers))
    nodes = []
    for m in range(n_layers):
        b = np.ravel(data.nodes[m]) if m < len(data.nodes) else np.empty(0)
        nodes.append(b.astype(float) if b.size == sizes[m + 1] else np.full(sizes[m + 1], np.nan))
    maps = []
    for m in range(n_layers):
        grid = data.maps[m] if m < len(data.maps) else None
        fits = grid is not None and grid.ndim == 3 and grid.shape[0] == sizes[m + 1]
        maps.append(np.asarray(grid, dtype=float) if fits and grid.size else None)
    return replace(data, layer_sizes=sizes, activations=activations, links=links,
                   nodes=tuple(nodes), maps=tuple(maps))


def map_bounds(activation: str, maps: np.ndarray) -> tuple[float, float]:
    """A layer's heat-map range: fixed for a bounded σ, else ± the largest finite |a|."""
    bounds = ACTIVATION_RANGE.get(activation)
    if bounds is not None:
        return bounds
    finite = np.abs(maps[np.isfinite(maps)])
    top = float(finite.max()) if finite.size else 0.0
    return (-top, top) if top > 0 else (-1.0, 1.0)


def draw_order(values: np.ndarray, limit: int = MAX_LINKS) -> np.ndarray:
    """Indices of the links to draw, smallest |value| first (the strongest end on top).

    At most ``limit``, the strongest; NaN values are left out (they have no size).
    """
    size = np.abs(values)
    shown = np.flatnonzero(~np.isnan(size))
    if shown.size > limit:
        shown = shown[np.argpartition(size[shown], -limit)[-limit:]]
    return shown[np.argsort(size[shown], kind="stable")]


def width_steps(values: np.ndarray) -> np.ndarray:
    """1 … WIDTH_STEPS per value: |value| against the largest finite |value| (∞ → widest)."""
    size = np.abs(values)
    finite = size[np.isfinite(size)]
    top = float(finite.max()) if finite.size else 0.0
    if not top > 0:
        top = 1.0
    with np.errstate(invalid="ignore", over="ignore"):
        return np.ceil(np.nan_to_num(size / top, nan=0.0, posinf=1.0) * WIDTH_STEPS).clip(
            1, WIDTH_STEPS).astype(int)


def link_groups(values: np.ndarray, limit: int = MAX_LINKS,
                ) -> list[tuple[bool, int, np.ndarray]]:
    """The links to draw (``draw_order``) as (positive, width step, indices), one draw call
    each, in painting order: width steps ascending, so every link is painted after all
    narrower ones and the strongest end on top.  Each step's links, weakest first, are cut
    into ``STEP_BANDS`` bands of equal count, painted band after band; of a band's two
    signs, the one holding the band's largest |value| goes last.

    Lines of one pen look the same in any order among themselves, so this paints what
    drawing them one by one weakest first paints, except where links of one width, of
    one band and of opposite signs cross, in at most 2 × WIDTH_STEPS × STEP_BANDS draw
    calls: drawn one call per change of pen in |value| order the signs interleave,
    ~1,200 calls for 64 × 64 links.
    """
    order = draw_order(values, limit)
    if not order.size:
        return []
    shown = values[order]
    steps, positive = width_steps(shown), (shown >= 0).astype(int)
    # ``order`` ascends in |value|, so the steps ascend along it: each a run of it, cut
    # into bands by rank within its run
    rank = np.arange(order.size)
    firsts = np.flatnonzero(np.r_[True, np.diff(steps) != 0])
    run = np.searchsorted(firsts, rank, side="right") - 1
    lengths = np.diff(np.r_[firsts, order.size])
    band = (rank - firsts[run]) * STEP_BANDS // lengths[run]
    key = (run * STEP_BANDS + band) * 2 + positive
    by_key = np.argsort(key, kind="stable")  # stable: each group stays weakest first
    keys = key[by_key]
    cuts = np.flatnonzero(np.r_[True, np.diff(keys) != 0, True])
    groups: list[tuple[bool, int, np.ndarray]] = []
    band_of_last = -1
    for begin, end in itertools.pairwise(cuts.tolist()):
        members = order[by_key[begin:end]]
        group = (bool(positive[by_key[begin]]), int(steps[by_key[begin]]), members)
        # a band's two signs: the one holding the band's strongest link last
        if keys[begin] // 2 == band_of_last and \
                abs(values[groups[-1][2][-1]]) > abs(values[members[-1]]):
            groups.insert(len(groups) - 1, group)
        else:
            groups.append(group)
        band_of_last = keys[begin] // 2
    return groups


def _pen(positive: bool, step: int) -> QPen:
    # opaque tints over the background instead of alpha: blending hundreds of wide lines is slow
    color = themed.mix(POSITIVE if positive else NEGATIVE, 0.35 + 0.65 * step / WIDTH_STEPS)
    return QPen(color, (0.6 + 5.0 * (step - 1) / (WIDTH_STEPS - 1)) * themed.line_scale())


class NetworkDiagram(QWidget):
    """``set_data(DiagramData)`` per snapshot; hover for values."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("network_diagram")
        self.setToolTip(HELP)
        self.setMinimumSize(240, 160)
        self.data: DiagramData | None = None
        self._images: list[QImage | None] = []
        self._geometry_key: tuple | None = None
        self._nodes: list[np.ndarray] = []  # per layer: n × 2 centres
        self._node_sizes: list[float] = []  # per layer: a narrow layer keeps big, readable nodes
        self._links = np.empty((0, 7))  # x1, y1, x2, y2, m, i, j
        self._lines: list[QLineF] = []  # link k as a line, made with the layout
        self._pens: dict[tuple[bool, int], QPen] = {}
        # the links as painted: (positive, width step, link indices) per draw call, in order
        self.painted_groups: list[tuple[bool, int, np.ndarray]] = []
        self._strips: list[_Strip | None] = []  # per layer m ≥ 1, kept while its maps hold
        self.step: Step | None = None  # a backprop walkthrough step drawn on top
        self.painted_labels: list[str] = []  # the step's values as last painted
        self.restyle()
        themed.follow(self.restyle)

    def restyle(self) -> None:
        """Pens, heat maps and paper in the theme's colours (and projector widths)."""
        self._pens = {(sign, step): _pen(sign, step)
                      for sign in (True, False) for step in range(1, WIDTH_STEPS + 1)}
        if self.data is not None:
            self.set_data(self.data)
        self.update()

    # ---- data ------------------------------------------------------------
    def set_data(self, data: DiagramData) -> None:
        self.data = consistent(data)
        self._images, self.painted_groups = [], []
        if self.data is not None:
            self._strips = self._strips[:len(self.data.maps)]
            self._images = [self._layer_image(m, grid)
                            for m, grid in enumerate(self.data.maps, start=1)]
            self.painted_groups = link_groups(self._link_values())
        self.update()

    def set_step(self, step: Step | None) -> None:
        """Light up one walkthrough step's units and links with their values (None: none)."""
        self.step = step
        self.update()

    def _layer_image(self, m: int, maps: np.ndarray | None) -> QImage | None:
        """Layer m's heat strip; the one made before while its maps, range and colours hold
        (a still picture repainted, the gradient shown, a pause)."""
        while len(self._strips) < m:
            self._strips.append(None)
        if maps is None:
            self._strips[m - 1] = None
            return None
        bounds = map_bounds(self.data.activations[m - 1], maps)
        kept = self._strips[m - 1]
        if kept is not None and kept.holds(maps, bounds):
            return kept.image
        strip = _Strip(maps.copy(), bounds, lut(), heat_strip(maps, *bounds))
        self._strips[m - 1] = strip
        return strip.image

    # ---- geometry --------------------------------------------------------
    def key_height(self) -> int:
        """The band along the bottom that holds the key."""
        return self.fontMetrics().height() + 6

    def key_parts(self) -> list[tuple[bool, str]]:
        """The key: (sample sign, words after it); the last words name the widest |value|."""
        if self.data is None:
            return []
        name = "∂C/∂W" if self.data.gradient else "W"
        values = np.abs(self._link_values())
        finite = values[np.isfinite(values)]
        widest = f", widest = {number(float(finite.max()), 3)}" if finite.size else ""
        return [(True, f"{name} > 0"), (False, f"{name} < 0   width ∝ |{name}|{widest}")]

    def key_width(self) -> float:
        """The width the key needs to be read whole."""
        metrics = self.fontMetrics()
        return sum(2 * (KEY_SAMPLE + 4) + 2 + metrics.horizontalAdvance(text) + 12
                   for _, text in self.key_parts())

    def key_rect(self) -> QRectF:
        """Where the key is painted: the bottom band, inside the widget."""
        h = self.key_height()
        return QRectF(4, self.height() - h, max(0, self.width() - 8), h)

    def _layout(self) -> None:
        sizes = self.data.layer_sizes
        key = (sizes, self.width(), self.height())
        if key == self._geometry_key:
            return
        self._geometry_key = key
        left, right, top, bottom = 34.0, 34.0, 22.0, 20.0 + self.key_height()
        height = max(1.0, self.height() - top - bottom)
        span = max(1.0, self.width() - left - right)
        self._node_sizes = [float(np.clip(height / (1.35 * n), MIN_NODE, MAX_NODE)) for n in sizes]
        self._nodes = []
        for m, n in enumerate(sizes):
            x = left + span * m / (len(sizes) - 1)
            gap = min(self._node_sizes[m] * 1.5, height / n)
            ys = top + height / 2 + (np.arange(n) - (n - 1) / 2) * gap
            self._nodes.append(np.column_stack([np.full(n, x), ys]))
        rows = []
        for m in range(1, len(sizes)):
            n_out, n_in = sizes[m], sizes[m - 1]
            i, j = np.meshgrid(np.arange(n_out), np.arange(n_in), indexing="ij")
            i, j = i.ravel(), j.ravel()
            start, end = self._nodes[m - 1][j], self._nodes[m][i]
            rows.append(np.column_stack([start, end, np.full(i.size, m), i, j]))
        self._links = np.vstack(rows)
        # made once per layout, not per frame: a QLineF costs more to build than to draw
        self._lines = [QLineF(*row) for row in self._links[:, :4].tolist()]

    def _link_values(self) -> np.ndarray:
        return np.concatenate([np.ravel(v) for v in self.data.links])

    # ---- painting --------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(themed.background()))
        if self.data is None:
            return
        self._layout()
        # smooth edges cost too much once there are hundreds of links
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, len(self._links) <= SMOOTH_LINKS)
        self._paint_links(painter)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_nodes(painter)
        self._paint_labels(painter)
        self._paint_key(painter)
        self.painted_labels = ([] if self.step is None else
                               paint_step(painter, self.step, self._nodes, self._node_sizes,
                                          self.fontMetrics()))

    def _paint_links(self, painter: QPainter) -> None:
        lines = self._lines
        for positive, step, members in self.painted_groups:
            painter.setPen(self._pens[(positive, step)])
            painter.drawLines([lines[k] for k in members.tolist()])

    def _paint_nodes(self, painter: QPainter) -> None:
        painter.setPen(QPen(QColor(themed.foreground()), themed.line_scale()))
        for m, centres in enumerate(self._nodes):
            s = self._node_sizes[m]
            strip = self._images[m - 1] if 0 < m <= len(self._images) else None
            side = strip.width() if strip is not None else 0
            for i, (x, y) in enumerate(centres.tolist()):
                rect = QRectF(x - s / 2, y - s / 2, s, s)
                if strip is not None:
                    painter.drawImage(rect, strip, QRectF(0, i * side, side, side))
                else:
                    painter.fillRect(rect, themed.mix(GREY, 0.15))
                    if m == 0 and s >= 16:
                        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"x{sub(i + 1)}")
                painter.drawRect(rect)

    def _paint_labels(self, painter: QPainter) -> None:
        painter.setPen(QColor(GREY))
        data = self.data
        for m, centres in enumerate(self._nodes):
            x, s = centres[0, 0], self._node_sizes[m]
            top, bottom = centres[:, 1].min() - s / 2, centres[:, 1].max() + s / 2
            painter.drawText(QRectF(x - 40, top - 18, 80, 16), Qt.AlignmentFlag.AlignCenter,
                             f"a{sup(m)}")
            below = "input" if m == 0 else ACTIVATION_SYMBOL.get(data.activations[m - 1], "")
            painter.drawText(QRectF(x - 40, bottom + 2, 80, 16), Qt.AlignmentFlag.AlignCenter,
                             below)
            if m > 0:
                mid = (self._nodes[m - 1][0, 0] + x) / 2
                name = f"∂C/∂W{sup(m)}" if data.gradient else f"W{sup(m)}"
                painter.drawText(QRectF(mid - 40, 2, 80, 16), Qt.AlignmentFlag.AlignCenter, name)

    def _paint_key(self, painter: QPainter) -> None:
        """Per sign a thin and a thick sample line, then its words (elided if cramped)."""
        rect = self.key_rect()
        y, x = rect.center().y(), rect.left()
        metrics = self.fontMetrics()
        for positive, text in self.key_parts():
            for step in (2, WIDTH_STEPS):  # step 1 is too faint to read as a sample
                painter.setPen(self._pens[(positive, step)])
                painter.drawLine(QLineF(x, y, x + KEY_SAMPLE, y))
                x += KEY_SAMPLE + 4
            x += 2
            room = max(0, int(rect.right() - x))
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
            painter.setPen(QColor(themed.foreground()))
            painter.drawText(QRectF(x, rect.top(), room, rect.height()),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, shown)
            x += metrics.horizontalAdvance(text) + 12
            if x >= rect.right():
                return

    # ---- hover -----------------------------------------------------------
    def describe(self, point: QPointF) -> str:
        """What is under ``point``: a node's bias or a link's weight, in the notes' notation."""
        if self.data is None:
            return ""
        self._layout()
        for m, centres in enumerate(self._nodes):
            half = self._node_sizes[m] / 2
            inside = np.all(np.abs(centres - (point.x(), point.y())) <= half, axis=1)
            if inside.any():
                i = int(np.argmax(inside))
                if m == 0:
                    return f"a⁰{sub(i + 1)} = input x{sub(i + 1)}"
                value = float(np.ravel(self.data.nodes[m - 1])[i])
                return f"{bias_name(m, i, self.data.gradient)} = {number(value)}"
        return self._describe_link(point)

    def _describe_link(self, point: QPointF) -> str:
        links = self._links
        start, end = links[:, 0:2], links[:, 2:4]
        direction = end - start
        length2 = np.maximum((direction**2).sum(axis=1), 1e-12)
        p = np.array([point.x(), point.y()])
        t = np.clip(((p - start) * direction).sum(axis=1) / length2, 0.0, 1.0)
        distance = np.hypot(*(start + t[:, None] * direction - p).T)
        nearest = int(np.argmin(distance)) if distance.size else -1
        if nearest < 0 or distance[nearest] > HIT_DISTANCE:
            return ""
        m, i, j = (int(v) for v in links[nearest, 4:])
        value = float(self.data.links[m - 1][i, j])
        return f"{weight_name(m, i, j, self.data.gradient)} = {number(value)}"

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.describe(QPointF(event.pos())) or HELP
            QToolTip.showText(event.globalPos(), text, self)
            return True
        return super().event(event)
