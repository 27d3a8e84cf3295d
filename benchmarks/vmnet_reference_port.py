"""REFERENCE ONLY -- a straight per-file port of the public VM-NET audio feature code.

Port of ``csehong/VM-NET data/audio_feature_extractor/librosa_feature.py``
(``feature_extraction(indir, audio_name, ext, outdir, SR, N_FFT, HOP_LEN, DURA)``)
to the current librosa API, kept loop-for-loop and call-for-call: every librosa
feature call recomputes its own transform from the waveform, HPSS uses
``librosa.effects.hpss`` (scipy median filters), CENS uses the CQT, MFCC its own
2048-point STFT, and the result is pickled per file. It exists only so that
``bench_features.py`` can compare numbers and speed with
:func:`music_visual.features.audio_vmnet.extract_vmnet_audio_features`.
It is not used by the study.

API changes needed to run on librosa 0.11 (no change of meaning):
``logamplitude(x, ref_power=np.max)`` -> ``power_to_db(np.abs(x), ref=np.max)``
(the old function took ``|x|``); ``rmse(y, hop_length, n_fft)`` -> the old
definition ``sqrt(mean_f |STFT(y)|^2)`` (librosa 0.5 ``rmse`` on a 512-point
STFT); Python-3 integer division for the centre crop.

``intent=True`` applies the two bug fixes that the study's extractor makes
(mel filterbank built with ``sr``; no log of the signed MFCC, delta and
polynomial features); ``intent=False`` is the literal old behaviour.
"""

from __future__ import annotations

import pickle

import librosa
import numpy as np


def _logam(x: np.ndarray) -> np.ndarray:
    return librosa.power_to_db(np.abs(x), ref=np.max)  # librosa 0.5 logamplitude(x, ref_power=np.max)


def _rmse_v05(y: np.ndarray, n_fft: int, hop_length: int) -> np.ndarray:
    S = np.abs(librosa.stft(y, n_fft=n_fft, hop_length=hop_length))
    return np.sqrt(np.mean(np.abs(S) ** 2, axis=0, keepdims=True))


def feature_extraction(indir, audio_name, ext, outdir, SR, N_FFT, HOP_LEN, DURA, intent=True):  # noqa: N803
    signed = (lambda x: x) if intent else _logam  # the old code logged every feature
    mel_sr = {"sr": SR} if intent else {}  # the old code built the mel filterbank for 22.05 kHz

    # Load audio
    src, sr = librosa.load(indir + "/" + audio_name + ext, sr=SR, res_type="soxr_hq")

    # Trim audio
    n_sample = src.shape[0]
    n_sample_wanted = int(DURA * SR)
    if n_sample < n_sample_wanted:  # if too short
        src = np.hstack((src, np.zeros((int(DURA * SR) - n_sample,))))
    elif n_sample > n_sample_wanted:  # if too long
        src = src[(n_sample - n_sample_wanted) // 2 : (n_sample + n_sample_wanted) // 2]
    src = src.astype(np.float32)

    # Perform harmonic percussive source separation (HSS)
    y_harmonic, y_percussive = librosa.effects.hpss(src)

    for i in range(2):
        y = y_harmonic if i == 0 else y_percussive

        fv = _logam(librosa.feature.chroma_stft(y=y, sr=SR, hop_length=HOP_LEN, n_fft=N_FFT))
        fv_total = fv if i == 0 else np.vstack((fv_total, fv))
        fv = _logam(librosa.feature.chroma_cens(y=y, sr=SR, hop_length=HOP_LEN))
        fv_total = np.vstack((fv_total, fv))
        fv = _logam(librosa.feature.melspectrogram(y=y, hop_length=HOP_LEN, n_fft=N_FFT, n_mels=96, **mel_sr))
        fv_total = np.vstack((fv_total, fv))

        fv_mfcc = librosa.feature.mfcc(y=y, sr=SR, hop_length=HOP_LEN)
        fv_total = np.vstack((fv_total, signed(fv_mfcc)))
        fv_total = np.vstack((fv_total, signed(librosa.feature.delta(fv_mfcc))))
        fv_total = np.vstack((fv_total, signed(librosa.feature.delta(fv_mfcc, order=2))))

        fv_total = np.vstack((fv_total, _logam(_rmse_v05(y, N_FFT, HOP_LEN))))
        fv = _logam(librosa.feature.spectral_centroid(y=y, sr=SR, hop_length=HOP_LEN, n_fft=N_FFT))
        fv_total = np.vstack((fv_total, fv))
        fv = _logam(librosa.feature.spectral_bandwidth(y=y, sr=SR, hop_length=HOP_LEN, n_fft=N_FFT))
        fv_total = np.vstack((fv_total, fv))
        fv = _logam(librosa.feature.spectral_rolloff(y=y, sr=SR, hop_length=HOP_LEN, n_fft=N_FFT))
        fv_total = np.vstack((fv_total, fv))
        fv = signed(librosa.feature.poly_features(y=y, sr=SR, hop_length=HOP_LEN, n_fft=N_FFT))
        fv_total = np.vstack((fv_total, fv))
        fv = signed(librosa.feature.poly_features(y=y, sr=SR, hop_length=HOP_LEN, n_fft=N_FFT, order=2))
        fv_total = np.vstack((fv_total, fv))
        fv = _logam(librosa.feature.zero_crossing_rate(y=y, hop_length=HOP_LEN, frame_length=N_FFT))
        fv_total = np.vstack((fv_total, fv))

    # Feature aggregation
    fv_mean = np.mean(fv_total, axis=1)
    fv_var = np.var(fv_total, axis=1)
    fv_amax = np.amax(fv_total, axis=1)
    fv_aggregated = np.hstack((fv_mean, fv_var))
    fv_aggregated = np.hstack((fv_aggregated, fv_amax))

    # for pickle
    with open(outdir + "/" + audio_name + ".pkl", "wb") as f:
        pickle.dump(fv_aggregated, f)
    return fv_aggregated
