"""Who may reach the panel, and what a request may start: the rules, without the server around them.

A request is answered only when its ``Host`` header names this computer (or a name allowed with
``--allow-host``): a page elsewhere that rebinds its own name to this address gets nothing. A kernel
(about 120 MB, the panel's Python) starts only for a page opened by the user, not for an image, a
fetch or a frame of another site, and never more than the configured number at once.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from .access import LOCAL_HOSTS

WILDCARD_HOSTS = {"0.0.0.0", "::", ""}


def _bare(host: str) -> str:
    """A host name without port, brackets or case: ``[::1]:8866`` -> ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    if host.count(":") == 1:  # name:port (a bare IPv6 address has several colons)
        host = host.split(":")[0]
    return host


def allowed_hosts(bound: str, extra=()) -> frozenset[str]:
    """The host names a request may use: this computer's names, the address the server listens on,
    and ``extra`` (``--allow-host``). Listening on every address (0.0.0.0) allows this computer's
    name and each of its addresses."""
    hosts = set(LOCAL_HOSTS) | {_bare(h) for h in extra if h.strip()}
    if _bare(bound) in WILDCARD_HOSTS:
        import psutil

        hosts |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        for addresses in psutil.net_if_addrs().values():
            hosts |= {
                a.address.split("%")[0].lower() for a in addresses if a.family in (socket.AF_INET, socket.AF_INET6)
            }
    else:
        hosts.add(_bare(bound))
    return frozenset(hosts)


def host_allowed(host_header: str | None, hosts: frozenset[str]) -> bool:
    """Whether a request's ``Host`` header names one of ``hosts`` (any port)."""
    if not host_header:
        return False
    host = _bare(host_header)
    try:
        host = str(ipaddress.ip_address(host))  # one spelling per address
    except ValueError:
        pass
    return host in hosts


def opened_by_user(headers, hosts: frozenset[str]) -> bool:
    """Whether a page request is a top-level navigation the user made (typed, bookmarked, or a link
    of the panel itself), judged by the browser's ``Sec-Fetch-*`` headers and, when sent, the
    ``Origin`` and ``Referer``. An ``<img>``, ``fetch``, ``<iframe>`` or link of another site is not."""
    dest, mode, site = (headers.get(f"Sec-Fetch-{h}") for h in ("Dest", "Mode", "Site"))
    if dest is not None and dest != "document":
        return False
    if mode is not None and mode != "navigate":
        return False
    if site is not None and site not in ("none", "same-origin"):
        return False
    for header in ("Origin", "Referer"):
        value = headers.get(header)
        if value and not host_allowed(urlsplit(value).netloc, hosts):  # "null" (a sandboxed frame) too
            return False
    return True
