"""ACP-Net's experiments as data: Table 4's correspondence methods and Table 5's emotion classifiers.

Table 4 (correspondence accuracy): ACP-Net, L3-Net and Spectrogram-ACP as the paper compares them, plus the
study's modern baseline, a CLIP-style two-tower trained with symmetric InfoNCE on the same features whose
cosine similarity is thresholded on the validation pairs. Table 5 (emotion recognition): an MLP on each
correspondence network's *frozen* embeddings (the paper's "ACP-Net features + MLP"; the other networks' and an
untrained ACP-Net's as controls) beside classifiers trained directly with the labels on the inputs (the
paper's AlexNet and spectrogram-CNN rows, and its art-based features row) and the reference rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from music_visual.study.methods import Method

CORRESPONDENCE_KINDS = ("acp", "l3", "spectrogram_acp", "two_tower")
UNTRAINED = "acp_net_untrained"  # the probe control: ACP-Net's embeddings before any training


@dataclass(frozen=True)
class MethodSpec(Method):
    """A correspondence method: ``kind`` says which network, ``*_input`` which arrays it reads."""

    image_input: str = "image_cnn"
    music_input: str = "music"
    substitute: str = ""


def table4_methods() -> list[MethodSpec]:
    """Table 4 in the paper's order, then the modern baseline."""
    return [
        MethodSpec("l3_net", "L3-Net [13] (from scratch on thumbnails + log-spectrograms)", "l3", "4", "baseline",
                   image_input="thumbnails", music_input="spectrograms",
                   substitute="downsized inputs (24 x 32 thumbnails, mel-pooled log-spectrograms), smaller CNNs"),
        MethodSpec("spectrogram_acp", "Spectrogram-ACP (ACP-Net with a spectrogram CNN)", "spectrogram_acp", "4",
                   "baseline", music_input="spectrograms",
                   substitute="EfficientNet-Lite0 for Inception-v3; mel-pooled log-spectrograms, a small CNN"),
        MethodSpec("acp_net", "ACP-Net (proposed)", "acp", "4", "proposed",
                   substitute="EfficientNet-Lite0 for Inception-v3; the study's widths"),
        MethodSpec("two_tower_infonce", "Two-tower, symmetric InfoNCE, cosine thresholded on validation "
                   "(modern baseline)", "two_tower", "extra", "baseline",
                   substitute="EfficientNet-Lite0 image features"),
    ]


def methods_by_name(names=None) -> list[MethodSpec]:
    """The registry's methods named in ``names`` (all when None), in registry order; unknown names raise."""
    specs = table4_methods()
    if names is None:
        return specs
    known = {s.name for s in specs}
    unknown = sorted(set(names) - known)
    if unknown:
        raise ValueError(f"unknown ACP-Net methods {unknown}; known: {sorted(known)}")
    return [s for s in specs if s.name in set(names)]


@dataclass(frozen=True)
class ClassifierSpec:
    """A Table 5 row we train: ``source`` is a correspondence method whose frozen embedding is probed
    (``""`` for a classifier trained directly on ``input``)."""

    name: str
    modality: str            # "image" (8 classes) or "music" (3 classes)
    label: str
    source: str = ""
    input: str = ""          # array name of a direct classifier
    encoder: str = ""        # "cnn": trained end to end through a spectrogram CNN
    paper_row: str = ""      # the paper's row it stands beside


def direct_classifiers() -> list[ClassifierSpec]:
    """Classifiers trained with emotion labels on the inputs (the paper's comparison rows)."""
    return [
        ClassifierSpec("image_handcrafted_mlp", "image", "hand-crafted colour/shape/texture features + MLP",
                       input="image_handcrafted", paper_row="Art-based emotion features [26]"),
        ClassifierSpec("image_cnn_mlp", "image", "EfficientNet-Lite0 features + MLP (trained with labels)",
                       input="image_cnn", paper_row="AlexNet [27]"),
        ClassifierSpec("spectrogram_cnn", "music", "log-spectrogram + CNN (trained with labels)",
                       input="spectrograms", encoder="cnn", paper_row="Spectrogram + CNN"),
        ClassifierSpec("music_features_mlp", "music", "193-d music features + MLP (trained with labels)",
                       input="music"),
    ]


def embedding_probes(sources) -> list[ClassifierSpec]:
    """An MLP on each source's frozen image / music embedding, and the untrained ACP-Net control."""
    labels = {"acp_net": "ACP-Net features + MLP", "l3_net": "L3-Net features + MLP",
              "spectrogram_acp": "Spectrogram-ACP features + MLP", "two_tower_infonce": "two-tower features + MLP",
              UNTRAINED: "untrained ACP-Net features + MLP (control)"}
    out = []
    for source in [*sources, *([UNTRAINED] if "acp_net" in sources else [])]:
        for modality in ("image", "music"):
            out.append(ClassifierSpec(source, modality, labels.get(source, source), source=source,
                                      paper_row="ACP-Net features + MLP" if source == "acp_net" else ""))
    return out


METRIC = {"image": "image_emotion_accuracy", "music": "music_emotion_accuracy"}
N_CLASSES = {"image": 8, "music": 3}
