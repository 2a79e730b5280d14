from zicht.reporting import charts


def test_a_bar_per_number_none_for_a_suppressed_cell_and_text_escaped():
    svg = charts.bar_chart("Titel <x>", [("A & B", 10), ("C", "<5"), ("D", 5)])
    assert svg.count("<rect") == 2  # "<5" draws no bar that would show its size
    assert "<title>Titel &lt;x&gt;</title>" in svg
    assert "A &amp; B" in svg and "&lt;5" in svg


def test_a_long_line_labels_every_nth_point():
    svg = charts.line_chart("Trend", [(f"p{i}", i) for i in range(30)])
    assert svg.count("<circle") == 30
    assert "p0<" in svg and "p3<" in svg and "p1<" not in svg


def test_decimals_are_numbers():
    from decimal import Decimal

    assert charts.bar_chart("FTE", [("2027", Decimal("2.5"))], unit=" FTE").count("<rect") == 1
