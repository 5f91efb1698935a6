"""docs/benchmarks.md holds one section per benchmark, between `<!-- name:start -->` and
`<!-- name:end -->`; each `make bench-...` rewrites only its own section."""

from __future__ import annotations

from bot.settings import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "benchmarks.md"


def markers(name: str) -> tuple[str, str]:
    """The start and end markers of a section."""
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def write_section(name: str, section: str) -> None:
    """Replace section `name` (which includes its markers), keeping the other sections."""
    start, end = markers(name)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    DOC.write_text(text, encoding="utf-8")
