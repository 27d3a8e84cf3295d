"""VM-NET's experiments: the methods of Tables II and III as data, and one way to run each.

A method is a :class:`MethodSpec` (what to train) and a run is one method at
one seed under :class:`~music_visual.papers.vmnet.settings.RunSettings` (how to train: batch, epochs, top-K...).
:func:`table_iii_methods` lists the paper's Table III plus the CLIP-style
InfoNCE two-tower; :func:`table_ii_methods` the Table II sweeps (constraint
weights, layers per branch, number of top violations), all "inter only"
(lambda3 = lambda4 = 0) as in the paper. Rows that are the same run after
rounding (two top-K counts that give the same share of a small batch, or the Table II
reference rows, which equal ``nonlinear_inter``) share one training via
:func:`run_key`; :mod:`music_visual.papers.vmnet.runner` runs them; :func:`all_methods` is
every row a run trains (Table III, then the Table II sweeps its settings name).

The loss weights are named by direction. The paper's text calls lambda1 the
video -> music weight, but its Table II reference row (lambda1, lambda2) = (3, 1)
is the public code's default: 3 on the **music -> video** term (music anchors)
and 1 on video -> music. Table II rows are therefore read as
(music -> video, video -> music) and labelled so.
"""

from __future__ import annotations

from dataclasses import dataclass

from music_visual.papers.vmnet.settings import RunSettings
from music_visual.study.methods import Method

LINEAR_DECOMPOSITIONS = ("pca", "plssvd", "plsca", "cca")


@dataclass(frozen=True)
class MethodSpec(Method):
    """One row of Table II or III (``name`` is the metrics key, ``label`` the table text)."""

    kind: str = "vmnet"                 # "decomposition" | "vmnet" | "two_tower"
    table: str = "III"                  # "II" | "III" | "extra"
    group: str = "nonlinear"            # table section: linear / nonlinear / baseline / sweep name
    decomposition: str = ""             # pca | plssvd | plsca | cca
    nonlinear: bool = True
    weight_music_to_video: float = 3.0  # the paper's lambda1 in Table II (see the module docstring)
    weight_video_to_music: float = 1.0
    soft_intra: bool = False            # lambda3 = lambda4 = RunSettings.structure_weight
    dann: bool = False
    music_layers: int = 3
    video_layers: int = 2
    top_k: int | None = None            # Table II's count of the paper's 1,999 negatives; None: top_k_share


def _decomposition(name: str, label: str) -> MethodSpec:
    return MethodSpec(name, label, kind="decomposition", group="linear", decomposition=name, nonlinear=False)


def table_iii_methods() -> list[MethodSpec]:
    """Table III in the paper's order, then the modern two-tower baseline."""
    linear = dict(group="linear", nonlinear=False)
    one_directional = dict(weight_music_to_video=0.0, weight_video_to_music=1.0)
    return [
        _decomposition("pca", "PCA"), _decomposition("plssvd", "PLSSVD"), _decomposition("plsca", "PLSCA"),
        _decomposition("cca", "CCA"),
        MethodSpec("linear_one_directional", "Linear: one-directional", **linear, **one_directional),
        MethodSpec("linear_inter", "Linear: inter", **linear),
        MethodSpec("linear_inter_intra", "Linear: inter + intra", **linear, soft_intra=True),
        MethodSpec("nonlinear_one_directional", "Nonlinear: one-directional", **one_directional),
        MethodSpec("nonlinear_inter", "Nonlinear: inter"),
        MethodSpec("nonlinear_inter_soft_intra", "Nonlinear: inter + soft intra", soft_intra=True),
        MethodSpec("nonlinear_inter_dann", "Nonlinear: inter + DANN", dann=True),
        MethodSpec("nonlinear_inter_soft_intra_dann", "Nonlinear: inter + soft intra + DANN", soft_intra=True,
                   dann=True),
        MethodSpec("two_tower_infonce", "Two-tower, symmetric InfoNCE (modern baseline)", kind="two_tower",
                   table="extra", group="baseline"),
    ]


def _fmt(x: float) -> str:
    return f"{x:g}"


def table_ii_methods(weights=(), layers=(), top_ks=()) -> list[MethodSpec]:
    """Table II rows: ``weights`` as (music->video, video->music), ``layers`` as (music, video)."""
    rows = []
    for m2v, v2m in weights:
        rows.append(MethodSpec(f"weights_m2v{_fmt(m2v)}_v2m{_fmt(v2m)}",
                               f"weights m->v {_fmt(m2v)}, v->m {_fmt(v2m)} (paper ({_fmt(m2v)}, {_fmt(v2m)}))",
                               table="II", group="weights", weight_music_to_video=m2v, weight_video_to_music=v2m))
    for music, video in layers:
        rows.append(MethodSpec(f"layers_music{music}_video{video}", f"layers music {music}, video {video}",
                               table="II", group="layers", music_layers=int(music), video_layers=int(video)))
    for k in top_ks:
        rows.append(MethodSpec(f"top_k_{int(k)}", f"top {int(k)} violations", table="II", group="top_k",
                               top_k=int(k)))
    return rows


def all_methods(settings: RunSettings) -> list[MethodSpec]:
    """Table III (+ the two-tower), then the Table II sweeps of ``settings``."""
    return table_iii_methods() + table_ii_methods(settings.sweep_weights, settings.sweep_layers, settings.sweep_top_k)


def table_ii_grid() -> list[MethodSpec]:
    """Every row of the paper's Table II (the grid its tables are laid out on)."""
    return table_ii_methods([(a, b) for a in (1, 3, 5) for b in (1, 3, 5)],
                            [(a, b) for a in (1, 2, 3, 4) for b in (1, 2, 3)], [10, 50, 100, 500, 1000])


def run_key(spec: MethodSpec, settings: RunSettings, n_train: int) -> tuple:
    """Specs with equal keys are the same training run (names and labels aside)."""
    if spec.kind == "decomposition":
        return ("decomposition", spec.decomposition)
    if spec.kind == "two_tower":
        return ("two_tower",)
    return ("vmnet", spec.nonlinear, spec.weight_music_to_video, spec.weight_video_to_music, spec.soft_intra,
            spec.dann, spec.music_layers, spec.video_layers, settings.top_k_for(spec, n_train))


def plan_runs(specs: list[MethodSpec], settings: RunSettings, n_train: int) -> list[tuple[MethodSpec, list[str]]]:
    """Unique runs: the first spec of each key and every method name it stands for (order kept)."""
    plan: dict[tuple, tuple[MethodSpec, list[str]]] = {}
    for spec in specs:
        key = run_key(spec, settings, n_train)
        if key in plan:
            plan[key][1].append(spec.name)
        else:
            plan[key] = (spec, [spec.name])
    return list(plan.values())


def methods_table(specs: list[MethodSpec], settings: RunSettings, n_train: int):
    """The registry as a DataFrame (what each row trains), for the notebooks."""
    import pandas as pd

    rows = []
    for s in specs:
        rows.append({"method": s.name, "label": s.label, "table": s.table, "group": s.group, "kind": s.kind,
                     "relu": s.nonlinear if s.kind != "decomposition" else "",
                     "w_m2v": s.weight_music_to_video if s.kind == "vmnet" else "",
                     "w_v2m": s.weight_video_to_music if s.kind == "vmnet" else "",
                     "soft_intra": settings.structure_weight if s.soft_intra else 0.0,
                     "dann": s.dann, "layers_music_video": f"{s.music_layers}, {s.video_layers}"
                     if s.kind == "vmnet" else "",
                     "top_k_share": (f"{s.top_k} / 1999" if s.top_k else f"{settings.top_k_share:g}")
                     if s.kind == "vmnet" else "",
                     "top_k_used": settings.top_k_for(s, n_train) if s.kind == "vmnet" else ""})
    return pd.DataFrame(rows)


def effective_components(requested: int, n_train: int, music_dim: int, video_dim: int) -> int:
    """Components of the linear baselines: at most the rank the training data allows."""
    return int(max(1, min(requested, n_train - 2, music_dim, video_dim)))
