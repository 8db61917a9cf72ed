"""A local stand-in for Nominatim: speaks its /search JSON protocol on 127.0.0.1.

Tests script answers per query (`q`): a JSON body, an HTTP status with headers,
or a delay longer than the client's timeout. Every request is recorded with its
arrival time, so tests can check the rate limit and that caching saves requests.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class FakeNominatim:
    def __init__(self):
        self.requests = []  # (monotonic time, query parameters)
        self.script = {}  # q -> list of answers, used in turn; the last one repeats
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        # serve_forever checks for shutdown every poll_interval (0.5 s by default, paid at every teardown).
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)

    @property
    def domain(self):
        return f"127.0.0.1:{self.server.server_address[1]}"

    def answer(self, query, *answers):
        self.script[query] = list(answers)

    def _next_answer(self, query):
        answers = self.script.get(query) or [("json", [])]
        return answers.pop(0) if len(answers) > 1 else answers[0]

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                params = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
                fake.requests.append((time.monotonic(), params))
                kind, *details = fake._next_answer(params.get("q", ""))
                if kind == "sleep":
                    time.sleep(details[0])
                    kind, details = "json", [[]]
                if kind == "status":
                    status, headers = details
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    body = b'{"error": "scripted"}'
                else:
                    self.send_response(200)
                    body = json.dumps(details[0]).encode()
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (timeout test)

            def log_message(self, *args):
                pass

        return Handler

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
