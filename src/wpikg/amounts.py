"""Amounts, percentages and the comparators printed with them (data-model.md §3).

Yen amounts are exact ``Decimal`` values (万 = 10⁴, 億 = 10⁸, 兆 = 10¹²), never floats; the
Japanese words around a number decide its comparator (``約`` ≈, ``以上`` ≥, ``超`` >, …).
"""

from __future__ import annotations

import re
from decimal import Decimal

from wpikg.dates import normalize

_UNITS = {"万": Decimal(10) ** 4, "億": Decimal(10) ** 8, "兆": Decimal(10) ** 12}
_YEN = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>[万億兆])?円")
_PERCENT = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*%")

#: Words that qualify a printed number, checked in this order (the first that occurs wins).
_COMPARATOR_WORDS: tuple[tuple[str, str], ...] = (
    (r"近く", "approx-below"),
    (r"以上", "gte"),
    (r"を?(?:大きく)?超え|超", "gt"),
    (r"約|程度|概ね|およそ", "approx"),
    (r"以下|最大|^[~～〜]", "lte"),
    (r"未満", "lt"),
)


def yen(text: str) -> Decimal | None:
    """The first yen amount in ``text`` as an exact number of yen, or None.

    >>> yen("70億円"), yen("年間最大7億円を10年間支援"), yen("～14億円／年程度")
    (Decimal('7000000000'), Decimal('700000000'), Decimal('1400000000'))
    >>> yen("約14億円の寄附"), yen("9拠点支援") is None
    (Decimal('1400000000'), True)
    """
    m = _YEN.search(normalize(text))
    if m is None:
        return None
    value = Decimal(m["n"]) * _UNITS.get(m["unit"] or "", Decimal(1))
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def percent(text: str) -> Decimal | None:
    """The first percentage in ``text`` (0–100 scale), or None.

    >>> percent("41%"), percent("（7.8%, 2017年）"), percent("3割") is None
    (Decimal('41'), Decimal('7.8'), True)
    """
    m = _PERCENT.search(normalize(text))
    return Decimal(m["n"]) if m else None


def comparator(text: str) -> str:
    """The comparator code (``kgv:comparator``) a printed number carries; ``eq`` if none.

    The Japanese governs: ``20以上`` is ≥ 20.

    >>> [comparator(t) for t in ("40%以上", "40%超", "約17%減少", "最大7億円", "18.7人")]
    ['gte', 'gt', 'approx', 'lte', 'eq']
    >>> comparator("10%を大きく超える"), comparator("200名近く"), comparator("3割程度以上")
    ('gt', 'approx-below', 'gte')
    >>> comparator("~14億円/年程度"), comparator("~14億円/年")
    ('approx', 'lte')
    """
    cell = normalize(text)
    return next((code for pattern, code in _COMPARATOR_WORDS if re.search(pattern, cell)), "eq")
