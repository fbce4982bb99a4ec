"""``factsheet serve`` shows built pages and nothing else (issue 11): no hidden files, no links out of
the output folder, no folder listings, and a plain message when the port is taken."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from builders.cli import main
from builders.commands.serve import HOST, start_server


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An output folder with a page, hidden files, links leading out and a folder without a page, served."""
    out = tmp_path / "output"
    (out / "sheet").mkdir(parents=True)
    (out / "index.html").write_text("<p>catalog</p>", encoding="utf-8")
    (out / "sheet" / "index.html").write_text("<p>page</p>", encoding="utf-8")
    (out / ".manifest.json").write_text('{"jobs": {"/home/staff/source/sheet/body.md": 1}}', encoding="utf-8")
    (out / ".lock").write_text("123\n", encoding="utf-8")
    (out / ".staging" / "sheet").mkdir(parents=True)
    (out / ".staging" / "sheet" / "draft.txt").write_text("unfinished", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    (out / "sheet" / "secret.txt").symlink_to(tmp_path / "secret.txt")
    (out / "etc").symlink_to("/etc")
    (out / "empty").mkdir()
    server = start_server(out, 0)
    try:
        yield f"http://{HOST}:{server.server_address[1]}", out
    finally:
        server.shutdown()
        server.server_close()


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_pages_are_served(served: tuple[str, Path]) -> None:
    base, _ = served
    assert status(f"{base}/") == 200 and status(f"{base}/sheet/") == 200 and status(f"{base}/sheet/index.html") == 200


@pytest.mark.parametrize("path", [
    "/.manifest.json", "/.lock", "/.staging/sheet/draft.txt", "/sheet/secret.txt", "/etc/passwd", "/etc/",
    "/empty/", "/sheet/../.manifest.json", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2emanifest.json",
])
def test_hidden_files_links_and_listings_are_not_found(served: tuple[str, Path], path: str) -> None:
    base, _ = served
    assert status(base + path) == 404


def test_a_port_in_use_is_a_plain_message(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["--source", str(tmp_path), "serve", "--port", str(port),
                                           "--out", str(tmp_path / "output")])
    assert result.exit_code == 1 and not isinstance(result.exception, OSError)
    assert f"error: port {port} on {HOST} is already in use" in result.output
    assert "--port" in result.output and "Traceback" not in result.output
