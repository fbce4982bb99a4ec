"""Measure (not a test): what LAME's quality setting costs a listener, against the signal before encoding.

For each sample factsheet it builds the narration once (``audio`` or
``easy-read-audio``), and while the build encodes each segment it also renders,
from the same chapter WAV files and the same level chain (gain, limiter):

- the signal the encoder is given, as a 32-bit float WAV (the reference);
- the MP3 at each LAME quality compared (``-compression_level``; ``default`` is
  ffmpeg's default, no ``-compression_level``).

Then, with the field's tools only (ffmpeg decodes and measures; sox mixes and
filters), each MP3 is decoded, its encoder delay cut, and compared with the
reference: SNR over the whole recording and per band (sox ``sinc``), and,
of the joined MP3, integrated loudness and true peak (ffmpeg ``ebur128``) and
the silence at the head and the tail (``silencedetect``).  It also writes
spectrograms (ffmpeg ``showspectrumpic``) of the first 20 s (the title and
the urgent numbers) of the reference, of each decoded MP3 and of each
one's error, to look at.

Run: ``.venv/bin/python bench/mp3_quality.py [--format audio] [--keep DIR] [ID ...]``
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUALITIES = ("default", "7", "5")
BANDS = ((0, 1000), (1000, 2000), (2000, 4000), (4000, 8000))
"""Hz; the decoded MP3 has nothing much above LAME's low-pass (about 8 kHz at 48 kbit/s, 22,050 Hz)."""
OPENING_SECONDS = 20


@dataclass
class Segment:
    """One encoded segment: its reference WAV, its length in samples and one MP3 per quality."""

    reference: Path
    samples: int
    mp3s: dict[str, Path]


def _run(command: list[str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return done.stdout + done.stderr


def encoder_options(bitrate: int, rate: int, quality: str) -> list[str]:
    """Our MP3 settings with the quality under test in place of ours."""
    from builders.common.speech.encode import mp3_settings

    options = mp3_settings(bitrate, rate)
    if "-compression_level" in options:
        at = options.index("-compression_level")
        del options[at:at + 2]
    return options + ([] if quality == "default" else ["-compression_level", quality])


def build_with_candidates(factsheet_id: str, format_name: str, keep: Path) -> list[Segment]:
    """Build the narration; beside each segment the build encodes, render the reference and every candidate."""
    from builders.build_context import BuildContext
    from builders.common.speech import recording
    from builders.common.speech.encode import level_filters
    from builders.diagnostics import Diagnostics
    from builders.formats import get_builder
    from builders.parse import load_project

    segments: list[Segment] = []
    original = recording.start_segment

    def start_segment(ffmpeg, wavs, switches, ceiling_db, bitrate_kbps, sample_rate, output, loc):  # type: ignore[no-untyped-def]
        job = original(ffmpeg, wavs, switches, ceiling_db, bitrate_kbps, sample_rate, output, loc)
        number = len(segments)
        listing = keep / f"s{number}.list"
        shutil.copy(output.with_suffix(".list"), listing)
        source = [ffmpeg, "-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing),
                  "-af", level_filters(switches, ceiling_db)]
        reference = keep / f"s{number}-reference.wav"
        _run([*source, "-ac", "1", "-ar", str(sample_rate), "-c:a", "pcm_f32le", str(reference)])
        mp3s = {}
        for quality in QUALITIES:
            mp3s[quality] = keep / f"s{number}-q{quality}.mp3"
            _run([*source, *encoder_options(bitrate_kbps, sample_rate, quality), str(mp3s[quality])])
        samples = int(float(_run(["ffprobe", "-v", "error", "-show_entries", "stream=duration_ts", "-of",
                                  "csv=p=0", str(reference)]).strip()))
        segments.append(Segment(reference, samples, mp3s))
        return job

    recording.start_segment = start_segment
    project = load_project(ROOT / "source", Diagnostics(), (factsheet_id,))
    context = BuildContext(keep / "build", project.settings, Diagnostics())
    get_builder(format_name).build(project.factsheets[0], context)
    recording.start_segment = original
    return segments


def decoded(mp3: Path, samples: int, out: Path, delay: int) -> Path:
    """The MP3 decoded to float WAV, the encoder's delay cut, as long as the reference."""
    _run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(mp3), "-af",
          f"atrim=start_sample={delay}:end_sample={delay + samples},asetpts=PTS-STARTPTS",
          "-c:a", "pcm_f32le", str(out)])
    return out


def rms_and_length(*sox: str) -> tuple[float, float]:
    """sox ``stats`` of a sox pipeline: (RMS as a linear ratio of full scale, length in seconds)."""
    text = _run(["sox", *sox])
    rms_db = float(re.search(r"RMS lev dB\s+(\S+)", text).group(1))  # type: ignore[union-attr]
    length = float(re.search(r"Length s\s+(\S+)", text).group(1))  # type: ignore[union-attr]
    return 10 ** (rms_db / 20), length


def energy(files: list[Path], weights: list[float], band: tuple[int, int] | None) -> float:
    """Σ samples² of the weighted mix of ``files`` (band-passed by sox ``sinc`` if asked)."""
    mix = ["-m"] if len(files) > 1 else []
    inputs: list[str] = []
    for path, weight in zip(files, weights, strict=True):
        inputs += ["-v", str(weight), str(path)]
    effects = (["sinc", f"{band[0]}-{band[1]}" if band[0] else f"-{band[1]}"] if band else [])
    rms, length = rms_and_length(*mix, *inputs, "-n", *effects, "stats")
    return rms * rms * length


def snr(pairs: list[tuple[Path, Path]], band: tuple[int, int] | None = None) -> float:
    """SNR in dB of decoded against reference, over all the segments (energies added up)."""
    signal = sum(energy([ref], [1.0], band) for ref, _ in pairs)
    noise = sum(energy([ref, dec], [1.0, -1.0], band) for ref, dec in pairs)
    return 10 * math.log10(signal / noise)


def loudness_and_edges(mp3: Path) -> tuple[float, float, float, float]:
    """(integrated LUFS, true peak dBTP, head silence s, tail silence s), as ffmpeg measures the joined MP3."""
    text = _run(["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", str(mp3), "-af",
                 "silencedetect=noise=-50dB:d=0.3,ebur128=peak=true", "-f", "null", "-"])
    summary = text[text.rindex("Summary:"):]
    lufs = float(re.search(r"I:\s+(\S+) LUFS", summary).group(1))  # type: ignore[union-attr]
    peak = float(re.search(r"Peak:\s+(\S+) dBFS", summary).group(1))  # type: ignore[union-attr]
    starts = [float(v) for v in re.findall(r"silence_start: (\S+)", text)]
    ends = [float(v) for v in re.findall(r"silence_end: (\S+)", text)]
    duration = float(_run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                           str(mp3)]).strip())
    head = ends[0] if starts and starts[0] <= 0.01 and ends else 0.0
    # A silence that runs to the end of the file ends there (ffmpeg reports its end at the last sample).
    tail = duration - starts[-1] if starts and (len(starts) > len(ends) or ends[-1] >= duration - 0.05) else 0.0
    return lufs, peak, head, tail


def spectrograms(reference: Path, decoded_files: dict[str, Path], keep: Path) -> None:
    """PNG spectrograms of the opening: the reference, each decoding, and each one's error (decoded − reference)."""
    window = f"atrim=0:{OPENING_SECONDS}"
    picture = "showspectrumpic=s=1024x512:legend=1:scale=log:fscale=lin:color=viridis"
    _run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(reference), "-lavfi", f"{window},{picture}",
          str(keep / "opening-reference.png")])
    for quality, path in decoded_files.items():
        _run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(path), "-lavfi", f"{window},{picture}",
              str(keep / f"opening-q{quality}.png")])
        error = keep / f"opening-error-q{quality}.wav"
        _run(["sox", "-m", "-v", "1", str(reference), "-v", "-1", str(path), str(error), "trim", "0",
              str(OPENING_SECONDS)])
        _run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(error), "-lavfi", picture,
              str(keep / f"opening-error-q{quality}.png")])


def measure(factsheet_id: str, format_name: str, keep: Path) -> None:
    """Build, encode every candidate, and print one row per quality."""
    keep.mkdir(parents=True, exist_ok=True)
    segments = build_with_candidates(factsheet_id, format_name, keep)
    from builders.common.speech.encode import ENCODER_DELAY, join_segments

    first = segments[0]
    probe = {d: snr([(first.reference, decoded(first.mp3s["default"], first.samples, keep / f"probe{d}.wav", d))])
             for d in (ENCODER_DELAY - 1, ENCODER_DELAY, ENCODER_DELAY + 1)}
    print(f"\n{factsheet_id} ({format_name}), {len(segments)} segment(s), "
          f"{sum(s.samples for s in segments) / 22050 / 60:.1f} min; alignment check, SNR by delay: "
          + ", ".join(f"{d}: {v:.1f} dB" for d, v in probe.items()))
    print(f"{'quality':8} {'SNR dB':>7} " + " ".join(f"{f'{lo}-{hi} Hz':>12}" for lo, hi in BANDS)
          + f" {'LUFS':>6} {'dBTP':>6} {'head s':>6} {'tail s':>6} {'bytes':>9}")
    opening: dict[str, Path] = {}
    for quality in QUALITIES:
        pairs = [(s.reference, decoded(s.mp3s[quality], s.samples, keep / f"s{n}-q{quality}-decoded.wav",
                                       ENCODER_DELAY)) for n, s in enumerate(segments)]
        opening[quality] = pairs[0][1]
        joined = keep / f"{factsheet_id}-q{quality}.mp3"
        join_segments([s.mp3s[quality] for s in segments], joined)
        lufs, peak, head, tail = loudness_and_edges(joined)
        bands = " ".join(f"{snr(pairs, band):12.1f}" for band in BANDS)
        print(f"{quality:8} {snr(pairs):7.1f} {bands} {lufs:6.1f} {peak:6.1f} {head:6.2f} {tail:6.2f} "
              f"{joined.stat().st_size:9d}", flush=True)
    spectrograms(first.reference, opening, keep)


def main() -> None:
    """Measure each factsheet given (default: both samples)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ids", nargs="*", default=["self-harm", "self-harm-and-addiction"])
    parser.add_argument("--format", default="audio", choices=("audio", "easy-read-audio"))
    parser.add_argument("--keep", type=Path, help="keep the WAVs, MP3s and spectrograms here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mp3-quality-") as tmp:
        for factsheet_id in args.ids:
            measure(factsheet_id, args.format, (args.keep or Path(tmp)) / factsheet_id)


if __name__ == "__main__":
    main()
