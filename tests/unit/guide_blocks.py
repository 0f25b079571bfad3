"""Reading docs/authoring.md: its fenced blocks, its sections, and the kata its walk-through builds.

Shared by the fast guide tests (tests/unit/test_authoring_guide.py) and the slow one that runs
`judge validate` on the walk-through's kata (tests/test_authoring_guide_kata.py).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "authoring.md"
TEXT = GUIDE.read_text(encoding="utf-8")
KATA = "problems/gap_dense"
# The first line of the one bash block that makes the walk-through's mutants.
RECIPE_MARK = "# run from the kata root\n"


def blocks(language: str) -> list[str]:
    """The contents of every fenced block in `language` (``` alone: language "")."""
    return re.findall(rf"^```{language}\n(.*?)^```$", TEXT, flags=re.DOTALL | re.MULTILINE)


def file_blocks() -> dict[str, str]:
    """The blocks that are whole files: their first line names the file."""
    files = {}
    for language in ("yaml", "python", "markdown"):
        for block in blocks(language):
            named = re.match(r"(?:# file: |<!-- file: )(\S+?)(?: -->)?\n", block)
            if named:
                files[named.group(1)] = block
    return files


def section(title: str) -> str:
    """The text of the `## <title>...` section, up to the next `## ` heading."""
    start = TEXT.index(f"\n## {title}")
    end = TEXT.find("\n## ", start + 1)
    return TEXT[start:end if end >= 0 else None]


def write_walkthrough_kata(root: Path) -> Path:
    """The guide's kata under `root`: its file blocks, then its mutant recipe run there."""
    for name, text in file_blocks().items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    recipes = [block for block in blocks("bash") if block.startswith(RECIPE_MARK)]
    assert len(recipes) == 1, "the guide should hold exactly one mutant recipe"
    subprocess.run(["bash", "-e", "-c", recipes[0]], cwd=root, check=True, capture_output=True, timeout=30)
    return root / KATA
