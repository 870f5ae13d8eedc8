"""Command line and start-up: ``python main.py`` / ``gradient-lab``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

TAB_KEYS = ("vectors", "derivatives", "descent", "network")
SCREENSHOT_TIMEOUT_S = 30.0
READY_CHECK_MS = 50
GIL_SWITCH_S = 0.0005  # how soon a thread waiting for the GIL (the GUI thread) gets it


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="gradient-lab",
        description="Gradient Lab: see backpropagation and gradient descent work.",
    )
    parser.add_argument("session", nargs="?", metavar="SESSION.json",
                        help="a saved session or a lesson to open")
    parser.add_argument("--tab", choices=TAB_KEYS, help="open on this tab")
    parser.add_argument(
        "--screenshot", metavar="DIR",
        help="run each tab's default demo, save one PNG per tab into DIR and exit",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    return parser.parse_args(argv)


def has_display() -> bool:
    """Whether Qt can open a window here (or was told to draw offscreen)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.version:
        from gui.package_info import app_version

        print(f"Gradient Lab {app_version()}")
        return 0
    if not has_display():
        if args.screenshot:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        else:
            print(
                "gradient-lab: no display found. Run it on a desktop, or try "
                "`python main.py --screenshot DIR` (or set QT_QPA_PLATFORM=offscreen).",
                file=sys.stderr,
            )
            return 2
    return _run(args)


def create_application():
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from gui.package_info import DESKTOP_FILE_NAME, ICON, resource_path

    app = QApplication.instance() or QApplication(sys.argv[:1])
    # These names also place QSettings: ~/.config/GradientLab/Gradient Lab.conf
    app.setOrganizationName("GradientLab")
    app.setApplicationName("Gradient Lab")
    QGuiApplication.setDesktopFileName(DESKTOP_FILE_NAME)
    with resource_path(ICON) as icon_file:
        app.setWindowIcon(QIcon(str(icon_file)))
    from gui.appearance import appearance

    appearance()
    from gui.process_worker import close_trainers
    from gui.worker import shutdown_all

    app.aboutToQuit.connect(shutdown_all)
    app.aboutToQuit.connect(close_trainers)
    app.aboutToQuit.connect(_close_compute_pool)
    from gui.collector import GuiThreadCollector

    # Qt calls back into Python (paint, slots) on the GUI thread, which takes the GIL each
    # time; while a worker runs Python, each take waits up to the switch interval (5 ms by
    # default), and a repaint of dozens of callbacks waited 0.2–0.4 s in all. At 0.5 ms
    # those waits were 3–4 times shorter (issue 14; measured in blocks.md).
    sys.setswitchinterval(GIL_SWITCH_S)
    if app.findChild(GuiThreadCollector) is None:  # one per process (the tests make theirs)
        # Qt objects are freed on the GUI thread only; what the imports built is frozen
        app.collector = GuiThreadCollector(app, freeze_imports=True)
    return app


def _close_compute_pool() -> None:
    # imported by the first symbolic job, never at start-up: nothing to close without it
    pool = sys.modules.get("gui.compute_pool")
    if pool is not None:
        pool.close_pool()


def open_window(start_tab: str | None = None, settings: Any = None) -> Any:
    """The main window on ``start_tab``, as the app opens it (also measured by
    ``bench.startup``).  What the first picture does not need waits until the start tab
    is ready (:func:`after_ready`): SymPy's helper process for limits (its second of
    loading SymPy would compete with the picture for the two cores), the collector's
    full collections, and the version from the package metadata."""
    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow

    app = QApplication.instance()
    collector = getattr(app, "collector", None)
    if collector is not None:
        collector.starting = True
    window = MainWindow(settings=settings, start_tab=start_tab)
    page = window.pages[window.tabs.currentIndex()]

    def built(_page: object) -> None:
        page.built.disconnect(built)
        after_ready(page.tab, lambda: _started(app))

    page.built.connect(built)
    return window


def after_ready(tab: Any, then: Any) -> None:
    """Call ``then`` once ``tab`` has its first picture (``has_first_picture``, for a tab
    whose picture arrives after it is built) and a turn of :data:`READY_CHECK_MS` more
    has let that picture paint."""
    from PySide6.QtCore import QTimer

    timer = QTimer(tab)
    timer.setInterval(READY_CHECK_MS)
    seen = []

    def check() -> None:
        if seen:
            timer.stop()
            timer.deleteLater()
            then()
        elif getattr(tab, "has_first_picture", True):
            seen.append(True)

    timer.timeout.connect(check)
    timer.start()


def _started(app: Any) -> None:
    from engine.symbolic.bounded import warm_up
    from gui.package_info import app_version

    collector = getattr(app, "collector", None)
    if collector is not None:
        collector.starting = False
    app.setApplicationVersion(app_version())
    warm_up()


def _run(args: argparse.Namespace) -> int:
    app = create_application()
    window = open_window(args.tab)
    if args.session:
        from gui.lessons.controller import is_lesson_file

        lesson = is_lesson_file(args.session)  # told apart by its "format" field
        opener = window.lessons.open_path if lesson else window.sessions.open_path
        if not opener(args.session):
            print(f"gradient-lab: could not open {args.session}", file=sys.stderr)
    if args.screenshot:
        return take_screenshots(app, window, Path(args.screenshot))
    window.show()
    return app.exec()


def take_screenshots(app, window, directory: Path) -> int:
    """Run every tab's demo to a steady state and save ``NN_key.png`` per tab."""
    import time

    from gui.main_window import tab_keys

    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"gradient-lab: cannot write screenshots to {directory}: {exc}", file=sys.stderr)
        return 1
    window.resize(1360, 860)
    window.show()
    failures = []
    for index, key in enumerate(tab_keys()):
        window.tabs.setCurrentIndex(index)
        tab = window.tab(key)
        if tab.broken:
            failures.append(f"{key}: the tab could not be opened")
        tab.start_demo()
        deadline = time.monotonic() + SCREENSHOT_TIMEOUT_S
        while not tab.is_steady() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        for _ in range(5):  # let the last snapshot paint
            app.processEvents()
            time.sleep(0.02)
        if not tab.is_steady():
            failures.append(f"{key}: demo did not settle within {SCREENSHOT_TIMEOUT_S:.0f} s")
        path = directory / f"{index + 1:02d}_{key}.png"
        if not window.grab().save(str(path)):
            failures.append(f"{key}: could not save {path}")
    window.close()
    for failure in failures:
        print(f"gradient-lab: {failure}", file=sys.stderr)
    return 1 if failures else 0
