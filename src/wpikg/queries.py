"""Saved SPARQL queries: ``queries/*.rq`` files that describe themselves, and their parameters.

Each file is a complete SPARQL query whose ``#+`` lines form a YAML header, read as grlc reads
its decorators (https://github.com/CLARIAH/grlc) with a safe loader that also refuses a key
given twice: ``title`` and ``description`` in English and Japanese, ``tags``, ``parameters``
(name → type, default, description), the result ``view`` (``table``, ``bar``, ``timeline``)
and the ``chart`` columns that view draws.

Parameters are typed (``iri``, ``date``, ``integer``, ``string`` with a language tag,
``language``) and validated into pyoxigraph terms, which are written into one ``VALUES`` block
with pyoxigraph's own N-Triples term syntax, so a value is always one RDF term and can never
change the query's structure. The block is the first element of the query's top-level
``WHERE`` group rather than a trailing ``VALUES`` clause: a trailing one is joined after
``FILTER``, ``GROUP BY`` and ``HAVING`` (SPARQL 1.1 §18.2.4.3), so ``FILTER (?start <= ?date)``
would never see ``?date``. Binding is plain text, so it works with the embedded store and any
remote endpoint alike.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph
import yaml

from wpikg.errors import RequestError, WpikgError
from wpikg.namespaces import PREFIXES
from wpikg.query_guard import QUERY_FORMS
from wpikg.query_guard import TOKEN as SPARQL_TOKEN

LANGUAGES = ("en", "ja")
PARAMETER_TYPES = ("iri", "date", "integer", "string", "language")
VIEWS = ("table", "bar", "timeline")
#: Query-string names the ``/queries/{name}`` endpoint keeps for itself.
RESERVED = frozenset({"format", "timeout"})
MAX_VALUE_CHARS = 2000
# Whole strings (used with ``fullmatch``: ``$`` would let a trailing newline through).
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_ESCAPED_U = re.compile(r"(?<!\\)((?:\\\\)+)([uU])")  # \\u after escaped backslashes
_CJK = "\u3000-\u30ff\u3400-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_HEADER_KEYS = frozenset({"title", "description", "tags", "parameters", "view", "chart"})
_PARAMETER_KEYS = frozenset({"type", "default", "required", "description", "langs", "min", "max"})


class QueryFileError(WpikgError):
    """A saved query file that cannot be used: says which file and what is wrong."""


class ParameterError(RequestError):
    """A parameter value that does not fit the saved query: a 400 naming the parameter."""

    spec_link = "https://www.w3.org/TR/sparql11-query/#inline-data"

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"parameter {parameter!r}: {message}")
        self.parameter = parameter

    def details(self) -> dict[str, object]:
        return {"parameter": self.parameter}


@dataclass(frozen=True)
class Parameter:
    """A typed query parameter; ``name`` is the SPARQL variable it binds (without ``?``)."""

    name: str
    type: str
    descriptions: Mapping[str, str]
    default: str | None = None
    required: bool = True
    langs: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    def description(self, lang: str = "en") -> str:
        return self.descriptions.get(lang) or self.descriptions["en"]

    def term(self, raw: str) -> pyoxigraph.NamedNode | pyoxigraph.Literal:
        """The RDF term a raw value stands for, or a :class:`ParameterError` saying why not.

        >>> Parameter("d", "date", {"en": ""}).term("2015-04-01").value
        '2015-04-01'
        >>> Parameter("d", "date", {"en": ""}).term("2015-02-30")
        Traceback (most recent call last):
        wpikg.queries.ParameterError: parameter 'd': '2015-02-30' is not a date (YYYY-MM-DD)
        """
        if len(raw) > MAX_VALUE_CHARS:
            raise ParameterError(self.name, f"longer than {MAX_VALUE_CHARS} characters")
        return _PARSERS[self.type](self, raw)

    def summary(self) -> dict[str, object]:
        """What a client needs to fill the parameter in (the JSON listing)."""
        return {
            "name": self.name,
            "type": self.type,
            "default": self.default,
            "required": self.required,
            "description": dict(self.descriptions),
            **({"langs": list(self.langs)} if self.langs else {}),
            **({"min": self.minimum} if self.minimum is not None else {}),
            **({"max": self.maximum} if self.maximum is not None else {}),
        }


def _iri(parameter: Parameter, raw: str) -> pyoxigraph.NamedNode:
    """An absolute http(s) or urn IRI, or a prefixed name with one of the project's prefixes."""
    value = raw.strip()
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        value = PREFIXES[prefix] + local
    if not re.match(r"^(?:https?://[^/?#\s]+|urn:[A-Za-z0-9][A-Za-z0-9-]*:)", value):
        raise ParameterError(
            parameter.name, f"{raw!r} is not an http(s) or urn IRI, nor a known prefixed name"
        )
    try:
        return pyoxigraph.NamedNode(value)
    except ValueError as error:
        raise ParameterError(parameter.name, f"{raw!r} is not an IRI: {error}") from None


def _date(parameter: Parameter, raw: str) -> pyoxigraph.Literal:
    value = raw.strip()
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError(value)
        date.fromisoformat(value)
    except ValueError:
        raise ParameterError(parameter.name, f"{raw!r} is not a date (YYYY-MM-DD)") from None
    return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(PREFIXES["xsd"] + "date"))


def _integer(parameter: Parameter, raw: str) -> pyoxigraph.Literal:
    value = raw.strip()
    if not re.fullmatch(r"[+-]?[0-9]{1,18}", value):
        raise ParameterError(parameter.name, f"{raw!r} is not an integer")
    number = int(value)
    if parameter.minimum is not None and number < parameter.minimum:
        raise ParameterError(parameter.name, f"{number} is below the minimum {parameter.minimum}")
    if parameter.maximum is not None and number > parameter.maximum:
        raise ParameterError(parameter.name, f"{number} is above the maximum {parameter.maximum}")
    return pyoxigraph.Literal(
        str(number), datatype=pyoxigraph.NamedNode(PREFIXES["xsd"] + "integer")
    )


def _string(parameter: Parameter, raw: str) -> pyoxigraph.Literal:
    """A language-tagged string: ``text`` (the first allowed tag) or ``text@tag``."""
    text, lang = raw, parameter.langs[0]
    for tag in parameter.langs:
        if raw.endswith("@" + tag):
            text, lang = raw[: -len(tag) - 1], tag
    if not text.strip():
        raise ParameterError(parameter.name, "is empty")
    return pyoxigraph.Literal(text, language=lang)


def _language(parameter: Parameter, raw: str) -> pyoxigraph.Literal:
    value = raw.strip()
    if not _LANGUAGE_TAG.fullmatch(value):
        raise ParameterError(parameter.name, f"{raw!r} is not a language tag (BCP 47)")
    return pyoxigraph.Literal(value.lower())


_PARSERS = {
    "iri": _iri,
    "date": _date,
    "integer": _integer,
    "string": _string,
    "language": _language,
}


@dataclass(frozen=True)
class SavedQuery:
    """One ``queries/{name}.rq`` file: its header, its query and where parameters go."""

    name: str
    titles: Mapping[str, str]
    descriptions: Mapping[str, str]
    tags: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    view: str
    chart: Mapping[str, object]
    text: str
    form: str
    where_at: int | None = field(default=None, repr=False)

    @property
    def title(self) -> str:
        """The English title (``title_in(lang)`` for another language)."""
        return self.titles["en"]

    def title_in(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles["en"]

    def description(self, lang: str = "en") -> str:
        return self.descriptions.get(lang) or self.descriptions["en"]

    def bind(self, values: Mapping[str, str] | None = None) -> str:
        """The query with its parameters bound (defaults where a value is not given).

        Unknown parameters, missing required ones and values that do not fit their type are a
        :class:`ParameterError`.
        """
        values = dict(values or {})
        known = {p.name for p in self.parameters}
        for name in values:
            if name not in known:
                takes = ", ".join(sorted(known)) or "no parameters"
                raise ParameterError(name, f"unknown; {self.name} takes {takes}")
        if self.where_at is None:
            return _without_header(self.text)
        terms = [self._term(p, values.get(p.name)) for p in self.parameters]
        names = " ".join(f"?{p.name}" for p in self.parameters)
        block = f"\n  VALUES ({names}) {{ ({' '.join(terms)}) }}"
        return _without_header(self.text[: self.where_at] + block + self.text[self.where_at :])

    def _term(self, parameter: Parameter, raw: str | None) -> str:
        chosen = raw if raw is not None and raw != "" else parameter.default
        if chosen is None:
            if parameter.required:
                raise ParameterError(parameter.name, "is required")
            return "UNDEF"
        return sparql_term(parameter.term(chosen))

    def editor_text(self, values: Mapping[str, str] | None = None) -> str:
        """What the query UI loads: a title comment and the query, bound (defaults where no
        value is given)."""
        head = "".join(f"# {self.title_in(lang)}\n" for lang in LANGUAGES)
        return head + self.bind(values).rstrip() + "\n"

    def summary(self) -> dict[str, object]:
        """The JSON description of the query (``GET /queries``)."""
        return {
            "name": self.name,
            "title": dict(self.titles),
            "description": dict(self.descriptions),
            "tags": list(self.tags),
            "form": self.form,
            "view": self.view,
            "chart": dict(self.chart),
            "parameters": [p.summary() for p in self.parameters],
            "url": f"/queries/{self.name}",
            "query": self.editor_text(),
        }


def sparql_term(term: pyoxigraph.NamedNode | pyoxigraph.Literal) -> str:
    r"""A term in SPARQL syntax: pyoxigraph's N-Triples form, except that a ``u`` or ``U``
    after an escaped backslash is written ``\U00000075`` or ``\U00000055``. SPARQL reads
    ``\uXXXX`` anywhere before parsing (§19.2), so a value's ``\u0022`` would become a quote;
    eight digits, because rdflib's reader also takes ``\u`` with eight hex digits.

    >>> print(sparql_term(pyoxigraph.Literal(r"a\u0022", language="en")))
    "a\\\U000000750022"@en
    """
    return _ESCAPED_U.sub(lambda m: m[1] + f"\\U{ord(m[2]):08X}", str(term))


# -- loading ------------------------------------------------------------------------------------
def load_queries(folder: Path) -> dict[str, SavedQuery]:
    """Every ``*.rq`` file of ``folder`` by name (sorted); no folder means no saved queries."""
    if not folder.is_dir():
        return {}
    queries = [load_query(path) for path in sorted(folder.glob("*.rq"))]
    return {q.name: q for q in queries}


def load_query(path: Path) -> SavedQuery:
    """One saved query file, checked: a :class:`QueryFileError` says which file and why."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QueryFileError(f"{path}: cannot be read: {error}") from None
    try:
        return parse_query(path.stem, text)
    except QueryFileError as error:
        raise QueryFileError(f"{path}: {error}") from None


def parse_query(name: str, text: str) -> SavedQuery:
    """A saved query from its name and text (``#+`` header and SPARQL)."""
    if not _NAME.fullmatch(name):
        raise QueryFileError(f"the name {name!r} must be lower-case letters, digits and '-'")
    header = _header(text)
    parameters = _parameters(header.get("parameters") or {}, text)
    form = _form(text)
    where_at = _where_position(text) if parameters else None
    if parameters and where_at is None:
        raise QueryFileError("a query with parameters needs a top-level 'WHERE {'")
    view = header.get("view", "table")
    if view not in VIEWS:
        raise QueryFileError(f"view {view!r} is not one of {', '.join(VIEWS)}")
    chart = _chart(header.get("chart") or {})
    tags = header.get("tags") or []
    if not isinstance(tags, list) or not tags or not all(isinstance(t, str) for t in tags):
        raise QueryFileError("tags must be a non-empty list of words")
    return SavedQuery(
        name,
        _localized(header, "title"),
        _localized(header, "description"),
        tuple(tags),
        parameters,
        view,
        chart,
        text,
        form,
        where_at,
    )


class _UniqueKeyLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses a key given twice (YAML would keep the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:  # type: ignore[override]
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        if twice := sorted({str(k) for k in keys if keys.count(k) > 1}):
            raise yaml.constructor.ConstructorError(
                None, None, f"key given twice: {', '.join(twice)}", node.start_mark
            )
        return super().construct_mapping(node, deep=deep)


def _header(text: str) -> dict[str, object]:
    """The ``#+`` lines as YAML (grlc ``get_yaml_decorators``)."""
    lines = [line[2:] for line in text.splitlines() if line.startswith("#+")]
    try:
        header = yaml.load("\n".join(lines), Loader=_UniqueKeyLoader) or {}  # noqa: S506
    except yaml.YAMLError as error:
        raise QueryFileError(f"the '#+' header is not valid YAML: {error}") from None
    if not isinstance(header, dict):
        raise QueryFileError("the '#+' header must be a YAML mapping")
    unknown = set(header) - _HEADER_KEYS
    if unknown:
        raise QueryFileError(f"unknown header keys: {', '.join(sorted(map(str, unknown)))}")
    return header


def _localized(header: Mapping[str, object], key: str) -> dict[str, str]:
    value = header.get(key)
    if not isinstance(value, dict) or not all(
        isinstance(value.get(lang), str) and value[lang].strip() for lang in LANGUAGES
    ):
        raise QueryFileError(f"{key} needs a text for each of: {', '.join(LANGUAGES)}")
    return {lang: _one_line(str(value[lang])) for lang in value}


def _one_line(text: str) -> str:
    """Folded YAML as one line, without the spaces folding puts between CJK characters.

    >>> _one_line("示す。\\n同じ機関 (ISSP)")
    '示す。同じ機関 (ISSP)'
    """
    return _CJK_GAP.sub("", " ".join(text.split()))


def _chart(chart: object) -> dict[str, str | list[str]]:
    """Which result columns a chart draws: ``label``, ``value`` (one or a list), ``start``,
    ``end``."""
    if not isinstance(chart, dict) or not set(chart) <= {"label", "value", "start", "end"}:
        raise QueryFileError("chart must be a mapping of label, value, start and end to columns")
    for key, columns in chart.items():
        listed = columns if isinstance(columns, list) else [columns]
        if not listed or not all(isinstance(c, str) and _VARIABLE.fullmatch(c) for c in listed):
            raise QueryFileError(f"chart {key} must name result columns")
    return chart


def _parameters(declared: object, text: str) -> tuple[Parameter, ...]:
    if not isinstance(declared, dict):
        raise QueryFileError("parameters must be a mapping of name to its description")
    return tuple(_parameter(str(name), spec, text) for name, spec in declared.items())


def _parameter(name: str, spec: object, text: str) -> Parameter:
    where = f"parameter {name!r}"
    if not isinstance(spec, dict):
        raise QueryFileError(f"{where} must be a mapping")
    if not _VARIABLE.fullmatch(name) or name in RESERVED:
        raise QueryFileError(f"{where}: not a usable variable name")
    if unknown := set(spec) - _PARAMETER_KEYS:
        raise QueryFileError(f"{where}: unknown keys {', '.join(sorted(map(str, unknown)))}")
    if spec.get("type") not in PARAMETER_TYPES:
        raise QueryFileError(f"{where}: type must be one of {', '.join(PARAMETER_TYPES)}")
    if not re.search(rf"[?$]{name}\b", _without_comments(text)):
        raise QueryFileError(f"{where}: the query never uses ?{name}")
    langs = tuple(spec.get("langs") or ())
    if spec["type"] == "string" and not (langs and all(_LANGUAGE_TAG.fullmatch(t) for t in langs)):
        raise QueryFileError(f"{where}: a string parameter needs 'langs' (language tags)")
    default = spec.get("default")
    parameter = Parameter(
        name,
        spec["type"],
        _localized(spec, "description"),
        None if default is None else str(default),
        bool(spec.get("required", True)),
        langs,
        spec.get("min"),
        spec.get("max"),
    )
    if parameter.default is not None:
        try:
            parameter.term(parameter.default)
        except ParameterError as error:
            raise QueryFileError(f"{where}: the default is invalid: {error}") from None
    return parameter


def _without_header(text: str) -> str:
    """The query without its ``#+`` header lines."""
    kept = (line for line in text.splitlines(keepends=True) if not line.startswith("#+"))
    return "".join(kept).lstrip("\n")


def _without_comments(text: str) -> str:
    """The lines that are not comments (where a parameter's use counts)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _form(text: str) -> str:
    """The query form, from the first keyword after the prologue."""
    for match in SPARQL_TOKEN.finditer(text):
        word = match.group().upper()
        if match.lastgroup == "name" and word not in ("PREFIX", "BASE") and ":" not in word:
            if word in QUERY_FORMS:
                return word
            raise QueryFileError(f"not a query (starts with {match.group()!r})")
    raise QueryFileError("holds no query")


def _where_position(query: str) -> int | None:
    """The offset just after the ``{`` that opens the top-level ``WHERE`` group (comments,
    strings and IRIs are read as tokens, so a brace inside them does not count).

    >>> _where_position('SELECT * WHERE { ?s ?p "{" } # {')
    16
    """
    depth, after_where = 0, False
    for match in SPARQL_TOKEN.finditer(query):
        kind, lexeme = match.lastgroup, match.group()
        if kind in ("space", "comment"):
            continue
        if lexeme == "{":
            if depth == 0 and after_where:
                return match.end()
            depth += 1
        elif lexeme == "}":
            depth -= 1
        after_where = depth == 0 and kind == "name" and lexeme.upper() == "WHERE"
    return None
