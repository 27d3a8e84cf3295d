"""Harmonic-percussive source separation, numerically the same as ``librosa.effects.hpss``.

``librosa.effects.hpss`` spends ~95 % of its time in ``scipy.ndimage.median_filter``
(about 1.1 s for a 29 s clip at 12 kHz). :func:`running_median_rows` computes the
same exact median (odd window, scipy's ``mode="reflect"`` boundary, i.e. numpy's
``"symmetric"`` padding) in numba: for float32/float64 it keeps one sorted window
per column of a block of 64 (float32) or 32 (float64) independent series and
updates all of them at once with branch-free compare/select/min/max steps that
the compiler vectorises (O(k) work per output but SIMD-wide, no data-dependent
branches), about 20 ns per output on one core for k = 31: ``harmonic_mask`` on a
float32 (1025, 1292) STFT takes ~0.07 s CPU, ~4.5x less than the previous
one-series insertion-sort kernel (~0.32 s). The frequency-direction median runs
on the STFT in place (no transposed copy).
The STFT (2048/512, constant padding) and inverse STFT are librosa's; the soft
mask (power 2, split zeros) is librosa's formula in closed form, so :func:`hpss`
agrees with ``librosa.effects.hpss`` to float32 rounding (tested in
``tests/features/test_audio_hpss.py``).
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def _running_median_padded(padded: np.ndarray, k: int) -> np.ndarray:  # pragma: no cover - numba
    """Generic fallback (non-float dtypes): one insertion-sorted window per row."""
    n_rows, n_padded = padded.shape
    n = n_padded - k + 1
    half = k // 2
    out = np.empty((n_rows, n), dtype=padded.dtype)
    window = np.empty(k, dtype=padded.dtype)
    for r in range(n_rows):
        for i in range(k):
            window[i] = padded[r, i]
        window.sort()
        out[r, 0] = window[half]
        for i in range(1, n):
            old = padded[r, i - 1]
            new = padded[r, i - 1 + k]
            j = np.searchsorted(window, old)
            if new >= old:
                while j < k - 1 and window[j + 1] < new:
                    window[j] = window[j + 1]
                    j += 1
            else:
                while j > 0 and window[j - 1] > new:
                    window[j] = window[j - 1]
                    j -= 1
            window[j] = new
            out[r, i] = window[half]
    return out


@numba.njit(cache=True, nogil=True)
def _window_step(W, W2, ov, nv):  # pragma: no cover - numba
    """One slide of ``L`` sorted windows at once: remove ``ov[l]``, insert ``nv[l]``.

    ``W`` is ``(k + 2, L)``: column ``l`` holds window ``l`` sorted ascending in rows
    ``1..k``, with sentinels ``-inf`` in row 0 and ``+inf`` in row ``k + 1``; the
    result goes to ``W2`` (same sentinels). With ``D`` = the window after deleting
    the first element equal to ``o`` (``D[j] = W[j] if W[j] < o else W[j + 1]``),
    the new row ``j`` is ``max(D[j - 1], min(D[j], v))``. Only values move (never
    rounded), so the result is bit-exact; ties (equal values) are interchangeable.
    Rows are done two at a time to share one comparison with ``o``.
    """
    kp2, L = W.shape
    k = kp2 - 2
    for j in range(1, k, 2):
        for l in range(L):
            o = ov[l]
            v = nv[l]
            a = W[j - 1, l]
            b = W[j, l]
            c = W[j + 1, l]
            e = W[j + 2, l]
            d0 = a if a < o else b
            d1 = b if b < o else c
            d2 = c if c < o else e
            t = d1 if d1 < v else v
            W2[j, l] = t if t > d0 else d0
            t = d2 if d2 < v else v
            W2[j + 1, l] = t if t > d1 else d1
    if k % 2 == 1:
        j = k
        for l in range(L):
            o = ov[l]
            v = nv[l]
            a = W[j - 1, l]
            b = W[j, l]
            c = W[j + 1, l]
            d0 = a if a < o else b
            d1 = b if b < o else c
            t = d1 if d1 < v else v
            W2[j, l] = t if t > d0 else d0


@numba.njit(cache=True, nogil=True)
def _median_block(W, W2, X, k, ob):  # pragma: no cover - numba
    """Running medians of the ``L`` columns of ``X`` (row 0: ``+inf``, rows 1..: padded series).

    The windows start as all ``+inf`` and are filled by ``k`` steps that each remove
    one ``+inf`` (``X[0]``) and insert the next value, then slide to the end.
    """
    half = k // 2
    n = ob.shape[0]
    for m in range(k):
        _window_step(W, W2, X[0], X[m + 1])
        W, W2 = W2, W
    ob[0] = W[half + 1]
    for i in range(1, n):
        _window_step(W, W2, X[i], X[i + k])
        W, W2 = W2, W
        ob[i] = W[half + 1]


@numba.njit(cache=True, nogil=True)
def _running_median_axis0(x, idx, k, out):  # pragma: no cover - numba
    """``out[i, c]`` = median of ``x[idx[i + m], c]`` for ``m < k`` (float ``x``, any layout).

    Columns are processed in blocks of ``L`` lanes: the block's padded series is
    gathered into a contiguous ``(len(idx) + 1, L)`` buffer, filtered by
    :func:`_median_block`, and copied out.
    """
    n_cols = x.shape[1]
    n = out.shape[0]
    npad = idx.shape[0]
    L = 256 // x.itemsize
    inf = np.inf
    W = np.empty((k + 2, L), dtype=x.dtype)
    W2 = np.empty((k + 2, L), dtype=x.dtype)
    X = np.full((npad + 1, L), inf, dtype=x.dtype)  # unused lanes stay +inf: harmless
    ob = np.empty((n, L), dtype=x.dtype)
    for c0 in range(0, n_cols, L):
        nl = min(L, n_cols - c0)
        for m in range(npad):
            r = idx[m]
            for l in range(nl):
                X[m + 1, l] = x[r, c0 + l]
        W[0] = -inf
        W[1:] = inf
        W2[0] = -inf
        W2[k + 1] = inf
        _median_block(W, W2, X, k, ob)
        for i in range(n):
            for l in range(nl):
                out[i, c0 + l] = ob[i, l]
    return out


def running_median_rows(x: np.ndarray, k: int) -> np.ndarray:
    """Median over a window of ``k`` (odd) along the last axis of a 2-D array.

    Equals ``scipy.ndimage.median_filter(x, size=(1, k), mode="reflect")``.
    """
    if k % 2 != 1 or k < 1:
        raise ValueError(f"window length must be odd and positive, got {k}")
    x = np.asarray(x)
    if x.shape[-1] == 0:
        return x.copy()
    if x.dtype not in (np.float32, np.float64):
        half = k // 2
        padded = np.pad(x, ((0, 0), (half, half)), mode="symmetric")
        return _running_median_padded(np.ascontiguousarray(padded), k)
    out = np.empty(x.shape, dtype=x.dtype)
    _running_median_axis0(x.T, _reflect_index(x.shape[1], k), k, out.T)
    return out


def running_median_cols(x: np.ndarray, k: int) -> np.ndarray:
    """Median over a window of ``k`` (odd) along the first axis of a 2-D array.

    Equals ``running_median_rows(x.T, k).T`` but reads ``x`` in place (no transposed copy).
    """
    x = np.asarray(x)
    if k % 2 != 1 or k < 1 or x.shape[0] == 0 or x.dtype not in (np.float32, np.float64):
        return running_median_rows(x.T, k).T
    out = np.empty(x.shape, dtype=x.dtype)
    return _running_median_axis0(x, _reflect_index(x.shape[0], k), k, out)


def _reflect_index(n: int, k: int) -> np.ndarray:
    """Source index of each sample of a length-``n`` series padded by ``k // 2`` (numpy "symmetric")."""
    return np.pad(np.arange(n, dtype=np.int64), k // 2, mode="symmetric")


def harmonic_mask(S: np.ndarray, kernel_size: int = 31) -> np.ndarray:
    """librosa's soft harmonic mask (margin 1, power 2, split zeros) of a magnitude STFT.

    ``H**2 / (H**2 + P**2)`` with H, P the time- and frequency-median filtered ``S``
    and 0.5 where both are zero; the percussive mask is ``1 - harmonic_mask``.
    """
    harm = running_median_rows(S, kernel_size)
    perc = running_median_cols(S, kernel_size)
    harm2, perc2 = harm * harm, perc * perc
    total = harm2 + perc2
    tiny = np.finfo(S.dtype).tiny
    return np.where(total > tiny, harm2 / np.where(total > tiny, total, 1), 0.5).astype(S.dtype)


def hpss(y: np.ndarray, *, n_fft: int = 2048, hop_length: int = 512, kernel_size: int = 31) -> tuple[np.ndarray, np.ndarray]:
    """Harmonic and percussive waveforms of ``y``; drop-in for ``librosa.effects.hpss(y)``.

    The two soft masks sum to one, so the percussive waveform is computed as
    ``y - harmonic`` (one inverse STFT instead of two); it equals librosa's inverse
    STFT of the masked percussive spectrogram up to float rounding (~1e-6).
    """
    import librosa

    y = np.asarray(y, dtype=np.float32)
    D = librosa.stft(y, n_fft=n_fft, hop_length=hop_length)
    mask = harmonic_mask(np.abs(D), kernel_size)
    y_harm = librosa.istft(D * mask, n_fft=n_fft, hop_length=hop_length, length=y.shape[-1], dtype=y.dtype)
    return y_harm, y - y_harm
