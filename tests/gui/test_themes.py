"""Every view follows the theme and projector mode: sampled pixels, contrast, pen widths."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QImage

from gui import theme, themed
from gui.appearance import appearance
from gui.main_window import MainWindow
from gui.tabs.network.colors import LUT_SIZE, diverging_lut, lut
from gui.widgets.math_label import MathLabel

TABS = ("vectors", "derivatives", "descent", "network")
ROOT = Path(__file__).resolve().parents[2]
#: the screen-level check that no visible label of any tab is cut off, on a first start
NO_CLIPPING = "tests/gui/screen/test_first_start.py::test_no_visible_label_is_cut_off"


@pytest.fixture
def window(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    appearance().set_mode("light")
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w
    appearance().set_projector(False)
    appearance().set_mode("light")
    w.shutdown()
    w.close()


def _lightness(image: QImage, x: int, y: int) -> float:
    return QColor(image.pixel(x, y)).lightnessF()


def _show(window: MainWindow, qtbot, key: str):
    tab = window.tab(key)
    window.tabs.setCurrentIndex(list(TABS).index(key))
    qtbot.waitUntil(tab.isVisible)
    if key == "network":  # its curves come in the turn after its first picture
        qtbot.waitUntil(lambda: tab.ui.curves_built and tab.ui.curves.isVisible())
    return tab


def _plots(tab) -> list[pg.GraphicsView]:
    return [v for v in tab.findChildren(pg.GraphicsView) if v.isVisible() and v.width() > 20]


def _relative_luminance(name: str) -> float:
    """WCAG 2: L = 0.2126 R + 0.7152 G + 0.0722 B on linearised sRGB."""
    c = themed.rgb(name) / 255.0
    linear = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def _contrast(a: str, b: str) -> float:
    """WCAG contrast ratio (L_light + 0.05) / (L_dark + 0.05)."""
    la, lb = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("key", TABS)
def test_every_plot_of_a_tab_turns_dark_and_back(window, qtbot, key):
    tab = _show(window, qtbot, key)
    plots = _plots(tab)
    assert plots, f"the {key} tab shows no plot"
    for mode, dark in (("dark", True), ("light", False), ("dark", True)):
        appearance().set_mode(mode)
        for plot in plots:
            paper = _lightness(plot.grab().toImage(), 2, 2)
            assert (paper < 0.2) if dark else (paper > 0.9), (key, plot.objectName(), mode)
            for axis in (i for i in plot.scene().items() if isinstance(i, pg.AxisItem)):
                assert axis.textPen().color() == QColor(theme.scheme().foreground)


def test_a_tab_built_after_the_switch_is_dark_too(window, qtbot):
    appearance().set_mode("dark")
    tab = _show(window, qtbot, "derivatives")
    for plot in _plots(tab):
        assert _lightness(plot.grab().toImage(), 2, 2) < 0.2, plot.objectName()


def test_the_network_diagram_and_boundary_map_follow_the_theme(window, qtbot):
    tab = _show(window, qtbot, "network")
    diagram, boundary = tab.ui.diagram, tab.ui.boundary
    for mode, dark in (("dark", True), ("light", False)):
        appearance().set_mode(mode)
        paper = _lightness(diagram.grab().toImage(), 3, 3)
        assert (paper < 0.2) if dark else (paper > 0.9), mode
        # the colour map's neutral middle (a^L = ½) is the background
        middle = boundary.image.lut[LUT_SIZE // 2, :3]
        assert np.abs(middle.astype(int) - themed.rgb(theme.scheme().background)).max() <= 4
        assert (boundary.image.lut == lut()).all()


def test_the_diverging_scale_keeps_its_ends_on_both_backgrounds():
    for paper in (theme.LIGHT.background, theme.DARK.background):
        rows = diverging_lut(paper)
        assert np.abs(rows[LUT_SIZE // 2, :3].astype(int) - themed.rgb(paper)).max() <= 4
        for end in (rows[0, :3], rows[-1, :3]):
            assert np.abs(end.astype(int) - themed.rgb(paper)).max() > 60


def test_formulas_turn_light_on_dark(window, qtbot):
    label = MathLabel()
    qtbot.addWidget(label)
    label.set_latex(r"\frac{\partial C}{\partial w} = \delta a")
    label.show()
    qtbot.waitExposed(label)
    for mode, dark in (("dark", True), ("light", False)):
        appearance().set_mode(mode)
        image = label.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
        pixels = np.frombuffer(image.constBits(), np.uint8)
        pixels = pixels.reshape(image.height(), image.bytesPerLine())[:, : 3 * image.width()]
        # the paper is the label's palette window colour; the ink is the farthest from it
        paper = themed.rgb(theme.scheme().window).mean()
        grey = pixels.reshape(-1, 3).mean(axis=1)
        ink = grey[np.argmax(np.abs(grey - paper))]
        assert (ink > paper + 100) if dark else (ink < paper - 100), mode


def _ink(label) -> float:
    """Median lightness of the opaque pixels of a label's picture: its ink."""
    image = label.pixmap().toImage().convertToFormat(QImage.Format.Format_RGBA8888)
    pixels = np.frombuffer(image.constBits(), np.uint8)
    pixels = pixels.reshape(image.height(), image.bytesPerLine())[:, : 4 * image.width()]
    rgba = pixels.reshape(-1, 4).astype(float)
    opaque = rgba[rgba[:, 3] > 200, :3]
    return float(np.median(opaque.mean(axis=1))) / 255.0


def _typeset(tab) -> list:
    from PySide6.QtWidgets import QLabel

    return [label for label in tab.findChildren(QLabel)
            if label.pixmap() is not None and not label.pixmap().isNull()]


@pytest.mark.parametrize("key", ["vectors", "derivatives", "descent"])
def test_a_tabs_typeset_formulas_follow_a_later_switch(window, qtbot, key):
    """Formulas typeset in the light theme are drawn again in the dark one's text colour."""
    tab = _show(window, qtbot, key)
    qtbot.waitUntil(lambda: len(_typeset(tab)) >= 2, timeout=60_000)
    assert all(_ink(label) < 0.3 for label in _typeset(tab))
    appearance().set_mode("dark")
    qtbot.waitUntil(lambda: all(_ink(label) > 0.7 for label in _typeset(tab)), timeout=10_000)
    appearance().set_mode("light")
    qtbot.waitUntil(lambda: all(_ink(label) < 0.3 for label in _typeset(tab)), timeout=10_000)


#: Okabe–Ito's light colours on white are under WCAG's 3:1 for graphics (2.25, 2.31, 1.32):
#: their lines and markers get an edge in the text colour there, their text is darkened.
LIGHT_ON_WHITE = {theme.ORANGE, theme.SKY_BLUE, theme.YELLOW}
PALETTE = theme.SERIES + theme.CLASS_COLORS + tuple(theme.KIND_COLORS.values())


@pytest.mark.parametrize("scheme", [theme.LIGHT, theme.DARK], ids=["light", "dark"])
def test_okabe_ito_colours_stand_out_on_both_backgrounds(scheme):
    """WCAG 2 contrast ≥ 3:1 against the plot background: the colour itself, or the edge
    drawn around it where it is too light; text in it is darkened to ≥ 3:1."""
    weak = {c for c in PALETTE if _contrast(c, scheme.background) < 3.0}
    # black, the last series colour, is drawn in the scheme's text colour (see gui.themed)
    weak.discard(theme.BLACK)
    assert weak == (LIGHT_ON_WHITE if scheme is theme.LIGHT else set())
    assert {c for c in PALETTE if theme.needs_edge(c, scheme.background)} - {theme.BLACK} == weak
    assert _contrast(scheme.foreground, scheme.background) >= 3.0  # the edge's colour
    for color in set(PALETTE) - {theme.BLACK}:
        text = theme.readable(color, scheme.background)
        assert _contrast(text, scheme.background) >= 3.0, color
        assert (text == color) == (color not in weak)  # only the light ones are darkened
    assert set(theme.SERIES[:3]).isdisjoint(weak)  # the first three series serve every plot
    for pair in (theme.CLASS_COLORS, (theme.NEGATIVE, theme.POSITIVE)):
        assert all(_contrast(c, scheme.background) >= 3.0 for c in pair)


def _lab(name: str, simulate: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of ``name`` as seen through the linear-RGB matrix ``simulate``."""
    c = themed.rgb(name) / 255.0
    linear = simulate @ np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ np.clip(linear, 0, 1)
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


#: Viénot, Brettel & Mollon (1999): protanope and deuteranope vision in linear RGB.
VISION = {"normal": np.eye(3),
          "protan": np.array([[0.11238, 0.88762, 0], [0.11238, 0.88762, 0],
                              [0.00401, -0.00401, 1]]),
          "deutan": np.array([[0.29275, 0.70725, 0], [0.29275, 0.70725, 0],
                              [-0.02234, 0.02234, 1]])}


@pytest.mark.parametrize("scheme", [theme.LIGHT, theme.DARK], ids=["light", "dark"])
@pytest.mark.parametrize("vision", list(VISION))
def test_the_series_stay_told_apart_on_both_backgrounds(scheme, vision):
    """Lines keep their palette colour (the edge only frames it), so every two series differ
    by ΔE*ab ≥ 15 in normal, protan and deutan vision, on either background."""
    drawn = [scheme.foreground if c == theme.BLACK else c for c in theme.SERIES]
    labs = [_lab(c, VISION[vision]) for c in drawn]
    closest = min(np.linalg.norm(a - b) for i, a in enumerate(labs) for b in labs[i + 1:])
    assert closest >= 15.0, closest


@pytest.mark.parametrize("color", sorted(LIGHT_ON_WHITE))
def test_a_light_line_on_white_is_drawn_with_a_dark_edge(window, qtbot, color):
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.resize(200, 120)
    plot.hideAxis("left")
    plot.hideAxis("bottom")
    curve = plot.plot([0, 1], [0, 0], pen=pg.mkPen(color, width=5))
    plot.setRange(xRange=(0.2, 0.8), yRange=(-1, 1), padding=0)
    themed.restyle_view(plot)
    plot.show()
    qtbot.waitExposed(plot)
    image = plot.grab().toImage()
    column = [QColor(image.pixel(image.width() // 2, y)).name()
              for y in range(image.height())]
    inked = [c for c in column if c != QColor(theme.LIGHT.background).name()]
    assert max(_contrast(c, theme.LIGHT.background) for c in inked) >= 3.0  # the edge
    assert any(np.abs(themed.rgb(c) - themed.rgb(color)).max() <= 12 for c in inked)  # the fill
    appearance().set_mode("dark")
    assert curve.opts["shadowPen"] is None  # on dark the colour stands out by itself


def _edgeless_light_lines(tab) -> list[str]:
    found = []
    for plot in _plots(tab):
        for item in plot.scene().items():
            if not (isinstance(item, pg.PlotDataItem) and item.isVisible()
                    and item.opts["pen"] is not None):
                continue
            pen = pg.mkPen(item.opts["pen"])
            if pen.color().name().upper() in LIGHT_ON_WHITE and item.opts["shadowPen"] is None:
                found.append(f"{plot.objectName()}: {pen.color().name()}")
    return found


def test_descent_paths_in_light_colours_get_their_edge(window, qtbot):
    """Nesterov (orange) and AdaGrad (sky blue) race on white: paths and curves have edges."""
    tab = _show(window, qtbot, "descent")
    qtbot.waitUntil(lambda: tab.ready, timeout=60_000)
    for box in tab.ui.optimizers.checks.values():
        box.setChecked(True)
    qtbot.waitUntil(lambda: tab.model.run_snapshot is not None and len(
        {t.optimizer for t in tab.model.run_snapshot.trajectories}) == 6, timeout=60_000)
    tab.step()
    qtbot.waitUntil(lambda: any(isinstance(i, pg.PlotDataItem) and i.opts["pen"] is not None
                                and pg.mkPen(i.opts["pen"]).color().name().upper()
                                == theme.ORANGE for p in _plots(tab)
                                for i in p.scene().items()), timeout=60_000)
    assert _edgeless_light_lines(tab) == []


def test_a_black_series_turns_to_the_text_colour_on_dark(window, qtbot):
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    curve = plot.plot([0, 1], [0, 1], pen=pg.mkPen(theme.BLACK, width=2))
    appearance().set_mode("dark")
    themed.restyle_view(plot)
    assert curve.opts["pen"].color() == QColor(theme.DARK.foreground)
    assert _contrast(curve.opts["pen"].color().name(), theme.DARK.background) >= 3.0


def _line(item) -> bool:
    """A drawn line: a data item, or a curve of its own (not a data item's inner curve)."""
    if isinstance(item, pg.PlotDataItem):
        return True
    return isinstance(item, pg.PlotCurveItem) and not isinstance(item.parentItem(),
                                                                  pg.PlotDataItem)


def _width(item) -> float:
    return pg.mkPen(item.opts["pen"]).widthF()


def _data_pens(tab) -> list[tuple[object, float]]:
    return [(item, _width(item)) for plot in _plots(tab) for item in plot.scene().items()
            if _line(item) and item.isVisible() and item.opts["pen"] is not None
            and pg.mkPen(item.opts["pen"]).style() != pg.QtCore.Qt.PenStyle.NoPen]


def _shown_side_panels(tab, key: str) -> list[bool]:
    """Whether each thing a tab hides for a lecture hall (its side tables, notes) is shown."""
    if key == "vectors":
        return [tab.table.isVisible(), tab.notes_label.isVisible()]
    if key == "derivatives":
        return [tab.ui.secant_table.isVisible(), tab.ui.critical_table.isVisible()]
    if key == "descent":
        return [tab.ui.tables.isTabVisible(page) for page in (0, 1, 3)]
    return [tab.ui.table.isVisible()]


def _projector(window, qtbot, on: bool) -> None:
    action = window.findChild(pg.QtGui.QAction, "projector_action")
    if action.isChecked() != on:
        action.trigger()
    qtbot.waitUntil(lambda: appearance().projector == on)


@pytest.mark.parametrize("key", TABS)
def test_projector_doubles_the_lines_and_hides_the_side_panels(window, qtbot, key):
    tab = _show(window, qtbot, key)
    before = _data_pens(tab)
    assert before, f"the {key} tab draws no line"
    assert all(_shown_side_panels(tab, key))
    _projector(window, qtbot, True)
    for item, width in before:
        assert _width(item) >= 2 * max(width, 1.0) - 1e-9, item
    assert not any(_shown_side_panels(tab, key))
    assert _lightness(_plots(tab)[0].grab().toImage(), 2, 2) > 0.95  # high contrast: pure paper
    if key == "descent":
        assert tab.ui.formulas.isVisible()  # the derivation stays
    _projector(window, qtbot, False)
    for item, width in before:
        assert _width(item) == pytest.approx(max(width, 1.0))
    assert all(_shown_side_panels(tab, key))


@pytest.mark.parametrize("factor", ["1.25", "1.5", "2"])
def test_no_label_is_clipped_at_high_scale(factor):
    """QT_SCALE_FACTOR is read when the application starts: each scale runs in its own process."""
    env = dict(os.environ, QT_SCALE_FACTOR=factor, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                          NO_CLIPPING], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "4 passed" in run.stdout


def test_the_status_bars_lesson_button_turns_light_on_dark(window, qtbot):
    """Its style sheet (a focus frame) must not keep the palette it was first set with."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QPushButton

    button = window.findChild(QPushButton, "start_here_button")
    assert button is not None and button.isVisible()
    for mode, dark in (("dark", True), ("light", False), ("dark", True)):
        appearance().set_mode(mode)
        qtbot.wait(50)
        text = button.palette().color(QPalette.ColorRole.ButtonText).lightnessF()
        assert (text > 0.7) if dark else (text < 0.3), mode
