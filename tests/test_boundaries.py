"""The rule import contracts cannot state: user text never reaches eval/exec/sympify.

Import boundaries (engine pure, tabs independent, trainer loop Qt-free) are
import-linter contracts in pyproject.toml, checked by `lint-imports` in .ci/run.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
