#!/usr/bin/env python3
"""A small HTTP server for mshub's hub tests and `bench hub`: serves one folder on 127.0.0.1 with
byte ranges, and injects faults on request.

    hub-test-server.py ROOT [STATS]

Prints the chosen port on the first line of stdout, then serves until stdin reaches end of file (so
the server dies with the test that started it) or it is killed.

  GET /PATH                    the file ROOT/PATH; honours `Range: bytes=A-` and `bytes=A-B` (206)
  GET /fault/KIND/PATH         the same file with a fault:
      drop-once    the first request for PATH sends half the body, then closes the connection
      drop-always  every request stops at half the file and closes the connection
      wrong        the body has one byte changed in the middle (length unchanged)
      slow         1 KiB every 150 ms
      stall        sends up to half the file, then sends nothing for 60 s
      endless      a chunked body with no length that repeats the file until the client hangs up
  GET /_stats                  JSON {PATH: {"full": n, "range": n, "starts": [...]}} where "full" counts
                               requests for the whole body (no Range, or a Range from byte 0)
When STATS is given, the same JSON is also written to that file (atomically) after every request.
Anything missing is a 404.
"""

import http.server
import json
import os
import socket
import sys
import threading
import time
import urllib.parse

ROOT = ""
STATS_FILE = None
LOCK = threading.Lock()
STATS = {}
DROPPED = set()
FAULTS = {"drop-once", "drop-always", "wrong", "slow", "stall", "endless"}


def record(path, start, ranged):
    with LOCK:
        entry = STATS.setdefault(path, {"full": 0, "range": 0, "starts": []})
        if start == 0:
            entry["full"] += 1
        if ranged:
            entry["range"] += 1
        entry["starts"].append(start)
        if STATS_FILE:
            temporary = STATS_FILE + ".tmp"
            with open(temporary, "w") as f:
                json.dump(STATS, f)
            os.replace(temporary, STATS_FILE)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def send_plain(self, status, body):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        if path == "/_stats":
            with LOCK:
                self.send_plain(200, json.dumps(STATS))
            return
        fault = None
        parts = path.lstrip("/").split("/")
        if len(parts) >= 3 and parts[0] == "fault" and parts[1] in FAULTS:
            fault = parts[1]
            parts = parts[2:]
        relative = "/".join(parts)
        if any(p in ("", ".", "..") for p in parts):
            self.send_plain(404, "not found\n")
            return
        full = os.path.join(ROOT, relative)
        if not os.path.isfile(full):
            self.send_plain(404, "not found\n")
            return
        with open(full, "rb") as f:
            data = f.read()
        size = len(data)
        start, end, ranged = 0, size - 1, False
        header = self.headers.get("Range")
        if header and header.startswith("bytes="):
            first, _, last = header[6:].partition("-")
            try:
                start = int(first)
                end = int(last) if last else size - 1
            except ValueError:
                self.send_plain(400, "bad range\n")
                return
            if start >= size or end < start:
                self.send_response(416)
                self.send_header("Content-Range", "bytes */%d" % size)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            end = min(end, size - 1)
            ranged = True
        record(relative, start, ranged)
        if fault == "wrong":
            middle = size // 2
            data = data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:]
        body = data[start:end + 1]
        if fault == "endless":
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b"%x\r\n" % len(data) + data + b"\r\n")
                    self.wfile.flush()
            except OSError:
                pass
            self.close_connection = True
            return
        self.send_response(206 if ranged else 200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        if ranged:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, end, size))
        self.end_headers()
        half = max(0, size // 2 - start)
        drop = fault == "drop-always"
        if fault == "drop-once":
            with LOCK:
                drop = relative not in DROPPED
                DROPPED.add(relative)
        if drop:
            self.wfile.write(body[:half])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault == "stall":
            self.wfile.write(body[:half])
            self.wfile.flush()
            time.sleep(60)
            self.close_connection = True
            return
        if fault == "slow":
            for offset in range(0, len(body), 1024):
                self.wfile.write(body[offset:offset + 1024])
                self.wfile.flush()
                time.sleep(0.15)
            return
        self.wfile.write(body)


def main():
    global ROOT, STATS_FILE
    if len(sys.argv) not in (2, 3):
        sys.stderr.write("usage: hub-test-server.py ROOT [STATS]\n")
        sys.exit(64)
    ROOT = os.path.abspath(sys.argv[1])
    STATS_FILE = sys.argv[2] if len(sys.argv) == 3 else None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    sys.stdout.write("%d\n" % server.server_address[1])
    sys.stdout.flush()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        sys.stdin.read()
    except KeyboardInterrupt:
        pass
    os._exit(0)


if __name__ == "__main__":
    main()
