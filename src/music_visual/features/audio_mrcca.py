"""MR-CCA 133-d music features: Echo-Nest-like mid-level descriptors + mood-word posteriors.

MR-CCA (Wu et al., Sec. 2.2) uses the Echo Nest Song feature vector (tempo, mode,
mean section length, ...; computed by the Echo Nest API) and posteriors over
semantic mood words. **The Echo Nest API no longer exists; the substitute** is
computed here with librosa at 22.05 kHz from one 2048/512 STFT:

* rhythm (7): tempo (librosa's tempo estimator on the onset envelope), pulse
  clarity (peak of the normalised onset autocorrelation between 30 and 240 BPM),
  beat-interval coefficient of variation, beat strength (onset strength on beats
  / overall), onset rate, mean and s.d. of inter-onset intervals;
* tonality (5): Krumhansl-Schmuckler key strength, mode (best major minus best
  minor correlation, > 0 = major), key clarity (best minus second best), key as
  sin/cos on the pitch-class circle;
* loudness (7): overall loudness (dBFS), frame loudness mean, s.d., max,
  95-5 percentile range, fade-in and fade-out times (frames within 20 dB of the max);
* sections (4): number of sections, mean and s.d. of section length, s.d. of
  section loudness -- sections from checkerboard novelty on a self-similarity
  matrix of 0.5 s MFCC+chroma blocks (4 s kernel);
* spectral (5), duration (1), timbre (36: 12 MFCC mean, s.d., s.d. of deltas --
  Echo Nest "timbre" was also a 12-d cepstrum-like basis), pitch (24: chroma
  mean and s.d.) -> 89 descriptors, named by :func:`mrcca_feature_names`;
* mood words (44): :mod:`audio_mood` (a fixed circumplex model, not trained).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from .audio_io import audio_flags, resample, sanitize_waveform
from .audio_mood import MOOD_WORDS, mood_posteriors, valence_arousal_estimate
from .audio_vmnet import estimate_tuning_quietly

MRCCA_SR, _N_FFT, _HOP = 22050, 2048, 512
_SCALARS = (
    "tempo_bpm", "pulse_clarity", "beat_interval_cv", "beat_strength", "onset_rate", "ioi_mean_s", "ioi_std_s",
    "key_strength", "mode", "key_clarity", "key_sin", "key_cos",
    "loudness_db", "loudness_mean_db", "loudness_std_db", "loudness_max_db", "loudness_range_db",
    "fade_in_s", "fade_out_s", "n_sections", "section_length_mean_s", "section_length_std_s",
    "section_loudness_std_db", "centroid_mean_khz", "centroid_std_khz", "rolloff_mean_khz",
    "flatness_mean", "zcr_mean", "duration_s",
)  # fmt: skip
_MAJOR = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
_MINOR = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])


def mrcca_feature_names() -> list[str]:
    """Names of the 133 dimensions, in output order."""
    vectors = [f"timbre_{s}[{i}]" for s in ("mean", "std", "delta_std") for i in range(12)]
    vectors += [f"pitch_{s}[{i}]" for s in ("mean", "std") for i in range(12)]
    return list(_SCALARS) + vectors + [f"mood:{w}" for w in MOOD_WORDS]


MRCCA_DIM = len(_SCALARS) + 60 + len(MOOD_WORDS)  # 29 + 60 + 44 = 133


def key_descriptors(chroma_mean: np.ndarray) -> dict[str, float]:
    """Krumhansl-Schmuckler key strength, mode, clarity and key angle of a mean chroma."""
    if np.ptp(chroma_mean) < 1e-12:
        return {"key_strength": 0.0, "mode": 0.0, "key_clarity": 0.0, "key_sin": 0.0, "key_cos": 0.0}
    corr = np.array([[np.corrcoef(chroma_mean, np.roll(p, k))[0, 1] for k in range(12)] for p in (_MAJOR, _MINOR)])
    order = np.sort(corr.ravel())
    key = int(np.argmax(corr.max(axis=0)))
    return {
        "key_strength": float(order[-1]), "mode": float(corr[0].max() - corr[1].max()),
        "key_clarity": float(order[-1] - order[-2]),
        "key_sin": float(np.sin(2 * np.pi * key / 12)), "key_cos": float(np.cos(2 * np.pi * key / 12)),
    }  # fmt: skip


def rhythm_descriptors(onset_env: np.ndarray, duration_s: float) -> dict[str, float]:
    """Tempo, pulse clarity, beat regularity and strength, onset rate and inter-onset intervals."""
    import librosa

    rate = MRCCA_SR / _HOP
    tempo = float(librosa.feature.tempo(onset_envelope=onset_env, sr=MRCCA_SR, hop_length=_HOP)[0])
    _, beats = librosa.beat.beat_track(onset_envelope=onset_env, sr=MRCCA_SR, hop_length=_HOP, bpm=tempo)
    ibi = np.diff(beats) / rate
    onsets = librosa.onset.onset_detect(onset_envelope=onset_env, sr=MRCCA_SR, hop_length=_HOP) / rate
    ioi = np.diff(onsets)
    ac = librosa.autocorrelate(onset_env - onset_env.mean())
    lags = slice(int(rate * 60 / 240), int(rate * 60 / 30) + 1)
    mean_env = float(onset_env.mean())
    return {
        "tempo_bpm": tempo,
        "pulse_clarity": float(ac[lags].max() / ac[0]) if ac[0] > 0 and ac[lags].size else 0.0,
        "beat_interval_cv": float(ibi.std() / ibi.mean()) if ibi.size >= 2 else 0.0,
        "beat_strength": float(onset_env[beats].mean() / mean_env) if beats.size and mean_env > 0 else 0.0,
        "onset_rate": onsets.size / max(duration_s, 1e-3),
        "ioi_mean_s": float(ioi.mean()) if ioi.size else 0.0,
        "ioi_std_s": float(ioi.std()) if ioi.size else 0.0,
    }


def loudness_descriptors(y: np.ndarray, rms: np.ndarray) -> dict[str, float]:
    """Overall and frame loudness statistics in dBFS, and fade-in / fade-out times."""
    db = 20.0 * np.log10(np.maximum(rms, 1e-5))
    loud = np.flatnonzero(db >= db.max() - 20.0)
    rate = MRCCA_SR / _HOP
    return {
        "loudness_db": float(20.0 * np.log10(max(np.sqrt(np.mean(y.astype(np.float64) ** 2)), 1e-5))),
        "loudness_mean_db": float(db.mean()), "loudness_std_db": float(db.std()),
        "loudness_max_db": float(db.max()),
        "loudness_range_db": float(np.percentile(db, 95) - np.percentile(db, 5)),
        "fade_in_s": float(loud[0] / rate), "fade_out_s": float((db.size - 1 - loud[-1]) / rate),
    }  # fmt: skip


def section_boundaries(blocks: np.ndarray, half_width: int = 8) -> np.ndarray:
    """Block indices where a new section starts, by checkerboard novelty (Foote) on cosine similarity."""
    n = blocks.shape[1]
    if n < 2 * half_width + 1:
        return np.zeros(0, dtype=int)
    z = blocks - blocks.mean(axis=1, keepdims=True)
    z /= np.maximum(np.linalg.norm(z, axis=0, keepdims=True), 1e-9)
    ssm = z.T @ z
    sign = np.sign(np.arange(-half_width, half_width) + 0.5)
    taper = np.exp(-0.5 * (np.arange(-half_width, half_width) / (half_width / 2)) ** 2)
    kernel = np.outer(sign * taper, sign * taper)
    padded = np.pad(ssm, half_width, mode="constant")
    novelty = np.array([(padded[i : i + 2 * half_width, i : i + 2 * half_width] * kernel).sum() for i in range(n)])
    threshold = novelty.mean() + 0.5 * novelty.std()
    peaks = [i for i in range(half_width, n - half_width)
             if novelty[i] > threshold and novelty[i] == novelty[i - half_width : i + half_width + 1].max()]  # fmt: skip
    return np.array(peaks, dtype=int)


_BLOCK = 22  # frames per section-analysis block, ~0.51 s


def _block_means(x: np.ndarray) -> np.ndarray:
    """Means of consecutive 22-frame blocks (the trailing partial block dropped; one block if shorter)."""
    n_blocks = x.shape[1] // _BLOCK
    if n_blocks == 0:
        return x.mean(axis=1, keepdims=True)
    return x[:, : n_blocks * _BLOCK].reshape(x.shape[0], n_blocks, _BLOCK).mean(axis=2)


def _section_descriptors(mfcc: np.ndarray, chroma: np.ndarray, rms: np.ndarray) -> dict[str, float]:
    feats = np.vstack([_block_means(mfcc[:13]) / 10.0, _block_means(chroma)])
    edges = np.concatenate([[0], section_boundaries(feats), [feats.shape[1]]])
    lengths = np.diff(edges) * _BLOCK * _HOP / MRCCA_SR
    db = 20.0 * np.log10(np.maximum(_block_means(rms)[0], 1e-5))
    section_db = [db[a:b].mean() for a, b in zip(edges[:-1], edges[1:]) if b > a]
    return {
        "n_sections": float(len(lengths)), "section_length_mean_s": float(lengths.mean()),
        "section_length_std_s": float(lengths.std()), "section_loudness_std_db": float(np.std(section_db)),
    }  # fmt: skip


def _descriptors(y: np.ndarray) -> tuple[dict[str, float], np.ndarray]:
    import librosa

    S = np.abs(librosa.stft(y, n_fft=_N_FFT, hop_length=_HOP))
    power = S**2
    mel_db = librosa.power_to_db(librosa.feature.melspectrogram(S=power, sr=MRCCA_SR))
    mfcc = librosa.feature.mfcc(S=mel_db, n_mfcc=13)
    chroma = librosa.feature.chroma_stft(S=power, sr=MRCCA_SR, tuning=estimate_tuning_quietly(power, MRCCA_SR))
    rms = librosa.feature.rms(S=S, frame_length=_N_FFT)
    duration = y.size / MRCCA_SR
    d = rhythm_descriptors(librosa.onset.onset_strength(S=mel_db, sr=MRCCA_SR), duration)
    d |= key_descriptors(chroma.mean(axis=1)) | loudness_descriptors(y, rms[0])
    d |= _section_descriptors(mfcc, chroma, rms)
    centroid = librosa.feature.spectral_centroid(S=S, sr=MRCCA_SR)[0] / 1000.0
    d |= {"centroid_mean_khz": float(centroid.mean()), "centroid_std_khz": float(centroid.std()),
          "rolloff_mean_khz": float(librosa.feature.spectral_rolloff(S=S, sr=MRCCA_SR).mean() / 1000.0),
          "flatness_mean": float(librosa.feature.spectral_flatness(S=S).mean()),
          "zcr_mean": float(librosa.feature.zero_crossing_rate(y, frame_length=_N_FFT, hop_length=_HOP).mean()),
          "duration_s": duration}  # fmt: skip
    timbre = mfcc[1:13]
    vectors = [timbre.mean(1), timbre.std(1), librosa.feature.delta(timbre).std(1), chroma.mean(1), chroma.std(1)]
    return d, np.concatenate(vectors)


def extract_mrcca_audio_features(
    y: np.ndarray, sr: int, *, mood_model: Callable[[np.ndarray], np.ndarray] | None = None
) -> tuple[np.ndarray, dict[str, bool]]:
    """133-d float32 MR-CCA music features (89 descriptors + 44 mood posteriors) and flags.

    ``mood_model``, if given, maps the 89 descriptors (a 1-D array) to 44
    probabilities and replaces the circumplex heuristic of :mod:`audio_mood`.
    """
    flags = audio_flags(y, sr)
    y = resample(sanitize_waveform(y), sr, MRCCA_SR)
    if y.size < MRCCA_SR:  # too short: zero-pad to 1 s so that every descriptor is defined
        y = np.concatenate([y, np.zeros(MRCCA_SR - y.size, dtype=np.float32)])
    scalars, vectors = _descriptors(y)
    descriptors = np.concatenate([[scalars[k] for k in _SCALARS], vectors])
    moods = mood_model(descriptors) if mood_model else mood_posteriors(*valence_arousal_estimate(scalars))
    out = np.concatenate([descriptors, np.asarray(moods, dtype=np.float64).ravel()])
    if out.shape != (MRCCA_DIM,):
        raise ValueError(f"expected {MRCCA_DIM} features, got {out.shape}; does mood_model return {len(MOOD_WORDS)}?")
    flags["nonfinite_output"] = not bool(np.isfinite(out).all())
    return np.nan_to_num(out, nan=0.0, posinf=0.0, neginf=0.0).astype(np.float32), flags
