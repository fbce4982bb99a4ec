"""``factsheet serve``: preview the built web pages on this computer while editing the source.

Staff edit a factsheet and see the result in their browser: the output folder
is served on the loopback address only (never to the network), and a change
to a factsheet's source rebuilds that factsheet (a change to
``publisher.yaml`` rebuilds them all).  The catalog keeps every factsheet
because each page keeps its own catalog entry.
"""

from __future__ import annotations

import errno
import functools
import http.server
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from builders.diagnostics import Severity
from builders.locking import OutputProblem
from builders.pipeline import build_formats, failing_ids, read_and_check
from builders.settings import SETTINGS_FILE

HOST = "127.0.0.1"
"""Loopback only: a preview is for the person at this computer."""


class ServeError(Exception):
    """The preview cannot start (the port is taken, the output folder cannot be made)."""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built files and nothing else, without logging every request over the rebuild messages.

    Never a hidden file (``.manifest.json`` names source paths, ``.lock``,
    ``.staging``), never through a symbolic link (which could lead out of the
    output folder), never a folder listing: any of those is a plain 404.
    """

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def translate_path(self, path: str) -> str:
        """The file a request names, or a name that cannot exist when the request is not allowed."""
        translated = super().translate_path(path)
        root = Path(self.directory).resolve()
        try:
            relative = Path(translated).relative_to(self.directory)
        except ValueError:
            return _REFUSED
        current = root
        for part in relative.parts:
            if part.startswith("."):
                return _REFUSED
            current = current / part
            if current.is_symlink():
                return _REFUSED
        return str(current)

    def send_head(self):  # type: ignore[no-untyped-def]
        """Answer 404 for a refused request, exactly as for a missing file."""
        if self.translate_path(self.path) == _REFUSED:
            self.send_error(http.HTTPStatus.NOT_FOUND, "File not found")
            return None
        return super().send_head()

    def list_directory(self, path: str) -> None:  # type: ignore[override]
        """No listings: a folder without an index.html is not found."""
        self.send_error(http.HTTPStatus.NOT_FOUND, "File not found")
        return None


class _Server(http.server.ThreadingHTTPServer):
    """Ignores a browser dropping a connection early (it stops fetching a file it does not need)."""

    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


_REFUSED = ""
"""What :meth:`_QuietHandler.translate_path` answers for a request that is not allowed."""


def start_server(out_dir: Path, port: int) -> http.server.ThreadingHTTPServer:
    """Serve ``out_dir`` on the loopback address in a background thread (port 0: any free port)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ServeError(f"cannot use the output folder {out_dir}: {exc.strerror or exc}") from None
    handler = functools.partial(_QuietHandler, directory=str(out_dir.resolve()))
    try:
        httpd = _Server((HOST, port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} on {HOST} is already in use (another preview, or another program); "
                             f"stop it, or choose another port with --port, such as --port {port + 1}") from None
        raise ServeError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from None
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
    try:
        summary = build_formats(project, formats, out_dir, diagnostics, skip)
    except OutputProblem as exc:
        say(f"error: {exc}")
        return
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
        watching = False
        # An empty set comes only once the watcher is running: say so then, so that
        # a change made after that line is never missed.
        for changes in watchfiles.watch(source_dir, yield_on_timeout=True, rust_timeout=500):
            if not changes:
                if not watching:
                    say("watching the source for changes")
                    watching = True
                continue
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
