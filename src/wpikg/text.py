"""Japanese text normalization shared by every lookup (countries, organizations, units)."""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

# Old (kyūjitai) and traditional forms the sources print, mapped to the forms the registry uses.
_OLD_FORMS = str.maketrans(
    {"國": "国", "學": "学", "醫": "医", "與": "与", "會": "会", "體": "体", "圓": "円", "廣": "広"}
)
_PARENTHESIS = str.maketrans({"（": "(", "）": ")"})


def clean(text: str) -> str:
    """NFKC, ASCII parentheses and single spaces: the form facts are stored in.

    >>> clean("国立交通大学　理学部（南）")
    '国立交通大学 理学部(南)'
    """
    text = unicodedata.normalize("NFKC", text).translate(_PARENTHESIS)
    return re.sub(r"\s+", " ", text).strip()


def lookup_key(text: str) -> str:
    """The key names are matched on: cleaned, old forms modernized, no spaces, ``・`` or ``、``.

    >>> lookup_key("浙江大學 医学院") == lookup_key("浙江大学医学院")
    True
    """
    key = clean(text).translate(_OLD_FORMS)
    return re.sub(r"[\s・·、]", "", key).casefold()


def has_japanese(text: str) -> bool:
    """Whether a string holds kana or kanji.

    >>> has_japanese("Kavli IPMU"), has_japanese("カブリ")
    (False, True)
    """
    return bool(re.search(r"[\u3040-\u30ff\u3400-\u9fff]", text))


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated registry file; ``#`` lines are comments, the last one names the
    columns."""
    columns: list[str] = []
    rows: list[dict[str, str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if line.startswith("#"):
                if "\t" in line:
                    columns = line[1:].strip().split("\t")
                continue
            if not line.strip():
                continue
            values = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
            rows.append(
                dict(zip(columns, values + [""] * (len(columns) - len(values)), strict=True))
            )
    return rows
