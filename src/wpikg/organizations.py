"""One IRI per real organization across the whole graph.

Names are resolved in this order (data-model.md §1, rule 2):

1. the curated registry ``data/registry/organizations.tsv`` (slug, names, aliases, parent)
   and the variant spellings of ``organization-aliases.tsv``;
2. names already registered from a source (the RIKEN partner list gives ja + English);
3. a unit of a known organization: ``A B`` where ``A`` resolves
   (``ハーバード大学 メディカルスクール``), or where ``B`` alone is a known organization
   (its parent is then ``A``);
4. a unique known unit whose last part equals the name (``浦項加速器研究所``);
5. otherwise a new organization, its slug from its English name or from Hepburn romaji
   (``slug_basis = romaji-auto``), reported by the build for review.

Minting is deterministic: the same names in the same order give the same slugs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pykakasi
from rdflib import URIRef
from slugify import slugify

from wpikg.errors import RegistryError
from wpikg.text import clean, lookup_key, read_tsv

# A space that separates an organization from its unit: after kanji/kana or a closing paren,
# not inside Latin initials (``M. D. アンダーソン``), and not before a qualifier that belongs to
# the name: ``(南)``, ``"Alexander Fleming"``, a roman numeral (``国立放射光源 II``).
_UNIT_SPLIT = re.compile(r"(?<=[\u3040-\u30ff\u3400-\u9fff)])\s+(?=\S)(?![(\"]|[IVX]+(?:\s|$))")
_ACRONYM = re.compile(r"\s*\(([A-Za-z][\w*&.\- ]*|ヘルムホルツ協会)\)")
# Words that tell the language of a name in the partner list's 欧文表記 column.
_LANGUAGE_WORDS: tuple[tuple[str, str], ...] = (
    (r"Universität|für\b|Forschung|zentrum|Gesellschaft|Deutsches", "de"),
    (
        r"Université|École|Centre National|Commissariat|Institut (?:de|national)|Nucléaire"
        r"|Accélérateur|Synchrotron SOLEIL|Institut Pasteur|d'Optique",
        "fr",
    ),
    (r"Università|Istituto|Scuola|Oncologia", "it"),
    (r"Universitat|Fundacio|Regulacio", "ca"),
    (r"Instituto de", "es"),
    (r"Technische Universiteit", "nl"),
    (r"Universitas|Institut Teknologi", "id"),
    (r"Universiti\b", "ms"),
)


@dataclass
class Organization:
    """An organization, unit or consortium as the graph will describe it."""

    slug: str
    name_ja: str
    name_en: str | None = None
    name_native: tuple[str, str] | None = None
    parent: str | None = None
    country: str | None = None
    scope: str | None = None
    kind: str = "organization"
    acronyms: set[str] = field(default_factory=set)
    variants: set[str] = field(default_factory=set)
    slug_basis: str = "curated"
    org_type: str | None = None
    notation: str | None = None
    defunct_possible: bool = False
    records: set[URIRef] = field(default_factory=set)
    declared_counts: dict[str, tuple[int, str]] = field(default_factory=dict)
    successor: str | None = None  # slug of the organization it became (renamed, merged)


def name_language(name: str) -> str:
    """BCP 47 tag of a Latin-script name from the partner list (``en`` unless a word says).

    >>> name_language("Universität Konstanz"), name_language("Kurchatov Institute")
    ('de', 'en')
    """
    return next((lang for pattern, lang in _LANGUAGE_WORDS if re.search(pattern, name)), "en")


def split_acronyms(name: str) -> tuple[str, list[str]]:
    """The name without parenthesized acronyms, and the acronyms.

    >>> split_acronyms("重イオン科学研究所 (ヘルムホルツ協会) (GSI)")
    ('重イオン科学研究所', ['ヘルムホルツ協会', 'GSI'])
    """
    found = _ACRONYM.findall(name)
    return clean(_ACRONYM.sub("", name)), found


def unit_parts(name: str) -> tuple[str, str] | None:
    """(parent, unit) for ``A B`` split at the last organization boundary, or None.

    >>> unit_parts("カザン連邦大学 Alexander Butlerov化学研究所 有機化学学科")
    ('カザン連邦大学 Alexander Butlerov化学研究所', '有機化学学科')
    >>> unit_parts("テキサス大学 M. D. アンダーソンがんセンター")
    ('テキサス大学', 'M. D. アンダーソンがんセンター')
    >>> unit_parts("ブルックヘブン国立研究所 国立放射光源 II")
    ('ブルックヘブン国立研究所', '国立放射光源 II')
    >>> unit_parts('生物医学研究センター "Alexander Fleming"') is None
    True
    """
    splits = list(_UNIT_SPLIT.finditer(name))
    if not splits:
        return None
    last = splits[-1]
    return name[: last.start()], name[last.end() :]


def _acronyms(found: list[str] | tuple[str, ...]) -> set[str]:
    """The parenthesized words that are acronyms: "(ヘルムホルツ協会)" says membership instead."""
    return {a for a in found if a != "ヘルムホルツ協会"}


def latin_name(org: Organization) -> str:
    """The name to show in English text: English, else native (Latin script), else romaji."""
    if org.name_en:
        return org.name_en
    if org.name_native:
        return org.name_native[0]
    return org.name_ja if org.name_ja.isascii() else romaji(org.name_ja).title()


@cache
def _kakasi() -> pykakasi.kakasi:
    return pykakasi.kakasi()


def romaji(text: str) -> str:
    """Hepburn romaji of Japanese text (for slugs and ``ja-Latn-hepburn`` labels).

    >>> romaji("韓国生命工学研究所")
    'kankoku seimeikougaku kenkyuusho'
    """
    words = (item["hepburn"] for item in _kakasi().convert(text))
    return re.sub(r"\s+", " ", " ".join(w for w in words if w.strip())).strip()


class OrganizationRegistry:
    """All organizations of the graph, with the index that resolves names to them."""

    def __init__(self) -> None:
        self.by_slug: dict[str, Organization] = {}
        self._index: dict[str, str] = {}
        self._aliases: dict[str, str] = {}
        self.minted: list[str] = []

    # -- loading and registering -------------------------------------------------------
    @classmethod
    def load(cls, path: Path, aliases_path: Path | None = None) -> OrganizationRegistry:
        """The curated organizations, and the variant spellings of ``aliases_path``."""
        registry = cls()
        for row in read_tsv(aliases_path) if aliases_path else []:
            registry._aliases[lookup_key(row["variant"])] = row["canonical"]
        for row in read_tsv(path):
            org = Organization(
                slug=row["slug"],
                name_ja=row["name_ja"],
                name_en=row["name_en"] or None,
                parent=row["parent"] or None,
                country=row["country"] or None,
                scope=row["scope"] or None,
                kind=row["kind"] or "organization",
                acronyms={a for a in row["acronyms"].split(";") if a},
                org_type=row["type"] or None,
            )
            registry.add(org, aliases=[a for a in row["aliases"].split(";") if a])
        for org in registry.by_slug.values():
            if org.parent and org.parent not in registry.by_slug:
                raise RegistryError(f"{path}: {org.slug}: unknown parent {org.parent!r}")
        return registry

    def add(self, org: Organization, aliases: list[str] | tuple[str, ...] = ()) -> Organization:
        if org.slug in self.by_slug:
            raise RegistryError(f"organization slug {org.slug!r} registered twice")
        self.by_slug[org.slug] = org
        for name in (org.name_ja, *aliases, *org.acronyms):
            self._index.setdefault(lookup_key(name), org.slug)
        if org.name_en:
            self._index.setdefault(lookup_key(org.name_en), org.slug)
        return org

    def alias(self, name: str, slug: str) -> None:
        """Make ``name`` resolve to ``slug``; a different spelling becomes a variant label."""
        key = lookup_key(split_acronyms(name)[0])
        self._index.setdefault(key, slug)
        org = self.by_slug[slug]
        if lookup_key(org.name_ja) != key and name != org.name_en:
            org.variants.add(clean(name))

    def __iter__(self) -> Iterator[Organization]:
        return iter(self.by_slug[s] for s in sorted(self.by_slug))

    def __getitem__(self, slug: str) -> Organization:
        return self.by_slug[slug]

    # -- resolving ---------------------------------------------------------------------
    def find(self, name: str, *, by_unit_ending: bool = True) -> Organization | None:
        """The organization a name denotes, if it is known (rules 1, 2 and, unless told not
        to, 4)."""
        bare, acronyms = split_acronyms(name)
        slug = self._index.get(lookup_key(bare))
        if slug is None:
            slug = next((self._index.get(lookup_key(a)) for a in acronyms if a.isascii()), None)
        if slug is None and (canonical := self._aliases.get(lookup_key(bare))):
            return self.find(canonical)
        if slug is None and by_unit_ending:
            slug = self._unique_unit_ending(bare)
        return self.by_slug[slug] if slug else None

    def _unique_unit_ending(self, bare: str) -> str | None:
        key = lookup_key(bare)
        if len(key) < 4:
            return None
        hits = {
            org.slug
            for org in self.by_slug.values()
            if org.kind == "unit"
            and lookup_key(org.name_ja).endswith(key)
            and (parts := unit_parts(org.name_ja))
            and lookup_key(parts[1]) == key
        }
        return hits.pop() if len(hits) == 1 else None

    def resolve(
        self,
        name: str,
        *,
        country: str | None = None,
        name_en: str | None = None,
        scope: str | None = None,
    ) -> Organization:
        """The organization a name denotes, registering it (and its parents) if new."""
        bare, acronyms = split_acronyms(name)
        parts = unit_parts(bare)
        if (known := self.find(name)) is not None:
            self.alias(name, known.slug)
            self._complete(known, country=country, name_en=name_en, acronyms=acronyms)
            if parts and self.find(parts[1], by_unit_ending=False) is known:
                self._attach(known, parts[0], country)  # "CNRS IN2P3 (IN2P3)"
            return known
        inner = self.find(parts[1], by_unit_ending=False) if parts else None
        if parts is not None and inner is not None:
            # "A B" where B alone is known: B is the organization, A its parent.
            self.alias(name, inner.slug)
            self._attach(inner, parts[0], country)
            return inner
        parent = self.resolve(parts[0], country=country).slug if parts else None
        return self._mint(bare, acronyms, name_en, parent, country, scope)

    def _mint(
        self,
        bare: str,
        acronyms: list[str],
        name_en: str | None,
        parent: str | None,
        country: str | None,
        scope: str | None,
    ) -> Organization:
        """Register a new organization (a unit when it has a parent) under a minted slug."""
        slug, basis = self._mint_slug(bare, name_en, parent)
        org = Organization(
            slug=slug,
            name_ja=bare,
            parent=parent,
            country=country,
            scope=scope,
            kind="unit" if parent else "organization",
            slug_basis=basis,
            acronyms=_acronyms(acronyms),
        )
        self._complete(org, name_en=name_en)
        self.minted.append(org.slug)
        return self.add(org)

    def _attach(self, org: Organization, parent_name: str, country: str | None) -> None:
        """Make ``org`` a unit of ``parent_name`` if it has no parent yet."""
        if org.parent is None:
            org.parent = self.resolve(parent_name, country=country).slug
            org.kind = "unit"

    def register_listed(
        self, name_ja: str, name_en: str | None, *, country: str | None, scope: str | None = None
    ) -> Organization:
        """An organization named by a list that gives its English name (the RIKEN partner list).

        It is a unit (``A B``) only when the English name says so too (``X, Parent``); the
        parent then gets the rest of the English name. ``バーンシュタインセンター フライブルグ``
        ("Bernstein Center Freiburg") stays one organization.
        """
        bare, acronyms = split_acronyms(name_ja)
        known = self.find(name_ja) or (
            self.find(name_en, by_unit_ending=False) if name_en else None
        )  # the same English name is the same organization (基礎科学研究院 = 韓国基礎科学院: IBS)
        if known is not None:
            self.alias(name_ja, known.slug)
            self._complete(known, country=country, name_en=name_en, acronyms=acronyms)
            return known
        parts = unit_parts(bare)
        parent = None
        if parts and name_en and ", " in name_en:
            parent_en = name_en.split(", ", 1)[1]
            parent = self.register_listed(parts[0], parent_en, country=country).slug
        elif parts and (known_parent := self.find(parts[0], by_unit_ending=False)):
            parent = known_parent.slug  # "中国科学院 上海分院": the head is a known organization
        return self._mint(bare, acronyms, name_en, parent, country, scope)

    def resolve_consortium(
        self, name: str, stated: str, counts: dict[str, tuple[int, str]]
    ) -> Organization:
        """A consortium or network printed with its size (``FANTOM2 8カ国約50機関``)."""
        org = self.find(name) or self.find(stated)
        if org is None:
            bare, acronyms = split_acronyms(name)
            slug, basis = self._mint_slug(bare, bare if bare.isascii() else None, None)
            org = self.add(
                Organization(
                    slug=slug,
                    name_ja=bare,
                    kind="consortium",
                    slug_basis=basis,
                    acronyms=set(acronyms),
                )
            )
            self.minted.append(slug)
        org.kind = "consortium"
        org.declared_counts.update(counts)
        if stated != org.name_ja:
            org.variants.add(stated)
        return org

    def _complete(
        self,
        org: Organization,
        *,
        country: str | None = None,
        name_en: str | None = None,
        acronyms: list[str] | tuple[str, ...] = (),
    ) -> None:
        """Fill facts a later source states and an earlier one did not."""
        org.country = org.country or country
        org.acronyms.update(_acronyms(acronyms))
        if name_en and not org.name_en and not org.name_native:
            lang = name_language(name_en)
            if lang == "en":
                org.name_en = name_en
            else:
                org.name_native = (name_en, lang)
            self._index.setdefault(lookup_key(name_en), org.slug)

    def _short_slug(self, slug: str) -> str:
        """A unit's slug starts with its parent's Latin acronym when it has one (``kaist-…``)."""
        acronyms = sorted(a for a in self.by_slug[slug].acronyms if a.isascii() and " " not in a)
        return acronyms[0].lower() if acronyms else slug

    def _mint_slug(self, name_ja: str, name_en: str | None, parent: str | None) -> tuple[str, str]:
        if name_en:
            english = re.sub(r"^the\s+", "", name_en, flags=re.IGNORECASE)
            base, basis = slugify(english, max_length=60, word_boundary=True), "registry-en"
        else:
            parts = unit_parts(name_ja)
            tail = parts[1] if parent and parts else name_ja
            text = f"{self._short_slug(parent)} {romaji(tail)}" if parent else romaji(tail)
            base, basis = slugify(text, max_length=80, word_boundary=True), "romaji-auto"
        slug, n = base or "organization", 2
        while slug in self.by_slug:
            slug, n = f"{base}-{n}", n + 1
        return slug, basis
