"""What the installed distribution carries: its version and its resource files.

Both come from the package, never from the source tree, so a wheel, a ``pipx``
install and an editable checkout behave the same.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

DISTRIBUTION = "gradient-lab"
RESOURCE_PACKAGE = "resources"
ICON = "gradient-lab.svg"
DESKTOP_FILE_NAME = "gradient-lab"  # the .desktop file's name, without the suffix


def app_version() -> str:
    """The version in the package metadata (pyproject.toml is its one source)."""
    from importlib import metadata  # a tenth of a second of imports: not at start-up

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown (not installed: run `pip install -e .`)"


def resource_text(name: str) -> str:
    """The text of a shipped resource file, e.g. ``help.html``."""
    return resources.files(RESOURCE_PACKAGE).joinpath(name).read_text(encoding="utf-8")


@contextlib.contextmanager
def resource_path(name: str) -> Iterator[Path]:
    """A real file path for a resource, for APIs that want one (QIcon)."""
    with resources.as_file(resources.files(RESOURCE_PACKAGE).joinpath(name)) as path:
        yield path
