"""Hostile HTTP traffic against the endpoint: slow and half-sent requests, too many
connections, a foreign Host header, bad Content-Length, chunked bodies. Raw sockets on
127.0.0.1 only, each test bounded to a few seconds."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time

import pytest

import graph
from graph.server.endpoint import Limits, allowed_hosts, make_server

pytestmark = pytest.mark.reliability

ASK = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def server():
    kg = graph.load(validate=False)
    limits = Limits(idle_seconds=2, header_seconds=3, connections=8)
    srv = make_server(kg.store, "127.0.0.1", 0, limits=limits)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()


def port(server) -> int:
    return server.server_address[1]


def connect(server) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port(server)), timeout=10)
    return sock


def exchange(server, raw: bytes) -> bytes:
    """Send ``raw`` and read until the server closes or answers one whole response."""
    with connect(server) as sock:
        sock.sendall(raw)
        return read_response(sock)


def read_response(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def status(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


def host(server) -> str:
    return f"127.0.0.1:{port(server)}"


def post(server, body: bytes, extra: str = "") -> bytes:
    return (f"POST /sparql HTTP/1.1\r\nHost: {host(server)}\r\n"
            f"Content-Type: application/sparql-query\r\n{extra}\r\n").encode() + body


# --- the Host header --------------------------------------------------------------------------
def test_a_foreign_host_header_is_refused(server):
    r = exchange(server, f"GET /health HTTP/1.1\r\nHost: evil.example:{port(server)}\r\n"
                         "Connection: close\r\n\r\n".encode())
    assert status(r) == 421 and b"does not name this server" in r
    for name in (host(server), f"localhost:{port(server)}"):
        r = exchange(server, f"GET /health HTTP/1.1\r\nHost: {name}\r\n"
                             "Connection: close\r\n\r\n".encode())
        assert status(r) == 200, name
    r = exchange(server, b"GET /health HTTP/1.0\r\n\r\n")
    assert status(r) == 421 and b"Host header is required" in r


def test_the_allowed_hosts_follow_the_bound_address():
    assert "localhost:7878" in allowed_hosts("127.0.0.1", 7878)
    assert "evil.example:7878" not in allowed_hosts("127.0.0.1", 7878)
    assert allowed_hosts("192.0.2.5", 80) == {"192.0.2.5", "192.0.2.5:80"}
    assert allowed_hosts("0.0.0.0", 80) is None  # noqa: S104 - every address: any name


# --- Content-Length and chunked bodies --------------------------------------------------------
def test_a_non_numeric_content_length_gets_400_not_a_dropped_connection(server):
    r = exchange(server, post(server, ASK.encode(), "Content-Length: abc\r\n"))
    assert status(r) == 400


def test_a_negative_or_doubled_content_length_gets_400(server):
    assert status(exchange(server, post(server, b"", "Content-Length: -5\r\n"))) == 400
    two = "Content-Length: 16\r\nContent-Length: 17\r\n"
    assert status(exchange(server, post(server, ASK.encode(), two))) == 400


def test_a_chunked_body_is_read_whole(server):
    body = ASK.encode()
    chunked = (f"{5:x}\r\n".encode() + body[:5] + b"\r\n"
               + f"{len(body) - 5:x}\r\n".encode() + body[5:] + b"\r\n0\r\n\r\n")
    r = exchange(server, post(server, chunked, "Transfer-Encoding: chunked\r\n"
                                               "Connection: close\r\n"))
    assert status(r) == 200
    assert json.loads(r.partition(b"\r\n\r\n")[2]) == {"head": {}, "boolean": True}


def test_a_broken_chunked_body_gets_400(server):
    r = exchange(server, post(server, b"zz\r\nASK\r\n0\r\n\r\n",
                              "Transfer-Encoding: chunked\r\n"))
    assert status(r) == 400


def test_an_oversized_body_is_refused_before_it_is_read(server):
    r = exchange(server, post(server, b"", "Content-Length: 10000000\r\n"))
    assert status(r) == 413


# --- slow clients, idle connections, the connection cap ---------------------------------------
def _closed_within(sock: socket.socket, seconds: float) -> float | None:
    """Seconds until the server closes ``sock`` (reading what it sends), or None."""
    started = time.monotonic()
    sock.settimeout(0.2)
    while time.monotonic() - started < seconds:
        try:
            if not sock.recv(65536):
                return time.monotonic() - started
        except TimeoutError:
            continue
        except ConnectionResetError:
            return time.monotonic() - started
    return None


def test_a_half_sent_request_is_dropped_at_the_idle_timeout(server):
    with connect(server) as sock:
        sock.sendall(f"GET /health HTTP/1.1\r\nHost: {host(server)}\r\n".encode())
        took = _closed_within(sock, 8)
    assert took is not None and took < 5


def test_an_idle_keep_alive_connection_is_dropped(server):
    with connect(server) as sock:
        sock.sendall(f"GET /health HTTP/1.1\r\nHost: {host(server)}\r\n\r\n".encode())
        assert status(read_response(sock)) == 200
        took = _closed_within(sock, 8)
    assert took is not None and took < 5


def test_a_trickling_request_is_dropped_at_the_header_timeout(server):
    """One byte every half second keeps a connection busy, never idle: the header
    timeout ends it."""
    request = f"GET /health HTTP/1.1\r\nHost: {host(server)}\r\nX-Slow: {'x' * 40}\r\n\r\n"
    started = time.monotonic()
    closed = False
    with connect(server) as sock:
        for byte in request[:-4].encode():
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                closed = True
                break
            time.sleep(0.5)
            if time.monotonic() - started > 10:
                break
        if not closed:
            closed = _closed_within(sock, 1) is not None
    assert closed and time.monotonic() - started < 10


def test_the_connection_cap_holds_and_health_answers_after_idle_ones_go(server):
    idle = [connect(server) for _ in range(12)]  # more than the cap of 8
    try:
        time.sleep(0.5)
        assert len(server._server.active_channels) <= 8
        started = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", port(server), timeout=10)
        conn.request("GET", "/health")
        assert conn.getresponse().status == 200
        assert time.monotonic() - started < 8  # once the idle ones are dropped
        conn.close()
    finally:
        for sock in idle:
            sock.close()


def test_keep_alive_serves_many_requests_on_one_connection(server):
    conn = http.client.HTTPConnection("127.0.0.1", port(server), timeout=10)
    for _ in range(20):
        conn.request("GET", "/health")
        response = conn.getresponse()
        assert response.status == 200 and json.loads(response.read())["status"] == "ok"
    conn.close()
