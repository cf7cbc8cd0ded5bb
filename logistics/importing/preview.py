"""A stored report, worded for the person reading it, in their language."""

from datetime import date

from django.utils.translation import get_language

from .fields import label
from .messages import file_problem_text, row_problem_text
from .states import describe_failure


def describe(report):
    """What the preview template shows: every message already translated, nothing left as a code."""
    if not report:
        return None
    if fatal := report.get("fatal"):
        text = describe_failure(fatal["code"], fatal.get("params")) or file_problem_text(fatal["code"],
                                                                                          fatal.get("params"))
        return {"fatal": text, "encoding": report.get("encoding")}
    language = (get_language() or "ru")[:2]
    return {
        **report,
        "columns": [(label(name), title) for name, title in report.get("columns", {}).items()],
        "problems": [{"row": row, "column": column, "value": value, "reason": row_problem_text(code, params)}
                     for row, column, value, code, params in report.get("problems", [])],
        "summary": [{**line, "name": line.get(f"name_{language}") or line["name_ru"]}
                    for line in report.get("summary", [])],
        "problems_more": report.get("problems_total", 0) - len(report.get("problems", [])),
        "future_dates": [{"waybill": f["waybill"], "date": date.fromisoformat(f["date"])}
                         for f in report.get("future_dates", [])],
    }
