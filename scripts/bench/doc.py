"""docs/benchmarks.md holds one section per benchmark, between `<!-- name:start -->` and
`<!-- name:end -->`; each `make bench-...` rewrites only its own section."""

from __future__ import annotations

from pathlib import Path

from bot.settings import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "benchmarks.md"


def markers(name: str) -> tuple[str, str]:
    """The start and end markers of a section."""
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def write_section(name: str, section: str, doc: Path = DOC) -> None:
    """Replace section `name` (which includes its markers) in `doc`, keeping the others."""
    start, end = markers(name)
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    doc.write_text(text, encoding="utf-8")
