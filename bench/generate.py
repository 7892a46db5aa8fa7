"""Generate a deterministic dataset of about N triples shaped like wpikg's, in an Oxigraph store.

The shape follows the real build (``data/dist/graphs/*.ttl``): organizations in
``graph/registry`` with ja/en labels, a country, a classification and (for units) a parent;
ISO 3166-1 countries and the party-role / end-status schemes in ``graph/vocab``; agreements in
one ``graph/source/{alias}`` per source document, each with qualified party nodes
(``kg:hasParty`` → ``kg:AgreementParty``), start and end dates with their bounds, an end status,
a related RIKEN centre, the ``kg:SourceRecord`` it was derived from and, for some, a
``kg:Correction``. The IRIs the benchmark queries name exist here too (``o:riken``,
``o:riken-ims``, ``o:max-planck-gesellschaft``, ``ag:riken2017-l0009``), so the same query mix
runs on both datasets.

Usage::

    python bench/generate.py [--triples 1000000] [--seed 4] [--out bench/data/generated-…]

The store is written once and reused while the generator, the seed and the size are unchanged
(a stamp file beside it says what it holds).
"""

from __future__ import annotations

import argparse
import gettext
import hashlib
import itertools
import json
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph

BENCH_DIR = Path(__file__).resolve().parent
B = "https://w3id.org/wpikg/"
KG = B + "ontology#"
ID_ORG = B + "id/organization/"
AG = B + "id/agreement/"
REC = B + "id/record/"
DOC = B + "id/document/"
KGV = B + "vocab/"
ROLE = KGV + "party-role/"
ES = KGV + "end-status/"
COUNTRY = KGV + "country/"
GRAPH = B + "graph/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"

RIKEN_CENTRES = [
    "AICS",
    "AIP",
    "ASI",
    "BMEP",
    "BRC",
    "BSI",
    "CDB",
    "CLST",
    "CSRS",
    "GRC",
    "IMS",
    "NISHINA",
    "QBIC",
    "RAP",
    "RCAI",
    "RIKEN-SPring-8",
    "RNC",
    "RSC",
    "SPring-8",
    "CPR",
    "CEMS",
    "iTHES",
    "iTHEMS",
    "R-CCS",
    "BDR",
    "CBS",
]
END_STATUSES = {  # weight of each status among generated agreements (fixed: has an end date)
    "fixed": 64,
    "indefinite": 10,
    "auto-renewal": 12,
    "ongoing": 4,
    "continuation-planned": 3,
    "not-stated": 5,
    "ended-before": 2,
}
ORG_KINDS = ("university", "facility", "nonprofit", "company", "government")
WORDS_EN = [
    "National",
    "Institute",
    "Advanced",
    "Science",
    "Technology",
    "Research",
    "Physics",
    "Chemistry",
    "Biology",
    "Medical",
    "Materials",
    "Quantum",
    "Energy",
    "Ocean",
    "Space",
    "Genome",
    "Brain",
    "Computing",
    "Photon",
    "Nuclear",
    "Applied",
    "Theoretical",
    "Environmental",
    "Agricultural",
    "Royal",
    "Federal",
    "Polytechnic",
    "Central",
]
WORDS_JA = [
    "国立",
    "機構",
    "先端",
    "科学",
    "技術",
    "研究",
    "物理",
    "化学",
    "生物",
    "医学",
    "材料",
    "量子",
    "エネルギー",
    "海洋",
    "宇宙",
    "ゲノム",
    "脳",
    "計算",
    "光",
    "原子核",
    "応用",
    "理論",
    "環境",
    "農業",
    "王立",
    "連邦",
    "工科",
    "中央",
]


def _iri(value: str) -> str:
    return f"<{value}>"


def _lit(value: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


class Writer:
    """N-Quads lines into a file, counted."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("w", encoding="utf-8")
        self.count = 0
        self.graph = ""

    def add(self, s: str, p: str, o: str) -> None:
        self._file.write(f"<{s}> <{p}> {o} <{self.graph}> .\n")
        self.count += 1

    def close(self) -> None:
        self._file.close()


def _countries() -> list[tuple[str, str, str]]:
    """(alpha-2, English name, Japanese name) of every ISO 3166-1 country."""
    try:
        import pycountry

        ja = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ja"])
        return [(c.alpha_2, c.name, ja.gettext(c.name)) for c in pycountry.countries]
    except (ImportError, OSError):  # pycountry is a wpikg dependency; this is a fallback
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        codes = [a + b for a in letters[:10] for b in letters][:249]
        return [(code, f"Country {code}", f"国{code}") for code in codes]


def _vocab(w: Writer, countries: list[tuple[str, str, str]]) -> None:
    w.graph = GRAPH + "vocab"
    regions = ("asia", "europe", "north-america", "south-america", "africa", "oceania")
    for code, en, ja_name in countries:
        c = COUNTRY + code
        w.add(c, RDF + "type", _iri(SKOS + "Concept"))
        for p in (RDFS + "label", SKOS + "prefLabel"):
            w.add(c, p, _lit(en, "en"))
            w.add(c, p, _lit(ja_name, "ja"))
        w.add(c, SKOS + "broader", _iri(KGV + "region/" + regions[sum(map(ord, code)) % 6]))
        w.add(c, SKOS + "inScheme", _iri(KGV + "country"))
        w.add(c, SKOS + "topConceptOf", _iri(KGV + "country"))
        w.add(c, SKOS + "notation", _lit(code))
    for scheme, codes in (("end-status", END_STATUSES), ("party-role", ("principal", "partner"))):
        for code in codes:
            c = f"{KGV}{scheme}/{code}"
            w.add(c, RDF + "type", _iri(SKOS + "Concept"))
            w.add(c, SKOS + "prefLabel", _lit(code.replace("-", " "), "en"))
            w.add(c, SKOS + "inScheme", _iri(KGV + scheme))
            w.add(c, SKOS + "notation", _lit(code))


def _organization(
    w: Writer,
    slug: str,
    en: str | None,
    ja_name: str,
    country: str,
    kind: str,
    parent: str | None = None,
    extra_labels: tuple[tuple[str, str], ...] = (),
    notation: str | None = None,
    record: str | None = None,
) -> None:
    s = ID_ORG + slug
    types = (
        ("Organization", "OrganizationalUnit") if parent else ("FormalOrganization", "Organization")
    )
    for t in types:
        w.add(s, RDF + "type", _iri(ORG + t))
    w.add(s, RDF + "type", _iri(SCHEMA + "Organization"))
    labels = [(ja_name, "ja"), *extra_labels] + ([(en, "en")] if en else [])
    for text, lang in labels:
        w.add(s, RDFS + "label", _lit(text, lang))
        w.add(s, SKOS + "prefLabel", _lit(text, lang))
    if not en:
        w.add(s, SKOS + "altLabel", _lit(slug.replace("-", " "), "ja-latn-hepburn"))
    if notation:
        w.add(s, SKOS + "notation", _lit(notation, datatype=KG + "RikenUnitCode"))
    w.add(s, ORG + "classification", _iri(f"{KGV}org-type/{kind}"))
    if parent:
        w.add(s, ORG + "subOrganizationOf", _iri(ID_ORG + parent))
        w.add(s, ORG + "unitOf", _iri(ID_ORG + parent))
    if record:
        w.add(s, PROV + "wasDerivedFrom", _iri(REC + record))
    w.add(s, KG + "country", _iri(COUNTRY + country))
    w.add(s, KG + "slugBasis", _iri(KGV + "slug-basis/" + ("registry-en" if en else "romaji-auto")))


def _registry(
    w: Writer, rng: random.Random, n_orgs: int, countries: list[tuple[str, str, str]]
) -> tuple[list[str], list[str]]:
    """Organizations; returns (RIKEN centre slugs, partner slugs)."""
    w.graph = GRAPH + "registry"
    _organization(w, "riken", "RIKEN", "理化学研究所", "JP", "facility")
    centres = []
    for code in RIKEN_CENTRES:
        slug = "riken-" + code.lower()
        _organization(
            w, slug, None, f"{code}研究センター", "JP", "facility", "riken", notation=code
        )
        centres.append(slug)
    _organization(
        w, "university-of-tokyo", "The University of Tokyo", "東京大学", "JP", "university"
    )
    _organization(
        w, "issp", "Institute for Solid State Physics", "物性研究所", "JP", "facility",
        "university-of-tokyo",
    )  # fmt: skip
    _organization(
        w, "max-planck-gesellschaft", None, "マックスプランク協会", "DE", "nonprofit",
        extra_labels=(("Max-Planck-Gesellschaft", "de"),),
    )  # fmt: skip
    partners = ["max-planck-gesellschaft", "university-of-tokyo"]
    codes = [c[0] for c in countries]
    rng.shuffle(codes)  # a few countries hold most organizations, as in the real data
    country_weights = list(itertools.accumulate(1 / (i + 1) for i in range(len(codes))))
    tops: list[str] = []
    for i in range(n_orgs):
        words = rng.sample(range(len(WORDS_EN)), 3)
        kind = ORG_KINDS[rng.randrange(len(ORG_KINDS))]
        noun_en, noun_ja = {
            "university": ("University", "大学"),
            "facility": ("Laboratory", "研究所"),
            "nonprofit": ("Foundation", "財団"),
            "company": ("Corporation", "株式会社"),
            "government": ("Agency", "庁"),
        }[kind]
        en = " ".join(WORDS_EN[k] for k in words) + f" {noun_en} {i}"
        ja_name = "".join(WORDS_JA[k] for k in words) + f"{noun_ja}{i}"
        slug = en.lower().replace(" ", "-")
        parent = tops[rng.randrange(len(tops))] if tops and rng.random() < 0.3 else None
        country = rng.choices(codes, cum_weights=country_weights)[0]
        _organization(
            w,
            slug,
            en if rng.random() < 0.7 else None,
            ja_name,
            country,
            kind,
            parent,
            record=f"gen-registry-l{i + 1:05d}",
        )
        (partners if parent else tops).append(slug)
        if not parent:
            partners.append(slug)
        if rng.random() < 0.25:
            w.add(ID_ORG + slug, KG + "acronym", _lit("".join(x[0] for x in en.split()[:3])))
    return centres, partners


def _date(year: int, month: int) -> tuple[str, str, str]:
    last = (31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    return f"{year}-{month:02d}", f"{year}-{month:02d}-01", f"{year}-{month:02d}-{last}"


def _agreement(
    w: Writer,
    rng: random.Random,
    alias: str,
    line: int,
    principal: str,
    centre: str | None,
    partners: list[str],
    weights: list[float],
) -> None:
    s = f"{AG}{alias}-l{line:04d}"
    rec = f"{REC}{alias}-l{line:04d}"
    n_partners = 1 if rng.random() < 0.85 else rng.randint(2, 4)
    # Zipf-like: a few partners have many agreements, as in the real data
    chosen = sorted(set(rng.choices(partners, cum_weights=weights, k=n_partners)))
    year, month = rng.randint(1975, 2017), rng.randint(1, 12)
    ym, first, last = _date(year, month)
    status = rng.choices(list(END_STATUSES), weights=list(END_STATUSES.values()))[0]
    w.add(s, RDF + "type", _iri(KG + "Agreement"))
    names = ", ".join(chosen[:2])
    w.add(s, RDFS + "label", _lit(f"Agreement of {principal} with {names} ({year}. {month})", "en"))
    w.add(s, RDFS + "label", _lit(f"{principal}と{names}の協定 ({year}. {month})", "ja"))
    w.add(s, DCT + "description", _lit(f"研究協力に関する協定 {alias} {line}", "ja"))
    w.add(s, PROV + "wasDerivedFrom", _iri(rec))
    w.add(
        s,
        KG + "agreementType",
        _iri(KGV + "agreement-type/" + rng.choice(("mou", "unspecified", "joint-research"))),
    )
    w.add(s, KG + "dateText", _lit(f"{year}. {month}", "ja"))
    w.add(s, KG + "endStatus", _iri(ES + status))
    w.add(s, KG + "startDate", _lit(ym, datatype=XSD + "gYearMonth"))
    w.add(s, KG + "startEarliest", _lit(first, datatype=XSD + "date"))
    w.add(s, KG + "startLatest", _lit(last, datatype=XSD + "date"))
    w.add(s, KG + "startStatus", _iri(KGV + "start-status/stated"))
    w.add(s, KG + "typeBasis", _iri(KGV + "type-basis/keyword-rule"))
    if status == "fixed":
        end_year = min(year + rng.randint(1, 10), 2027)
        eym, efirst, elast = _date(end_year, rng.randint(1, 12))
        w.add(s, KG + "dateText", _lit(f"{end_year}. {int(eym[5:])}", "ja"))
        w.add(s, KG + "endDate", _lit(eym, datatype=XSD + "gYearMonth"))
        w.add(s, KG + "endEarliest", _lit(efirst, datatype=XSD + "date"))
        w.add(s, KG + "endLatest", _lit(elast, datatype=XSD + "date"))
    if centre:
        w.add(s, KG + "relatedUnit", _iri(ID_ORG + centre))
    for role, org_slug in [("principal", principal)] + [("partner", p) for p in chosen]:
        party = f"{s}/party/{org_slug}"
        w.add(s, KG + "hasParty", _iri(party))
        w.add(s, KG + "party", _iri(ID_ORG + org_slug))
        w.add(party, RDF + "type", _iri(KG + "AgreementParty"))
        w.add(party, KG + "partyOrganization", _iri(ID_ORG + org_slug))
        w.add(party, KG + "partyRole", _iri(ROLE + role))
        if role == "partner":
            w.add(party, KG + "nameAsStated", _lit(org_slug.replace("-", " "), "ja"))
    w.add(rec, DCT + "isPartOf", _iri(DOC + alias))
    w.add(rec, RDF + "type", _iri(KG + "SourceRecord"))
    w.add(rec, RDFS + "label", _lit(f"{alias} {line}行目", "ja"))
    w.add(rec, RDFS + "label", _lit(f"{alias} line {line}", "en"))
    w.add(rec, KG + "lineNumber", _lit(str(line), datatype=XSD + "positiveInteger"))
    w.add(rec, KG + "rawText", _lit(f"| | {names} | 研究協力 | {year}. {month} | {status} | |"))
    w.add(rec, KG + "rowNumber", _lit(str(line - 8), datatype=XSD + "positiveInteger"))
    w.add(rec, KG + "tableNumber", _lit(str(1 + line // 400), datatype=XSD + "positiveInteger"))
    if rng.random() < 0.2:
        fix = f"{rec}/correction/1"
        w.add(rec, KG + "correction", _iri(fix))
        w.add(fix, RDF + "type", _iri(KG + "Correction"))
        w.add(fix, KG + "about", _iri(s))
        w.add(fix, KG + "correctedField", _lit("partner"))
        w.add(fix, KG + "original", _lit(names.upper()))
        w.add(fix, KG + "corrected", _lit(names))
        w.add(
            fix, KG + "correctionRule", _iri(KGV + "correction-rule/institution-in-country-column")
        )
        w.add(fix, KG + "reason", _lit("the institution was printed in the country column", "en"))


def _sources(
    w: Writer, rng: random.Random, target: int, centres: list[str], others: list[str]
) -> int:
    """Agreements in one graph per source document until ``target`` triples; their number."""
    weights = list(itertools.accumulate(1 / (i + 1) ** 0.8 for i in range(len(others))))
    aliases = ["riken2017"] + [f"gen{k:02d}" for k in range(1, 16)]
    per_source = 2000
    made = 0
    for k, alias in enumerate(aliases):
        w.graph = f"{GRAPH}source/{alias}"
        d = DOC + alias
        w.add(d, RDF + "type", _iri(KG + "SourceDocument"))
        w.add(d, DCT + "title", _lit(f"国際協定一覧 {alias}", "ja"))
        w.add(d, KG + "asOfDate", _lit("2017-03-31", datatype=XSD + "date"))
        for line in range(9, 9 + per_source):
            if w.count >= target:
                return made
            roll = rng.random()
            if k == 0 or roll < 0.55:  # RIKEN, the centre as related unit (as in riken2017)
                principal, centre = "riken", rng.choice(centres)
                if rng.random() < 0.15:
                    principal = centre
            elif roll < 0.75:
                principal, centre = "issp", None
            else:
                principal, centre = others[rng.randrange(len(others))], None
            _agreement(w, rng, alias, line, principal, centre, others, weights)
            made += 1
    return made


def _stamp(triples: int, seed: int) -> str:
    source = Path(__file__).read_bytes()
    return json.dumps(
        {
            "triples": triples,
            "seed": seed,
            "generator": hashlib.sha256(source).hexdigest()[:16],
            "pyoxigraph": pyoxigraph.__version__,
        },
        sort_keys=True,
    )


def default_dir(triples: int, seed: int) -> Path:
    return BENCH_DIR / "data" / f"generated-{triples}-s{seed}"


def generate(out: Path, triples: int = 1_000_000, seed: int = 4, log=print) -> Path:
    """Write (or reuse) the store ``out/store``; return its path."""
    store_dir = out / "store"
    stamp = out / "stamp.json"
    wanted = _stamp(triples, seed)
    if store_dir.is_dir() and stamp.is_file() and stamp.read_text() == wanted:
        return store_dir
    started = time.perf_counter()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rng = random.Random(seed)
    countries = _countries()
    with tempfile.TemporaryDirectory(dir=out) as tmp:
        nq = Path(tmp) / "data.nq"
        w = Writer(nq)
        _vocab(w, countries)
        centres, partners = _registry(w, rng, triples // 50, countries)
        agreements = _sources(w, rng, triples, centres, partners)
        w.close()
        log(f"generated {w.count} quads ({agreements} agreements) in "
            f"{time.perf_counter() - started:.1f} s; loading…")  # fmt: skip
        store = pyoxigraph.Store(str(store_dir))
        store.bulk_load(path=str(nq), format=pyoxigraph.RdfFormat.N_QUADS)
        store.optimize()
        store.flush()
        del store
    stamp.write_text(wanted)
    log(f"store at {store_dir} ready in {time.perf_counter() - started:.1f} s")
    return store_dir


def iter_summary(store_dir: Path) -> Iterator[str]:
    store = pyoxigraph.Store.read_only(str(store_dir))
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    for row in store.query(query):  # type: ignore[union-attr]
        yield f"{row['n'].value:>9} {row['g'].value}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="about how many")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--out", type=Path, help="folder (default bench/data/generated-N-sS)")
    parser.add_argument("--summary", action="store_true", help="print quads per graph")
    args = parser.parse_args(argv)
    out = args.out or default_dir(args.triples, args.seed)
    store_dir = generate(out, args.triples, args.seed, log=lambda m: print(m, file=sys.stderr))
    print(store_dir)
    if args.summary:
        for line in iter_summary(store_dir):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
