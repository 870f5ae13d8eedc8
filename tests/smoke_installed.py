"""Smoke test of an installed Gradient Lab (a wheel in a fresh venv), run by .ci/run.

Run it with the installed interpreter from a directory outside the checkout:
the app must come from site-packages, open Help and Notes on the notes from its
packaged resources, report its version and take its screenshots.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    import engine
    import gui
    import resources

    for module in (engine, gui, resources):
        location = Path(module.__file__).resolve()
        assert "site-packages" in location.parts, f"{module.__name__} came from {location}"

    from gui.app import create_application
    from gui.dialogs import show_errata, show_help
    from gui.main_window import MainWindow
    from gui.package_info import app_version

    app = create_application()
    assert app_version()[0].isdigit(), app_version()
    assert not app.windowIcon().pixmap(64, 64).isNull(), "the window icon did not load"
    window = MainWindow()
    from PySide6.QtWidgets import QTextBrowser

    for show, words in ((show_help, "Gradient"), (show_errata, "sigmoid")):
        dialog = show(window)
        text = dialog.findChild(QTextBrowser).toPlainText()
        assert words.lower() in text.lower(), f"{dialog.windowTitle()} is empty or wrong"
        dialog.close()
    window.close()

    version = subprocess.run(["gradient-lab", "--version"], capture_output=True, text=True,
                             check=True).stdout
    assert app_version() in version, version
    with tempfile.TemporaryDirectory() as shots:
        subprocess.run(["gradient-lab", "--screenshot", shots], check=True, timeout=300)
        pictures = sorted(p.name for p in Path(shots).glob("*.png"))
        assert len(pictures) == 4, pictures
    print(f"installed Gradient Lab {app_version()} works: help, notes, icon, {pictures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
