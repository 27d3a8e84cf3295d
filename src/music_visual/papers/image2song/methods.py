"""Image2song's methods as data: Table 2's rows, the supplement's ablations, the baselines and the modern one.

``kind`` says which model (:mod:`music_visual.papers.image2song.model`); ``attention``, ``pooling``,
``mood``, ``loss`` and ``target`` (the tag space) the variant. Table 2's methods run on every tag set and both protocols; the ablations
(Tables 4, 5, 7) on ``params.yaml``'s ``image2song.train.ablation_protocol`` and ``ablation_tags``. The
Schwarz et al. baseline is training-free (pooled lyric word vectors against pooled tag word vectors) and
stands in Table 3 (song -> image) beside "Our" model, as in the paper.
"""

from __future__ import annotations

from dataclasses import dataclass

from music_visual.study.methods import Method

KINDS = ("bow", "conse", "attentive_reader", "lstm", "two_tower", "schwarz")


@dataclass(frozen=True)
class MethodSpec(Method):
    attention: bool = False
    pooling: str = "avg"
    mood: bool = False
    loss: str = "mse"
    learned: bool = True
    target: str = ""  # the tag space it maps into; "" = params' image2song.train.target_transform


def all_methods() -> list[MethodSpec]:
    return [
        MethodSpec("bow", "BoW [1] (TF-IDF mapped linearly into the tag space)", "bow", "2", "baseline"),
        MethodSpec("conse", "CONSE [29] (mean lyric word vector + MLP)", "conse", "2", "baseline"),
        MethodSpec("attentive_reader", "Attentive-Reader [10] (attention-pooled BiLSTM, tanh combination)",
                   "attentive_reader", "2", "baseline", attention=True),
        MethodSpec("ours", "Our (BiLSTM, final state, no attention)", "lstm", "2", "proposed"),
        MethodSpec("ours_attention", "Our-attention (tag attention, average pooling)", "lstm", "2", "proposed",
                   attention=True),
        MethodSpec("two_tower_infonce", "Two-tower, symmetric InfoNCE (modern baseline)", "two_tower", "extra",
                   "baseline"),
        MethodSpec("ours_mood", "Our-mood (no attention, mood word where a song has one)", "lstm", "4", "ablation",
                   mood=True),
        MethodSpec("ours_attention_max", "Our-attention, max pooling of the tag matrix", "lstm", "5", "ablation",
                   attention=True, pooling="max"),
        MethodSpec("ours_attention_cpl", "Our-attention, cosine proximity loss (CPL)", "lstm", "7", "ablation",
                   attention=True, loss="cpl"),
        MethodSpec("ours_attention_mrl", "Our-attention, marginal ranking loss (MRL)", "lstm", "7", "ablation",
                   attention=True, loss="mrl"),
        MethodSpec("ours_attention_raw", "Our-attention on the raw tag probabilities (the paper's target space)",
                   "lstm", "target", "ablation", attention=True, target="none"),
        MethodSpec("schwarz", "Schwarz et al. [33] (pooled lyric vs pooled tag word vectors, no training)",
                   "schwarz", "3", "baseline", learned=False),
    ]


def methods_by_name(names=None) -> list[MethodSpec]:
    """The registry's methods named in ``names`` (all when None), in registry order; unknown names raise."""
    specs = all_methods()
    if names is None:
        return specs
    known = {s.name for s in specs}
    unknown = sorted(set(names) - known)
    if unknown:
        raise ValueError(f"unknown Image2song methods {unknown}; known: {sorted(known)}")
    return [s for s in specs if s.name in set(names)]


def labels() -> dict[str, str]:
    return {s.name: s.label for s in all_methods()}
