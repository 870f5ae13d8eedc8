"""Help, About, "Notes on the notes" and plot export."""

from __future__ import annotations

from importlib import metadata

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gui.package_info import app_version, resource_text

LIBRARIES = (
    ("PySide6-Essentials", "LGPL-3.0"),
    ("pyqtgraph", "MIT"),
    ("numpy", "BSD-3-Clause"),
    ("sympy", "BSD-3-Clause"),
    ("scikit-learn", "BSD-3-Clause"),
    ("matplotlib", "PSF-based (matplotlib licence)"),
)


def _html_dialog(parent: QWidget, title: str, html: str, name: str) -> QDialog:
    dialog = QDialog(parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.resize(720, 620)
    browser = QTextBrowser()
    browser.setObjectName(f"{name}_text")
    browser.setOpenExternalLinks(False)
    browser.setHtml(html)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.show()
    return dialog


def show_errata(parent: QWidget) -> QDialog:
    html = resource_text("notes_on_the_notes.html")
    return _html_dialog(parent, "Notes on the notes", html, "errata_dialog")


def show_help(parent: QWidget) -> QDialog:
    html = resource_text("help.html")
    return _html_dialog(parent, "How to use Gradient Lab", html, "help_dialog")


def show_about(parent: QWidget) -> QDialog:
    rows = "".join(
        f"<tr><td>{name}</td><td>{_installed(name)}</td><td>{licence}</td></tr>"
        for name, licence in LIBRARIES
    )
    html = (
        f"<h2>Gradient Lab {app_version()}</h2>"
        "<p>See backpropagation and gradient descent work: vectors, derivatives, "
        "gradients, optimizers and neural networks, computed exactly and shown live.</p>"
        "<h3>Built with</h3><table cellpadding='4'>"
        "<tr><th align='left'>Library</th><th align='left'>Version</th>"
        f"<th align='left'>Licence</th></tr>{rows}</table>"
    )
    return _html_dialog(parent, "About Gradient Lab", html, "about_dialog")


def _installed(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "?"
