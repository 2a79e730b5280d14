"""docs/cbs.md's record tables, written from `cbs_layout.LAYOUT` so the two cannot drift:
`tests/reporting/test_cbs_layout.py` compares them."""

from zicht.reporting.cbs_layout import LAYOUT


def layout_tables() -> str:
    parts = []
    for kind, fields in LAYOUT.items():
        parts.append(
            f"### {kind}\n\n| # | veld | type | codes | bron in Zicht |\n|---|---|---|---|---|"
        )
        for number, field in enumerate(fields, start=1):
            codes = "<br>".join(f"`{code}` {label}" for code, label in field.codes) or "—"
            parts.append(f"| {number} | `{field.name}` | {field.type} | {codes} | {field.source} |")
        parts.append("")
    return "\n".join(parts)
