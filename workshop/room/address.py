"""Where the room listens: the laptop's address on the local network, or one given.

`--room` alone binds the address a phone on the same Wi-Fi (or the laptop's hotspot) can
reach; `--room HOST:PORT` binds exactly that (`127.0.0.1:0`: loopback, a free port).
Finding the address sends nothing anywhere: it asks the operating system which of its
own addresses are not loopback.
"""

from __future__ import annotations

import ipaddress
import socket

from workshop.errors import WorkshopError

#: The port the room tries first when none is given; any free one if it is taken.
DEFAULT_PORT = 8765


def parse_bind(text: str | None) -> tuple[str | None, int]:
    """`--room`'s value as (host or None for the LAN address, port)."""
    if not text:
        return None, DEFAULT_PORT
    host, sep, port_text = text.rpartition(":")
    if not sep:
        host, port_text = text, str(DEFAULT_PORT)
    host = host.strip("[]")
    try:
        port = int(port_text)
        if host:
            ipaddress.ip_address(host)
    except ValueError:
        raise WorkshopError(
            f"--room {text!r}: give HOST:PORT with an IP address, e.g. 192.168.1.20:8765 "
            "or 127.0.0.1:0"
        ) from None
    if not 0 <= port <= 65535:
        raise WorkshopError(f"--room {text!r}: the port must be 0 to 65535")
    return host or None, port


def lan_address() -> str:
    """The laptop's own IPv4 address on the local network (private ranges first); the
    loopback address when it has none (then only this laptop can join)."""
    found: list[ipaddress.IPv4Address] = []
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        infos = []
    for info in infos:
        address = ipaddress.IPv4Address(info[4][0])
        if not address.is_loopback and not address.is_link_local and address not in found:
            found.append(address)
    found.sort(key=lambda a: (not a.is_private, str(a)))
    return str(found[0]) if found else "127.0.0.1"
