"""Real pictures for the generated world: discovery, download cache and an in-memory bank.

* PyPI: sample photographs shipped inside installed wheels (scikit-image's
  ``skimage/data``, matplotlib's ``sample_data``); always available.
* Debian: ``tuxpaint-stamps-default`` (photo cut-outs with alpha, by category) and
  ``mate-backgrounds`` (nature photographs), fetched with ``apt-get download`` and
  unpacked with ``dpkg-deb -x`` into ``<cache>/debian/<package>/`` (no system
  install). A package that cannot be fetched is reported, not fatal.
* The *bank*: every picture resized once (backgrounds to the shot canvas, cut-outs
  into a square with alpha) and cached as one ``.npz`` keyed by the picture list and
  sizes, so rendering workers load it in milliseconds.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from music_visual.corpus.world.catalog import BACKGROUNDS, TOPICS

DEBIAN_PACKAGES = {"tuxpaint": "tuxpaint-stamps-default", "mate": "mate-backgrounds"}
DEBIAN_ROOTS = {"tuxpaint": "usr/share/tuxpaint/stamps", "mate": "usr/share/backgrounds/mate"}
KEEP_SUFFIXES = (".png", ".jpg", ".txt")
CATALOG_COLUMNS = ("ref", "path", "role", "topic", "package")


def pypi_image_path(ref: str) -> Path:
    """Path of a wheel-shipped picture named ``"skimage:chelsea.png"`` or ``"matplotlib:grace_hopper.jpg"``."""
    package, name = ref.split(":", 1)
    if package == "skimage":
        import skimage.data

        return Path(skimage.data.__file__).parent / name
    if package == "matplotlib":
        import matplotlib

        return Path(matplotlib.get_data_path()) / "sample_data" / name
    raise ValueError(f"unknown PyPI image source {package!r}")


def fetch_debian_package(package: str, cache_dir: Path) -> tuple[Path | None, str]:
    """Unpacked folder of a Debian package (downloaded once) and its version, or
    ``(None, reason)`` when it cannot be fetched."""
    target = Path(cache_dir) / "debian" / package
    stamp = target / ".version"
    if stamp.is_file():
        return target, stamp.read_text().strip()
    if shutil.which("apt-get") is None or shutil.which("dpkg-deb") is None:
        return None, "apt-get/dpkg-deb not available"
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run(["apt-get", "download", package], cwd=tmp, capture_output=True, text=True)
        debs = sorted(Path(tmp).glob(f"{package}_*.deb"))
        if run.returncode != 0 or not debs:
            return None, f"apt-get download {package} failed: {run.stderr.strip()[-300:]}"
        partial = target.with_name(package + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.parent.mkdir(parents=True, exist_ok=True)
        unpack = subprocess.run(["dpkg-deb", "-x", str(debs[0]), str(partial)], capture_output=True, text=True)
        if unpack.returncode != 0:
            return None, f"dpkg-deb -x {debs[0].name} failed: {unpack.stderr.strip()[-300:]}"
        _prune(partial)
        shutil.rmtree(target, ignore_errors=True)
        partial.rename(target)
        version = debs[0].name.split("_")[1]
    stamp.write_text(version + "\n")
    return target, version


def _prune(folder: Path) -> None:
    """Keep only pictures and their descriptions (tuxpaint ships ~8k sound files)."""
    for file in folder.rglob("*"):
        if file.is_file() and file.suffix.lower() not in KEEP_SUFFIXES:
            file.unlink()


def _pypi_rows() -> list[dict]:
    rows = []
    for topic, spec in TOPICS.items():
        rows += [{"ref": r, "path": str(pypi_image_path(r)), "role": "object", "topic": topic,
                  "package": r.split(":")[0]} for r in spec["pypi"]]
    rows += [{"ref": r, "path": str(pypi_image_path(r)), "role": "background", "topic": "",
              "package": r.split(":")[0]} for r in BACKGROUNDS["pypi"]]
    return rows


def _debian_rows(key: str, folder: Path) -> list[dict]:
    root = folder / DEBIAN_ROOTS[key]
    rows = []
    for file in sorted(root.rglob("*")):
        if file.suffix.lower() not in (".png", ".jpg"):
            continue
        rel = file.relative_to(root).as_posix()
        if key == "mate":
            if any(rel.startswith(p) for p in BACKGROUNDS["mate"]):
                rows.append({"ref": f"mate:{rel}", "path": str(file), "role": "background", "topic": "",
                             "package": DEBIAN_PACKAGES[key]})
            continue
        topic = next((t for t, s in TOPICS.items() if any(rel.startswith(p) for p in s["tuxpaint"])), None)
        if topic:
            rows.append({"ref": f"tuxpaint:{rel}", "path": str(file), "role": "object", "topic": topic,
                         "package": DEBIAN_PACKAGES[key]})
    return rows


def image_catalog(cache_dir: Path, use_debian: bool) -> tuple[pd.DataFrame, dict, list[str]]:
    """All pictures the world may show: (catalog, package versions, warnings)."""
    rows = _pypi_rows()
    versions = {p: importlib.metadata.version(d) for p, d in (("skimage", "scikit-image"), ("matplotlib", "matplotlib"))}
    warnings = []
    if use_debian:
        for key, package in DEBIAN_PACKAGES.items():
            folder, version = fetch_debian_package(package, cache_dir)
            if folder is None:
                warnings.append(f"Debian assets {package} unavailable: {version}")
                continue
            versions[package] = version
            rows += _debian_rows(key, folder)
    return pd.DataFrame(rows, columns=list(CATALOG_COLUMNS)), versions, warnings


def _cover(img: Image.Image, width: int, height: int) -> np.ndarray:
    """Resize and centre-crop to exactly ``width`` x ``height`` (RGB uint8)."""
    img.draft("RGB", (width * 2, height * 2))
    img = img.convert("RGB")
    scale = max(width / img.width, height / img.height)
    size = (max(width, round(img.width * scale)), max(height, round(img.height * scale)))
    img = img.resize(size, Image.BILINEAR)
    left, top = (img.width - width) // 2, (img.height - height) // 2
    return np.asarray(img.crop((left, top, left + width, top + height)))


def _cutout(img: Image.Image, side: int) -> np.ndarray:
    """A ``side`` x ``side`` RGBA cut-out: real alpha when present, else a soft ellipse."""
    img = img.convert("RGBA")
    has_alpha = int(np.asarray(img.getchannel("A")).min()) < 250
    if has_alpha and img.getbbox():
        img = img.crop(img.getchannel("A").getbbox() or img.getbbox())
    scale = side / max(img.width, img.height)
    img = img.resize((max(1, round(img.width * scale)), max(1, round(img.height * scale))), Image.BILINEAR)
    rgba = np.zeros((side, side, 4), np.uint8)
    top, left = (side - img.height) // 2, (side - img.width) // 2
    rgba[top:top + img.height, left:left + img.width] = np.asarray(img)
    if not has_alpha:
        yy, xx = np.mgrid[0:side, 0:side]
        r = ((xx - side / 2) / (img.width / 2)) ** 2 + ((yy - side / 2) / (img.height / 2)) ** 2
        rgba[..., 3] = (np.clip((1.0 - r) * 4.0, 0, 1) * 255).astype(np.uint8)
    return rgba


def bank_path(catalog: pd.DataFrame, canvas: tuple[int, int], object_side: int, cache_dir: Path) -> Path:
    key = hashlib.sha1(("|".join(catalog["ref"]) + f"{canvas}{object_side}").encode()).hexdigest()[:16]
    return Path(cache_dir) / "banks" / f"bank_{key}.npz"


def build_asset_bank(catalog: pd.DataFrame, canvas: tuple[int, int], object_side: int, cache_dir: Path) -> Path:
    """Resize every catalogued picture once and cache the arrays; returns the ``.npz`` path.

    ``canvas`` is (height, width) of a shot before panning. Unreadable pictures raise:
    the catalogue only lists files from installed packages.
    """
    path = bank_path(catalog, canvas, object_side, cache_dir)
    if path.is_file():
        return path
    objects = catalog[catalog["role"] == "object"].reset_index(drop=True)
    backgrounds = catalog[catalog["role"] == "background"].reset_index(drop=True)
    bg = np.stack([_cover(Image.open(p), canvas[1], canvas[0]) for p in backgrounds["path"]])
    ob = np.stack([_cutout(Image.open(p), object_side) for p in objects["path"]])
    topics = sorted(TOPICS)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, backgrounds=bg, objects=ob, object_topic=np.array([topics.index(t) for t in objects["topic"]]),
             object_ref=objects["ref"].to_numpy(str), background_ref=backgrounds["ref"].to_numpy(str))
    tmp.rename(path)
    return path


def load_asset_bank(path: Path) -> dict[str, np.ndarray]:
    with np.load(path) as data:
        return {k: data[k] for k in data.files}
