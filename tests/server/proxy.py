"""A TCP relay between a desk and one PostgreSQL node, to cut the desk off on purpose.

The desk connects to the relay's port instead of the server's; the relay copies bytes both ways
on one thread. Two ways to cut it off, the two the issue names:

* :meth:`Relay.freeze` is a **frozen server** (SIGSTOP, a hung laptop): nothing is read or
  relayed any more, but every socket stays open and the kernel keeps acknowledging TCP, new
  connections included (they wait in the listen backlog). No keepalive, timeout or error fires on
  the desk's side: only its own deadline can notice. :meth:`thaw` carries on where it stopped.
* :meth:`Relay.close_port` is a **closed port** (the server process gone, a firewall that
  rejects): every relayed connection is reset and new ones are refused. :meth:`reopen` listens
  on the same port again.

Freezing the relay rather than the real postmaster keeps the shared test formation healthy (a
stopped primary would make the monitor fail over under the next test).
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import struct
import threading
from collections.abc import Iterator


class Relay:
    """``127.0.0.1:port`` → ``target``; :meth:`freeze`, :meth:`thaw`, :meth:`close_port`, :meth:`reopen`."""

    def __init__(self, target: tuple[str, int], *, host: str = "127.0.0.1") -> None:
        self.target = target
        self.host = host
        first = self._listen(0)
        self._listener: socket.socket | None = first
        self.port: int = first.getsockname()[1]
        self._lock = threading.Lock()
        self._pairs: dict[socket.socket, socket.socket] = {}
        self._frozen = threading.Event()
        self._stopped = threading.Event()
        self._wake_r, self._wake_w = socket.socketpair()
        self._thread = threading.Thread(target=self._run, name="relay", daemon=True)
        self._thread.start()

    def _listen(self, port: int) -> socket.socket:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((self.host, port))
        s.listen(64)
        s.setblocking(False)
        return s

    # -- cutting off -------------------------------------------------------------------------------
    def freeze(self) -> None:
        """Stop relaying; keep every socket open (a frozen server)."""
        self._frozen.set()
        self._wake()

    def thaw(self) -> None:
        self._frozen.clear()
        self._wake()

    def close_port(self) -> None:
        """Reset every relayed connection and refuse new ones (a closed port)."""
        with self._lock:
            listener, self._listener = self._listener, None
            pairs = list(self._pairs.items())
            self._pairs.clear()
        self._wake()
        if listener is not None:
            listener.close()
        for a, _b in pairs:
            _reset(a)
        for _a, b in pairs:
            b.close()

    def reopen(self) -> None:
        """Listen on the same port again (after :meth:`close_port`)."""
        with self._lock:
            if self._listener is None:
                self._listener = self._listen(self.port)
        self._wake()

    def retarget(self, target: tuple[str, int]) -> None:
        """New connections go to ``target`` (e.g. the new primary after a failover)."""
        self.target = target

    def close(self) -> None:
        self._stopped.set()
        self._wake()
        self._thread.join(timeout=5)
        self.close_port()
        self._wake_r.close()
        self._wake_w.close()

    @property
    def connections(self) -> int:
        with self._lock:
            return len(self._pairs) // 2

    # -- relaying ------------------------------------------------------------------------------------
    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")

    def _run(self) -> None:
        while not self._stopped.is_set():
            sel = selectors.DefaultSelector()
            sel.register(self._wake_r, selectors.EVENT_READ)
            if not self._frozen.is_set():
                with self._lock:
                    listener = self._listener
                    pairs = list(self._pairs)
                if listener is not None:
                    sel.register(listener, selectors.EVENT_READ)
                for s in pairs:
                    sel.register(s, selectors.EVENT_READ)
            try:
                events = sel.select(timeout=0.2)
            except (OSError, ValueError):
                events = []  # a socket closed under us (close_port): look again
            finally:
                sel.close()
            for key, _ in events:
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                if sock is self._wake_r:
                    with contextlib.suppress(OSError):
                        self._wake_r.recv(4096)
                elif sock is listener:
                    self._accept(sock)
                else:
                    self._relay(sock)

    def _accept(self, listener: socket.socket) -> None:
        try:
            client, _ = listener.accept()
        except OSError:
            return
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            _reset(client)
            return
        for s in (client, upstream):
            s.setblocking(True)
            s.settimeout(5)
        with self._lock:
            self._pairs[client] = upstream
            self._pairs[upstream] = client

    def _relay(self, sock: socket.socket) -> None:
        with self._lock:
            other = self._pairs.get(sock)
        if other is None:
            return
        try:
            data = sock.recv(65536)
            if data:
                other.sendall(data)
                return
        except OSError:
            pass
        with self._lock:
            self._pairs.pop(sock, None)
            self._pairs.pop(other, None)
        for s in (sock, other):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()


def _reset(sock: socket.socket) -> None:
    """Close with a TCP reset (SO_LINGER 0), as a dead server's kernel answers."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


@contextlib.contextmanager
def relay(target: tuple[str, int]) -> Iterator[Relay]:
    r = Relay(target)
    try:
        yield r
    finally:
        r.close()
