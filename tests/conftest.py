"""Shared test set-up: offscreen Qt, isolated settings, no leaked worker threads,
``--run-slow`` for the slow tests and a guard against problems reaching the event loop."""

import gc
import os
import sys
import tempfile
import threading
import time

import pytest

# Before anything imports Qt: draw offscreen and keep QSettings out of the user's home.
# GRADIENT_LAB_TEST_PLATFORM=xcb draws in a real X server instead (the tour in .ci/run).
os.environ["QT_QPA_PLATFORM"] = os.environ.get("GRADIENT_LAB_TEST_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="gradient-lab-settings-")

WORKER_THREAD_NAME = "gradient-lab-worker"
HANG_LIMIT_S = 900  # far beyond any test's work on a loaded machine
LEAK_GRACE_S = 5.0


def _worker_threads() -> list[threading.Thread]:
    """Worker threads nobody has cancelled: a cancelled one only finishes its chunk
    (SymPy cannot be interrupted) and writes into its own dead mailbox."""
    return [t for t in threading.enumerate()
            if t.name == WORKER_THREAD_NAME and t.is_alive()
            and not (hasattr(t, "cancelled") and t.cancelled())]


@pytest.fixture(scope="session", autouse=True)
def sympy_helper_started():
    """SymPy's helper process (engine.symbolic.bounded) started once for the run, as the
    app starts it with its window: no test's first limit waits for the server to load."""
    from engine.symbolic.bounded import warm_up

    warm_up().join(120)


@pytest.fixture(scope="session", autouse=True)
def gil_switch_as_in_the_app():
    """As in the app (gui.app.create_application): a thread waiting for the GIL, the GUI
    thread's Qt callbacks among them, gets it within 0.5 ms rather than Python's 5 ms.
    Without it the tests measured a window slower beside a worker than the user's."""
    from gui.app import GIL_SWITCH_S

    before = sys.getswitchinterval()
    sys.setswitchinterval(GIL_SWITCH_S)
    yield
    sys.setswitchinterval(before)


@pytest.fixture(scope="session", autouse=True)
def collector_on_the_gui_thread(qapp):
    """As in the app (gui.collector): cycles holding Qt objects are freed on this thread,
    never by a worker thread that happens to allocate (that froze a run for good)."""
    from gui.collector import GuiThreadCollector

    collector = GuiThreadCollector(qapp)
    yield collector
    gc.enable()


@pytest.fixture(autouse=True)
def collect_between_tests():
    """Tests that never run the event loop (the engine's) still get their cycles freed."""
    yield
    from gui.collector import collect_due

    collect_due()


@pytest.fixture(autouse=True)
def no_leaked_worker_threads():
    """Fail any test that leaves a worker thread running behind it."""
    yield
    # A cancelled job finishes its current chunk (SymPy cannot be interrupted), which
    # takes seconds on a loaded machine; a thread that never ends still fails here.
    deadline = time.monotonic() + LEAK_GRACE_S
    while _worker_threads() and time.monotonic() < deadline:
        time.sleep(0.01)
    leaked = _worker_threads()
    assert not leaked, f"test left {len(leaked)} worker thread(s) running"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", default=False,
                     help="also run the tests marked slow (.ci/run does)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow (as .ci/run does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def fresh_settings(tmp_path):
    """Settings as on a first start: nothing saved, here or in the default location."""
    from PySide6.QtCore import QSettings

    folder = tmp_path / "config"
    folder.mkdir()
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(folder))
    yield QSettings(str(folder / "gradient-lab.ini"), QSettings.Format.IniFormat)
    default = os.environ["XDG_CONFIG_HOME"]
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, default)


@pytest.fixture
def no_modal_dialogs(monkeypatch):
    """File choosers and message boxes would wait for a person: answer "cancel"."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)


@pytest.fixture(autouse=True)
def hang_watchdog():
    """A test stuck for good (a frozen GUI thread, a deadlock) would block the whole run:
    after HANG_LIMIT_S, print every thread's stack and end the process, so CI fails
    instead of waiting forever."""
    import faulthandler

    faulthandler.dump_traceback_later(HANG_LIMIT_S, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture
def event_loop_guard(qapp):
    """Fail the test on any exception or Qt warning that reaches the event loop.

    Opt-in: a slot that raises only prints a traceback and Qt goes on, so tests of
    what the user sees ask for this guard (tests/gui/screen, tests/robustness).
    """
    from tests.gui.screen.guard import EventLoopGuard

    guard = EventLoopGuard()
    guard.install()
    yield guard
    qapp.processEvents()  # what the test's last action posted belongs to the test
    guard.uninstall()
    if guard.problems():
        pytest.fail(guard.report(), pytrace=False)
