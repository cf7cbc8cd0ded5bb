"""Checks an IATI activity file against the official 2.03 activity schema vendored beside the tests
(`scripts/vendor_iati_schema.sh` writes `iati_schema/2.03/`)."""

from functools import cache
from pathlib import Path

import pytest

SCHEMA = Path(__file__).parent / "iati_schema" / "2.03" / "iati-activities-schema.xsd"


@cache
def _schema():
    etree = pytest.importorskip("lxml.etree", reason="lxml validates XML against an XSD")
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def schema_errors(document: bytes):
    """What the schema says is wrong with `document`, one line each; empty when it validates."""
    schema = _schema()
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    schema.validate(etree.fromstring(document, parser))
    return [f"line {error.line}: {error.message}" for error in schema.error_log]
