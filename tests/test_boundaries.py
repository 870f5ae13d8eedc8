"""The architecture's rules, checked on the source rather than hoped for."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN_IN_ENGINE = ("PySide6", "PyQt5", "PyQt6", "pyqtgraph", "shiboken6", "gui")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_engine_imports_no_qt_pyqtgraph_or_gui():
    offenders = []
    for path in sorted((ROOT / "engine").rglob("*.py")):
        for module in _imported_modules(path):
            if module.split(".")[0] in FORBIDDEN_IN_ENGINE:
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []


def test_no_eval_exec_or_sympy_string_parsing_in_app_code():
    # Qt's `app.exec()` runs an event loop and SymPy's `Function.eval` defines a
    # function's rules: neither runs text, so methods of those names are allowed.
    pattern = re.compile(r"(?<![.\w])(?<!def )(eval|exec)\s*\(|\b(sympify|parse_expr)\s*\(")
    offenders = []
    for folder in ("engine", "gui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line) and not line.lstrip().startswith("#"):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_trainer_process_loop_imports_no_qt():
    # gui/job_loop.py is all a trainer process runs besides the engine: Qt there would
    # cost every trainer its start-up time and memory
    imported = _imported_modules(ROOT / "gui" / "job_loop.py")
    assert not [m for m in imported if m.split(".")[0] in FORBIDDEN_IN_ENGINE]
