"""``factsheet serve``: preview the built web pages on this computer while editing the source.

Staff edit a factsheet and see the result in their browser: the output folder
is served on the loopback address only (never to the network), and a change
to a factsheet's source rebuilds that factsheet (a change to
``publisher.yaml`` rebuilds them all).  The catalog keeps every factsheet
because each page keeps its own catalog entry.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from builders.diagnostics import Severity
from builders.pipeline import build_formats, failing_ids, read_and_check
from builders.settings import SETTINGS_FILE

HOST = "127.0.0.1"
"""Loopback only: a preview is for the person at this computer."""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging every request over the rebuild messages."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


class _Server(http.server.ThreadingHTTPServer):
    """Ignores a browser dropping a connection early (it stops fetching a file it does not need)."""

    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def start_server(out_dir: Path, port: int) -> http.server.ThreadingHTTPServer:
    """Serve ``out_dir`` on the loopback address in a background thread (port 0: any free port)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_QuietHandler, directory=str(out_dir))
    httpd = _Server((HOST, port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def changed_ids(source_dir: Path, paths: Iterable[str]) -> tuple[str, ...] | None:
    """The factsheets whose source changed; None means all of them (the settings changed)."""
    root = source_dir.resolve()
    ids: set[str] = set()
    for name in paths:
        path = Path(name).resolve()
        if not path.is_relative_to(root):
            continue
        parts = path.relative_to(root).parts
        if parts == (SETTINGS_FILE,):
            return None
        if len(parts) > 1 and not parts[0].startswith("."):
            ids.add(parts[0])
    return tuple(sorted(ids))


def rebuild(source_dir: Path, out_dir: Path, formats: tuple[str, ...], ids: tuple[str, ...],
            say: Callable[[str], None]) -> None:
    """Check and build the named factsheets (all when ``ids`` is empty), saying what happened."""
    project, diagnostics = read_and_check(source_dir, ids)
    skip = failing_ids(project, diagnostics, strict=False)
    summary = build_formats(project, formats, out_dir, diagnostics, skip)
    for diagnostic in diagnostics:
        say(diagnostic.format())
    names = ", ".join(ids) if ids else "every factsheet"
    errors = diagnostics.count(Severity.ERROR)
    say(f"rebuilt {names}: {len(summary.built)} file(s) in {summary.seconds:.1f} s"
        + (f", {errors} error(s): previous outputs left in place" if errors else ""))


def serve(source_dir: Path, out_dir: Path, port: int, formats: tuple[str, ...],
          say: Callable[[str], None]) -> None:
    """Serve ``out_dir``, build once, then rebuild what changes until interrupted."""
    import watchfiles

    httpd = start_server(out_dir, port)
    say(f"serving {out_dir} at http://{HOST}:{httpd.server_address[1]}/ (press Ctrl+C to stop)")
    try:
        rebuild(source_dir, out_dir, formats, (), say)
        for changes in watchfiles.watch(source_dir):
            ids = changed_ids(source_dir, (path for _, path in changes))
            if ids is None:
                rebuild(source_dir, out_dir, formats, (), say)
            elif ids:
                rebuild(source_dir, out_dir, formats, ids, say)
    except KeyboardInterrupt:
        say("stopped")
    finally:
        httpd.shutdown()
        httpd.server_close()
