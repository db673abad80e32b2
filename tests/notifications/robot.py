"""A group robot for tests: a local HTTP server that records posts and answers from a script."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Robot:
    """A group robot: records each POST and answers with the next scripted (status, body)."""

    def __init__(self, script):
        self.script, self.requests = list(script), []
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers["Content-Length"]))
                robot.requests.append({"path": self.path, "type": self.headers["Content-Type"],
                                       "json": json.loads(body)})
                status, answer = robot.script.pop(0) if len(robot.script) > 1 else robot.script[0]
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/cgi-bin/webhook/send?key=test-key"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


OK = (200, {"errcode": 0, "errmsg": "ok"})
