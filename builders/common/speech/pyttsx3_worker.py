"""The pyttsx3 engine's child process: reads JSON requests on stdin, speaks each to a WAV file.

Protocol, one JSON object a line: the worker says ``{"status": "ready"}`` once
the voice is set (or ``{"error": ...}``); for each ``{"text", "path"}`` it
answers ``{"status": "done", "samples": N, "retried": R}`` when the file is
complete, ``R`` being how many times espeak-ng cancelled the text before it
was spoken whole.  A cancelled utterance has moved espeak-ng's synthesiser on
(see ``Pyttsx3Engine``), so the parent knows the chunks after it would differ.
Run by :class:`builders.common.speech.engine.Pyttsx3Engine`; not for staff.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import json
import sys
import threading
import time
import wave
from typing import Any

WAIT_SECONDS_PER_CHAR = 0.05
"""Upper bound on waiting for one chunk (espeak-ng speaks 1,000 characters in well under a second)."""


def _reply(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _resolve_voice(engine: Any, wanted: str) -> str | None:
    """A voice id for an id ('gmw/en'), a name or a language ('en-gb')."""
    wanted_l = wanted.lower()
    voices = engine.getProperty("voices")
    for match in (
        lambda v: v.id.lower() == wanted_l,
        lambda v: v.name.lower() == wanted_l,
        lambda v: any(str(lang).lower() == wanted_l for lang in (v.languages or [])),
    ):
        found = [v for v in voices if match(v)]
        if found:
            return str(found[0].id)
    return None


def _gather_in_place() -> None:
    """Make pyttsx3's espeak driver gather each utterance's samples in place, not by copying them every second.

    pyttsx3 2.99 adds each buffer espeak-ng hands back (a second of audio) to
    a ``bytes`` object with ``+=``, which copies everything gathered so far:
    a 90-second chunk is copied 90 times.  Measured on the self-harm
    narration (48 minutes of speech): 0.7 s of the worker's 3.0 s of CPU.  A
    ``bytearray`` grows in place; the samples written are the same.  Done
    before the driver is made, because it hands its callback to espeak-ng then.
    """
    from pyttsx3.drivers import espeak  # noqa: PLC0415

    driver = espeak.EspeakDriver
    if getattr(driver, "_gathers_in_place", False):
        return
    on_synth = driver._onSynth  # noqa: SLF001 - pyttsx3 offers no other way to receive the samples

    def gather(self: Any, wav: Any, numsamples: int, events: Any) -> int:
        if not isinstance(self._data_buffer, bytearray):  # the driver starts each utterance with b""
            self._data_buffer = bytearray(self._data_buffer)
        return int(on_synth(self, wav, numsamples, events))

    driver._onSynth = gather  # noqa: SLF001
    driver._gathers_in_place = True  # noqa: SLF001


class _Speaker:
    def __init__(self, voice: str, rate: int) -> None:
        import pyttsx3  # noqa: PLC0415 - imported here so a missing engine is reported, not a traceback

        _gather_in_place()
        self.engine = pyttsx3.init("espeak")
        self.finished = threading.Event()
        self.completed = False
        self.errors: list[BaseException] = []
        self.engine.connect("finished-utterance", self._on_finished)
        self.engine.connect("error", lambda name=None, exception=None: self.errors.append(exception))
        voice_id = _resolve_voice(self.engine, voice)
        if voice_id is None:
            raise LookupError(voice)
        self.engine.setProperty("voice", voice_id)
        self.engine.setProperty("rate", rate)
        self.engine.setProperty("volume", 1.0)
        self.engine.runAndWait()
        if self.errors:
            raise LookupError(f"{voice}: {self.errors[0]}")
        self.rate = rate
        self._pin_rate()
        self._clear_stale_stop()

    def _clear_stale_stop(self) -> None:
        """Undo a stop that pyttsx3 left pending, so it cannot cancel our next utterance.

        pyttsx3 2.99's espeak driver, when ``runAndWait()`` ends its loop while
        espeak-ng is still busy (here: still applying the voice and rate it was
        just given, a race that a loaded machine loses), calls ``espeak_Cancel``
        and sets a "stopping" flag that nothing clears while no utterance runs.
        The next ``runAndWait()`` starts our utterance, sees the flag and cancels
        it a moment later.  Measured: 2 builds in 45 under full CPU load, each
        with the first chunk cancelled and spoken again; every later chunk then
        differed by a few samples (espeak-ng's pitch flutter is a counter that
        runs on across utterances), so the MP3 differed.
        """
        from pyttsx3.drivers import _espeak  # noqa: PLC0415

        _espeak.Synchronize()
        driver = getattr(getattr(self.engine, "proxy", None), "_driver", None)
        if getattr(driver, "_stopping", False):
            driver._stopping = False  # noqa: SLF001 - pyttsx3 offers no way to clear it

    def _pin_rate(self) -> None:
        """Make sure espeak-ng speaks at our rate, not pyttsx3's default of 200.

        In espeak-ng's retrieval mode every setting is a command on a queue
        worked by espeak-ng's own thread, and pyttsx3 cancels that queue when a
        run ends (``espeak_Cancel`` when ``espeak_IsPlaying``); on a busy
        machine the rate command can still be waiting then, and is dropped
        without a word: one build of ours spoke the easy read at 250 words a
        minute instead of 130.  So: wait for the queue to empty, read the
        rate back, set it again until it holds.
        """
        from pyttsx3.drivers import _espeak  # noqa: PLC0415 - loaded by pyttsx3.init above

        for _attempt in range(5):
            _espeak.Synchronize()
            if _current_parameter(_espeak, _espeak.RATE) == self.rate:
                return
            _espeak.SetParameter(_espeak.RATE, self.rate, 0)
        raise RuntimeError(f"espeak-ng does not keep the speaking rate {self.rate}")

    def _rate_held(self) -> bool:
        """Whether espeak-ng still has our rate after speaking (a cancel restores its saved settings)."""
        from pyttsx3.drivers import _espeak  # noqa: PLC0415

        _espeak.Synchronize()
        return _current_parameter(_espeak, _espeak.RATE) == self.rate

    def _on_finished(self, name: object = None, completed: bool = True) -> None:
        self.completed = completed
        self.finished.set()

    def speak(self, text: str, path: str) -> tuple[int, int]:
        """Speak one chunk at our rate; again when espeak-ng cancelled it (a race inside pyttsx3 2.99).

        Returns the file's samples and how many times the text was cancelled and spoken again.
        """
        for attempt in range(3):
            self._pin_rate()
            self._clear_stale_stop()
            self.finished.clear()
            self.completed = False
            with contextlib.redirect_stdout(io.StringIO()):  # pyttsx3 prints "Audio saved to ..."
                self.engine.save_to_file(text, path)
                self.engine.runAndWait()
                # runAndWait() can return before the file exists: wait for the event.
                if not self.finished.wait(timeout=30 + WAIT_SECONDS_PER_CHAR * len(text)):
                    raise TimeoutError("espeak-ng did not finish speaking")
            deadline = time.monotonic() + 5
            while self.engine.isBusy() and time.monotonic() < deadline:
                time.sleep(0.001)
            if self.completed and self._rate_held():
                with wave.open(path, "rb") as wav:
                    return wav.getnframes(), attempt
        raise RuntimeError("espeak-ng cancelled the same text three times")


def _current_parameter(espeak: Any, parameter: int) -> int:
    """espeak-ng's current value of a parameter (pyttsx3's binding leaves out the 'current' argument)."""
    function = espeak.dll.espeak_GetParameter
    function.argtypes = [ctypes.c_int, ctypes.c_int]
    function.restype = ctypes.c_int
    return int(function(parameter, 1))


def main(argv: list[str]) -> int:
    """Serve requests until stdin closes."""
    voice, rate = argv[0], int(argv[1])
    try:
        speaker = _Speaker(voice, rate)
    except LookupError:
        _reply({"error": f"the voice '{voice}' is not installed in espeak-ng",
                "hint": "set 'voice' to one that 'espeak-ng --voices=en' lists, for example gmw/en (British English)"})
        return 1
    except (ImportError, OSError, RuntimeError) as exc:
        _reply({"error": f"the speech engine (pyttsx3 with espeak-ng) cannot start: {exc}",
                "hint": "install it: apt-get install espeak-ng libespeak-ng1; pip install pyttsx3"})
        return 1
    _reply({"status": "ready"})
    for line in sys.stdin:
        request = json.loads(line)
        try:
            speaker.rate = int(request.get("rate", speaker.rate))
            samples, retried = speaker.speak(request["text"], request["path"])
        except (OSError, RuntimeError, wave.Error, EOFError) as exc:
            _reply({"error": f"espeak-ng failed: {exc}"})
            return 1
        _reply({"status": "done", "samples": samples, "retried": retried})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
