"""docs/security.md names the test that proves each protection: those tests must exist."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def _test_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def test_every_test_named_in_the_threat_model_exists():
    text = (ROOT / "docs" / "security.md").read_text()
    references = REFERENCE.findall(text)
    assert references, "docs/security.md names no tests"
    missing = [
        f"{file}::{name}"
        for file, name in references
        if not (ROOT / file).exists() or name not in _test_names(ROOT / file)
    ]
    assert not missing, f"docs/security.md names tests that do not exist: {missing}"
