"""The ``wpikg`` command line. Exit codes (as pySHACL's): 0 ok, 1 data invalid, 2 usage or I/O
error."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from wpikg import __version__
from wpikg.config import Settings
from wpikg.errors import WpikgError

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
    return Settings(**overrides)


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
    check.set_defaults(run=cmd_validate)

    serve = sub.add_parser("serve", help="serve the built store over HTTP")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="TCP port (default 8000)")
    serve.add_argument("--store-dir", type=Path, help="store folder (default data/store)")
    serve.set_defaults(run=cmd_serve)
    return top


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
