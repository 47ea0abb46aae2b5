"""One-line messages for failed fetches: why a connection failed (and whether the failure is
transient, i.e. a retry could help), sizes and durations in words. Used by :mod:`.client`."""

from __future__ import annotations

import errno
import socket
import ssl
from typing import TYPE_CHECKING

from tui_liveblog.sanitize import clean_line

if TYPE_CHECKING:
    import httpx

MB = 1024 * 1024
# DNS answers that will not change on a retry (the name does not exist).
_DNS_PERMANENT = {
    code for code in (getattr(socket, "EAI_NONAME", None), getattr(socket, "EAI_NODATA", None))
    if code is not None
}  # fmt: skip


def _size_text(n: int) -> str:
    for unit, name in ((MB, "MB"), (1024, "KB")):
        if n >= unit:
            return f"{n // unit} {name}" if n % unit == 0 else f"{n / unit:.1f} {name}"
    return f"{n} bytes"


def _secs(value: float) -> str:
    return f"{value:g}" if value >= 1 else f"{value:.2g}"


def _host_of(url: httpx.URL) -> str:
    host = url.host or "?"
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if url.port is not None:
        host = f"{host}:{url.port}"
    return clean_line(host)


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and its causes/contexts, outermost first (cycle-safe, bounded)."""
    seen: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in seen and len(seen) < 12:
        seen.append(cur)
        cur = cur.__cause__ or cur.__context__
    return seen


def _connect_reason(exc: BaseException) -> tuple[str, bool]:
    """A short reason for a failed connection, and whether it is transient (retrying could help):
    a TLS error or a host name that does not exist is not; a refused, reset or unreachable
    connection, or a temporary DNS failure, is."""
    for cause in _chain(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            # (getattr: only the ssl module's own errors carry these attributes)
            detail = clean_line(str(getattr(cause, "verify_message", None) or ""))
            detail = detail or "verification failed"
            return f"TLS certificate not trusted ({detail})", False
        if isinstance(cause, ssl.SSLError):
            reason = clean_line(str(getattr(cause, "reason", None) or "")).lower()
            reason = reason.replace("_", " ")
            return f"TLS error ({reason or 'handshake failed'})", False
        if isinstance(cause, socket.gaierror):
            if cause.errno in _DNS_PERMANENT:
                return "host name not found (DNS)", False
            return "DNS lookup failed (temporary failure in name resolution)", True
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused", True
        if isinstance(cause, ConnectionResetError):
            return "connection reset", True
        if isinstance(cause, OSError) and cause.errno is not None:
            if cause.errno == errno.ENETUNREACH:
                return "network unreachable", True
            if cause.errno == errno.EHOSTUNREACH:
                return "host unreachable", True
            text = clean_line(cause.strerror or "").lower()
            if text:
                return text, True
    text = clean_line(str(exc))
    lower = text.lower()
    if "refused" in lower:
        return "connection refused", True
    if "name or service not known" in lower or "nodename nor servname" in lower:
        return "host name not found (DNS)", False
    if "name resolution" in lower or "getaddrinfo" in lower:
        return "DNS lookup failed (temporary failure in name resolution)", True
    if "certificate" in lower:
        return f"TLS certificate not trusted ({text})", False
    if "ssl" in lower or "tls" in lower:
        return f"TLS error ({text})", False
    return (text or "connection failed"), True


def _short(exc: BaseException) -> str:
    """One line from an exception, never empty."""
    text = clean_line(str(exc))
    return text[:300] if text else type(exc).__name__


# h11's words for an answer that does not begin as HTTP does (it says "request line" of a
# response too, when the first bytes cannot begin any HTTP line)
_NOT_HTTP = ("illegal request line", "illegal status line", "no response line received")


def _protocol_reason(exc: BaseException) -> tuple[str, str]:
    """Why a connection failed mid-answer, and the same in a few words: an answer that is not
    HTTP is said to be so (not in h11's words), anything else in its own."""
    text = _short(exc)
    if text.lower().startswith(_NOT_HTTP):
        return "the answer is not HTTP", "not an HTTP answer"
    return text, "connection failed"
