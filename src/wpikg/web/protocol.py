"""Reading a SPARQL 1.1 Protocol request (https://www.w3.org/TR/sparql11-protocol/ §2.1):
query via GET, via URL-encoded POST, or directly as the POST body; dataset parameters;
the limits a request may tighten. Pure functions over the request's parts."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from wpikg.errors import (
    PayloadTooLarge,
    RequestError,
    UnsupportedMediaType,
    UpdateForbidden,
)

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class ProtocolRequest:
    """What the client asked: the query (or None: no query at all), the dataset, options."""

    query: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    format_param: str | None
    timeout_ms: int | None


def parse(
    method: str,
    url_params: list[tuple[str, str]],
    content_type: str | None,
    body: bytes,
    max_query_chars: int,
) -> ProtocolRequest:
    """The protocol request, or an error saying what is wrong with it."""
    params = list(url_params)
    queries = [v for k, v in params if k == "query"]
    if method == "POST":
        media_type = (content_type or "").split(";")[0].strip().lower()
        if media_type == FORM:
            form = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)
            if any(k == "update" for k, _ in form):
                raise UpdateForbidden("SPARQL Update is not allowed on this endpoint")
            params += form
            queries += [v for k, v in form if k == "query"]
        elif media_type == DIRECT:
            queries.append(body.decode("utf-8", errors="replace"))
        elif media_type == UPDATE:
            raise UpdateForbidden("SPARQL Update is not allowed on this endpoint")
        else:
            raise UnsupportedMediaType(
                f"a POST must be {FORM} or {DIRECT}, not {media_type or 'without a type'}"
            )
    if len(queries) > 1:
        raise RequestError("the request holds more than one query")
    query = queries[0] if queries else None
    if query is not None and not query.strip():
        raise RequestError("the query is empty")
    if query is not None and len(query) > max_query_chars:
        raise PayloadTooLarge(f"the query is longer than {max_query_chars} characters")
    return ProtocolRequest(
        query=query,
        default_graphs=tuple(v for k, v in params if k == "default-graph-uri"),
        named_graphs=tuple(v for k, v in params if k == "named-graph-uri"),
        format_param=_one(params, "format"),
        timeout_ms=parse_timeout(_one(params, "timeout")),
    )


def _one(params: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise RequestError(f"the parameter {name!r} is given more than once")
    return values[0] if values else None


def parse_timeout(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or int(value) == 0:
        raise RequestError(f"timeout must be a positive number of milliseconds, not {value!r}")
    return int(value)
