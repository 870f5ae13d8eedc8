"""Themes and screen density: what the user sees changes with View → Theme."""

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage, QPalette

from gui import mathtext, theme
from gui.appearance import MODES, appearance
from gui.widgets.math_label import MathLabel


@pytest.fixture
def restore_light(qapp):
    yield appearance()
    appearance().set_mode("light")


def _ink(label: MathLabel) -> np.ndarray:
    """The mean RGB of the formula's opaque pixels (its text colour)."""
    image = label.pixmap().toImage().convertToFormat(QImage.Format.Format_RGBA8888)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1, 4)
    pixels = pixels[:, : image.width()]
    opaque = pixels[..., 3] > 200
    assert opaque.any(), "the formula has no visible ink"
    return pixels[opaque][:, :3].mean(axis=0)


def _lightness(name: str) -> float:
    return QColor(name).lightnessF()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_palette_and_plots_follow_the_theme(restore_light, mode):
    restore_light.set_mode(mode)
    scheme = theme.DARK if mode == "dark" else theme.LIGHT
    assert theme.scheme() is scheme
    window = restore_light.parent().palette().color(QPalette.ColorRole.Window)
    assert window == QColor(scheme.window)
    import pyqtgraph as pg

    assert QColor(pg.getConfigOption("background")) == QColor(scheme.background)


def test_formulas_are_redrawn_in_the_themes_text_colour(restore_light, qtbot):
    label = MathLabel()
    qtbot.addWidget(label)
    restore_light.set_mode("light")
    label.set_latex(r"f'(x) = 5x^{4}")
    dark_ink_on_light = _ink(label)
    restore_light.set_mode("dark")
    light_ink_on_dark = _ink(label)
    assert dark_ink_on_light.mean() < 90 < 170 < light_ink_on_dark.mean()
    assert abs(light_ink_on_dark.mean() / 255 - _lightness(theme.DARK.foreground)) < 0.15


def test_formula_pictures_have_a_transparent_background(restore_light, qtbot):
    label = MathLabel()
    qtbot.addWidget(label)
    label.set_latex(r"\sigma(z) = \frac{1}{1 + e^{-z}}")
    image = label.pixmap().toImage()
    assert image.hasAlphaChannel()
    assert QColor.fromRgba(image.pixel(0, 0)).alpha() == 0


def test_formula_pictures_carry_the_screens_pixel_ratio(restore_light, qtbot):
    label = MathLabel()
    qtbot.addWidget(label)
    label.set_latex("x^{5}")
    normal = mathtext.render("x^{5}")
    on_screen = label.sizeHint()
    mathtext.set_style(mathtext.Style(theme.LIGHT.foreground, 2.0))
    try:
        sharp = mathtext.render("x^{5}")
        label.set_latex("x^{5}")
        assert abs(label.sizeHint().width() - on_screen.width()) <= 1
    finally:
        mathtext.set_style(mathtext.Style(theme.LIGHT.foreground, 1.0))
    assert sharp.devicePixelRatio() == 2.0
    # twice the pixels, the same size on screen
    assert abs(sharp.width() - 2 * normal.width()) <= 2
    assert abs(sharp.deviceIndependentSize().width() - normal.width()) <= 1


def test_the_theme_menu_offers_every_mode_and_remembers_the_choice(qapp, restore_light):
    from PySide6.QtCore import QSettings

    restore_light.set_mode("dark")
    assert QSettings().value("appearance/theme") == "dark"
    with pytest.raises(ValueError):
        restore_light.set_mode("purple")
    assert set(MODES) == {"system", "light", "dark"}


def test_system_follows_the_desktops_scheme_while_running(qapp, restore_light, monkeypatch):
    """View → Theme → System: a desktop that turns dark (QStyleHints.colorSchemeChanged)
    turns the app dark at once, and back; a chosen Light ignores the desktop."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QStyleHints

    hints = QGuiApplication.styleHints()
    for mode, desktop, expected in (("system", Qt.ColorScheme.Dark, theme.DARK),
                                    ("system", Qt.ColorScheme.Light, theme.LIGHT),
                                    ("light", Qt.ColorScheme.Dark, theme.LIGHT)):
        restore_light.set_mode(mode)
        monkeypatch.setattr(QStyleHints, "colorScheme", lambda _self, d=desktop: d)
        hints.colorSchemeChanged.emit(desktop)
        assert theme.scheme() is expected, (mode, desktop)
        assert qapp.palette().color(QPalette.ColorRole.Window) == QColor(expected.window)


def test_the_main_window_has_view_theme(qtbot):
    from gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    from PySide6.QtGui import QAction

    names = {action.objectName() for action in window.findChildren(QAction)}
    assert {"theme_system_action", "theme_light_action", "theme_dark_action"} <= names
    window.shutdown()


def test_projector_mode_makes_text_and_formulas_larger_and_contrast_higher(qtbot, restore_light):
    from PySide6.QtWidgets import QApplication

    from gui.appearance import PROJECTOR_SCALE

    app = QApplication.instance()
    before = app.font().pointSizeF()
    label = MathLabel()
    qtbot.addWidget(label)
    label.set_latex(r"\frac{\partial C}{\partial W^{2}}")
    small = label.sizeHint()
    restore_light.set_projector(True)
    try:
        assert app.font().pointSizeF() >= 1.6 * before - 0.01
        big = label.sizeHint()  # re-typeset through the changed signal
        assert big.height() >= 1.5 * small.height() and big.width() >= 1.5 * small.width()
        assert restore_light.line_scale >= 2.0
        assert QColor(theme.scheme().foreground) == QColor("#000000")
        assert mathtext.current_style().font_scale == PROJECTOR_SCALE
    finally:
        restore_light.set_projector(False)
    assert app.font().pointSizeF() == before
    assert label.sizeHint() == small and restore_light.line_scale == 1.0


def test_the_projector_action_reaches_every_built_tab(qtbot, restore_light, tmp_path):
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QAction

    from gui.main_window import MainWindow

    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    told = []
    tab = window.tab("vectors")
    tab.set_projector = told.append
    action = window.findChild(QAction, "projector_action")
    assert action.shortcut().toString() == "F11" and action.isCheckable()
    action.setChecked(True)
    assert told == [True] and restore_light.projector
    action.setChecked(False)
    assert told == [True, False] and not restore_light.projector
    window.shutdown()
