"""`marsad serve`: a local preview of the built site."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path


def serve(root: Path, port: int = 8000, host: str = "127.0.0.1") -> None:
    """Serve `root` until interrupted."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        print(f"serving {root}/ on http://{host}:{port}/ (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
