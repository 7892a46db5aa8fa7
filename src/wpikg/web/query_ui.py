"""The query UI: a SPARQL editor (YASGUI, https://github.com/zazuko/Yasgui) with the saved
queries as an example gallery, at ``/query``, and at ``/sparql`` for a browser that asks for a
page rather than a service description.

Everything the page loads is served from here: YASGUI and Chart.js from the npm install in
``ui/node_modules`` (``npm ci``, run by ``make install``), our own script from ``ui/src``. The
page makes no request to another host: prefix completion uses the project's prefixes
(:data:`wpikg.namespaces.PREFIXES`), the LOV class and property completers are off, and the only
endpoint offered is this server's ``/sparql``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from wpikg import formats
from wpikg.errors import RequestError
from wpikg.namespaces import PREFIXES, sparql_prologue
from wpikg.queries import LANGUAGES, SavedQuery
from wpikg.web import pages
from wpikg.web.deps import settings_of

UI_DIR = Path(__file__).resolve().parents[3] / "ui"
#: URL path → folder of what the page loads.
ASSETS: dict[str, Path] = {
    "/ui/yasgui": UI_DIR / "node_modules" / "@zazuko" / "yasgui" / "build",
    "/ui/chartjs": UI_DIR / "node_modules" / "chart.js" / "dist",
    "/ui/swagger": UI_DIR / "node_modules" / "swagger-ui-dist",
    "/ui/app": UI_DIR / "src",
}
DEFAULT_QUERY = """SELECT ?class (COUNT(DISTINCT ?resource) AS ?resources)
WHERE {
  ?resource a ?class .
}
GROUP BY ?class
ORDER BY DESC(?resources)
LIMIT 25
"""
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class AssetsMissing(RequestError):
    """The front-end packages are not installed (``npm ci`` in ``ui/`` has not run)."""

    status = 503
    kind = "internal"


def prefers_html(accept: str | None) -> bool:
    """Whether a client asks for a page: it names HTML with a higher q-value than any RDF
    syntax it names (a browser does; ``*/*`` and RDF clients do not).

    >>> prefers_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    True
    >>> prefers_html("text/turtle"), prefers_html("*/*"), prefers_html(None)
    (False, False, False)
    >>> prefers_html("text/turtle, text/html;q=0.5")
    False
    """
    ranges = formats.parse_accept(accept or "")

    def q(media_type: str) -> float:
        named = (r.q for r in ranges if f"{r.type}/{r.subtype}" == media_type)
        return max(named, default=0.0)

    html = max(q(t) for t in _HTML_TYPES)
    rdf = max(q(f.media_type) for f in formats.OFFERED[formats.Kind.GRAPH])
    return html > 0 and html > rdf


def install(app: FastAPI) -> None:
    """Serve the UI's files and the ``/query`` page."""
    for path, folder in ASSETS.items():
        app.mount(path, StaticFiles(directory=folder, check_dir=False), name=path.strip("/"))
    app.add_api_route("/query", query_page, methods=["GET", "HEAD"], include_in_schema=False)
    app.add_api_route("/docs", api_docs, methods=["GET", "HEAD"], include_in_schema=False)


async def api_docs(request: Request) -> HTMLResponse:
    """Swagger UI over ``/openapi.json``, from the npm install like the query UI (FastAPI's
    own ``/docs`` loads it from a CDN, which is switched off in ``create_app``)."""
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="wpikg — HTTP API",
        swagger_js_url="/ui/swagger/swagger-ui-bundle.js",
        swagger_css_url="/ui/swagger/swagger-ui.css",
        swagger_favicon_url="/ui/swagger/favicon-32x32.png",
    )


async def query_page(request: Request) -> HTMLResponse:
    """The editor, the example gallery and the result views."""
    return ui_page(request)


def ui_page(request: Request) -> HTMLResponse:
    """The query UI page (also what ``/sparql`` answers a browser with no query)."""
    missing = [path for path, folder in ASSETS.items() if not folder.is_dir()]
    if missing:
        raise AssetsMissing(
            f"the query UI's files are not installed ({UI_DIR / 'node_modules'} is missing "
            "parts): run `make install` (npm ci in ui/)"
        )
    queries: Mapping[str, SavedQuery] = request.app.state.saved_queries
    lang = pages.view_for(request, settings_of(request).base_iri).lang
    data = {
        "prefixes": PREFIXES,
        "defaultQuery": sparql_prologue() + "\n" + DEFAULT_QUERY,
        "queries": [q.summary() for q in queries.values()],
        "languages": list(LANGUAGES),
        "lang": lang,
        "tagsJa": TAGS_JA,
    }
    page_data = pages.script_json(json.dumps(data, ensure_ascii=False).encode())
    html = render_page(request, "query.html", page_data=page_data, queries=queries, tags_ja=TAGS_JA)
    # The language choice is kept (a ``?lang=`` cookie), as on every page.
    return pages.html_response(request, html, headers={"Vary": pages.VARY})


def render_page(request: Request, template: str, **context: object) -> str:
    """A page of the query UI in the reader's language (``?lang=``, cookie, header)."""
    view = pages.view_for(request, settings_of(request).base_iri)
    return pages.render(template, view, text=TEXT[view.lang], **context)


#: Tags of the saved queries in Japanese (the tags themselves are English words); a tag
#: without one is shown as it is.
TAGS_JA: dict[str, str] = {
    "agreements": "協定",
    "budget": "予算",
    "centres": "センター・拠点",
    "committee": "委員会",
    "consortia": "コンソーシアム",
    "corrections": "修正",
    "countries": "国",
    "dates": "日付",
    "discrepancies": "食い違い",
    "events": "イベント",
    "internationalization": "国際化",
    "issp": "物性研",
    "multilateral": "多国間",
    "names": "名称",
    "organizations": "機関",
    "overview": "概要",
    "partners": "相手機関",
    "people": "人物",
    "practices": "取り組み",
    "prizes": "受賞",
    "provenance": "出典",
    "publications": "論文",
    "quality": "品質",
    "riken": "理研",
    "search": "検索",
    "sources": "出典文書",
    "statistics": "統計",
    "status": "状況",
    "timeline": "時系列",
    "units": "部局",
    "wpi": "WPI",
}

#: The query UI's own words, per language.
TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Query the graph",
        "intro": "SPARQL editor with the project's prefixes declared. "
        "Ctrl+Enter runs the query; Ctrl+Space completes.",
        "gallery": "Example queries",
        "search": "Search titles, descriptions and tags (English or Japanese)",
        "all_tags": "all",
        "load": "Load into the editor",
        "permalink": "Permalink to this query",
        "download": "Download the results",
        "queries_title": "Saved queries",
        "queries_intro": "Each saved query is also an API operation: GET /queries/{name} with "
        "its parameters, results in the format you ask for (see /docs).",
        "parameters": "Parameters",
        "run_json": "JSON",
        "run_csv": "CSV",
        "open_ui": "Open in the editor",
        "default": "default",
        "optional": "optional",
        "view": "view",
    },
    "ja": {
        "title": "グラフを検索",
        "intro": "プロジェクトの接頭辞を宣言済みのSPARQLエディタ。"
        "Ctrl+Enterで実行、Ctrl+Spaceで補完。",
        "gallery": "クエリの例",
        "search": "タイトル・説明・タグを検索(日本語・英語)",
        "all_tags": "すべて",
        "load": "エディタに読み込む",
        "permalink": "このクエリへの固定リンク",
        "download": "結果のダウンロード",
        "queries_title": "保存されたクエリ",
        "queries_intro": "保存されたクエリはAPIとしても使える: GET /queries/{name} "
        "にパラメータを付け、結果は指定の形式で返る(/docs 参照)。",
        "parameters": "パラメータ",
        "run_json": "JSON",
        "run_csv": "CSV",
        "open_ui": "エディタで開く",
        "default": "既定値",
        "optional": "省略可",
        "view": "表示",
    },
}
