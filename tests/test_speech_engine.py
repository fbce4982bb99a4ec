"""The speech engine speaks the same text to the same samples, whatever the machine's timing.

espeak-ng's synthesiser carries state from one utterance to the next, so a
chunk that is cancelled part-way and spoken again moves every later chunk by
a few samples.  pyttsx3 2.99 cancels an utterance when it lost a race at
start-up (seen on a loaded machine); these tests recreate both situations on
purpose and check that the audio is still the clean run's.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from builders.common.speech.engine import Pyttsx3Engine
from builders.model import Location

ROOT = Path(__file__).resolve().parents[1]
CHUNKS = (
    "Coping with worry, from Example Mental Health Charity.",
    "Call Samaritans free on one one six, one two three, day or night.",
    "Or text SHOUT to eight five two five eight.",
)


def _worker_speaks(path: Path, stale_stop: bool) -> dict[str, int]:
    """One chunk spoken by a fresh worker; ``stale_stop`` leaves pyttsx3's flag as its start-up race does."""
    code = (
        "import json, sys\n"
        "from builders.common.speech.pyttsx3_worker import _Speaker\n"
        "speaker = _Speaker('gmw/en', 130)\n"
        f"speaker.engine.proxy._driver._stopping = {stale_stop}\n"
        "samples, retried = speaker.speak(sys.argv[1], sys.argv[2])\n"
        "print(json.dumps({'samples': samples, 'retried': retried}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, CHUNKS[1], str(path)], cwd=ROOT, capture_output=True,
                          text=True, check=True, timeout=120)
    reply: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
    return reply


def test_a_stop_pyttsx3_left_pending_does_not_cancel_the_next_chunk(tmp_path: Path) -> None:
    clean = _worker_speaks(tmp_path / "clean.wav", stale_stop=False)
    raced = _worker_speaks(tmp_path / "raced.wav", stale_stop=True)
    assert raced["retried"] == 0
    assert (tmp_path / "raced.wav").read_bytes() == (tmp_path / "clean.wav").read_bytes()
    assert raced["samples"] == clean["samples"]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _speak_all(engine: Pyttsx3Engine, folder: Path) -> list[str]:
    folder.mkdir()
    digests = []
    try:
        for number, text in enumerate(CHUNKS):
            engine.speak_to_wav(text, folder / f"{number}.wav")
            digests.append(_digest(folder / f"{number}.wav"))
    finally:
        engine.close()
    return digests


def test_after_a_cancelled_chunk_the_engine_speaks_as_a_clean_run(tmp_path: Path) -> None:
    """A cancelled utterance is recreated by speaking extra words in the worker before the last chunk."""
    clean = _speak_all(Pyttsx3Engine("gmw/en", 130, Location("test")), tmp_path / "clean")

    cancelled = Pyttsx3Engine("gmw/en", 130, Location("test"))
    request = cancelled._request
    interrupted: list[str] = []

    def cancelled_once(text: str, rate: int, path: Path) -> tuple[int, bool]:
        if text == CHUNKS[2] and not interrupted:
            interrupted.append(text)
            request("Words espeak-ng began and was told to drop.", rate, path.with_name("dropped.wav"))
            samples, _ = request(text, rate, path)
            interrupted.append(_digest(path))
            return samples, True
        return request(text, rate, path)

    cancelled._request = cancelled_once  # type: ignore[method-assign]
    again = _speak_all(cancelled, tmp_path / "cancelled")
    assert interrupted[1] != clean[2], "espeak-ng no longer carries state between utterances: simplify the engine"
    assert cancelled.fresh_starts == 1
    assert again == clean
