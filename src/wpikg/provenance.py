"""Provenance resources: source documents, source records (one per row or line) and the
corrections made to a record's cells (data-model.md §4)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from wpikg import iris
from wpikg.namespaces import KG
from wpikg.sources import SourceDocument

#: Reasons given for the repairs that rules make, per rule (the curated ones carry their own).
RULE_REASONS = {
    "shifted-cells-by-type": (
        "PDF extraction shifted the cells; they were reassigned by kind "
        "(date-shaped cell = start date, country name = country)",
        "PDF抽出でセルがずれたため、セルの種類(日付、国名)により列を割り当て直した",
    ),
    "institution-from-country-column": (
        "the institution column was empty and the country column held an institution name; "
        "the country is carried over from the rows above",
        "相手機関列が空で国名列に機関名があったため、機関名として扱い国名は上の行から引き継いだ",
    ),
    "unit-code-case": (
        "a related-centre code matched a legend code only ignoring letter case",
        "関連研究センター略語が大文字・小文字の違いのみで凡例と一致した",
    ),
}


@dataclass(frozen=True)
class Repair:
    """One change to what a record's cells say, by a rule or from the corrections file."""

    rule: str
    field: str
    original: str
    corrected: str
    reason_en: str
    reason_ja: str | None = None


def add_document(g: Graph, doc: SourceDocument) -> URIRef:
    """The document's resource: title, publisher, language, as-of date, original file name."""
    node = iris.document(doc.alias)
    g.add((node, RDF.type, KG.SourceDocument))
    g.add((node, RDFS.label, Literal(doc.title_ja, lang="ja")))
    g.add((node, RDFS.label, Literal(doc.title_en, lang="en")))
    g.add((node, DCTERMS.title, Literal(doc.title_ja, lang="ja")))
    g.add((node, DCTERMS.title, Literal(doc.title_en, lang="en")))
    g.add((node, DCTERMS.description, Literal(doc.description_en, lang="en")))
    g.add((node, DCTERMS.publisher, iris.organization(doc.publisher_org)))
    g.add((node, DCTERMS.creator, Literal(doc.publisher_ja, lang="ja")))
    for lang in doc.languages:
        g.add((node, DCTERMS.language, Literal(lang, datatype=XSD.language)))
    g.add((node, KG.asOfDate, Literal(doc.as_of_date)))
    g.add((node, KG.originalFileName, Literal(doc.original_file_name)))
    g.add((node, DCTERMS.identifier, Literal(f"sha256:{doc.sha256}")))
    return node


def add_record(
    g: Graph, doc: SourceDocument, line: int, *, table: int | None = None, row: int | None = None
) -> URIRef:
    """The record of one source line, holding the verbatim line."""
    node = iris.record(doc.alias, line)
    g.add((node, RDF.type, KG.SourceRecord))
    g.add((node, RDFS.label, Literal(f"{doc.alias} line {line}", lang="en")))
    g.add((node, RDFS.label, Literal(f"{doc.alias} {line}行目", lang="ja")))
    g.add((node, KG.rawText, Literal(doc.lines[line - 1])))
    g.add((node, KG.lineNumber, Literal(line, datatype=XSD.positiveInteger)))
    g.add((node, DCTERMS.isPartOf, iris.document(doc.alias)))
    if table is not None:
        g.add((node, KG.tableNumber, Literal(table, datatype=XSD.positiveInteger)))
    if row is not None:
        g.add((node, KG.rowNumber, Literal(row, datatype=XSD.positiveInteger)))
    return node


def add_issue(g: Graph, record: URIRef, issue: str) -> None:
    g.add((record, KG.extractionIssue, iris.concept("extraction-issue", issue)))


def add_repairs(g: Graph, doc: SourceDocument, line: int, repairs: list[Repair]) -> None:
    """One ``kg:Correction`` per repair, about the record of ``line``."""
    record = iris.record(doc.alias, line)
    for n, repair in enumerate(repairs, start=1):
        node = iris.correction(doc.alias, line, n)
        g.add((node, RDF.type, KG.Correction))
        g.add((node, KG.about, record))
        g.add((node, KG.correctionRule, iris.concept("correction-rule", repair.rule)))
        g.add((node, KG.correctedField, Literal(repair.field)))
        g.add((node, KG.original, Literal(repair.original)))
        g.add((node, KG.corrected, Literal(repair.corrected)))
        g.add((node, KG.reason, Literal(repair.reason_en, lang="en")))
        if repair.reason_ja:
            g.add((node, KG.reason, Literal(repair.reason_ja, lang="ja")))
        g.add((node, PROV.wasDerivedFrom, record))
