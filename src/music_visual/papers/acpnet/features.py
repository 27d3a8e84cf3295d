"""ACP-Net's model inputs: image CNN features, the 193-d music features, log-spectrograms and thumbnails.

* **Image CNN features** (image subnetwork): the ``cnn_images`` family's 1280-d EfficientNet-Lite0 pooled
  features, our substitute for the paper's Inception-v3 last-FC features (2048-d), standardised per
  dimension with the training split's statistics.
* **Music features** (music subnetwork): the ``acpnet_audio`` family's 193-d vector per 60 s segment (40
  MFCC, 12 chroma, 128 mel in dB, 7 spectral contrast, 6 tonnetz; 10 s windows, 5 s hop, averaged),
  standardised likewise (the blocks differ in scale by orders of magnitude).
* **Log-spectrograms** (the L3-Net and Spectrogram-ACP baselines): the paper's STFT, a 100 ms Hann window and
  a 25 ms hop (:func:`music_visual.features.spectrogram.log_spectrogram`, 16 kHz), over a ``seconds``-long
  crop at the centre of each segment (a shorter song is zero-padded at the end), **downsized** for the CPU:
  power pooled by an ``n_mels``-band mel filterbank (30 Hz - 8 kHz) and ``time_pool`` consecutive frames
  averaged (25 ms x 4 = 100 ms per column), then ``log``. One (frames, bands) array per segment.
* **Thumbnails** (L3-Net's vision subnetwork): each image area-averaged to ``height`` x ``width`` RGB in [0, 1]
  (the paper feeds 224 x 224 raw images to L3-Net's CNN; our generated frames are 192 x 144).
* **Hand-crafted image features** (Table 5's "art-based emotion features" row): the ``handcrafted_images``
  family's 2596-d colour / shape / texture features (MR-CCA's), standardised and reduced by PCA to
  ``handcrafted_components`` (fitted on the training split).

Spectrograms and thumbnails are computed here (they are not a feature family) and cached in the feature-store
format under ``data/processed/acpnet/`` (:func:`save_feature_table`: values, flags, failures, meta). Every
transform is fitted on the **training split only**; :func:`save_split` writes the model-ready arrays of each
split under ``data/processed/acpnet/features/`` and :class:`ACPNetData` reads them back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from music_visual.errors import StudyError
from music_visual.features.audio_io import AudioDecodeError, load_audio
from music_visual.features.image_io import ImageDecodeError, as_rgb_array, image_flags
from music_visual.features.scaling import Standardiser
from music_visual.features.spectrogram import log_spectrogram
from music_visual.features.store import FeatureTable, load_feature_table, save_feature_table

FAMILIES = {"cnn_images": "pooled", "acpnet_audio": "segments", "handcrafted_images": "handcrafted"}
SPECTROGRAM_SR = 16000
WINDOW_S, HOP_S = 0.1, 0.025  # the paper's STFT
SPLITS = ("train", "val", "test")
ARRAYS = ("image_cnn", "image_handcrafted", "thumbnails", "music", "spectrograms")
IMAGE_ARRAYS = ("image_cnn", "image_handcrafted", "thumbnails")


def feature_folder(family: str) -> Path:
    """``data/processed/features/<family>/<output>`` of one of the families ACP-Net reads."""
    from music_visual import paths

    return paths.features_dir(family) / FAMILIES[family]


@dataclass(frozen=True)
class PCAProjection:
    """Centred PCA to ``k`` components (on already standardised rows), by a seeded randomized SVD
    (Halko et al., scikit-learn's ``randomized_svd``, 2 power iterations): a full SVD of 7,000 x 2,596
    hand-crafted features takes minutes on one core, this a second or two."""

    mean: np.ndarray
    axes: np.ndarray  # (k, dim)

    @classmethod
    def fit(cls, X: np.ndarray, k: int, seed: int = 0) -> "PCAProjection":
        from sklearn.utils.extmath import randomized_svd

        X = np.asarray(X, dtype=np.float32)
        mean = X.mean(axis=0)
        k = int(min(k, X.shape[1], max(1, len(X) - 1)))
        _, _, vt = randomized_svd(X - mean, k, n_iter=2, random_state=seed)
        return cls(mean.astype(np.float64), vt.astype(np.float64))

    def transform(self, X: np.ndarray) -> np.ndarray:
        return ((np.asarray(X, dtype=np.float64) - self.mean) @ self.axes.T).astype(np.float32)


# ---- log-spectrograms -------------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def mel_filterbank(n_mels: int, sr: int = SPECTROGRAM_SR, window_s: float = WINDOW_S) -> np.ndarray:
    import librosa

    n_fft = int(round(window_s * sr))
    return librosa.filters.mel(sr=sr, n_fft=n_fft, n_mels=n_mels, fmin=30.0, fmax=sr / 2).astype(np.float32)


def spectrogram_frames(seconds: float, time_pool: int, sr: int = SPECTROGRAM_SR) -> int:
    """Columns of a downsized spectrogram of a ``seconds`` crop."""
    hop = int(round(HOP_S * sr))
    return (1 + int(round(seconds * sr)) // hop) // time_pool


def downsized_log_spectrogram(y: np.ndarray, sr: int, seconds: float, n_mels: int, time_pool: int) -> tuple[np.ndarray, dict]:
    """(frames, n_mels) log mel-pooled power of the paper's 100 ms / 25 ms STFT over a centred crop, and flags."""
    log_magnitude, flags = log_spectrogram(y, sr, target_sr=SPECTROGRAM_SR, window_s=WINDOW_S, hop_s=HOP_S,
                                           duration_s=seconds)
    power = np.exp(2.0 * log_magnitude)
    mel = mel_filterbank(n_mels) @ power
    n = mel.shape[1] // time_pool * time_pool
    pooled = mel[:, :n].reshape(n_mels, -1, time_pool).mean(axis=2)
    return np.log(pooled + 1e-10).T.astype(np.float32), flags


def crop_bounds(start_s: float, end_s: float, seconds: float) -> tuple[float, float]:
    """The ``seconds``-long window at the centre of ``[start_s, end_s]`` (the whole span when it is shorter)."""
    length = max(float(end_s) - float(start_s), 0.0)
    offset = max(0.0, (length - seconds) / 2)
    return float(start_s) + offset, float(start_s) + offset + min(seconds, length)


def read_span(path: str, start_s: float, end_s: float) -> tuple[np.ndarray, int]:
    """Mono samples of ``[start_s, end_s)`` at the file's rate: soundfile reads only that span of wav/flac/ogg,
    other formats are decoded whole by :func:`~music_visual.features.audio_io.load_audio` and cut."""
    if Path(path).suffix.lower() in (".wav", ".flac", ".ogg"):
        import soundfile as sf

        try:
            sr = sf.info(path).samplerate
            data, sr = sf.read(path, start=int(round(start_s * sr)), stop=int(round(end_s * sr)), dtype="float32",
                               always_2d=True)
            return data.mean(axis=1), sr
        except Exception as err:  # any decoder failure becomes one named error
            raise AudioDecodeError(f"{path}: {type(err).__name__}: {err}") from err
    return load_audio(path, None, offset_s=start_s, duration_s=end_s - start_s)


def segment_spectrogram(path: str, start_s: float, end_s: float, seconds: float, n_mels: int,
                        time_pool: int) -> tuple[np.ndarray, dict]:
    """The downsized log-spectrogram of one segment of an audio file (crop at the segment's centre)."""
    if not np.isfinite(end_s):
        raise AudioDecodeError(f"{path}: segment without an end")
    y, sr = read_span(path, *crop_bounds(start_s, end_s, seconds))
    return downsized_log_spectrogram(y, sr, seconds, n_mels, time_pool)


def _spectrogram_chunk(rows: list[dict], seconds: float, n_mels: int, time_pool: int) -> list:
    out = []
    for row in rows:
        try:
            values, flags = segment_spectrogram(row["abs_path"], row["start_s"], row["end_s"], seconds, n_mels,
                                                time_pool)
            out.append((row["item_id"], values, flags, None))
        except AudioDecodeError as err:
            out.append((row["item_id"], None, None, str(err)))
    return out


def _thumbnail_chunk(rows: list[dict], width: int, height: int) -> list:
    from PIL import Image

    out = []
    for row in rows:
        try:
            rgb = as_rgb_array(row["abs_path"])
            flags = image_flags(rgb)
            small = np.asarray(Image.fromarray(rgb).resize((width, height), Image.BOX), dtype=np.float32) / 255.0
            out.append((row["item_id"], np.moveaxis(small, -1, 0).ravel(), flags, None))
        except ImageDecodeError as err:
            out.append((row["item_id"], None, None, str(err)))
    return out


def _run_chunks(fn, rows: list[dict], n_jobs: int, params: dict, progress: bool, desc: str) -> list:
    from tqdm import tqdm

    from music_visual.parallel import run_tasks

    size = max(1, int(np.ceil(len(rows) / max(1, 8 * max(n_jobs, 1)))))
    chunks = [rows[i:i + size] for i in range(0, len(rows), size)]
    results = []
    bar = tqdm(total=len(rows), desc=desc, disable=not progress)
    for part in run_tasks(fn, [(chunk, *params.values()) for chunk in chunks], n_jobs, threads=1):
        results += part
        bar.update(len(part))
    bar.close()
    return results


def _save_cache(folder: Path, results: list, meta: dict) -> FeatureTable:
    ok = [r for r in results if r[3] is None]
    failures = [(r[0], r[3]) for r in results if r[3] is not None]
    save_feature_table(folder, [r[0] for r in ok], [r[1] for r in ok], [r[2] for r in ok], meta, failures)
    return load_feature_table(folder)


def compute_spectrograms(items: pd.DataFrame, corpus_root: Path, folder: Path, seconds: float, n_mels: int,
                         time_pool: int, n_jobs: int = 1, progress: bool = True) -> FeatureTable:
    """Downsized log-spectrograms of every music item of the view, cached in the store format at ``folder``."""
    from music_visual.corpus.schema import resolve_item_path

    rows = [{"item_id": r.item_id, "abs_path": str(resolve_item_path(corpus_root, r.path)), "start_s": r.start_s,
             "end_s": r.end_s} for r in items.itertuples(index=False)]
    results = _run_chunks(_spectrogram_chunk, rows, n_jobs,
                          {"seconds": seconds, "n_mels": n_mels, "time_pool": time_pool}, progress, "spectrograms")
    meta = {"what": "downsized log-spectrograms (frames x mel bands) per music segment", "seconds": seconds,
            "n_mels": n_mels, "time_pool": time_pool, "sample_rate": SPECTROGRAM_SR, "window_s": WINDOW_S,
            "hop_s": HOP_S, "frames": spectrogram_frames(seconds, time_pool)}
    return _save_cache(Path(folder), results, meta)


def compute_thumbnails(items: pd.DataFrame, corpus_root: Path, folder: Path, width: int, height: int,
                       n_jobs: int = 1, progress: bool = True) -> FeatureTable:
    """``3 x height x width`` thumbnails (flattened, in [0, 1]) of every image of the view, cached at ``folder``."""
    from music_visual.corpus.schema import resolve_item_path

    rows = [{"item_id": r.item_id, "abs_path": str(resolve_item_path(corpus_root, r.path))}
            for r in items.itertuples(index=False)]
    results = _run_chunks(_thumbnail_chunk, rows, n_jobs, {"width": width, "height": height}, progress,
                          "thumbnails")
    meta = {"what": "area-averaged RGB thumbnails, channels x height x width, flattened", "width": width,
            "height": height}
    return _save_cache(Path(folder), results, meta)


def require_all(table: FeatureTable, ids: list[str], what: str) -> None:
    """Raise when a view item has no cached feature (the view was built from decodable items only)."""
    missing = sorted(set(ids) - set(table.ids))
    if missing:
        failed = dict(zip(table.failures["item_id"], table.failures["reason"]))
        examples = [f"{i}: {failed.get(i, 'missing')}" for i in missing[:3]]
        raise StudyError(f"{len(missing)} view items have no {what}: {examples}")


# ---- per-split arrays -------------------------------------------------------------------------------------

def music_rows(table: FeatureTable, music: pd.DataFrame) -> np.ndarray:
    """The 193-d row of each music segment (``source_id`` + ``segment``)."""
    sequences = table.sequences(music["source_id"].tolist())
    return np.stack([seq[k] for seq, k in zip(sequences, music["segment"].astype(int))]) if len(music) else \
        np.zeros((0, table.dim), np.float32)


@dataclass
class FittedTransforms:
    """Every transform fitted on the training split."""

    image_cnn: Standardiser
    music: Standardiser
    handcrafted: Standardiser
    handcrafted_pca: PCAProjection
    spectrogram: Standardiser   # per mel band
    thumbnail: Standardiser     # per RGB channel

    def save(self, folder: str | Path) -> Path:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        arrays = {}
        for name in ("image_cnn", "music", "handcrafted", "spectrogram", "thumbnail"):
            s = getattr(self, name)
            arrays[f"{name}_mean"], arrays[f"{name}_std"] = s.mean, s.std
        arrays["pca_mean"], arrays["pca_axes"] = self.handcrafted_pca.mean, self.handcrafted_pca.axes
        np.savez(folder / "transforms.npz", **arrays)
        return folder

    @classmethod
    def load(cls, folder: str | Path) -> "FittedTransforms":
        with np.load(Path(folder) / "transforms.npz") as z:
            s = {n: Standardiser(z[f"{n}_mean"], z[f"{n}_std"])
                 for n in ("image_cnn", "music", "handcrafted", "spectrogram", "thumbnail")}
            return cls(**s, handcrafted_pca=PCAProjection(z["pca_mean"], z["pca_axes"]))


def thumbnail_array(table: FeatureTable, ids: list[str], height: int, width: int) -> np.ndarray:
    return table.matrix(ids).reshape(len(ids), 3, height, width) if ids else np.zeros((0, 3, height, width), np.float32)


def spectrogram_array(table: FeatureTable, ids: list[str]) -> np.ndarray:
    """(n, 1, bands, frames) spectrograms (the store keeps frames x bands per item)."""
    seqs = table.sequences(ids)
    return np.stack([s.T[None] for s in seqs]).astype(np.float32) if seqs else np.zeros((0, 1, 0, 0), np.float32)


def fit_transforms(train_images: pd.DataFrame, train_music: pd.DataFrame, cnn: FeatureTable, audio: FeatureTable,
                   handcrafted: FeatureTable, thumbnails: FeatureTable, spectrograms: FeatureTable,
                   handcrafted_components: int) -> FittedTransforms:
    ids = train_images["source_id"].tolist()
    hc = Standardiser.fit(handcrafted.matrix(ids))
    thumbs = thumbnail_array(thumbnails, train_images["item_id"].tolist(), thumbnails.meta["height"],
                             thumbnails.meta["width"])
    specs = spectrogram_array(spectrograms, train_music["item_id"].tolist())
    return FittedTransforms(
        image_cnn=Standardiser.fit(cnn.matrix(ids)), music=Standardiser.fit(music_rows(audio, train_music)),
        handcrafted=hc, handcrafted_pca=PCAProjection.fit(hc.transform(handcrafted.matrix(ids)), handcrafted_components),
        spectrogram=Standardiser(specs.mean(axis=(0, 1, 3))[None, :, None], _safe(specs.std(axis=(0, 1, 3)))[None, :, None]),
        thumbnail=Standardiser(thumbs.mean(axis=(0, 2, 3))[:, None, None], _safe(thumbs.std(axis=(0, 2, 3)))[:, None, None]))


def _safe(std: np.ndarray) -> np.ndarray:
    return np.where(std > 1e-8, std, 1.0)


def split_arrays(transforms: FittedTransforms, images: pd.DataFrame, music: pd.DataFrame, cnn: FeatureTable,
                 audio: FeatureTable, handcrafted: FeatureTable, thumbnails: FeatureTable,
                 spectrograms: FeatureTable) -> dict[str, np.ndarray]:
    """The model-ready arrays of one split (rows in the order of ``images`` / ``music``)."""
    ids = images["source_id"].tolist()
    t = transforms
    return {
        "image_cnn": t.image_cnn.transform(cnn.matrix(ids)),
        "image_handcrafted": t.handcrafted_pca.transform(t.handcrafted.transform(handcrafted.matrix(ids))),
        "thumbnails": t.thumbnail.transform(thumbnail_array(thumbnails, images["item_id"].tolist(),
                                                            thumbnails.meta["height"], thumbnails.meta["width"])),
        "music": t.music.transform(music_rows(audio, music)),
        "spectrograms": t.spectrogram.transform(spectrogram_array(spectrograms, music["item_id"].tolist())),
    }


def save_split(folder: str | Path, split: str, images: pd.DataFrame, music: pd.DataFrame,
               arrays: dict[str, np.ndarray]) -> None:
    """``<split>_<array>.npy`` (float16 for thumbnails and spectrograms) and ``<split>_{images,music}.parquet``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, values in arrays.items():
        rows = len(images) if name in IMAGE_ARRAYS else len(music)
        if len(values) != rows:
            raise StudyError(f"{split} {name}: {len(values)} rows for {rows} items")
        if not np.isfinite(values).all():
            raise StudyError(f"{split} {name}: non-finite model inputs")
        dtype = np.float16 if name in ("thumbnails", "spectrograms") else np.float32
        np.save(folder / f"{split}_{name}.npy", values.astype(dtype))
    images.reset_index(drop=True).to_parquet(folder / f"{split}_images.parquet", index=False)
    music.reset_index(drop=True).to_parquet(folder / f"{split}_music.parquet", index=False)


@dataclass
class SplitData:
    images: pd.DataFrame
    music: pd.DataFrame
    arrays: dict[str, np.ndarray]

    def __getitem__(self, name: str) -> np.ndarray:
        return self.arrays[name]


@dataclass
class ACPNetData:
    """The model-ready arrays and item tables of the three splits (read by 03_train)."""

    splits: dict[str, SplitData]
    folder: str

    def __getitem__(self, split: str) -> SplitData:
        return self.splits[split]

    def dims(self) -> dict[str, tuple]:
        return {name: tuple(self.splits["train"][name].shape[1:]) for name in ARRAYS}

    @classmethod
    def from_folder(cls, folder: str | Path) -> "ACPNetData":
        return _load_cached(str(Path(folder).resolve()))


@lru_cache(maxsize=2)
def _load_cached(folder: str) -> ACPNetData:
    path = Path(folder)
    if not (path / "train_image_cnn.npy").is_file():
        raise FileNotFoundError(f"no ACP-Net features in {path}: run notebooks/acpnet/02_features.ipynb first")
    splits = {}
    for split in SPLITS:
        arrays = {name: np.load(path / f"{split}_{name}.npy").astype(np.float32) for name in ARRAYS}
        splits[split] = SplitData(pd.read_parquet(path / f"{split}_images.parquet"),
                                  pd.read_parquet(path / f"{split}_music.parquet"), arrays)
    return ACPNetData(splits, folder)


def write_json(path: str | Path, payload: dict) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")
    return path
