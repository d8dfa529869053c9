"""Which addresses the fetcher may connect to, and the one resolution it connects by.

Feeds, sitemaps, redirects and robots.txt are untrusted input: any of them can name an
address inside the machine's network (a cloud metadata service at 169.254.169.254 or
100.100.100.200, a database on 10.x, the machine itself). So, unless the user allows
private addresses explicitly:

- only globally routable addresses are fetched (``ipaddress``' ``is_global``), and never
  the special ranges it lets through (192.0.0.0/24, shared address space 100.64.0.0/10);
- an IPv6 address that carries an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``,
  IPv4-compatible ``::a.b.c.d``, 6to4 ``2002::/16``, Teredo, NAT64 ``64:ff9b::/96``) must
  be allowed as that IPv4 address too;
- a name is resolved once per request, every address it resolves to must be allowed,
  and the connection goes to the address that was checked (``pin``), so a name that
  answers a public address to the check and a private one to the connection (DNS
  rebinding) cannot get through. TLS still verifies the certificate for the name.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]
AddressCheck = Callable[[IPAddress], bool]

_NOT_PUBLIC = [
    ipaddress.ip_network(net)
    for net in (
        "100.64.0.0/10",  # shared address space (CGNAT; 100.100.100.200 is a metadata service)
        "192.0.0.0/24",  # IETF protocol assignments
        "64:ff9b:1::/48",  # local-use NAT64
    )
]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_V4_COMPATIBLE = ipaddress.ip_network("::/96")


def embedded_ipv4(address: IPAddress) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries (none for an IPv4 address)."""
    if isinstance(address, ipaddress.IPv4Address):
        return []
    found: list[ipaddress.IPv4Address] = []
    if address.ipv4_mapped:
        found.append(address.ipv4_mapped)
    if address.sixtofour:
        found.append(address.sixtofour)
    if address.teredo:
        found.extend(address.teredo)
    if address in _NAT64 or (address in _V4_COMPATIBLE and int(address) > 0xFFFF):
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def is_public_address(address: IPAddress) -> bool:
    """Whether ``address`` is globally routable, and so is every IPv4 address in it."""
    if not address.is_global or any(address in net for net in _NOT_PUBLIC):
        return False
    return all(is_public_address(inner) for inner in embedded_ipv4(address))


async def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the system resolver gives for ``host``, in its order."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class BlockedAddress(Exception):
    """A host that resolves to an address the policy does not allow."""


class Unresolvable(Exception):
    """A host name with no address."""


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Resolves a host once and says which address to connect to, or why none.

    ``allowed`` decides per address (``is_public_address`` by default; everything when
    private addresses are allowed); ``resolver`` is the system's unless a test gives one.
    """

    allowed: AddressCheck = is_public_address
    resolver: Resolver = system_resolver

    async def pin(self, host: str, port: int) -> str:
        """The checked address to connect to for ``host``: raises ``BlockedAddress`` if
        any address of the host is not allowed, ``Unresolvable`` if it has none."""
        try:
            literal: IPAddress | None = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            literal = None
        if literal is not None:
            addresses = [literal]
        else:
            try:
                answers = await self.resolver(host, port)
            except (OSError, UnicodeError) as exc:
                raise Unresolvable(f"cannot resolve {host}: {exc}") from exc
            addresses = [ipaddress.ip_address(a.split("%")[0]) for a in answers]
        if not addresses:
            raise Unresolvable(f"cannot resolve {host}: no address")
        for address in addresses:
            if not self.allowed(address):
                raise BlockedAddress(
                    f"{host} resolves to {address}, a non-public address"
                    " (--allow-private fetches from such addresses)"
                )
        return str(addresses[0])


def allow_all(address: IPAddress) -> bool:
    """The check of a user who allowed private addresses (tests, intranets)."""
    return True
