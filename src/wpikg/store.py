"""The embedded Oxigraph store. The only module that imports pyoxigraph."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph

from wpikg.errors import QuerySyntaxError, StoreError


def write_store(path: Path, nquads: bytes) -> int:
    """Create an on-disk store at ``path`` holding ``nquads``; return its number of quads."""
    try:
        store = pyoxigraph.Store(str(path))
        store.bulk_load(nquads, format=pyoxigraph.RdfFormat.N_QUADS)
        store.optimize()
        count = len(store)
        store.flush()
        del store
        return count
    except OSError as error:
        raise StoreError(f"cannot write the store at {path}: {error}") from error


def open_read_only(path: Path) -> pyoxigraph.Store:
    """The store at ``path`` opened read-only (many processes may do so at once)."""
    if not path.exists():
        raise StoreError(f"no store at {path}: run `wpikg build` first")
    try:
        return pyoxigraph.Store.read_only(str(path.resolve()))
    except OSError as error:
        raise StoreError(f"cannot open the store at {path}: {error}") from error


def query(store: pyoxigraph.Store, sparql: str) -> object:
    """Run a query on the union of all graphs; a syntax error says where it is."""
    try:
        return store.query(sparql, use_default_graph_as_union=True)
    except SyntaxError as error:
        text = str(error)
        where = re.match(r"error at (\d+):(\d+): (.*)", text, re.DOTALL)
        if where is None:
            raise QuerySyntaxError(text, None, None) from None
        raise QuerySyntaxError(where[3], int(where[1]), int(where[2])) from None
