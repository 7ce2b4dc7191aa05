"""The preview server under odd requests and readers who leave, on a real 127.0.0.1 socket."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from generator.serve import EVENTS, BuildState, serve


@pytest.fixture
def server(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "<html><body>" + "مرحبا " * 400_000 + "</body></html>", encoding="utf-8"
    )
    started: list = []
    state = BuildState()
    thread = threading.Thread(
        target=serve, args=(site, 0), kwargs={"state": state, "ready": started.append}, daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 10
    while not started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield started[0].server_address[1], state
    started[0].shutdown()


def ask(port: int, target: str, method: str = "GET") -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(
            f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
        )
        return conn.recv(20)


def test_odd_addresses_get_a_status(server):
    server, _ = server
    assert ask(server, "/%00").startswith(b"HTTP/1.0 400")
    assert ask(server, "/%00", "HEAD").startswith(b"HTTP/1.0 400")
    assert ask(server, "/" + "a" * 5000).startswith((b"HTTP/1.0 414", b"HTTP/1.0 404"))
    assert ask(server, "/" + "a/" * 3000).startswith((b"HTTP/1.0 414", b"HTTP/1.0 404"))
    assert ask(server, "/").startswith(b"HTTP/1.0 200")


def test_readers_who_leave_print_nothing(server, capfd):
    server, state = server
    streams = []
    for _ in range(200):
        conn = socket.create_connection(("127.0.0.1", server), timeout=10)
        conn.sendall(f"GET {EVENTS} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        streams.append(conn)
    for conn in streams:
        assert conn.recv(15).startswith(b"HTTP/1.0 200")
    for conn in streams:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        conn.close()  # a reset, as a closed tab sends
    state.publish("")  # a rebuild: every stream is written to, and finds its reader gone
    for _ in range(20):  # readers who leave a big page before it has come
        conn = socket.create_connection(("127.0.0.1", server), timeout=10)
        conn.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        conn.recv(10)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        conn.close()
    time.sleep(1)
    assert ask(server, "/").startswith(b"HTTP/1.0 200")
    assert "Traceback" not in capfd.readouterr().err
