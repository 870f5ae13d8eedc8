"""The application frame: four tabs, menus, status bar, remembered geometry."""

from __future__ import annotations

import importlib
import re
import threading
import traceback
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui import dialogs, themed
from gui.accessibility import announce, describe_controls, keyboard_path
from gui.appearance import add_projector_action, add_theme_menu, appearance
from gui.export import ExportDialog
from gui.export_plots import install_export_menus
from gui.first_paint import after_first_paint
from gui.lessons.controller import LessonController
from gui.sessions import SessionController
from gui.tabs.base import LabTab
from gui.tabs.placeholder import PlaceholderTab
from gui.theme import configure_pyqtgraph


@dataclass(frozen=True)
class TabSpec:
    title: str
    key: str  # for --tab and QSettings
    module: str
    class_name: str
    promise: str
    #: what the tab's first build imports besides its module, for _LazyPage's preload
    preload: tuple[str, ...] = ()


TAB_SPECS = (
    TabSpec(
        "Vectors", "vectors", "gui.tabs.vectors", "VectorsTab",
        "Draggable arrows OA, OB and AB = OB − OA; sum, difference, scaling, dot product "
        "with projection, angle between, unit vectors, and a 3-D view with the cross product.",
    ),
    TabSpec(
        "Derivatives", "derivatives", "gui.tabs.derivatives", "DerivativesTab",
        "Type f(x) and see f, f′ and f″, the tangent at a point, the secant shrinking to it, "
        "the derivation step by step and the critical points classified by f″.",
    ),
    TabSpec(
        "Gradient descent", "descent", "gui.tabs.descent", "DescentTab",
        "Contours of f(x, y) with ∇f, critical points with r, s, t and rt − s², and "
        "optimizers racing live from the starts you click.",
    ),
    TabSpec(
        "Neural network", "network", "gui.tabs.network", "NetworkTab",
        "A multi-layer perceptron learning XOR by backpropagation, live: loss, decision "
        "boundary, weights and a backprop inspector in the notes' notation.",
    ),
)


FIRST_SIZE = QSize(1360, 860)
# Qt's offscreen platform (tests, --screenshot) has an 800 × 600 virtual screen that no
# window of this app fits: only screens at least this large are fitted to
SMALLEST_REAL_SCREEN = QSize(1024, 700)


def fits_first_size(available: QSize) -> bool:
    """Whether a screen's free area holds the first-start window, or is too small to be
    a screen the app is used on (then the window keeps its size)."""
    too_small = (available.width() < SMALLEST_REAL_SCREEN.width()
                 or available.height() < SMALLEST_REAL_SCREEN.height())
    return too_small or (available.width() >= FIRST_SIZE.width()
                         and available.height() >= FIRST_SIZE.height())


def tab_keys() -> list[str]:
    return [spec.key for spec in TAB_SPECS]


class _LazyPage(QWidget):
    """Holds a tab's place until it is first shown, then builds the real tab.

    The page paints a one-line "Loading…" first; a thread then imports the tab's
    modules (and what its first picture needs, ``TabSpec.preload``) while the window
    stays live, and the tab is built on the GUI thread once they are in (issue 14: a
    first switch to a tab held the window for the whole import).  So the window
    appears at once and pyqtgraph, NumPy's and the engine's modules are imported by
    the tab that needs them, when it needs them.
    """

    built = Signal(object)
    _preloaded = Signal()

    def __init__(self, spec: TabSpec) -> None:
        super().__init__()
        self.spec = spec
        self.tab: LabTab | None = None
        self._build_scheduled = False
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._loading = QLabel(f"Loading {spec.title}…")
        self._loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self._loading)
        self._preloaded.connect(self.build, Qt.ConnectionType.QueuedConnection)

    def build(self) -> LabTab:
        if self.tab is None:
            self.tab = tab = _make_tab(self.spec)
            # after the tab's first paint: a plot it builds after its first picture (the
            # network's curves) gets its menu too, and the picture waits for no menu
            after_first_paint(tab, lambda: install_export_menus(tab.export_plots()))
            self._loading.hide()
            self._layout.addWidget(self.tab)
            self.built.emit(self)
        return self.tab

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.tab is None and not self._build_scheduled:
            self._build_scheduled = True
            threading.Thread(target=self._preload, name="gradient-lab-preload",
                             daemon=True).start()

    def _preload(self) -> None:
        """(On the thread) import the tab's modules, then have the GUI thread build it."""
        try:
            for name in (f"{self.spec.module}.tab", *self.spec.preload):
                importlib.import_module(name)
        except Exception:
            pass  # build() imports them again, on the GUI thread, and shows what failed
        try:
            self._preloaded.emit()  # queued: build() runs on the GUI thread
        except RuntimeError:  # the window closed meanwhile: nothing to build
            pass


def _make_tab(spec: TabSpec) -> LabTab:
    configure_pyqtgraph()
    try:
        module = importlib.import_module(spec.module)
        return getattr(module, spec.class_name)()
    except ModuleNotFoundError as exc:
        if exc.name != spec.module:
            return _broken_tab(spec, exc)
        return PlaceholderTab(spec.title, spec.promise)
    except Exception as exc:  # one broken tab must not take the window down with it
        return _broken_tab(spec, exc)


def _broken_tab(spec: TabSpec, exc: Exception) -> LabTab:
    traceback.print_exception(exc)
    tab = PlaceholderTab(spec.title, f"This tab could not be opened: {type(exc).__name__}: {exc}")
    tab.broken = True
    return tab


class MainWindow(QMainWindow):
    """Gradient Lab's main window."""

    def __init__(self, settings: QSettings | None = None, start_tab: str | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Gradient Lab")
        self.setObjectName("main_window")
        self.settings = settings if settings is not None else QSettings()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.pages = [_LazyPage(spec) for spec in TAB_SPECS]
        for page in self.pages:
            self.tabs.addTab(page, page.spec.title)
            page.built.connect(self._on_page_built)
        self.setCentralWidget(self.tabs)
        self.status_label = QLabel("Ready")
        self.status_label.setObjectName("status_label")
        self._announced_gist = ""
        self.statusBar().addPermanentWidget(self.status_label, 1)
        self._build_menus()
        describe_controls(self.statusBar())  # the lesson button beside the status line
        self._restore(start_tab)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self._on_tab_changed(self.tabs.currentIndex())

    # ---- tabs -----------------------------------------------------------
    def tab(self, key: str) -> LabTab:
        """The tab named ``key`` (built if it was not yet)."""
        return self.pages[tab_keys().index(key)].build()

    def current_tab(self) -> LabTab:
        return self.pages[self.tabs.currentIndex()].build()

    def built_tabs(self) -> list[LabTab]:
        return [page.tab for page in self.pages if page.tab is not None]

    def _on_tab_changed(self, index: int) -> None:
        tab = self.pages[index].tab if index >= 0 else None
        self.show_status((tab.status_text if tab is not None else "") or "Ready")
        if tab is not None:
            describe_controls(tab)  # controls a view added since
            keyboard_path(tab)

    def _on_page_built(self, page: _LazyPage) -> None:
        describe_controls(page.tab)
        keyboard_path(page.tab)
        themed.restyle_tab(page.tab)  # built after a theme change: its fixed colours follow now
        if appearance().projector:
            page.tab.set_projector(True)
        page.tab.status.connect(self._on_tab_status)

    def _on_tab_status(self, text: str) -> None:
        if self.sender() is self.current_tab():
            self.show_status(text)

    def show_status(self, text: str) -> None:
        self.status_label.setText(text)
        # progress lines differ only in their numbers: announce news, not every frame
        gist = re.sub(r"[\d.,:%+−-]+", "#", text)
        if gist != self._announced_gist:
            self._announced_gist = gist
            announce(self.status_label)

    # ---- menus and shortcuts --------------------------------------------
    def _action(self, text: str, name: str, slot, shortcut: str | None = None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self._action("&Open session…", "open_action", self.open_session,
                                         "Ctrl+O"))
        file_menu.addAction(self._action("&Save session…", "save_action", self.save_session,
                                         "Ctrl+S"))
        recent_menu = file_menu.addMenu("Open &recent")
        recent_menu.setObjectName("recent_menu")
        self.sessions = SessionController(self, self.settings, recent_menu)
        self.lessons = LessonController(self)
        file_menu.addAction(self._action("&Export…", "export_action", self.export, "Ctrl+E"))
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", "quit_action", self.close, "Ctrl+Q"))
        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addAction(self._action("&Copy state code", "copy_code_action",
                                         self.copy_state_code, "Ctrl+Shift+C"))
        edit_menu.addAction(self._action("&Paste state code", "paste_code_action",
                                         self.paste_state_code, "Ctrl+Shift+V"))
        run_menu = self.menuBar().addMenu("&Run")
        run_menu.addAction(self._action("Play / pause", "play_action",
                                        self._play_pause, "Space"))
        run_menu.addAction(self._action("Step", "step_action", self._step, "S"))
        run_menu.addAction(self._action("Reset", "reset_action", self._reset, "R"))
        for index, spec in enumerate(TAB_SPECS):
            self._action(spec.title, f"goto_{spec.key}_action",
                         lambda _=False, i=index: self.tabs.setCurrentIndex(i), f"Ctrl+{index + 1}")
        view_menu = self.menuBar().addMenu("&View")
        add_theme_menu(view_menu)
        themed.install()
        add_projector_action(view_menu).toggled.connect(self._on_projector)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self._action("&Help", "help_action", self.show_help, "F1"))
        help_menu.addAction(self._action("&Notes on the notes", "errata_action",
                                         self.show_errata))
        help_menu.addAction(self._action("&About", "about_action", self.show_about))
        self.lessons.add_menus(file_menu, help_menu)

    def _play_pause(self) -> None:
        self.current_tab().play_pause()

    def _step(self) -> None:
        self.current_tab().step()

    def _reset(self) -> None:
        self.current_tab().reset()

    def _on_projector(self, on: bool) -> None:
        for tab in self.built_tabs():
            tab.set_projector(on)
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    def copy_state_code(self) -> str:
        """The current tab's state as a text code on the clipboard (Edit menu)."""
        return self.sessions.copy_state_code(tab_keys()[self.tabs.currentIndex()])

    def paste_state_code(self) -> None:
        """Apply the state code on the clipboard and show the tab it was for."""
        key = self.sessions.paste_state_code()
        if key in tab_keys():
            self.tabs.setCurrentIndex(tab_keys().index(key))

    def open_session(self) -> None:
        self.sessions.open_dialog()

    def save_session(self) -> None:
        self.sessions.save_dialog()

    def export(self) -> ExportDialog:
        dialog = ExportDialog(self, self.current_tab())
        dialog.open()
        return dialog

    def show_help(self) -> None:
        dialogs.show_help(self)

    def show_errata(self) -> None:
        dialogs.show_errata(self)

    def show_about(self) -> None:
        dialogs.show_about(self)

    # ---- persistence and shutdown ---------------------------------------
    def _restore(self, start_tab: str | None) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self._first_size()
        key = start_tab or self.settings.value("window/tab", "derivatives")
        keys = tab_keys()
        self.tabs.setCurrentIndex(keys.index(key) if key in keys else 0)

    def _first_size(self) -> None:
        """1360 × 860 on a first start; maximised on a smaller screen, so a 1280 × 800
        laptop never gets a window wider than itself."""
        screen = self.screen()
        available = screen.availableGeometry().size() if screen is not None else None
        if available is None or fits_first_size(available):
            self.resize(FIRST_SIZE)
        else:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/tab", tab_keys()[self.tabs.currentIndex()])
        self.settings.sync()
        self.shutdown()
        self.lessons.panel.close()  # floating beside a wide tab, it is a window of its own
        event.accept()

    def shutdown(self) -> None:
        """Stop every tab's workers; safe to call more than once."""
        self.sessions.loader.shutdown()
        self.lessons.shutdown()
        for tab in self.built_tabs():
            tab.shutdown()

