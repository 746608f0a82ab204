"""libpq connection strings for the formation: every data node in one multi-host URI.

With ``target_session_attrs=read-write`` libpq tries the hosts in turn and keeps the one that
accepts writes, so after a failover a desk finds the new primary by itself; nothing of ours
tracks which laptop is primary. The client-side timeouts bound how long a desk waits on a dead
laptop (see docs/FORMATION.md, "Timeouts on the LAN"):

* ``connect_timeout`` (s, per host): a laptop that is off does not answer a TCP SYN at all;
  without a bound the next host is tried only after the kernel's minutes of retries.
* ``tcp_user_timeout`` (ms): a pulled cable under an open connection with unacknowledged data
  fails the socket after this long instead of after ~15 minutes of retransmissions.
* ``keepalives*``: an idle open connection to a laptop that died is noticed in
  idle + interval x count seconds.

None of these fire on a *frozen* server that still acknowledges TCP; the desk's own deadline per
operation covers that (later work, with the storage seam). Pure Python: no driver needed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlsplit

SCHEMES = ("postgresql://", "postgres://")


@dataclass(frozen=True)
class ClientTimeouts:
    """What a desk allows a dead or unreachable laptop before trying the next host or failing."""

    connect_timeout_s: int = 2  # libpq's minimum is 2 s per host
    tcp_user_timeout_ms: int = 5000
    keepalives_idle_s: int = 5
    keepalives_interval_s: int = 1
    keepalives_count: int = 3

    def params(self) -> dict[str, str]:
        return {
            "connect_timeout": str(self.connect_timeout_s),
            "tcp_user_timeout": str(self.tcp_user_timeout_ms),
            "keepalives": "1",
            "keepalives_idle": str(self.keepalives_idle_s),
            "keepalives_interval": str(self.keepalives_interval_s),
            "keepalives_count": str(self.keepalives_count),
        }


def multi_host_dsn(
    hosts: Sequence[tuple[str, int]],
    dbname: str,
    user: str,
    *,
    password: str | None = None,
    sslmode: str = "require",
    timeouts: ClientTimeouts | None = None,
    application_name: str | None = None,
    target_session_attrs: str = "read-write",
) -> str:
    """``postgresql://user@hostA:5432,hostB:5432/dbname?target_session_attrs=read-write&...``.

    Leave ``password`` out where you can (a pgpass file, or the driver's ``password=``
    argument): a URI is easily logged.
    """
    if not hosts:
        raise ValueError("at least one host is needed")
    for host, port in hosts:
        if not host or not 0 < int(port) < 65536:
            raise ValueError(f"bad host or port: {host!r}:{port!r}")
    netloc = ",".join(f"{_host(h)}:{int(p)}" for h, p in hosts)
    userinfo = quote(user, safe="")
    if password is not None:
        userinfo += ":" + quote(password, safe="")
    params: dict[str, str] = {"target_session_attrs": target_session_attrs, "sslmode": sslmode}
    params.update((timeouts or ClientTimeouts()).params())
    if application_name:
        params["application_name"] = application_name
    query = "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items())
    return f"postgresql://{userinfo}@{netloc}/{quote(dbname, safe='')}?{query}"


def _host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else quote(host, safe=".-_")


def is_postgres_dsn(text: str) -> bool:
    """True for a PostgreSQL URI (``--db`` then names a server, not a SQLite file)."""
    return text.strip().lower().startswith(SCHEMES)


@dataclass(frozen=True)
class ParsedDsn:
    """The parts of a multi-host URI (the password is never kept here)."""

    hosts: tuple[tuple[str, int], ...]
    dbname: str
    user: str
    params: dict[str, str]


def parse_dsn(dsn: str) -> ParsedDsn:
    """Split a (multi-host) PostgreSQL URI; ``ValueError`` with the reason when it is not one."""
    if not is_postgres_dsn(dsn):
        raise ValueError("not a postgresql:// URI")
    parts = urlsplit(dsn.strip())
    netloc = parts.netloc
    user = ""
    if "@" in netloc:
        userinfo, netloc = netloc.rsplit("@", 1)
        user = unquote(userinfo.split(":", 1)[0])
    hosts: list[tuple[str, int]] = []
    for item in netloc.split(","):
        if not item:
            raise ValueError("empty host in the URI")
        if item.startswith("["):
            host, _, rest = item[1:].partition("]")
            port_text = rest.lstrip(":") or "5432"
        else:
            host, _, port_text = item.partition(":")
            port_text = port_text or "5432"
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ValueError(f"bad port in {item!r}")
        hosts.append((unquote(host), int(port_text)))
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    return ParsedDsn(tuple(hosts), unquote(parts.path.lstrip("/")), user, params)


def redact(dsn: str) -> str:
    """The URI with any password replaced by ``***`` (for logs and messages)."""
    if not is_postgres_dsn(dsn):
        return dsn
    scheme, rest = dsn.split("://", 1)
    if "@" not in rest.split("/", 1)[0]:
        return dsn
    userinfo, tail = rest.split("@", 1)
    if ":" in userinfo:
        userinfo = userinfo.split(":", 1)[0] + ":***"
    return f"{scheme}://{userinfo}@{tail}"
