"""`marsad serve`: build, serve, watch, rebuild, and reload the pages readers have open.

The site on disk stays exactly what `marsad build` writes. Only the preview
server adds one script to the HTML it sends, which listens on an event stream
(/__marsad/events): after a good rebuild the page reloads itself; after a bad
one it shows the errors over the page, and the last good site keeps being
served until the content is fixed.
"""

from __future__ import annotations

import errno
import functools
import http.server
import json
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

EVENTS = "/__marsad/events"
CLIENT = "/__marsad/reload.js"
_INJECT = f'<script src="{CLIENT}"></script>'.encode()

_CLIENT_JS = (
    r"""
(() => {
  let seen = null;
"""
    f'  const source = new EventSource("{EVENTS}");\n'
    r"""  source.onmessage = (event) => {
    const state = JSON.parse(event.data);
    let overlay = document.getElementById("marsad-error-overlay");
    if (state.error) {
      if (!overlay) {
        overlay = document.createElement("pre");
        overlay.id = "marsad-error-overlay";
        overlay.setAttribute("role", "alert");
        overlay.dir = "ltr";
        overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;margin:0;"""
    r"""padding:1.5rem;overflow:auto;" +
          "background:rgba(20,0,0,.94);color:#ffd7d7;"""
    r"""font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap";
        document.body.append(overlay);
      }
      overlay.textContent = "marsad: the last build failed; this is the last good site."""
    r"""\n\n" + state.error;
      seen = state.version;
      return;
    }
    if (overlay) overlay.remove();
    if (seen !== null && state.version !== seen) location.reload();
    seen = state.version;
  };
})();
"""
)


class BuildState:
    """The outcome of the latest build, shared by the watcher and every open event stream."""

    def __init__(self) -> None:
        self.version = 0  # counts good builds: a page reloads when it changes
        self.error = ""  # the failed build's report, "" after a good one
        self.changed = threading.Condition()

    def publish(self, error: str = "") -> None:
        with self.changed:
            if not error:
                self.version += 1
            self.error = error
            self.changed.notify_all()

    def snapshot(self) -> str:
        return json.dumps({"version": self.version, "error": self.error})


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    state: BuildState

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass  # the terminal shows builds, not every request

    def do_HEAD(self):
        return self._answer(super().do_HEAD)

    def do_GET(self):
        return self._answer(self._get)

    def _answer(self, answer: Callable[[], None]) -> None:
        """Answer with `answer`; an address no file can have gets its status, not a closed
        socket."""
        try:
            return answer()
        except (BrokenPipeError, ConnectionResetError):
            raise
        except ValueError:  # a NUL in the address (/%00): no file has such a name
            return self.send_error(400, "Bad address")
        except OSError as exc:
            return self.send_error(414 if exc.errno == errno.ENAMETOOLONG else 404)

    def _get(self):
        if self.path == EVENTS:
            return self._events()
        if self.path == CLIENT:
            return self._send(_CLIENT_JS.encode(), "text/javascript; charset=utf-8")
        path = Path(self.translate_path(self.path))
        if path.is_dir() and not urlsplit(self.path).path.endswith("/"):
            return super().do_GET()  # the base class redirects to the folder's address
        target = path / "index.html" if path.is_dir() else path
        if target.suffix == ".html" and target.is_file():
            body = target.read_bytes()
            at = body.rfind(b"</body>")
            body = body[:at] + _INJECT + body[at:] if at >= 0 else body + _INJECT
            return self._send(body, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state = self.state
        try:
            last = None
            while True:
                with state.changed:
                    current = state.snapshot()
                    if current == last:
                        state.changed.wait(timeout=15)
                        current = state.snapshot()
                message = f"data: {current}\n\n" if current != last else ": keep-alive\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
                last = current
        except (BrokenPipeError, ConnectionResetError):
            return


class _PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # every open tab holds an event stream: many may connect at once

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return  # a reader closed the page (or its event stream): nothing went wrong here
        super().handle_error(request, client_address)


def serve(
    root: Path,
    port: int = 8000,
    host: str = "127.0.0.1",
    state: BuildState | None = None,
    ready: Callable[[http.server.ThreadingHTTPServer], None] | None = None,
) -> None:
    """Serve `root` until interrupted."""
    handler = type("Handler", (PreviewHandler,), {"state": state or BuildState()})
    bound = functools.partial(handler, directory=str(root))
    with _PreviewServer((host, port), bound) as server:
        print(
            f"serving {root}/ on http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)",
            flush=True,
        )
        if ready:
            ready(server)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


def watch_and_rebuild(
    paths: list[Path], rebuild: Callable[[], str], state: BuildState, stop: threading.Event
) -> None:
    """Rebuild whenever a file under `paths` changes; `rebuild` returns '' or the build's error
    report."""
    from watchfiles import watch

    for changes in watch(*paths, stop_event=stop, debounce=200, step=50):
        names = sorted({Path(p).name for _, p in changes})
        print(
            f"changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}",
            file=sys.stderr,
            flush=True,
        )
        state.publish(rebuild())
