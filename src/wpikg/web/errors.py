"""One error shape for every response: ``{"ok": false, "status": …, "error": {"kind", "message",
…}}``. Domain errors carry their status and kind; the server's own errors (unknown route, wrong
method) get the same envelope; an unexpected exception is a 500 without a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from wpikg.errors import RequestError

log = logging.getLogger("wpikg.web")

_KINDS = {404: "not-found", 405: "method-not-allowed", 413: "limit", 415: "unsupported-media-type"}


def envelope(status: int, kind: str, message: str, **details: object) -> JSONResponse:
    error = {
        "kind": kind,
        "message": message,
        **{k: v for k, v in details.items() if v is not None},
    }
    return JSONResponse({"ok": False, "status": status, "error": error}, status_code=status)


async def request_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestError)  # noqa: S101 - registered for RequestError only
    response = envelope(
        error.status, error.kind, str(error), spec=error.spec_link, **error.details()
    )
    if error.status == 405:
        response.headers["Allow"] = "GET, POST, HEAD, OPTIONS"
    return response


async def http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)  # noqa: S101 - registered for HTTPException only
    response = envelope(error.status_code, _KINDS.get(error.status_code, "http"), str(error.detail))
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    return response


async def unexpected_error(request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return envelope(500, "internal", "the server failed to answer; the error is logged")


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestError, request_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)
