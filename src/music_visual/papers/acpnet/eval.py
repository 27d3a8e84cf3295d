"""Reference rows (chance, random, the corpus oracle) and the oracle's score of fixed pairs.

* **chance** -- the majority-class rate: of the test pairs' labels for Table 4 (50 % for balanced pairs),
  of the test items' classes for Table 5 (always answering the most frequent class);
* **random** -- a uniform guess: 50 % of pairs, 1/8 of images, 1/3 of music (the paper's "Random" rows);
* **oracle** -- :mod:`music_visual.papers.acpnet.oracle`: the Bayes decision from the generator's factors.

Each is a fixed scorer, so its row repeats over seeds (:func:`music_visual.study.references.reference_rows`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from music_visual.corpus.labels import AFFECT3, EMOTION8
from music_visual.papers.acpnet.oracle import class_priors, pair_true_probability
from music_visual.papers.acpnet.pairs import class_design
from music_visual.study.references import CHANCE, ORACLE, reference_rows

RANDOM = "random"
P3 = [f"p_{c}" for c in AFFECT3]
P8 = [f"p_{c}" for c in EMOTION8]


def oracle_pair_probability(pairs: pd.DataFrame, images: pd.DataFrame, music: pd.DataFrame,
                            posteriors: pd.DataFrame) -> np.ndarray:
    """P(true) of each pair (positions into ``images`` / ``music``) under the split's class design."""
    post = posteriors.set_index("item_id")
    design = class_design(images["affect3"], music["affect3"])
    image_p = post.loc[images["item_id"].to_numpy()[pairs["image"]], P3].to_numpy(float)
    music_p = post.loc[music["item_id"].to_numpy()[pairs["music"]], P3].to_numpy(float)
    return pair_true_probability(image_p, music_p, design, class_priors())


def _majority(values: pd.Series) -> float:
    values = values[values != ""]
    return float(values.value_counts(normalize=True).max()) if len(values) else float("nan")


def _recalls(labels: np.ndarray, predicted: np.ndarray) -> dict:
    out = {"accuracy": float(np.mean(labels == predicted))}
    out["true_pair_recall"] = float(np.mean(predicted[labels == 1] == 1)) if (labels == 1).any() else float("nan")
    out["false_pair_recall"] = float(np.mean(predicted[labels == 0] == 0)) if (labels == 0).any() else float("nan")
    return out


def reference_metrics(test_pairs: pd.DataFrame, test_images: pd.DataFrame, test_music: pd.DataFrame,
                      posteriors: pd.DataFrame | None) -> dict[str, dict]:
    """``{chance | random | oracle: {metric: value}}`` on the test pairs and items (no oracle without latents)."""
    labels = test_pairs["label"].to_numpy()
    majority_true = int(labels.mean() >= 0.5)
    refs = {CHANCE: {**_recalls(labels, np.full(len(labels), majority_true)),
                     "image_emotion_accuracy": _majority(test_images["emotion8"]),
                     "music_emotion_accuracy": _majority(test_music["affect3"])},
            RANDOM: {"accuracy": 0.5, "true_pair_recall": 0.5, "false_pair_recall": 0.5,
                     "image_emotion_accuracy": 1 / len(EMOTION8), "music_emotion_accuracy": 1 / len(AFFECT3)}}
    if posteriors is not None and "oracle_p_true" in test_pairs:
        post = posteriors.set_index("item_id")
        labelled = test_images[test_images["emotion8"] != ""]
        image_guess = np.array(EMOTION8)[post.loc[labelled["item_id"], P8].to_numpy(float).argmax(axis=1)]
        music_guess = np.array(AFFECT3)[post.loc[test_music["item_id"], P3].to_numpy(float).argmax(axis=1)]
        refs[ORACLE] = {**_recalls(labels, (test_pairs["oracle_p_true"].to_numpy() > 0.5).astype(int)),
                        "image_emotion_accuracy": float(np.mean(image_guess == labelled["emotion8"].to_numpy())),
                        "music_emotion_accuracy": float(np.mean(music_guess == test_music["affect3"].to_numpy()))}
    return refs


def with_references(per_seed: pd.DataFrame, seeds: list[int], references: dict[str, dict]) -> pd.DataFrame:
    """``per_seed`` followed by each reference's rows, repeated per seed."""
    frames = [per_seed] + [reference_rows(name, metrics, seeds) for name, metrics in references.items()]
    return pd.concat(frames, ignore_index=True)
