"""Light, dark or the system's choice: one place applies the theme and announces it.

``Appearance`` sets the application palette (Fusion, so both schemes look the
same on every platform), pyqtgraph's defaults, and the formula style
(colour and device-pixel ratio), and emits :attr:`Appearance.changed`. Views
that paint their own colours subscribe to it. With "system" it follows
``QStyleHints.colorScheme`` while the app runs.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu

from gui import mathtext, theme

MODES = ("system", "light", "dark")
SETTINGS_KEY = "appearance/theme"
PROJECTOR_SCALE = 1.6  # text, formulas and lines, so the back row of a lecture hall can read
PROJECTOR_LINE_SCALE = 2.0


def palette_for(scheme: theme.Scheme) -> QPalette:
    """A complete QPalette for ``scheme`` (every role a widget may paint with)."""
    palette = QPalette()
    roles = QPalette.ColorRole
    colours = {
        roles.Window: scheme.window, roles.WindowText: scheme.foreground,
        roles.Base: scheme.base, roles.AlternateBase: scheme.window,
        roles.Text: scheme.foreground, roles.Button: scheme.button,
        roles.ButtonText: scheme.foreground, roles.ToolTipBase: scheme.base,
        roles.ToolTipText: scheme.foreground, roles.PlaceholderText: scheme.muted,
        roles.Highlight: scheme.highlight, roles.HighlightedText: scheme.base,
        roles.Link: scheme.highlight, roles.BrightText: theme.VERMILLION,
    }
    for role, name in colours.items():
        palette.setColor(role, QColor(name))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor(scheme.muted))
    return palette


class Appearance(QObject):
    """The app's theme: ``mode`` is what the user chose, :attr:`scheme` what it means now."""

    changed = Signal()

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._base_font = QFont(app.font())
        self._projector = False
        app.setStyle("Fusion")
        stored = QSettings().value(SETTINGS_KEY, "system")
        self._mode = stored if stored in MODES else "system"
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_scheme)
        for screen in app.screens():
            screen.logicalDotsPerInchChanged.connect(self._on_screen_change)
        app.screenAdded.connect(self._on_screen_change)
        self._apply()

    @property
    def mode(self) -> str:
        return self._mode

    @property
    def scheme(self) -> theme.Scheme:
        return theme.scheme()

    @property
    def projector(self) -> bool:
        """Projector mode: text and formulas ×1.6, lines ×2, a high-contrast scheme."""
        return self._projector

    @property
    def line_scale(self) -> float:
        """What views multiply their pen widths and marker sizes by."""
        return PROJECTOR_LINE_SCALE if self._projector else 1.0

    def set_projector(self, on: bool) -> None:
        self._projector = bool(on)
        font = QFont(self._base_font)
        if self._projector:
            font.setPointSizeF(self._base_font.pointSizeF() * PROJECTOR_SCALE)
        self._app.setFont(font)
        self._apply()

    def set_mode(self, mode: str) -> None:
        """``"system"``, ``"light"`` or ``"dark"``; remembered between runs."""
        if mode not in MODES:
            raise ValueError(f"theme must be one of {', '.join(MODES)}, not {mode!r}")
        self._mode = mode
        QSettings().setValue(SETTINGS_KEY, mode)
        self._apply()

    def _wanted(self) -> theme.Scheme:
        if self._mode == "dark":
            return theme.DARK
        if self._mode == "light":
            return theme.LIGHT
        system = QGuiApplication.styleHints().colorScheme()
        return theme.DARK if system == Qt.ColorScheme.Dark else theme.LIGHT

    def _apply(self) -> None:
        scheme = self._wanted()
        if self._projector:
            scheme = theme.high_contrast(scheme)
        theme.set_scheme(scheme)
        theme.configure_pyqtgraph()
        self._app.setPalette(palette_for(scheme))
        mathtext.set_style(mathtext.Style(scheme.foreground, self._app.devicePixelRatio(),
                                          PROJECTOR_SCALE if self._projector else 1.0))
        self.changed.emit()

    def _on_system_scheme(self, _scheme: Qt.ColorScheme) -> None:
        if self._mode == "system":
            self._apply()

    def _on_screen_change(self, *_args: object) -> None:
        self._apply()


_instance: Appearance | None = None


def appearance() -> Appearance:
    """The one Appearance of the running application (made on first use)."""
    global _instance
    if _instance is None:
        _instance = Appearance(QApplication.instance())
    return _instance


def add_theme_menu(view_menu: QMenu) -> QMenu:
    """View → Theme: System / Light / Dark, checked where the app stands."""
    menu = view_menu.addMenu("&Theme")
    menu.setObjectName("theme_menu")
    group = QActionGroup(menu)
    current = appearance()
    for mode in MODES:
        action = QAction(mode.capitalize(), menu, checkable=True)
        action.setObjectName(f"theme_{mode}_action")
        action.setToolTip(f"{mode.capitalize()} colours"
                          + (" (follow the desktop's setting)" if mode == "system" else ""))
        action.setChecked(mode == current.mode)
        action.triggered.connect(lambda _checked=False, m=mode: current.set_mode(m))
        group.addAction(action)
        menu.addAction(action)
    return menu


def add_projector_action(view_menu: QMenu) -> QAction:
    """View → Projector mode (F11): big text, thick lines, high contrast; full screen."""
    action = QAction("&Projector mode", view_menu, checkable=True)
    action.setObjectName("projector_action")
    action.setShortcut("F11")
    action.setToolTip("Text and formulas 1.6× larger, lines twice as thick, high contrast and "
                      "full screen, for a lecture hall")
    action.toggled.connect(appearance().set_projector)
    view_menu.addAction(action)
    return action
