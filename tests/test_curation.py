"""Discrepancies are found by comparing claims (wpikg.curation), not listed by hand: small
datasets with two source graphs, with and without a curated decision."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, XSD

from wpikg import iris
from wpikg.curation import CURATED, curate, find_discrepancies
from wpikg.errors import RegistryError
from wpikg.namespaces import KG, ORG

X, Y = iris.organization("x-center"), iris.organization("y-center")
HEADER = "# what\tclaims\tpreferred\tstatus\trationale_ja\trationale_en\n"


def _selection(
    data: Dataset, alias: str, center: URIRef, year: int, status: str, as_of: str
) -> URIRef:
    g = data.graph(iris.graph(f"source/{alias}"))
    claim = iris.selection(alias, str(center).rsplit("/", 1)[1])
    g.add((claim, RDF.type, KG.ProgramSelection))
    g.add((claim, KG.selectedCenter, center))
    g.add((claim, KG.selectionFiscalYear, Literal(str(year), datatype=XSD.gYear)))
    g.add((claim, KG.supportStatus, iris.concept("support-status", status)))
    g.add((claim, KG.asOf, Literal(as_of, datatype=XSD.gYearMonth)))
    return claim


def _director(data: Dataset, alias: str, person: str, tenure: str = "current") -> URIRef:
    g = data.graph(iris.graph(f"source/{alias}"))
    node = iris.membership("x-center", person, "center-director", "2019-02-05")
    g.add((node, RDF.type, ORG.Membership))
    g.add((node, ORG.organization, X))
    g.add((node, ORG.member, iris.person(person, "")))
    g.add((node, ORG.role, iris.concept("role", "center-director")))
    g.add((node, KG.tenureStatus, iris.concept("tenure", tenure)))
    g.add((node, KG.asOf, Literal("2019-02-05", datatype=XSD.date)))
    return node


@pytest.fixture
def data() -> Dataset:
    """Two documents: they disagree about X's selection year and agree about Y's."""
    ds = Dataset()
    _selection(ds, "doc-a", X, 2007, "wpi-academy", "2020-04")
    _selection(ds, "doc-b", X, 2018, "subsidized", "2019-02")
    _selection(ds, "doc-a", Y, 2012, "subsidized", "2020-04")
    _selection(ds, "doc-b", Y, 2012, "subsidized", "2019-02")
    return ds


def _curated_years(data: Dataset) -> dict[URIRef, str]:
    g = data.graph(CURATED)
    return {s: str(o) for s, o in g.subject_objects(KG.selectionFiscalYear)}


def test_disagreeing_selection_years_are_found(data: Dataset) -> None:
    found = find_discrepancies(data)
    assert [f.what for f in found] == ["x-center-selection-fy"]
    assert sorted(c.value for c in found[0].claims) == ["2007", "2018"]
    assert found[0].about == X and found[0].prop == KG.selectionFiscalYear


def test_without_a_decision_the_discrepancy_is_open(data: Dataset, tmp_path: Path) -> None:
    report = curate(data, tmp_path / "missing.tsv")
    assert [(d["id"], d["status"], d["preferred"]) for d in report] == [
        ("x-center-selection-fy", "open", None)
    ]
    node = iris.discrepancy("x-center-selection-fy")
    curated = data.graph(CURATED)
    assert (node, KG.status, iris.concept("discrepancy-status", "open")) in curated
    assert (node, KG.preferredClaim, None) not in curated
    assert _curated_years(data) == {Y: "2012"}  # no resolved year for X while open


def test_a_curated_decision_resolves_it(data: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "discrepancies.tsv"
    path.write_text(
        HEADER + "x-center-selection-fy\tselection/doc-a--x-center;selection/doc-b--x-center"
        "\tselection/doc-a--x-center\tresolved\t列ずれ\tcolumn shift\n",
        encoding="utf-8",
    )
    report = curate(data, path)
    assert report[0]["status"] == "resolved"
    assert report[0]["preferred"] == "selection/doc-a--x-center"
    assert _curated_years(data) == {X: "2007", Y: "2012"}


def test_a_decision_about_claims_not_found_fails(data: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "discrepancies.tsv"
    path.write_text(
        HEADER + "x-center-selection-fy\tselection/doc-a--x-center;selection/doc-c--x-center"
        "\tselection/doc-a--x-center\tresolved\t理由\treason\n",
        encoding="utf-8",
    )
    with pytest.raises(RegistryError, match="the build found"):
        curate(data, path)


def test_a_stale_decision_fails(data: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "discrepancies.tsv"
    path.write_text(
        HEADER + "z-center-selection-fy\tselection/doc-a--z\t\tundecidable\t理由\treason\n",
        encoding="utf-8",
    )
    with pytest.raises(RegistryError, match="no such discrepancy"):
        curate(data, path)


def test_two_current_directors_at_one_date_are_found(data: Dataset) -> None:
    _director(data, "doc-b", "fukuma")
    _director(data, "doc-b", "fukudome")
    _director(data, "doc-a", "someone-before", tenure="former")  # not a current claim
    found = {f.what: f for f in find_discrepancies(data)}
    directors = found["x-center-center-director-2019-02-05"]
    assert len(directors.claims) == 2 and directors.prop == ORG.member


def test_a_status_going_back_under_subsidy_is_found() -> None:
    ds = Dataset()
    _selection(ds, "doc-a", X, 2007, "wpi-academy", "2019-02")
    _selection(ds, "doc-b", X, 2007, "subsidized", "2020-04")
    assert [f.what for f in find_discrepancies(ds)] == ["x-center-support-status"]
    # the other way round is a change of status, not a contradiction
    ds2 = Dataset()
    _selection(ds2, "doc-a", X, 2007, "subsidized", "2019-02")
    _selection(ds2, "doc-b", X, 2007, "wpi-academy", "2020-04")
    assert find_discrepancies(ds2) == []
