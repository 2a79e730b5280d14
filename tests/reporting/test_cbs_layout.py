from pathlib import Path

from zicht.reporting.cbs_doc import layout_tables

DOC = Path(__file__).resolve().parents[2] / "docs" / "cbs.md"


def test_docs_cbs_md_describes_the_layout_the_file_has():
    """R-INF-1: the record layout in docs/cbs.md is the one the delivery writes."""
    assert layout_tables() in DOC.read_text()
