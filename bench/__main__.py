"""Run every benchmark and write the figures to ``docs/benchmarks.md``.

``python -m bench`` imports each module of this folder, calls its ``main()``
(which prints its figures and returns them as a dict), and writes one report:
the machine, then per benchmark its description, what it printed and its
figures.  Every figure is a ratio against a baseline measured in the same run,
or an absolute number printed next to its baseline.
``python -m bench startup mlp_speed`` runs only the named ones and keeps the other
sections of the existing report as they were (each says when and under what load
it ran).
"""

from __future__ import annotations

import contextlib
import datetime
import importlib
import io
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"


class _Tee(io.StringIO):
    """Keeps what a benchmark prints while still showing it."""

    def write(self, text: str) -> int:
        sys.__stdout__.write(text)
        return super().write(text)


def benchmark_names() -> list[str]:
    return sorted(p.stem for p in Path(__file__).parent.glob("*.py")
                  if not p.stem.startswith("_"))


def machine() -> list[str]:
    import numpy
    import PySide6

    try:
        cpu = next(line.split(":", 1)[1].strip()
                   for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or "unknown"
    return [
        f"- Date: {datetime.date.today().isoformat()}",
        f"- CPU: {cpu}, {os.cpu_count()} logical cores",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()}, NumPy {numpy.__version__}, "
        f"PySide6 {PySide6.__version__}, Qt platform "
        f"{os.environ.get('QT_QPA_PLATFORM', 'default')}",
    ]


def run(name: str) -> tuple[str, str, dict[str, float] | str, str]:
    """(first docstring line, what it printed, its figures or its failure, when and
    under what load it ran)."""
    module = importlib.import_module(f"bench.{name}")
    description = (module.__doc__ or name).strip().splitlines()[0]
    captured = _Tee()
    started, load_before = time.perf_counter(), os.getloadavg()[0]
    try:
        with contextlib.redirect_stdout(captured):
            figures: dict[str, float] | str = module.main()
    except Exception as exc:  # one failing benchmark must not lose the others' figures
        figures = f"failed: {type(exc).__name__}: {exc}"
    # the machine is shared: say how busy it was (1-minute load average, 2 cores)
    how = (f"ran {datetime.date.today().isoformat()} in {time.perf_counter() - started:.1f} s; "
           f"load average (1 min) "
           f"{load_before:.2f} before, {os.getloadavg()[0]:.2f} after")
    return description, captured.getvalue(), figures, how


def kept_sections(text: str) -> dict[str, list[str]]:
    """The benchmark sections of an earlier report, by name (their lines, heading first)."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("## "):
            name = line[3:].strip()
            current = None if name == "Machine" else sections.setdefault(name, [])
        if current is not None:
            current.append(line)
    return sections


def report(results: dict[str, tuple[str, str, dict[str, float] | str, str]],
           kept: dict[str, list[str]] | None = None) -> str:  # fmt: skip
    """The report: ``results`` of this run, and for any other benchmark its section of
    the earlier report (``kept``), in the order of ``benchmark_names``."""
    kept = kept or {}
    lines = ["# Benchmarks", "",
             "Written by `python -m bench`. Each figure is measured against a baseline",
             "run in the same process or the same run; the machine is shared, so expect",
             "noise of tens of percent between runs.", "", "## Machine", "", *machine(), ""]
    for name in benchmark_names():
        if name not in results:
            lines += [*kept.get(name, [])]
            if lines[-1:] != [""] and name in kept:
                lines.append("")
            continue
        description, printed, figures, how = results[name]
        lines += [f"## {name}", "", description, "", f"({how})", "",
                  "```", printed.rstrip(), "```", ""]
        if isinstance(figures, str):
            lines += [f"**{figures}**", ""]
            continue
        lines += ["| figure | value |", "| --- | --- |"]
        lines += [f"| {key} | {_format(value)} |" for key, value in figures.items()]
        lines.append("")
    return "\n".join(lines)


def _format(value: object) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    names = argv or benchmark_names()
    unknown = sorted(set(names) - set(benchmark_names()))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; have {benchmark_names()}")
        return 2
    results = {name: run(name) for name in names}
    kept = kept_sections(REPORT.read_text(encoding="utf-8")) if REPORT.exists() else {}
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(report(results, kept), encoding="utf-8")
    print(f"wrote {REPORT.relative_to(ROOT)}")
    return 1 if any(isinstance(r[2], str) for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
