"""Resources and the version come from the installed package, not the source tree."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

from gui.package_info import ICON, app_version, resource_path, resource_text

ROOT = Path(__file__).resolve().parents[2]


def test_every_resource_the_app_reads_is_package_data():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["resources"]
    folder = ROOT / "resources"
    shipped = {p.relative_to(folder).as_posix() for p in folder.rglob("*")
               if p.is_file() and p.suffix not in (".py", ".pyc")}
    assert shipped, "resources/ is empty"
    for name in shipped:
        assert any(Path(name).match(pattern) for pattern in patterns), name


def test_help_and_notes_on_the_notes_read_through_the_package():
    assert "<" in resource_text("help.html")
    assert "sigmoid" in resource_text("notes_on_the_notes.html").lower()


def test_the_icon_is_a_real_file():
    with resource_path(ICON) as icon:
        assert icon.is_file() and icon.read_text(encoding="utf-8").lstrip().startswith("<svg")


def test_one_version_source():
    assert app_version() == metadata.version("gradient-lab")


def test_no_module_finds_resources_relative_to_its_own_file():
    relative = re.compile(r"__file__.*resources|resources.*__file__")
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("gui", "engine")
        for path in (ROOT / folder).rglob("*.py")
        if relative.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_application_carries_version_icon_and_desktop_name(qapp, monkeypatch):
    from engine.symbolic import bounded
    from gui.app import _started, create_application

    app = create_application()
    # the version is read from the package metadata once the window is up (a tenth of a
    # second of imports kept off start-up); the symbolic warm-up is not this test's
    monkeypatch.setattr(bounded, "warm_up", lambda: None)
    _started(app)
    assert app.applicationVersion() == app_version()
    assert app.desktopFileName() == "gradient-lab"
    assert not app.windowIcon().pixmap(64, 64).isNull()
