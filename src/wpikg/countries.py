"""Countries and regions as ISO 3166-1 alpha-2 SKOS concepts, found by their Japanese names.

Names come from pycountry's Japanese locale plus ``data/registry/country-aliases.tsv`` for the
forms the sources print that the locale lacks (``ジョージア``, ``台湾``, short prefixes such as
``アメリカ``). Taiwan and Hong Kong are labelled as the regions the sources call them.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pycountry

from wpikg.text import clean, lookup_key, read_tsv

REGIONS = frozenset({"TW", "HK"})


@dataclass(frozen=True)
class Country:
    """An ISO 3166-1 country or region with its labels."""

    alpha2: str
    label_ja: str
    label_en: str

    @property
    def is_region(self) -> bool:
        return self.alpha2 in REGIONS


class CountryIndex:
    """Japanese name → :class:`Country`."""

    def __init__(self, aliases_path: Path) -> None:
        self._aliases = read_tsv(aliases_path)
        self._ja = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ja"])

    @cached_property
    def _by_key(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for record in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                if value := getattr(record, attr, None):
                    names[lookup_key(self._ja.gettext(value))] = record.alpha_2
        for alias in self._aliases:
            names[lookup_key(alias["name"])] = alias["alpha2"]
        return names

    def lookup(self, name: str) -> Country | None:
        """The country a Japanese name denotes, or None.

        >>> from wpikg.config import Settings
        >>> index = CountryIndex(Settings().registry_dir / "country-aliases.tsv")
        >>> index.lookup("中華人民共和國").alpha2, index.lookup("ジョージア").label_en
        ('CN', 'Georgia')
        """
        alpha2 = self._by_key.get(lookup_key(name))
        return self.get(alpha2) if alpha2 else None

    def split_prefix(self, text: str) -> tuple[Country | None, str]:
        """A leading country name followed by a space or ``・`` (``アメリカ アリゾナ大学``).

        >>> from wpikg.config import Settings
        >>> index = CountryIndex(Settings().registry_dir / "country-aliases.tsv")
        >>> index.split_prefix("ロシア・カザン大学")[0].alpha2
        'RU'
        >>> index.split_prefix("韓国国家研究素材センター")[1]
        '韓国国家研究素材センター'
        """
        cleaned = clean(text)
        for sep in (" ", "・"):
            head, found, rest = cleaned.partition(sep)
            if found and rest and (country := self.lookup(head)):
                return country, rest.strip()
        return None, cleaned

    def names_ja(self, alpha2: str) -> set[str]:
        """Every Japanese name known for a country (pycountry's and the aliases)."""
        record = pycountry.countries.get(alpha_2=alpha2)
        names = {
            clean(self._ja.gettext(value))
            for attr in ("name", "official_name", "common_name")
            if record is not None and (value := getattr(record, attr, None))
        }
        names |= {a["name"] for a in self._aliases if a["alpha2"] == alpha2}
        return {n for n in names if any(ord(c) > 0x2FFF for c in n)}

    def get(self, alpha2: str) -> Country:
        """The country with this code, with its preferred labels."""
        record = pycountry.countries.get(alpha_2=alpha2)
        if record is None:
            raise KeyError(f"not an ISO 3166-1 alpha-2 code: {alpha2!r}")
        preferred = [a for a in self._aliases if a["alpha2"] == alpha2]
        label_ja = next((a["name"] for a in preferred if a["preferred_ja"] == "yes"), None)
        if label_ja is None:
            official = getattr(record, "official_name", None)
            label_ja = self._ja.gettext(official) if official else self._ja.gettext(record.name)
        label_en = next((a["en_label"] for a in preferred if a["en_label"]), None)
        label_en = label_en or getattr(record, "common_name", None) or record.name
        return Country(alpha2, clean(label_ja), label_en)
