"""One error shape for every response: ``{"ok": false, "status": …, "error": {"kind", "message",
…}}``. Domain errors carry their status and kind; the server's own errors (unknown route, wrong
method, a malformed body) get the same envelope; an unexpected exception is a 500 without a
stack trace.

One handler renders every error, negotiated like the rest of the server: a client that prefers
a page (a browser: ``text/html`` above JSON in ``Accept``) gets ``error.html`` with the same
status and message, in the reader's language; any other client gets the JSON envelope.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from wpikg import formats
from wpikg.errors import RequestError
from wpikg.web import pages
from wpikg.web.deps import settings_of

log = logging.getLogger("wpikg.web")

_KINDS = {
    400: "bad-request",
    404: "not-found",
    405: "method-not-allowed",
    413: "limit",
    415: "unsupported-media-type",
}
_PAGE_TYPES = (formats.HTML.media_type, "application/xhtml+xml")
_JSON_TYPES = ("application/json", formats.JSON.media_type, formats.JSONLD.media_type)


def envelope(status: int, kind: str, message: str, **details: object) -> JSONResponse:
    """The JSON error envelope."""
    error = {
        "kind": kind,
        "message": message,
        **{k: v for k, v in details.items() if v is not None},
    }
    return JSONResponse({"ok": False, "status": status, "error": error}, status_code=status)


def prefers_page(accept: str | None) -> bool:
    """Whether a client would rather read an error as a page than as JSON: its ``Accept``
    gives HTML a higher q-value than JSON (a browser does; no header, ``*/*`` and API clients
    do not).

    >>> prefers_page("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    True
    >>> prefers_page(None), prefers_page("*/*"), prefers_page("text/turtle")
    (False, False, False)
    >>> prefers_page("application/sparql-results+json, text/html;q=0.5")
    False
    """
    ranges = formats.parse_accept(accept or "")

    def q(media_type: str) -> float:
        matching = [(spec, r.q) for r in ranges for ok, spec in [r.matches(media_type)] if ok]
        return max(matching)[1] if matching else 0.0

    return max(map(q, _PAGE_TYPES)) > max(map(q, _JSON_TYPES))


def error_response(
    request: Request,
    status: int,
    kind: str,
    message: str,
    details: Mapping[str, object] | None = None,
    *,
    page: bool | None = None,
) -> Response:
    """The error as a page or as the envelope (with ``details``): ``page`` when the caller
    has negotiated the representation already (a resource's extension or ``?format=``), else
    by ``Accept``."""
    if page is None:
        page = prefers_page(request.headers.get("accept"))
    if not page:
        response: Response = envelope(status, kind, message, **(details or {}))
    else:
        view = pages.view_for(request, settings_of(request).base_iri)
        body = pages.render("error.html", view, status=status, message=message)
        response = pages.html_response(request, body, status)
    response.headers["Vary"] = pages.VARY
    return response


async def request_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestError)  # noqa: S101 - registered for RequestError only
    details = {"spec": error.spec_link, **error.details()}
    response = error_response(request, error.status, error.kind, str(error), details)
    response.headers.update(error.headers())  # Allow, WWW-Authenticate, Retry-After
    return response


async def http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)  # noqa: S101 - registered for HTTPException only
    status = error.status_code
    response = error_response(request, status, _KINDS.get(status, "http"), str(error.detail))
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    return response


async def unexpected_error(request: Request, error: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    message = "the server failed to answer; the error is logged"
    try:
        return error_response(request, 500, "internal", message)
    except Exception:  # the page itself failed (templates, settings): the plain envelope
        log.exception("the error page failed too")
        return envelope(500, "internal", message)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestError, request_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)
