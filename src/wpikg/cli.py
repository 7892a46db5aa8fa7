"""The ``wpikg`` command line. Exit codes (as pySHACL's): 0 ok, 1 data invalid, 2 usage or I/O
error."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from wpikg import __version__
from wpikg.config import Settings
from wpikg.errors import SettingsError, WpikgError

EXIT_OK, EXIT_INVALID, EXIT_ERROR = 0, 1, 2


def _progress(quiet: bool) -> object:
    started = time.perf_counter()

    def report(message: str) -> None:
        if not quiet:
            print(f"[{time.perf_counter() - started:6.2f}s] {message}", file=sys.stderr, flush=True)

    return report


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {
        key: value
        for key in ("base_iri", "project_dir", "store_dir", "host", "port")
        if (value := getattr(args, key, None)) is not None
    }
    try:
        return Settings(**overrides)
    except ValidationError as error:  # which setting and why, never its value (a secret)
        reasons = "; ".join(
            f"{'.'.join(map(str, e['loc']))} (WPIKG_{str(e['loc'][0]).upper()}): {e['msg']}"
            for e in error.errors()
        )
        raise SettingsError(f"unusable setting: {reasons}") from None


def cmd_build(args: argparse.Namespace) -> int:
    from wpikg.build import build

    settings = _settings(args)
    outcome = build(settings, _progress(args.quiet))  # type: ignore[arg-type]
    _print_build_summary(outcome.report)
    if args.push:
        from wpikg.remote import push_graphs

        graphs = {
            name.removeprefix("graphs/"): info["graph"]
            for name, info in outcome.report["dumps"].items()
            if "graph" in info
        }
        pushed = push_graphs(settings.dist_path / "graphs", args.push, graphs)
        print(f"pushed {len(pushed)} graphs to {args.push}")
    return EXIT_OK


def _print_build_summary(report: dict[str, Any]) -> None:
    """The reconciliation report, one line per table, and the totals."""
    documents = report["documents"]
    for alias, section in documents.items():
        if not section.get("converted"):
            print(f"{alias}: not converted ({section['reason']})")
            continue
        if section.get("facts"):
            _print_facts(alias, section)
        for name, table in section.get("tables", {}).items():
            repaired = ", ".join(f"{k} {v}" for k, v in table["rows_repaired_by_rule"].items())
            print(
                f"{alias} {name}: read {table['rows_read']}, converted {table['converted']}, "
                f"merged as duplicate {table['merged_as_duplicate']}, flagged {table['flagged']}; "
                f"repaired by rule: {repaired or 'none'}; "
                f"corrected from file: {table['rows_corrected_from_file']}"
            )
    _print_discrepancies(report.get("discrepancies", []))
    validation = report["validation"]
    print(f"validation: {validation['results_by_severity'] or 'no results'}")
    print(f"store: {report['store']}; timings (s): {report['timings_s']}")


def _print_facts(alias: str, section: dict[str, Any]) -> None:
    """A prose document's section: facts by kind, lines accounted for, what was left out."""
    kinds = ", ".join(f"{kind} {n}" for kind, n in section["facts"].items())
    print(f"{alias}: {kinds}; left out: {len(section.get('left_out', []))} statements")
    if lines := section.get("lines"):
        print(
            f"  lines: non-blank {lines['non_blank']}, used for facts {lines['used_for_facts']}, "
            f"headings {lines['headings']}, left out {lines['left_out']}; "
            f"corrected from file: {section.get('corrected_from_file', 0)}; "
            f"flagged: {len(section.get('flagged', []))}"
        )
    for item in section.get("left_out", []):
        print(f"  left out (lines {item['lines']}): {item['what']} ({item['reason']})")


def _print_discrepancies(discrepancies: list[dict[str, Any]]) -> None:
    """Claims that disagree, one line each, with the curated decision (or ``open``)."""
    statuses = ", ".join(
        f"{s} {sum(d['status'] == s for d in discrepancies)}"
        for s in sorted({d["status"] for d in discrepancies})
    )
    print(f"discrepancies: {len(discrepancies)}" + (f" ({statuses})" if statuses else ""))
    for d in discrepancies:
        claims = " | ".join(
            f"{c['source']}: {c['stated'] or c['value']} = {c['value']}"
            for c in d["claims"].values()
        )
        chosen = f" -> {d['claims'][d['preferred']]['value']}" if d["preferred"] else ""
        print(f"  {d['id']} ({d['property']}): {claims}; {d['status']}{chosen}")


def cmd_validate(args: argparse.Namespace) -> int:
    from wpikg.build import assemble, union
    from wpikg.validate import load_shapes, validate

    settings = _settings(args)
    shapes = load_shapes(settings.shapes_dir)  # first: a broken shapes file fails fast
    if args.files:
        return _validate_files(args, settings, shapes)
    if args.against is not None:  # that graph alone: its own results (what --known reads)
        from wpikg.ingest import graph_file

        report = validate(graph_file(settings, args.against), shapes)
    else:
        data, _ = assemble(settings, _progress(args.quiet))  # type: ignore[arg-type]
        report = validate(union(data), shapes)
    if args.report == "ttl":
        sys.stdout.write(report.graph.serialize(format="turtle"))
    elif args.report == "json":
        rows = [r.__dict__ for r in report.results]
        print(json.dumps({"conforms": report.conforms, "results": rows}, ensure_ascii=False))
    else:
        for result in report.results:
            print(
                f"{result.severity}: {result.focus} {result.path or ''} {result.message(args.lang)}"
            )
        print(f"conforms: {report.conforms} {report.counts()}")
    return EXIT_OK if report.conforms else EXIT_INVALID


def _validate_files(args: argparse.Namespace, settings: Settings, shapes: Any) -> int:
    """``validate FILE...``: the files, as one body of new data, with the live graph."""
    from wpikg.ingest import check, combine, read_file

    new = combine([read_file(path, args.format) for path in args.files])  # all parse first
    report = check(settings, new, shapes, args.graph, against=args.against, known=args.known)
    _print_new_data_report(report, new, args.report, args.lang)
    return EXIT_OK if report.conforms else EXIT_INVALID


def _print_new_data_report(report: Any, new: Any, kind: str, lang: str) -> None:
    from wpikg.ingest import report_json, report_text

    if kind == "ttl":
        sys.stdout.write(report.graph.serialize(format="turtle"))
    elif kind == "json":
        print(json.dumps(report_json(report, new), ensure_ascii=False))
    else:
        print("\n".join(report_text(report, new, lang)))


def cmd_ingest(args: argparse.Namespace) -> int:
    from wpikg.ingest import ingest, read_file

    settings = _settings(args)
    new = read_file(args.file, args.format)
    outcome = ingest(
        settings,
        new,
        args.graph,
        by=args.by,
        replace=args.replace,
        progress=_progress(args.quiet),  # type: ignore[arg-type]
    )
    return _print_outcome(outcome, new, args)


def _print_outcome(outcome: Any, new: Any, args: argparse.Namespace) -> int:
    """The report (JSON: with the outcome and the graph's record), then the outcome."""
    from wpikg.ingest import outcome_json

    if args.report == "json":
        print(json.dumps(outcome_json(outcome, new), ensure_ascii=False))
    elif outcome.report is not None:
        _print_new_data_report(outcome.report, new, args.report, args.lang)
    record = outcome.record
    print(
        f"{outcome.status}: graph {record.name} <{record.graph}> from {record.source}"
        + ("; nothing changed" if outcome.status in ("rejected", "unchanged") else ""),
        file=sys.stderr,
    )
    return EXIT_INVALID if outcome.status == "rejected" else EXIT_OK


def cmd_graphs(args: argparse.Namespace) -> int:
    from wpikg.ingest import list_graphs

    graphs = list_graphs(_settings(args))
    for record, live in graphs:
        state = "live" if live else "not in the live store (run wpikg build)"
        print(
            f"{record.name}\t{record.triples} triples\tfrom {record.source} "
            f"(sha256 {record.sha256[:12]})\tby {record.by} at {record.at}\t{state}"
        )
    if not graphs:
        print("no ingested graphs")
    return EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    from wpikg.ingest import remove

    record = remove(_settings(args), args.graph, _progress(args.quiet))  # type: ignore[arg-type]
    print(f"removed graph {record.name} <{record.graph}>")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from slugify import slugify

    from wpikg.importer import check_rows, convert_table, summary
    from wpikg.ingest import check, ingest, unchanged
    from wpikg.validate import load_shapes

    settings = _settings(args)
    name = args.graph or slugify(args.file.stem)
    digest = hashlib.sha256(args.file.read_bytes()).hexdigest()
    if (same := unchanged(settings, name, digest)) is not None:  # before converting anything
        print(f"unchanged: graph {same.name} <{same.graph}> from {same.source}; nothing changed")
        return EXIT_OK
    imported = convert_table(settings, args.file, name, args.as_of)
    print("\n".join(summary(imported)))
    check_rows(imported)
    if imported.new_organizations and not args.accept_new:
        print(
            f"{len(imported.new_organizations)} new organizations: if the names above are "
            "right, run again with --accept-new; if one is an existing organization spelt "
            "another way, add the spelling to data/registry/organization-aliases.tsv",
            file=sys.stderr,
        )
        return EXIT_INVALID
    if args.dry_run:
        report = check(settings, imported.data, load_shapes(settings.shapes_dir), graph=name)
        _print_new_data_report(report, imported.data, args.report, args.lang)
        return EXIT_OK if report.conforms else EXIT_INVALID
    outcome = ingest(
        settings,
        imported.data,
        name,
        by=args.by,
        replace=args.replace,
        progress=_progress(args.quiet),  # type: ignore[arg-type]
    )
    return _print_outcome(outcome, imported.data, args)


def cmd_query(args: argparse.Namespace) -> int:
    """Run a saved query (``queries/NAME.rq``) or a query file on the store, or on
    ``sparql_endpoint``; the result goes to stdout."""
    from wpikg import formats
    from wpikg.query_guard import query_form
    from wpikg.workers import QueryRequest

    settings = _settings(args)
    text = _query_text(args, settings)
    if text is None:
        return EXIT_OK
    form = query_form(text, tuple(settings.service_allow)) or "SELECT"
    kind = formats.Kind.GRAPH if form in ("CONSTRUCT", "DESCRIBE") else formats.Kind.SOLUTIONS
    default = formats.TURTLE if kind is formats.Kind.GRAPH else formats.CSV
    fmt = formats.by_name(args.format, kind) if args.format else default
    if fmt is None:
        offered = ", ".join(f.name for f in formats.OFFERED[kind])
        raise WpikgError(f"--format {args.format} does not fit a {form} query; use {offered}")
    reply = _run_query(settings, QueryRequest(text, fmt.name, settings.max_result_rows))
    sys.stdout.buffer.write(reply.body)
    if reply.truncated:
        print(f"wpikg: result cut at {settings.max_result_rows} rows", file=sys.stderr)
    return EXIT_OK


def _query_text(args: argparse.Namespace, settings: Settings) -> str | None:
    """The query to run, parameters bound; no name and no file: list the saved queries."""
    from wpikg.errors import NotFound
    from wpikg.queries import QueryFileError, load_queries, parse_query

    values = dict(_key_value(item) for item in args.param)
    if args.file is not None:
        text = args.file.read_text(encoding="utf-8")
        if not any(line.startswith("#+") for line in text.splitlines()):
            if values:
                raise WpikgError(f"{args.file} has no '#+' header, so it takes no --param")
            return text
        try:
            return parse_query("file", text).bind(values)
        except QueryFileError as error:
            raise QueryFileError(f"{args.file}: {error}") from None
    saved = load_queries(settings.project_dir / "queries")
    if args.name is None:
        for name, query in saved.items():
            print(f"{name}\t{query.title}")
        return None
    if args.name not in saved:
        raise NotFound(f"no saved query named {args.name!r}; `wpikg query` lists them")
    return saved[args.name].bind(values)


def _key_value(item: str) -> tuple[str, str]:
    key, equals, value = item.partition("=")
    if not equals or not key:
        raise WpikgError(f"--param takes KEY=VALUE, not {item!r}")
    return key, value


def _run_query(settings: Settings, request: Any) -> Any:
    """Through the worker code on the local store, or on the remote endpoint."""
    import asyncio

    from wpikg.errors import QuerySyntaxError, RequestError
    from wpikg.remote import RemoteEndpoint
    from wpikg.store import open_read_only
    from wpikg.workers import execute

    if settings.sparql_endpoint:

        async def remote() -> Any:
            endpoint = RemoteEndpoint(settings.sparql_endpoint or "")
            await endpoint.start()
            try:
                return await endpoint.run(request, settings.query_time_limit_ms / 1000)
            finally:
                await endpoint.close()

        return asyncio.run(remote())
    reply = execute(open_read_only(settings.store_path), request)
    if reply.error is not None:
        kind, message, line, column = reply.error
        raise QuerySyntaxError(message, line, column) if kind == "syntax" else RequestError(message)
    return reply


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from wpikg.web.app import create_app

    settings = _settings(args)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="wpikg", description=__doc__)
    top.add_argument("--version", action="version", version=f"wpikg {__version__}")
    top.add_argument("--project-dir", type=Path, help="project folder (default: this checkout)")
    top.add_argument("--base-iri", help="base IRI to mint under (default https://w3id.org/wpikg/)")
    top.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = sub.add_parser("build", help="convert, validate, load the store and write dumps")
    build.add_argument(
        "--push", metavar="URL", help="then PUT every graph to this Graph Store Protocol endpoint"
    )
    build.set_defaults(run=cmd_build)

    check = sub.add_parser("validate", help="validate the graph against the shapes")
    check.add_argument(
        "--report",
        choices=("text", "ttl", "json"),
        default="text",
        help="text (default), or the sh:ValidationReport as Turtle or JSON",
    )
    check.add_argument("--lang", choices=("en", "ja"), default="en", help="message language")
    check.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="new data (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) to validate with "
        "the live graph; without files: validate the assembled graph",
    )
    _format_option(check)
    check.add_argument(
        "--graph", metavar="NAME", help="validate as the replacement of ingested graph NAME"
    )
    check.add_argument(
        "--against",
        type=Path,
        metavar="GRAPH",
        help="validate with the graph of this RDF file (IRIs under the base IRI) instead of the "
        "live build's; without FILE: validate that graph alone",
    )
    check.add_argument(
        "--known",
        type=Path,
        metavar="REPORT",
        help="the --against graph's own results (the JSON report of validating it alone); "
        "default: validate it alone first",
    )
    check.set_defaults(run=cmd_validate)

    take = sub.add_parser("ingest", help="validate a file and add it as a named graph")
    take.add_argument("file", type=Path, metavar="FILE", help="the RDF file")
    take.add_argument("--graph", required=True, metavar="NAME", help="graph/ingested/NAME")
    take.add_argument("--replace", action="store_true", help="replace the graph if it exists")
    take.add_argument("--by", metavar="WHO", help="who ingests (default: ingest_agent)")
    _format_option(take)
    _report_options(take)
    take.set_defaults(run=cmd_ingest)

    table = sub.add_parser("import", help="import a CSV/XLSX table of new agreements")
    table.add_argument("file", type=Path, metavar="FILE", help="the .csv or .xlsx table")
    table.add_argument("--graph", metavar="NAME", help="graph/ingested/NAME (default: file name)")
    table.add_argument(
        "--accept-new", action="store_true", help="confirm the new organizations it lists"
    )
    table.add_argument(
        "--as-of",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the date the table is as of (default: today)",
    )
    table.add_argument("--dry-run", action="store_true", help="convert and validate only")
    table.add_argument("--replace", action="store_true", help="replace the graph if it exists")
    table.add_argument("--by", metavar="WHO", help="who imports (default: ingest_agent)")
    _report_options(table)
    table.set_defaults(run=cmd_import)

    listing = sub.add_parser("graphs", help="list the ingested graphs")
    listing.set_defaults(run=cmd_graphs)

    drop = sub.add_parser("remove", help="remove an ingested graph and rebuild")
    drop.add_argument("--graph", required=True, metavar="NAME", help="graph/ingested/NAME")
    drop.set_defaults(run=cmd_remove)

    ask = sub.add_parser("query", help="run a saved query (queries/NAME.rq) or a query file")
    ask.add_argument("name", nargs="?", metavar="NAME", help="saved query (none: list them)")
    ask.add_argument("--file", type=Path, metavar="FILE", help="run this query file instead")
    ask.add_argument(
        "--param", action="append", default=[], metavar="KEY=VALUE", help="a parameter value"
    )
    ask.add_argument(
        "--format",
        metavar="FORMAT",
        help="json, xml, csv (default), tsv; for CONSTRUCT/DESCRIBE turtle (default), "
        "ntriples, jsonld, rdfxml, nquads",
    )
    ask.set_defaults(run=cmd_query)

    serve = sub.add_parser("serve", help="serve the built store over HTTP")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="TCP port (default 8000)")
    serve.add_argument("--store-dir", type=Path, help="store folder (default data/store)")
    serve.set_defaults(run=cmd_serve)
    return top


def _format_option(command: argparse.ArgumentParser) -> None:
    from wpikg.rdf_files import FORMAT_NAMES

    command.add_argument(
        "--format", choices=sorted(FORMAT_NAMES), help="RDF syntax (default: by extension)"
    )


def _report_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--report",
        choices=("text", "ttl", "json"),
        default="text",
        help="text (default), or the sh:ValidationReport as Turtle or JSON",
    )
    command.add_argument("--lang", choices=("en", "ja"), default="en", help="message language")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on usage errors, 0 on --help
        return int(exit_.code or 0)
    try:
        return int(args.run(args))
    except WpikgError as error:
        print(f"wpikg: {error}", file=sys.stderr)
        return error.exit_code
    except OSError as error:
        print(f"wpikg: {error}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
