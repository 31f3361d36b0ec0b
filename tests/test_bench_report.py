"""The benchmark report shows the run it replaces beside the new one (bench/report.py)."""

from bench.report import _comparison, previous_figures

OLD = """# Performance

- Date: 2026-11-22 07:30 CET

## Figures

```
audience_median: 187.7 ms
send_rate: 437.6 e-mails/s
```
"""


def test_it_reads_the_date_and_figures_of_the_report_it_replaces() -> None:
    assert previous_figures(OLD) == (
        "2026-11-22 07:30 CET",
        {"audience_median": "187.7 ms", "send_rate": "437.6 e-mails/s"},
    )


def test_it_puts_each_figure_beside_the_previous_one() -> None:
    lines = _comparison(OLD, [("audience_median", 190.1, "ms"), ("digest_minutes", 8.0, "min")])
    assert "| `audience_median` | 187.7 ms | 190.1 ms |" in lines
    assert "| `digest_minutes` | – | 8.0 min |" in lines


def test_no_previous_report_means_no_comparison() -> None:
    assert _comparison("", [("audience_median", 190.1, "ms")]) == []
