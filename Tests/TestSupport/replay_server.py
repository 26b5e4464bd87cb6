#!/usr/bin/env python3
"""Replays Software Heritage `GET /api/1/snapshot/<id>/` pages on 127.0.0.1 for snaprev's tests.

Prints the port it listens on, then serves until killed (or for --lifetime seconds).
Pages come from a JSON file shaped like Tests/Fixtures/swh/cabcc7d7-pages.json
({"pages": [{"request": "GET /api/1/snapshot/<id>/?...", "body": {...}}]}) or a single body.
Each page is sent as swh-web sends it: compact JSON and, when next_branch is set, a
`Link: <...>; rel="next"` header built as swh.web.utils.reverse builds it.
--mode makes the server misbehave in one way, for the error tests.
"""
import argparse
import json
import os
import signal
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODES = ["normal", "throttle-once", "throttle-long", "garbage", "no-link", "foreign-link", "error-500", "wrong-id"]


def request_key(target):
    parts = urllib.parse.urlsplit(target)
    return parts.path, tuple(sorted(urllib.parse.parse_qsl(parts.query, keep_blank_values=True)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", required=True)
    parser.add_argument("--mode", default="normal", choices=MODES)
    parser.add_argument("--log", help="append one line per request to this file")
    parser.add_argument("--lifetime", type=float, default=120.0)
    parser.add_argument("--exit-on-stdin-eof", action="store_true", help="stop when standard input closes")
    args = parser.parse_args()
    # A test runner may start us with SIGTERM ignored; make it stop us again.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if args.exit_on_stdin_eof:
        def watch_stdin():
            sys.stdin.buffer.read()
            os._exit(0)

        threading.Thread(target=watch_stdin, daemon=True).start()

    with open(args.pages, encoding="utf-8") as f:
        data = json.load(f)
    pages = data["pages"] if "pages" in data else [{"request": "GET /api/1/snapshot/%s/" % data["id"], "body": data}]
    routes = {request_key(page["request"].split(" ", 1)[1]): page["body"] for page in pages}
    state = {"requests": 0}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def send(self, status, body, headers=()):
            payload = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self):
            with lock:
                state["requests"] += 1
                count = state["requests"]
            if args.log:
                with open(args.log, "a", encoding="utf-8") as log:
                    log.write(self.path + "\n")
            if args.mode == "throttle-long" or (args.mode == "throttle-once" and count == 1):
                wait = "3600" if args.mode == "throttle-long" else "1"
                reason = "Request was throttled. Expected available in %s seconds." % wait
                return self.send(429, {"exception": "Throttled", "reason": reason}, [("Retry-After", wait)])
            if args.mode == "error-500":
                return self.send(500, b"<h1>Server Error (500)</h1>")
            key = request_key(self.path)
            body = routes.get(key)
            if body is None:
                path = urllib.parse.urlsplit(self.path).path
                pieces = path.strip("/").split("/")
                if len(pieces) == 4 and pieces[:3] == ["api", "1", "snapshot"]:
                    reason = "Snapshot with id %s not found!" % pieces[3]
                    return self.send(404, {"exception": "NotFoundExc", "reason": reason})
                reason = "The resource %s could not be found on the server." % path
                return self.send(404, {"error": "Resource not found", "reason": reason})
            if args.mode == "garbage" and count >= 2:
                return self.send(200, b'{"id": "' + body["id"].encode() + b'", "branches": {"refs/heads/x": ')
            if args.mode == "wrong-id":
                body = dict(body, id="0" * 40)
            headers = []
            next_branch = body.get("next_branch")
            if next_branch is not None and args.mode != "no-link":
                query = dict(key[1])
                params = {"branches_count": query.get("branches_count", "1000"), "branches_from": next_branch}
                if "target_types" in query:
                    params["target_types"] = query["target_types"]
                encoded = "&".join(
                    "%s=%s" % (name, urllib.parse.quote(value, safe="/;:")) for name, value in sorted(params.items())
                )
                host = "127.0.0.2" if args.mode == "foreign-link" else "127.0.0.1"
                url = "http://%s:%d%s?%s" % (host, server.server_address[1], key[0], encoded)
                headers.append(("Link", '<%s>; rel="next"' % url))
            self.send(200, body, headers)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    timer = threading.Timer(args.lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
