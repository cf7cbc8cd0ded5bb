"""The programme's results as an IATI activity file (standard version 2.03).

Written with the standard library's ElementTree, in the order the 2.03 activity schema
(iati-activities-schema.xsd) lists the elements; a test validates the file against the official
schema, vendored under tests/logistics/iati_schema/2.03/. Every date in the file is the period's end,
including `generated-datetime`: the file states the results as they stood then, so writing it
again later gives the same bytes.
"""

import xml.etree.ElementTree as ET

from django.utils import timezone, translation

from .periods import Quarter

VERSION = "2.03"
LANGUAGES = ("en", "ru", "kk")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# IATI codelists: IndicatorMeasure (1 unit, 2 percentage), ResultType (1 output, 2 outcome),
# ActivityDateType (2 actual start, 3 planned end), ActivityStatus (2 implementation),
# OrganisationRole (1 funding, 4 implementing), OrganisationType (40 multilateral, 10 government).
MEASURE = {"count": "1", "percent": "2", "days": "1"}
RESULT_TYPE = {"count": "1", "percent": "2", "days": "2"}
WORLD_BANK = "XM-DAC-44000"


def _narratives(parent, tag, texts):
    """`<tag><narrative>…</narrative>…</tag>`, one narrative per language that has a text."""
    element = ET.SubElement(parent, tag)
    for language, text in texts:
        if text:
            narrative = ET.SubElement(element, "narrative")
            if language != "en":
                narrative.set(XML_LANG, language)
            narrative.text = text
    return element


def _names(obj):
    return [(lang, getattr(obj, f"name_{lang}", "")) for lang in LANGUAGES]


def _translations(text):
    """A lazily translated text in each of the file's languages."""
    out = []
    for language in LANGUAGES:
        with translation.override(language):
            out.append((language, str(text)))
    return out


def _value(value):
    if value is None:
        return None
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:.1f}"


def _stamp(period):
    return timezone.localtime(period.end).isoformat(timespec="seconds")


def _activity(root, report):
    programme, period = report.programme, report.period
    activity = ET.SubElement(root, "iati-activity", {
        "last-updated-datetime": _stamp(period), XML_LANG: "en", "default-currency": "USD", "hierarchy": "2"})
    ET.SubElement(activity, "iati-identifier").text = programme.iati_identifier or programme.code
    reporting = ET.SubElement(activity, "reporting-org", {"ref": WORLD_BANK, "type": "40"})
    ET.SubElement(reporting, "narrative").text = "World Bank"
    _narratives(activity, "title", _names(programme))
    _narratives(activity, "description", [("en", programme.funder_reference)]).set("type", "1")
    funder = ET.SubElement(activity, "participating-org", {"ref": WORLD_BANK, "role": "1", "type": "40"})
    ET.SubElement(funder, "narrative").text = "World Bank"
    ET.SubElement(activity, "activity-status", {"code": "2"})
    ET.SubElement(activity, "activity-date", {"iso-date": programme.starts.isoformat(), "type": "2"})
    ET.SubElement(activity, "activity-date", {"iso-date": programme.ends.isoformat(), "type": "3"})
    ET.SubElement(activity, "recipient-country", {"code": "KZ", "percentage": "100"})
    for result in report.results:
        _result(activity, result, programme)
    return activity


def _result(activity, result, programme):
    indicator, computation = result.indicator, result.computation
    element = ET.SubElement(activity, "result", {"type": RESULT_TYPE[computation.measure],
                                                 "aggregation-status": "0"})
    _narratives(element, "title", _names(indicator))
    _narratives(element, "description", _translations(computation.description))
    ind = ET.SubElement(element, "indicator", {"measure": MEASURE[computation.measure],
                                               "ascending": "0" if computation.lower_is_better else "1",
                                               "aggregation-status": "0"})
    _narratives(ind, "title", _names(indicator))
    # `year` and `value` only: the baseline's `iso-date` is newer than some 2.03 schemas in use.
    ET.SubElement(ind, "baseline", {"year": str(programme.starts.year), "value": _value(indicator.baseline)})
    # One target and one actual per period: the regional figures are in the PDF and the workbook,
    # since not every 2.03 schema allows a second, disaggregated actual in a period.
    for quarter, actual in result.trend:
        _period(ind, quarter, indicator.target, actual)


def _period(indicator, quarter: Quarter, target, actual):
    period = ET.SubElement(indicator, "period")
    ET.SubElement(period, "period-start", {"iso-date": quarter.first_day.isoformat()})
    ET.SubElement(period, "period-end", {"iso-date": quarter.last_day.isoformat()})
    if target is not None:
        ET.SubElement(period, "target", {"value": _value(target)})
    if actual is not None:  # not measured yet: no actual at all, rather than a false zero
        ET.SubElement(period, "actual", {"value": _value(actual)})
    return period


def render(report):
    """The IATI activity file of `report` as UTF-8 bytes."""
    root = ET.Element("iati-activities", {"version": VERSION, "generated-datetime": _stamp(report.period)})
    _activity(root, report)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"

