"""Saved queries over HTTP (grlc-style: https://github.com/CLARIAH/grlc).

- ``GET /queries``: the saved queries, as JSON, or as a page for a browser (``format=html``
  or an ``Accept`` that prefers ``text/html``);
- ``GET /queries/{name}``: run one, its parameters from the query string, the result negotiated
  like ``/sparql`` (``format=``, ``Accept``, ``timeout=``); an unknown name is a 404, a bad value
  a 400 naming the parameter; a browser (HTML preferred, no ``format=``) is sent to the query UI
  with the bound query, which runs it there;
- the OpenAPI document has one operation per saved query, with its typed parameters.

Queries go through the app's query backend, the same as ``/sparql``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request, Response
from fastapi.responses import RedirectResponse

from wpikg import formats
from wpikg.config import Settings
from wpikg.errors import NotFound, RequestError
from wpikg.queries import Parameter, SavedQuery, load_queries
from wpikg.query_guard import query_form
from wpikg.web import pages, protocol, query_ui
from wpikg.web.deps import query_backend, settings_of
from wpikg.web.sparql import KIND_OF_FORM, negotiate, query_response
from wpikg.workers import QueryRequest

TAG = "saved queries"
_SCHEMAS: dict[str, dict[str, object]] = {
    "iri": {"type": "string", "format": "iri"},
    "date": {"type": "string", "format": "date"},
    "integer": {"type": "integer"},
    "string": {"type": "string"},
    "language": {"type": "string", "pattern": "^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$"},
}


def saved_queries(request: Request) -> Mapping[str, SavedQuery]:
    """The app's saved queries by name (loaded once, when the app is made)."""
    return request.app.state.saved_queries  # type: ignore[no-any-return]


def install(app: FastAPI, settings: Settings) -> None:
    """Load ``queries/*.rq`` and add the routes: a listing, one operation per query, and
    ``/queries/{name}`` for names that are not there (404)."""
    queries = load_queries(settings.project_dir / "queries")
    app.state.saved_queries = queries
    # GET and HEAD answer; the GET route after them is the OpenAPI operation (one operationId).
    app.add_api_route("/queries", list_queries, methods=["GET", "HEAD"], include_in_schema=False)
    app.add_api_route("/queries", list_queries, methods=["GET"], tags=[TAG])
    for saved in queries.values():
        app.add_api_route(
            f"/queries/{saved.name}",
            _runner(saved.name),
            methods=["GET"],
            tags=[TAG],
            summary=saved.title,
            description=_description(saved),
            operation_id=f"query-{saved.name}",
            response_class=Response,
            responses=_responses(saved),
            openapi_extra={"parameters": _openapi_parameters(saved)},
        )
    app.add_api_route("/queries/{name}", run_by_name, methods=["GET"], include_in_schema=False)


async def list_queries(request: Request) -> Response:
    """The saved queries: JSON (``format=json``, the default) or a page (``format=html``)."""
    queries = list(saved_queries(request).values())
    wanted = request.query_params.get("format")
    if wanted not in (None, "json", "html"):
        raise RequestError(f"format must be json or html, not {wanted!r}")
    browser = query_ui.prefers_html(request.headers.get("accept"))
    if wanted == "html" or (wanted is None and browser):
        page = query_ui.render_page(request, "queries.html", queries=queries)
        return pages.html_response(request, page, headers={"Vary": pages.VARY})
    body = json.dumps({"queries": [q.summary() for q in queries]}, ensure_ascii=False)
    return Response(body, media_type="application/json", headers={"Vary": pages.VARY})


def _runner(name: str) -> Callable[[Request], Awaitable[Response]]:
    async def run(request: Request) -> Response:
        return await run_saved(request, name)

    run.__name__ = f"query_{name.replace('-', '_')}"
    return run


async def run_by_name(request: Request, name: str) -> Response:
    return await run_saved(request, name)


async def run_saved(request: Request, name: str) -> Response:
    """Bind the query string to the saved query ``name``, run it, answer like ``/sparql``."""
    saved = saved_queries(request).get(name)
    if saved is None:
        raise NotFound(f"no saved query named {name!r}; GET /queries lists them")
    settings = settings_of(request)
    values = _single_values(request)
    format_param, timeout = values.pop("format", None), values.pop("timeout", None)
    query = saved.bind(values)
    if format_param is None and query_ui.prefers_html(request.headers.get("accept")):
        # A person: the query UI with this query loaded, where it runs and can be changed.
        ui = "/query?" + urlencode({"query": saved.editor_text(values)})
        return RedirectResponse(ui, status_code=303, headers={"Vary": "Accept"})
    query_form(query, tuple(settings.service_allow))
    fmt = negotiate(request, KIND_OF_FORM[saved.form], format_param)
    asked_ms = protocol.parse_timeout(timeout)
    limit_ms = min(settings.query_time_limit_ms, asked_ms or math.inf)
    reply = await query_backend(request).run(
        QueryRequest(query, fmt.name, settings.max_result_rows), timeout_s=limit_ms / 1000
    )
    return query_response(reply, settings)


def _single_values(request: Request) -> dict[str, str]:
    """The query string as a mapping; a parameter given twice is a 400."""
    values: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in values:
            raise RequestError(f"parameter {key!r} is given more than once")
        values[key] = value
    return values


# -- the OpenAPI description --------------------------------------------------------------------
def _description(saved: SavedQuery) -> str:
    return (
        f"{saved.description('en')}\n\n{saved.title_in('ja')}: {saved.description('ja')}\n\n"
        f"Tags: {', '.join(saved.tags)}. Default view: {saved.view}."
    )


def _openapi_parameters(saved: SavedQuery) -> list[dict[str, Any]]:
    kind = KIND_OF_FORM[saved.form]
    parameters = [_openapi_parameter(p) for p in saved.parameters]
    parameters.append(
        {
            "name": "format",
            "in": "query",
            "required": False,
            "description": "Result format (overrides Accept)",
            "schema": {"type": "string", "enum": [f.name for f in formats.OFFERED[kind]]},
        }
    )
    parameters.append(
        {
            "name": "timeout",
            "in": "query",
            "required": False,
            "description": "Time limit in milliseconds (at most the server's)",
            "schema": {"type": "integer", "minimum": 1},
        }
    )
    return parameters


def _openapi_parameter(parameter: Parameter) -> dict[str, Any]:
    schema = dict(_SCHEMAS[parameter.type])
    if parameter.default is not None:
        schema["default"] = (
            int(parameter.default) if parameter.type == "integer" else (parameter.default)
        )
    if parameter.minimum is not None:
        schema["minimum"] = parameter.minimum
    if parameter.maximum is not None:
        schema["maximum"] = parameter.maximum
    description = f"{parameter.description('en')} / {parameter.description('ja')}"
    if parameter.langs:
        description += f" (language tags: {', '.join(parameter.langs)}; write text@tag)"
    return {
        "name": parameter.name,
        "in": "query",
        "required": parameter.required and parameter.default is None,
        "description": description,
        "schema": schema,
    }


def _responses(saved: SavedQuery) -> dict[int | str, dict[str, Any]]:
    kind = KIND_OF_FORM[saved.form]
    return {
        200: {
            "description": "The query's result, in the negotiated format",
            "content": {f.media_type: {} for f in formats.OFFERED[kind]},
        },
        400: {"description": "A parameter value that does not fit (the error names it)"},
        406: {"description": "None of the offered formats is acceptable"},
        503: {"description": "The query ran past its time limit"},
    }
