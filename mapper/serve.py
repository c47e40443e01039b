"""Serve a built ``site/`` on localhost for viewing (``mapper serve``)."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path

from mapper.errors import InputError, OutputError


def make_server(site_dir: str | Path = "site", port: int = 8000,
                host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    """An HTTP server for ``site_dir`` bound to ``host:port`` (port 0 picks a free one).

    Raises
    ------
    InputError
        When ``site_dir`` has no ``index.html`` (nothing built yet).
    OutputError
        When the port cannot be bound.
    """
    site = Path(site_dir)
    if not (site / "index.html").is_file():
        raise InputError(f"{site}: no index.html; run `mapper build` first")
    handler = functools.partial(_QuietHandler, directory=str(site))
    try:
        return http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise OutputError(f"cannot serve on {host}:{port} ({exc.strerror}); "
                          "choose another port with --port") from None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files only, without a log line per request."""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass


def serve(site_dir: str | Path = "site", port: int = 8000, host: str = "127.0.0.1") -> None:
    """Serve ``site_dir`` until interrupted (Ctrl-C)."""
    server = make_server(site_dir, port, host)
    print(f"Serving {site_dir} at http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
