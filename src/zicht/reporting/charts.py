"""Charts as SVG, drawn on the server: no script, no external library, no network; the same SVG
in a page and in a PDF (WeasyPrint draws SVG). Each chart has a <title> for screen readers, and
every page or document that shows one also shows its figures as a table.

Values are numbers or a text (a suppressed "<5"): a text gets no bar, only its label.
"""

from collections.abc import Sequence
from decimal import Decimal
from html import escape

BLUE = "#1d4f91"
WIDTH = 640
MAX_LABELS = 10


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return float(value)


def bar_chart(title: str, items: Sequence[tuple[object, object]], *, unit: str = "") -> str:
    """Horizontal bars, one per item, the value written beside each."""
    row, label_width, top = 22, 220, 6
    numbers = [n for _, v in items if (n := _number(v)) is not None]
    peak = max([*numbers, 1.0])
    height = top + row * max(len(items), 1) + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value) in enumerate(items):
        y = top + index * row
        n = _number(value)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="12" '
            f'fill="#222">{escape(str(label))}</text>'
        )
        width = 0 if n is None else round((WIDTH - label_width - 70) * n / peak)
        if width:
            parts.append(
                f'<rect x="{label_width}" y="{y + 3}" width="{width}" height="{row - 6}" '
                f'fill="{BLUE}"/>'
            )
        shown = "—" if value is None else f"{value}{unit if n is not None else ''}"
        parts.append(
            f'<text x="{label_width + width + 6}" y="{y + 15}" font-size="12" '
            f'fill="#222">{escape(str(shown))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(title: str, points: Sequence[tuple[object, object]]) -> str:
    """A line through the values left to right, each labelled on the x axis."""
    height, left, bottom, top = 200, 40, 30, 14
    numbers = [_number(v) for _, v in points]
    peak = max([n for n in numbers if n is not None] + [1.0])
    step = (WIDTH - left - 20) / max(len(points) - 1, 1)
    plot = height - bottom - top

    def xy(index: int, n: float) -> tuple[float, float]:
        return left + index * step, top + plot - plot * n / peak

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{top + plot}" x2="{WIDTH - 10}" y2="{top + plot}" '
        'stroke="#333" stroke-width="1"/>',
    ]
    coords = [xy(i, n) for i, n in enumerate(numbers) if n is not None]
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{BLUE}" stroke-width="2"/>')
    # Many points: every label would overlap, so every n-th (the table has them all).
    every = max(1, -(-len(points) // MAX_LABELS))
    for index, ((label, value), n) in enumerate(zip(points, numbers, strict=True)):
        x, y = xy(index, n or 0)
        if n is not None:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{BLUE}"/>')
        if index % every:
            continue
        parts.append(
            f'<text x="{x:.1f}" y="{(y if n is not None else top + plot) - 6:.1f}" '
            f'text-anchor="middle" font-size="11" fill="#222">{escape(str(value))}</text>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" font-size="11" '
            f'fill="#222">{escape(str(label))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
