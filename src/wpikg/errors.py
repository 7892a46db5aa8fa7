"""The wpikg error hierarchy. Domain errors only; the web layer maps them to responses."""

from __future__ import annotations


class WpikgError(Exception):
    """Base of every error wpikg raises on purpose."""

    exit_code = 2


class SourceError(WpikgError):
    """A source document or its metadata is missing, unreadable or altered."""


class RegistryError(WpikgError):
    """A registry or corrections file is malformed or refers to something that is not there."""


class ConversionError(WpikgError):
    """A converter met input it cannot account for (a row neither converted nor flagged)."""


class RdfSyntaxError(WpikgError):
    """An RDF file does not parse; says where (line and column, 1-based)."""

    def __init__(self, source: str, line: int | None, column: int | None, message: str) -> None:
        where = f"{source}:{line}:{column}" if line is not None else source
        super().__init__(f"{where}: {message}")
        self.source, self.line, self.column = source, line, column


class DataInvalid(WpikgError):
    """The data violates the shapes; nothing was written."""

    exit_code = 1


class StoreError(WpikgError):
    """The store could not be opened, written or swapped."""


class SettingsError(WpikgError):
    """A setting (a ``WPIKG_`` variable or a flag) has a value wpikg cannot use."""


class TooManyTriples(WpikgError):
    """RDF holding more triples than the caller accepts (``max_validation_triples``)."""


PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"


class RequestError(WpikgError):
    """A request the server will not answer as asked; ``status`` is its HTTP status,
    ``kind`` names it in the JSON error envelope."""

    status = 400
    kind = "bad-request"
    spec_link = PROTOCOL + "#query-operation"

    def details(self) -> dict[str, object]:
        """Extra members of the error envelope."""
        return {}

    def headers(self) -> dict[str, str]:
        """Response headers the error calls for (``WWW-Authenticate``, ``Retry-After``)."""
        return {}


class QuerySyntaxError(RequestError):
    """A query that does not parse, with the 1-based line and column of the error."""

    kind = "syntax"
    spec_link = "https://www.w3.org/TR/sparql11-query/#grammar"

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        where = f" at line {line}, column {column}" if line is not None else ""
        super().__init__(f"malformed query{where}: {message}")
        self.line, self.column = line, column

    def details(self) -> dict[str, object]:
        return {"line": self.line, "column": self.column}


class UpdateForbidden(RequestError):
    """SPARQL Update on the read-only public endpoint."""

    status = 403
    kind = "forbidden"
    spec_link = PROTOCOL + "#update-operation"


class ServiceForbidden(RequestError):
    """A SERVICE clause whose endpoint is not on the allow-list (no outbound requests)."""

    kind = "forbidden"
    spec_link = "https://www.w3.org/TR/sparql11-federated-query/"


class QueryTimeout(RequestError):
    """The query ran past its time limit and was stopped."""

    status = 503
    kind = "timeout"


class PayloadTooLarge(RequestError):
    """A request body or query longer than the server accepts."""

    status = 413
    kind = "limit"


class UnsupportedMediaType(RequestError):
    status = 415
    kind = "unsupported-media-type"
    spec_link = PROTOCOL + "#query-via-post-direct"


class MethodNotAllowed(RequestError):
    status = 405
    kind = "method-not-allowed"

    def headers(self) -> dict[str, str]:
        return {"Allow": "GET, POST, HEAD, OPTIONS"}


class NotAcceptable(RequestError):
    """Nothing the server offers fits the request's Accept header (or format=)."""

    status = 406
    kind = "not-acceptable"

    def __init__(self, offered: list[str]):
        super().__init__("none of the offered media types is acceptable: " + ", ".join(offered))
        self.offered = offered

    def details(self) -> dict[str, object]:
        return {"offered": self.offered}


class NotFound(RequestError):
    status = 404
    kind = "not-found"


class QueryResourceLimit(RequestError):
    """The query used more memory than its worker may; the worker was replaced."""

    status = 503
    kind = "limit"


class Unauthorized(RequestError):
    """No bearer token, or not the one the server holds (RFC 6750 §3): the response challenges
    the client with ``WWW-Authenticate``.

    >>> Unauthorized("no token", "wpikg ingest", invalid_token=True).headers()
    {'WWW-Authenticate': 'Bearer realm="wpikg ingest", error="invalid_token"'}
    """

    status = 401
    kind = "unauthorized"
    spec_link = "https://www.rfc-editor.org/rfc/rfc6750#section-3"

    def __init__(self, message: str, realm: str, *, invalid_token: bool = False) -> None:
        super().__init__(message)
        error = ', error="invalid_token"' if invalid_token else ""
        self.challenge = f'Bearer realm="{realm}"{error}'

    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": self.challenge}


class Busy(RequestError):
    """Every slot for this kind of work is taken; ``Retry-After`` says when one frees up at the
    latest.

    >>> Busy("one validation at a time", 7).headers()
    {'Retry-After': '7'}
    """

    status = 503
    kind = "busy"
    spec_link = "https://www.rfc-editor.org/rfc/rfc9110#name-retry-after"

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_s)}


class WorkTimeout(RequestError):
    """A validation or an ingest ran past its time limit; its process was killed."""

    status = 503
    kind = "timeout"
    spec_link = "https://www.rfc-editor.org/rfc/rfc9110#name-503-service-unavailable"


class Rejected(RequestError):
    """The data violates the shapes (or cannot be taken as it is); nothing changed."""

    status = 422
    kind = "invalid"
    spec_link = "https://www.w3.org/TR/shacl/#validation-report"

    def __init__(self, message: str, report: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.report = report

    def details(self) -> dict[str, object]:
        return {"report": self.report}


class InternalFailure(RequestError):
    """Work the server started in a child process failed for a reason of its own."""

    status = 500
    kind = "internal"
    spec_link = "https://www.rfc-editor.org/rfc/rfc9110#name-500-internal-server-error"


class Conflict(RequestError):
    """The graph exists and holds another file; ``?replace=true`` replaces it."""

    status = 409
    kind = "conflict"


class RdfBodySyntaxError(RequestError):
    """The RDF sent does not parse; says where."""

    kind = "syntax"
    spec_link = "https://www.w3.org/TR/rdf11-concepts/"

    def __init__(self, error: RdfSyntaxError) -> None:
        super().__init__(str(error))
        self.line, self.column = error.line, error.column

    def details(self) -> dict[str, object]:
        return {"line": self.line, "column": self.column}
