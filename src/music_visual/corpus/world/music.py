"""Arrange a real composition for one song and render it with a General-MIDI soundfont.

The song's *expressed* factors set the arrangement: valence -> mode (major when
valence >= 0, else minor, by moving scale degrees 3, 6 and 7) and register;
arousal -> tempo, velocity and drum density; genre -> instruments and drum
pattern. Sections (intro/verse/chorus/outro, ``catalog.SECTIONS``) add and remove
instruments and change loudness, so some 3-second chunks carry more of the
song's emotion than others. Rendering uses tinysoundfont with the
``TimGM6mb.sf2`` soundfont from the pretty_midi wheel, mixed to mono
(``SYNTH_MONO``), and always produces exactly ``duration * sample_rate`` samples.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from music_visual.corpus.world.catalog import DRUM_PATTERNS, GENRES, SECTIONS

TARGET_RMS = 0.1  # -20 dBFS
PEAK_LIMIT = 0.95
MAJOR_TO_MINOR = {4: -1, 9: -1, 11: -1}
MINOR_TO_MAJOR = {3: 1, 8: 1, 10: 1}
LEAD, HARMONY, BASS, DRUMS = 0, 1, 2, 9
SYNTH_GAIN_DB = -6.0
MAX_VOICES = 256
# Mix the synth straight to mono (~20 % cheaper synthesis than stereo then averaging the two channels). Same
# notes and timbres; only voices the soundfont pans (some drum-kit pieces) sit up to 3 dB higher in the mix
# relative to centred ones, because the stereo average attenuates panned voices (equal-power pan law) and the
# mono mix does not. False gives the stereo average exactly as ``tinysoundfont.Synth`` renders it.
SYNTH_MONO = True


def soundfont_path() -> Path:
    import pretty_midi

    return Path(pretty_midi.__file__).parent / "TimGM6mb.sf2"


@dataclass(frozen=True)
class Arrangement:
    """How one song is played (all derived from its expressed factors and a seed)."""

    tempo_bpm: float
    mode: str
    tonic_pc: int
    register_shift: int
    velocity: int
    genre: str
    duration: float

    @property
    def beat_seconds(self) -> float:
        return 60.0 / self.tempo_bpm


def arrangement_for(valence: float, arousal: float, genre: str, duration: float, tonic_pc: int) -> Arrangement:
    return Arrangement(tempo_bpm=70.0 + 50.0 * (arousal + 1.0), mode="major" if valence >= 0 else "minor",
                       tonic_pc=int(tonic_pc), register_shift=int(round(5 * valence)),
                       velocity=int(round(62 + 24 * (arousal + 1.0))), genre=genre, duration=float(duration))


def section_at(time_s: float, duration: float) -> tuple[str, float]:
    """Name and intensity of the section playing at ``time_s``."""
    edge = 0.0
    for name, share, intensity in SECTIONS:
        edge += share * duration
        if time_s < edge:
            return name, intensity
    return SECTIONS[-1][0], SECTIONS[-1][2]


def section_bounds(duration: float) -> list[tuple[str, float, float, float]]:
    """(name, start, end, intensity) of every section of a song of ``duration`` seconds."""
    out, start = [], 0.0
    for name, share, intensity in SECTIONS:
        out.append((name, start, min(duration, start + share * duration), intensity))
        start += share * duration
    return out


def _clamp(value, low, high):
    """``np.clip`` for one Python number, without the array round trip (same value)."""
    return min(max(value, low), high)


def _adapt_pitch(pitch: int, piece: dict, arr: Arrangement) -> int:
    rel = (pitch - piece["tonic_pc"]) % 12
    if piece["mode"] != arr.mode:
        pitch += (MAJOR_TO_MINOR if arr.mode == "minor" else MINOR_TO_MAJOR).get(rel, 0)
    shift = (arr.tonic_pc - piece["tonic_pc"] + 6) % 12 - 6
    return int(_clamp(pitch + shift + arr.register_shift, 24, 108))


def _voice_parts(piece: dict, arr: Arrangement) -> list[tuple[int, list]]:
    """(channel, notes) for lead, harmony and bass; monophonic tunes get a root/fifth drone."""
    voices = piece["voices"]
    parts = [(LEAD, voices[0])]
    if len(voices) >= 3:
        parts += [(HARMONY, v) for v in voices[1:-1]] + [(BASS, voices[-1])]
    elif len(voices) == 2:
        parts.append((BASS, voices[1]))
    if len(voices) < 3:
        bars = np.arange(0.0, piece["length_ql"], 4.0)
        root = 48 + piece["tonic_pc"]
        fifth = root + 7
        parts.append((HARMONY, [[b, 4.0, p] for b in bars for p in (root + 12, fifth + 12)]))
        if len(voices) == 1:
            parts.append((BASS, [[b, 2.0, root - 12 + (7 if (i % 2) else 0)] for i, b in enumerate(bars)]))
    return parts


def _plays(channel: int, section: str) -> bool:
    return not ((section == "intro" and channel == BASS) or (section == "outro" and channel == LEAD))


def note_events(piece: dict, arr: Arrangement) -> list[tuple[float, int, int, int]]:
    """Sorted (time_s, channel, key, velocity) events; velocity 0 means note off."""
    beat, events = arr.beat_seconds, []
    loops = math.ceil(arr.duration / (piece["length_ql"] * beat))
    for channel, notes in _voice_parts(piece, arr):
        for k in range(loops):
            for onset, dur, pitch in notes:
                t = (onset + k * piece["length_ql"]) * beat
                if t >= arr.duration:
                    break
                section, intensity = section_at(t, arr.duration)
                if not _plays(channel, section):
                    continue
                key = _adapt_pitch(int(pitch) - (12 if channel == BASS and pitch > 55 else 0), piece, arr)
                vel = int(_clamp(arr.velocity * (0.55 + 0.45 * intensity) * (0.8 if channel else 1.0), 1, 127))
                events += [(t, channel, key, vel), (t + dur * beat * 0.95, channel, key, 0)]
    events += drum_events(arr)
    return sorted(events, key=lambda e: (e[0], e[3] > 0))


def drum_events(arr: Arrangement) -> list[tuple[float, int, int, int]]:
    pattern = DRUM_PATTERNS[GENRES[arr.genre]["drums"]]
    step, events = arr.beat_seconds / 4.0, []
    n_steps = int(arr.duration / step)
    for s in range(n_steps):
        t = s * step
        section, intensity = section_at(t, arr.duration)
        if section == "intro" or (section == "verse" and s % 16 not in (0, 4, 8, 12)):
            continue
        for key, steps in pattern.items():
            if s % 16 in steps or (key == 42 and arr.velocity > 100 and s % 2):
                vel = int(_clamp(arr.velocity * (0.5 + 0.5 * intensity), 1, 127))
                events += [(t, DRUMS, key, vel), (t + step * 0.9, DRUMS, key, 0)]
    return events


@lru_cache(maxsize=2)
def _parsed_soundfont(source: bytes | str):
    """The soundfont parsed once per process; each song plays on a fresh clone (own voices, shared samples)."""
    from tinysoundfont import _tinysoundfont

    return _tinysoundfont.SoundFont(source)


def render_events(events, arr: Arrangement, sample_rate: int, soundfont: bytes | str | Path) -> np.ndarray:
    """Mono float32 audio of exactly ``duration * sample_rate`` samples.

    Plays the events on a fresh clone of a soundfont parsed once per process (tinysoundfont's low-level
    ``SoundFont``, which ``tinysoundfont.Synth`` wraps), rendering into one buffer up to each event's sample.
    With ``SYNTH_MONO`` the synth mixes straight to mono, otherwise to stereo then averaged (see ``SYNTH_MONO``).
    """
    from tinysoundfont import _tinysoundfont

    synth = _tinysoundfont.SoundFont(_parsed_soundfont(str(soundfont) if isinstance(soundfont, Path) else soundfont))
    mode = _tinysoundfont.OutputMode.Mono if SYNTH_MONO else _tinysoundfont.OutputMode.StereoInterleaved
    synth.set_output(mode, sample_rate, SYNTH_GAIN_DB)
    synth.set_max_voices(MAX_VOICES)
    programs = GENRES[arr.genre]
    for channel, name in ((LEAD, "lead"), (HARMONY, "harmony"), (BASS, "bass")):
        synth.channel_set_bank(channel, 0)
        synth.channel_set_preset_number(channel, programs[name], False)
    synth.channel_set_bank(DRUMS, 128)
    synth.channel_set_preset_number(DRUMS, 0, True)
    total = int(round(arr.duration * sample_rate))
    channels = 1 if SYNTH_MONO else 2
    audio = np.zeros(total * channels, np.float32)
    out, width, done = memoryview(audio).cast("B"), audio.itemsize * channels, 0
    for t, channel, key, vel in events:
        at = min(total, int(round(t * sample_rate)))
        if at > done:
            synth.render(out[done * width:at * width])
            done = at
        synth.channel_note_on(channel, key, vel / 127.0) if vel else synth.channel_note_off(channel, key)
    if total > done:
        synth.render(out[done * width:total * width])
    return audio if SYNTH_MONO else audio.reshape(-1, 2).mean(axis=1).astype(np.float32)


def normalise_loudness(audio: np.ndarray) -> np.ndarray:
    """Scale to ``TARGET_RMS``, then down (never up) so the peak stays below ``PEAK_LIMIT``."""
    rms = float(np.sqrt(np.mean(audio.astype(np.float64) ** 2)))
    if not np.isfinite(rms) or rms < 1e-6:
        raise ValueError("rendered audio is silent")
    out = audio * (TARGET_RMS / rms)
    peak = float(np.max(np.abs(out)))
    return (out * (PEAK_LIMIT / peak) if peak > PEAK_LIMIT else out).astype(np.float32)


def render_song(piece: dict, arr: Arrangement, sample_rate: int, soundfont: bytes | str) -> np.ndarray:
    return normalise_loudness(render_events(note_events(piece, arr), arr, sample_rate, soundfont))
