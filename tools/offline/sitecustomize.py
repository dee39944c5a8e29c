"""Offline guard for the test run: with ECFR_OFFLINE=1, any connection to a non-loopback address
fails.

`make test` puts this folder on PYTHONPATH, so it loads in pytest and in every notebook kernel nbval
starts. A notebook or test that reaches the internet then fails loudly instead of depending on it.
Loopback stays open: Jupyter kernels talk to their client over 127.0.0.1.
"""

import ipaddress
import os
import socket

if os.environ.get("ECFR_OFFLINE") == "1":

    class NetworkBlocked(OSError):
        """Raised instead of opening a connection that would leave this machine."""

    def _is_loopback(host) -> bool:
        if host in ("localhost", "", None):
            return True
        try:
            return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
        except ValueError:
            return False

    def _check(address):
        if isinstance(address, tuple) and not _is_loopback(address[0]):
            raise NetworkBlocked(
                f"network access blocked (offline run): tried to reach {address[0]}:{address[1]}"
            )

    _connect, _connect_ex, _getaddrinfo = (
        socket.socket.connect,
        socket.socket.connect_ex,
        socket.getaddrinfo,
    )

    def connect(self, address):
        _check(address)
        return _connect(self, address)

    def connect_ex(self, address):
        _check(address)
        return _connect_ex(self, address)

    def getaddrinfo(host, port, *args, **kwargs):
        if not _is_loopback(host):
            raise NetworkBlocked(f"network access blocked (offline run): tried to resolve {host}")
        return _getaddrinfo(host, port, *args, **kwargs)

    socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = (
        connect,
        connect_ex,
        getaddrinfo,
    )
    socket.NetworkBlocked = NetworkBlocked
