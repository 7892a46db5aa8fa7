"""What a public endpoint must refuse before a query reaches the store.

pyoxigraph evaluates ``SERVICE`` by fetching any IRI, and its query parser is not exposed to
Python, so the check works on tokens (https://www.w3.org/TR/sparql11-query/#grammar): comments,
strings and IRIs are read as such, so ``"SERVICE"`` in a literal or ``# SERVICE`` in a comment
is not a ``SERVICE`` clause, while ``service``, ``SeRvIcE`` and prefixed names are.

- SPARQL Update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``…)
  → :class:`UpdateForbidden`;
- ``SERVICE`` whose endpoint is not on the allow-list (empty by default), or is a variable
  → :class:`ServiceForbidden`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from wpikg.errors import ServiceForbidden, UpdateForbidden

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)

TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^\\]|\\.)*?\"\"\"|'''(?:[^\\]|\\.)*?'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)
  | (?P<name>(?:[A-Za-z_\u00c0-\uffff][\w\-.\u00b7\u00c0-\uffff]*)?
             :(?:[\w\-.:%\\\u00b7\u00c0-\uffff]*)
             |[A-Za-z_][\w\-\u00c0-\uffff]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str  # string, iri, var, number, name, other
    text: str


def tokens(query: str) -> Iterator[Token]:
    """The tokens of a query, without white space and comments."""
    for match in TOKEN.finditer(query):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield Token(kind, match.group())


@lru_cache(maxsize=4096)
def query_form(query: str, service_allow: tuple[str, ...] = ()) -> str:
    """The query's form (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``) after checking it.
    Cached per query text, so a repeated query is not read again (a refusal is not cached).

    >>> query_form("PREFIX ex: <http://ex/> SELECT * WHERE { ?s ex:p 'SERVICE' } # SERVICE")
    'SELECT'
    >>> query_form("select * { SERVICE <http://evil.example/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    wpikg.errors.ServiceForbidden: SERVICE <http://evil.example/> is not allowed on this endpoint
    """
    stream = list(tokens(query))
    prefixes = _prologue(stream)
    form = next(
        (
            word
            for t in stream
            if t.kind == "name"
            and ":" not in t.text
            and (word := t.text.upper()) not in ("PREFIX", "BASE")
        ),
        "",
    )
    if form in UPDATE_KEYWORDS:
        raise UpdateForbidden(f"SPARQL Update ({form}) is not allowed on this endpoint")
    for position, token in enumerate(stream):
        if token.kind == "name" and token.text.upper() == "SERVICE":
            _check_service(stream[position + 1 :], prefixes, service_allow)
    return form if form in QUERY_FORMS else ""


def _prologue(stream: list[Token]) -> dict[str, str]:
    """``PREFIX p: <iri>`` declarations, so that ``SERVICE p:x`` can be expanded."""
    prefixes = {}
    for index, token in enumerate(stream[:-2]):
        if token.kind == "name" and token.text.upper() == "PREFIX":
            name, iri = stream[index + 1], stream[index + 2]
            if name.kind == "name" and iri.kind == "iri":
                prefixes[name.text.rstrip(":")] = iri.text[1:-1]
    return prefixes


def _check_service(
    rest: list[Token], prefixes: dict[str, str], service_allow: Sequence[str]
) -> None:
    if rest and rest[0].kind == "name" and rest[0].text.upper() == "SILENT":
        rest = rest[1:]
    target = rest[0] if rest else Token("other", "")
    endpoint = None
    if target.kind == "iri":
        endpoint = target.text[1:-1]
    elif target.kind == "name" and ":" in target.text:
        prefix, _, local = target.text.partition(":")
        if prefix in prefixes:
            endpoint = prefixes[prefix] + local
    if endpoint is None or not any(endpoint.startswith(allowed) for allowed in service_allow):
        shown = f"<{endpoint}>" if endpoint else target.text or "(nothing)"
        raise ServiceForbidden(f"SERVICE {shown} is not allowed on this endpoint")


@lru_cache(maxsize=4096)
def top_level_limit(query: str) -> int | None:
    """The ``LIMIT`` of the query itself (not of a sub-query), if it has one. A result that
    cannot exceed it needs no row cap, so pyoxigraph can write it whole.

    >>> top_level_limit("SELECT * { { SELECT ?s { ?s ?p ?o } LIMIT 9 } } ORDER BY ?s LIMIT 50")
    50
    >>> top_level_limit("SELECT * { { SELECT ?s { ?s ?p ?o } LIMIT 9 } }") is None
    True
    """
    depth, limit = 0, None
    stream = list(tokens(query))
    for token, following in zip(stream, stream[1:], strict=False):
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
        elif depth == 0 and token.kind == "name" and token.text.upper() == "LIMIT":
            limit = int(following.text) if following.text.isdigit() else None
    return limit
