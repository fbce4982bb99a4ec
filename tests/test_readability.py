"""``factsheet readability``: the figures, and proof that nothing is downloaded to count syllables."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from builders.commands.readability import readability
from conftest import COMPLETE_SOURCE, ROOT, SAMPLES_SOURCE, load_clean, run_cli

# An audit hook sees every network look-up and connection Python makes, however it is made
# (socket, urllib, nltk's downloader), and cannot be removed.  It records the event in a file
# and refuses it, so a run that tried to download anything is caught.
NO_NETWORK = """
import sys
def _hook(event, args):
    if event in ("socket.getaddrinfo", "socket.connect", "urllib.Request", "socket.gethostbyname"):
        with open({log!r}, "a") as log:
            log.write(event + " " + repr(args)[:200] + "\\n")
        raise OSError("network blocked by the test: " + event)
sys.addaudithook(_hook)
"""


def _run_offline(tmp_path: Path, code: str) -> tuple[subprocess.CompletedProcess[str], str]:
    log = tmp_path / "network.log"
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NLTK")}
    env.update(HOME=str(home), NLTK_DATA=str(tmp_path / "nltk_data"), PYTHONPATH=str(ROOT))
    script = NO_NETWORK.format(log=str(log)) + code
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    return result, log.read_text() if log.exists() else ""


def test_readability_never_downloads(tmp_path: Path) -> None:
    code = (f"from builders.cli import main\n"
            f"main(['--source', {str(COMPLETE_SOURCE)!r}, 'readability', 'complete-example'])\n")
    result, network = _run_offline(tmp_path, code)
    assert network == "", f"tried the network:\n{network}"
    assert result.returncode == 0, result.stderr
    assert re.search(r"Flesch reading ease\s+\d+\.\d\s+\d+\.\d", result.stdout), result.stdout
    assert not (tmp_path / "nltk_data").exists() and not (tmp_path / "home" / "nltk_data").exists()


def test_the_guard_catches_textstat_downloading(tmp_path: Path) -> None:
    """The same guard, on textstat used as it comes: it does try to download (so the test above can fail)."""
    code = "import textstat\ntry:\n    textstat.flesch_reading_ease('The cat sat on the mat.')\nexcept Exception:\n    pass\n"
    _, network = _run_offline(tmp_path, code)
    assert network, "textstat 0.7.13 should try to fetch the CMU dictionary through nltk"


def test_report_figures_and_longest_sentences() -> None:
    result = run_cli("--source", str(COMPLETE_SOURCE), "readability", "complete-example", "--top", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Readability of complete-example: Coping with worry"
    assert re.fullmatch(r"\s+Full factsheet\s+Easy read", lines[2])
    assert re.fullmatch(r"Sentences\s+\d+\s+\d+", lines[3])
    assert "Longest sentences, full factsheet:" in lines and "Longest sentences, easy read:" in lines
    first = lines[lines.index("Longest sentences, full factsheet:") + 1]
    assert re.search(r"complete-example/(body\.md|factsheet\.yaml):\d+  \d+ words: ", first), first


def test_counts_on_the_fixture(complete_project) -> None:  # type: ignore[no-untyped-def]
    full, easy = readability(complete_project.factsheets[0])
    assert len(easy.sentences) == 5  # the help page is generated; the author wrote one row for it
    assert easy.longest[0].text == "Worry is when you think about bad things a lot."
    assert easy.longest[0].words == 10 and easy.longest[0].loc.line == 16
    assert max(s.words for s in full.sentences) == full.longest[0].words


@pytest.mark.parametrize("factsheet_id", ["self-harm", "self-harm-and-addiction"])
def test_samples_easy_read_is_easy(factsheet_id: str) -> None:
    """The issue: the samples' easy-read texts score a Flesch reading ease of at least 80."""
    project = load_clean(SAMPLES_SOURCE)
    factsheet = next(f for f in project.factsheets if f.id == factsheet_id)
    full, easy = readability(factsheet)
    assert easy.flesch_reading_ease >= 80, easy.flesch_reading_ease
    assert easy.longest[0].words <= 15
    assert full.flesch_reading_ease < easy.flesch_reading_ease
