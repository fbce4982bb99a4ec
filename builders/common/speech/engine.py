"""Speech engines behind one small interface: text in, a 16-bit mono WAV file out.

The default is pyttsx3 driving espeak-ng (offline).  It runs in a child
process of its own (``builders.common.speech.pyttsx3_worker``) for three
reasons measured on pyttsx3 2.99:

* espeak-ng keeps state between calls in one process, so the same text
  spoken after different text differs by a few samples; a fresh process per
  recording makes every recording depend on its own script only
  (reproducible builds);
* a call with more than about 14,500 characters crashes the process; a crash
  in the child is reported as an error, not the end of the whole build;
* ``runAndWait()`` can return before the file is complete; the worker waits
  for the ``finished-utterance`` event and checks the file.

The ``espeak-ng`` command is a second engine: the same voice without Python
in between, useful where the library cannot be loaded.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import wave
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path

from builders.diagnostics import SourceError
from builders.model import Location

SAMPLE_RATE = 22050
"""espeak-ng writes 22,050 Hz mono 16-bit audio."""

MAX_CHUNK_CHARS = 1200
"""Characters per engine call.  pyttsx3 crashes above ~14,500 and one call's time grows with the
square of its length; measured on a 32,000-character sample, chunks of 600 to 1,200 characters
were fastest (2.8 s), 3,000 took 5 s and 4,500 took 6 s."""

INSTALL_HINT = "install the speech engine: apt-get install espeak-ng libespeak-ng1 (and pip install pyttsx3)"


class SpeechEngine(ABC):
    """An offline text-to-speech engine that writes one WAV file per call."""

    name: str
    rate: int

    @abstractmethod
    def speak_to_wav(self, text: str, path: Path) -> int:
        """Speak ``text`` into a 22,050 Hz mono 16-bit WAV at ``path``; return its number of samples."""

    def set_rate(self, rate: int) -> None:
        """Speak the following calls at this engine setting (words a minute as espeak-ng counts them)."""
        self.rate = rate

    def close(self) -> None:
        """Release the engine (end its process)."""


def chunks(paragraphs: tuple[str, ...], limit: int = MAX_CHUNK_CHARS) -> Iterator[str]:
    """Paragraphs joined by blank lines (espeak-ng pauses there) into pieces of at most ``limit`` characters.

    A paragraph longer than the limit is split between sentences, so no engine
    call ever comes near pyttsx3's crash size.
    """
    pieces: list[str] = []
    for paragraph in paragraphs:
        pieces.extend(_split_long(paragraph, limit))
    current: list[str] = []
    size = 0
    for piece in pieces:
        if current and size + len(piece) + 2 > limit:
            yield "\n\n".join(current)
            current, size = [], 0
        current.append(piece)
        size += len(piece) + 2
    if current:
        yield "\n\n".join(current)


def _split_long(text: str, limit: int) -> list[str]:
    if len(text) <= limit:
        return [text]
    out: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}".strip()
        if len(candidate) > limit or (current.endswith((".", "?", "!")) and len(current) > limit // 2):
            out.append(current)
            current = word
        else:
            current = candidate
    if current:
        out.append(current)
    return out


def wav_samples(path: Path) -> int:
    """The number of samples in a complete WAV file (0 when it is missing or not a WAV)."""
    try:
        with wave.open(str(path), "rb") as wav:
            if wav.getnchannels() != 1 or wav.getsampwidth() != 2 or wav.getframerate() != SAMPLE_RATE:
                return 0
            return wav.getnframes()
    except (OSError, EOFError, wave.Error):
        return 0


FRESH_STARTS = 3
"""How many times a recording's worker is started afresh after espeak-ng cancelled a chunk (see below)."""


class Pyttsx3Engine(SpeechEngine):
    """pyttsx3 with espeak-ng, in a child process that lives for one recording.

    espeak-ng's synthesiser carries state from one utterance to the next (its
    pitch flutter is a counter that runs on), so a chunk's samples depend on
    every chunk the process spoke before it.  When espeak-ng cancels a chunk
    part-way (a race inside pyttsx3, more likely on a loaded machine) and the
    worker speaks it again, that history differs from a clean run's and every
    later chunk would differ by a few samples: the same source would build a
    different MP3.  So the engine remembers what this recording has spoken,
    and after a cancelled chunk starts a fresh worker and speaks the history
    again (discarded) before the chunk: the audio is the clean run's.
    """

    name = "pyttsx3"

    def __init__(self, voice: str, rate: int, loc: Location) -> None:
        self.loc = loc
        self.voice = voice
        self.rate = rate
        self.first_rate = rate
        self.history: list[tuple[str, int]] = []
        """(text, engine setting) of every chunk this recording has spoken, in order."""
        self.fresh_starts = 0
        """How many times a cancelled chunk made the engine start a fresh worker."""
        self._proc = self._start()

    def _start(self) -> subprocess.Popen[str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[3]),
                                                          env.get("PYTHONPATH", "")]))
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "builders.common.speech.pyttsx3_worker", self.voice, str(self.first_rate)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
            )
        except OSError as exc:
            raise SourceError(self.loc, f"cannot start the speech engine: {exc}", INSTALL_HINT) from None
        self._expect("ready")
        return self._proc

    def _expect(self, what: str) -> dict[str, object]:
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            self._proc.wait()
            stderr = self._proc.stderr.read() if self._proc.stderr else ""
            detail = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit status {self._proc.returncode}"
            raise SourceError(self.loc, f"the speech engine (pyttsx3 with espeak-ng) stopped: {detail}",
                              INSTALL_HINT)
        reply: dict[str, object] = json.loads(line)
        if reply.get("error"):
            raise SourceError(self.loc, str(reply["error"]), str(reply.get("hint", "")))
        if reply.get("status") != what:
            raise SourceError(self.loc, f"the speech engine answered {reply!r}, not {what!r}")
        return reply

    def _request(self, text: str, rate: int, path: Path) -> tuple[int, bool]:
        """One chunk through the worker: its samples, and whether espeak-ng cancelled it on the way."""
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(json.dumps({"text": text, "path": str(path), "rate": rate}) + "\n")
            self._proc.stdin.flush()
        except BrokenPipeError:
            pass  # the worker has died: _expect reports why
        reply = self._expect("done")
        samples = wav_samples(path)
        if samples != reply.get("samples") or samples == 0:
            raise SourceError(self.loc, f"the speech engine wrote an incomplete file for: {text[:60]!r}",
                              "run the build again; if it persists, report it with this text")
        return samples, bool(reply.get("retried"))

    def speak_to_wav(self, text: str, path: Path) -> int:
        """Send one chunk to the worker and wait until its WAV file is complete (as a clean run speaks it)."""
        samples, cancelled = self._request(text, self.rate, path)
        while cancelled and self.fresh_starts < FRESH_STARTS:
            self.fresh_starts += 1
            self._restart()
            scratch = path.with_name(f"{path.stem}-history.wav")
            clean = True
            for earlier, rate in self.history:
                _, again = self._request(earlier, rate, scratch)
                clean = clean and not again
            scratch.unlink(missing_ok=True)
            if clean:
                samples, cancelled = self._request(text, self.rate, path)
        self.history.append((text, self.rate))
        return samples

    def _restart(self) -> None:
        self.close()
        self._proc = self._start()

    def close(self) -> None:
        """End the worker process."""
        if self._proc.poll() is None:
            try:
                if self._proc.stdin:
                    self._proc.stdin.close()
                self._proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self._proc.kill()
                self._proc.wait()
        for stream in (self._proc.stdout, self._proc.stderr):
            if stream:
                stream.close()


class EspeakCommandEngine(SpeechEngine):
    """The ``espeak-ng`` command, one process per chunk: deterministic and independent of any library."""

    name = "espeak-ng"

    def __init__(self, voice: str, rate: int, loc: Location) -> None:
        self.loc = loc
        command = shutil.which("espeak-ng")
        if command is None:
            raise SourceError(loc, "the speech engine 'espeak-ng' is not installed (not found on PATH)",
                              "install it: apt-get install espeak-ng")
        self.rate = rate
        self.command = [command, "-v", voice, "-b", "1", "--stdin"]

    def speak_to_wav(self, text: str, path: Path) -> int:
        """Speak one chunk with the espeak-ng command."""
        done = subprocess.run([*self.command, "-s", str(self.rate), "-w", str(path)], input=text.encode("utf-8"),
                              capture_output=True, check=False)
        samples = wav_samples(path)
        if done.returncode != 0 or samples == 0:
            detail = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
            raise SourceError(self.loc, f"espeak-ng failed: {detail}",
                              "check the voice setting: espeak-ng --voices=en lists the voices")
        return samples


ENGINES: dict[str, type[SpeechEngine]] = {"pyttsx3": Pyttsx3Engine, "espeak-ng": EspeakCommandEngine}


def open_engine(name: str, voice: str, rate: int, loc: Location) -> SpeechEngine:
    """The named engine, ready to speak with this voice and rate (words per minute)."""
    cls = ENGINES.get(name)
    if cls is None:
        raise SourceError(loc, f"unknown speech engine '{name}'", f"engines: {', '.join(ENGINES)}")
    engine: SpeechEngine = cls(voice, rate, loc)  # type: ignore[call-arg]
    return engine
