"""Write into README.md the script File → Export makes for the notes' XOR run.

usage: python docs/readme_notes_script.py
The Neural network tab with the preset "notes" (the notes' 2-2-1 sigmoid network,
seed 0) exports its run; the script replaces the code block after README's
``<!-- notes-xor-script`` marker.  tests/gui/export/test_readme_script.py fails
when the block is no longer what the app exports (run this, then look at the diff).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

MARK = "<!-- notes-xor-script"
FENCE = "```python\n"


def exported_notes_script() -> str:
    """The script the tab exports for the notes' preset (its seed, 0, is the default)."""
    from gui.app import create_application
    from gui.tabs.network import NetworkTab
    from gui.tabs.network.script import training_script_source

    create_application()
    tab = NetworkTab()
    try:
        if not tab.model.apply_preset("notes"):
            raise RuntimeError("the notes' preset did not apply")
        return training_script_source(tab.model)
    finally:
        tab.shutdown()


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start = text.index(FENCE, text.index(MARK)) + len(FENCE)
    end = text.index("```", start)
    readme.write_text(text[:start] + exported_notes_script().rstrip("\n") + "\n" + text[end:],
                      encoding="utf-8")


if __name__ == "__main__":
    main()
