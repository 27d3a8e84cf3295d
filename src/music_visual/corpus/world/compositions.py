"""Real compositions from the music21 corpus, reduced to note lists and cached.

A composition is ``{"ref", "tonic_pc", "mode", "length_ql", "voices"}`` where
``voices`` (highest first) are lists of ``[onset, duration, midi_pitch]`` in
quarter notes. Bach chorales (4 voices) and Essen folk tunes (melodies)
alternate in the pool. Parsing with music21 is slow (~0.2 s a piece), so each
piece is parsed once and cached as JSON under ``<cache>/compositions/``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

MIN_LENGTH_QL = 8.0
FOLK_FILES = ("essenFolksong/altdeu10", "essenFolksong/altdeu20", "essenFolksong/fink", "essenFolksong/kinder",
              "essenFolksong/han1", "essenFolksong/boehme", "essenFolksong/ballad10", "essenFolksong/dva")


def _music21_version() -> str:
    import music21

    return music21.__version__


def chorale_refs() -> list[str]:
    from music21 import corpus

    paths = sorted(str(p) for p in corpus.getComposer("bach"))
    return ["bach:" + Path(p).stem for p in paths if re.match(r"bwv\d", Path(p).stem)]


def folk_refs() -> list[str]:
    from music21 import corpus

    refs = []
    for name in FOLK_FILES:
        found = corpus.getWork(name)
        path = found[0] if isinstance(found, list) else found
        numbers = re.findall(r"^X:\s*(\d+)", Path(path).read_text(errors="replace"), flags=re.M)
        refs += [f"folk:{name}#{n}" for n in numbers]
    return refs


def composition_refs(n: int) -> list[str]:
    """``n`` piece references, chorales and folk tunes alternating, spread over the corpus."""
    chorales, folk = chorale_refs(), folk_refs()
    half = (n + 1) // 2
    pick = lambda refs, k: [refs[round(i * len(refs) / k)] for i in range(k)] if k else []  # noqa: E731
    chosen_c, chosen_f = pick(chorales, min(half, len(chorales))), pick(folk, min(n - half, len(folk)))
    mixed = [r for pair in zip(chosen_c, chosen_f) for r in pair] + chosen_c[len(chosen_f):] + chosen_f[len(chosen_c):]
    return mixed[:n]


def _parse(ref: str):
    from music21 import corpus

    if ref.startswith("bach:"):
        return corpus.parse("bach/" + ref.split(":", 1)[1])
    name, number = ref.split(":", 1)[1].split("#")
    return corpus.parse(name, number=int(number))


def extract_composition(score, ref: str) -> dict:
    """Note lists (highest voice first), key and length of a music21 score."""
    parts = list(score.parts) or [score]
    voices = []
    for part in parts:
        notes = [[float(el.offset), float(el.quarterLength), int(p.midi)]
                 for el in part.flatten().notes for p in el.pitches if float(el.quarterLength) > 0]
        if notes:
            voices.append(sorted(notes))
    voices.sort(key=lambda v: -sum(n[2] for n in v) / len(v))
    key = score.analyze("key")
    length = max(n[0] + n[1] for v in voices for n in v) if voices else 0.0
    return {"ref": ref, "tonic_pc": int(key.tonic.pitchClass), "mode": "minor" if key.mode == "minor" else "major",
            "length_ql": float(length), "voices": voices}


def load_composition(ref: str, cache_dir: Path) -> dict | None:
    """One piece, from the cache or parsed now; ``None`` when it is unusable."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", ref)
    file = Path(cache_dir) / "compositions" / _music21_version() / f"{safe}.json"
    if file.is_file():
        piece = json.loads(file.read_text())
    else:
        piece = extract_composition(_parse(ref), ref)
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps(piece))
    return piece if piece["voices"] and piece["length_ql"] >= MIN_LENGTH_QL else None


def load_composition_pool(n: int, cache_dir: Path) -> list[dict]:
    """``n`` usable pieces (unusable ones are replaced by the next candidates)."""
    pool: list[dict] = []
    candidates = composition_refs(n * 2)
    for ref in candidates:
        piece = load_composition(ref, cache_dir)
        if piece is not None:
            pool.append(piece)
        if len(pool) == n:
            break
    if len(pool) < n:
        raise RuntimeError(f"only {len(pool)} usable compositions found, {n} requested")
    return pool
