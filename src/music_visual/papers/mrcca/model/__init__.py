"""MR-CCA (Wu et al., *Bridging music and image via cross-modal ranking analysis*).

Normalised-cut clusters of the music side (``ncut``), the Distance-to-Reference
Transformation (``dtrt``), CCA and Ranking CCA per cluster (``ranking_cca``), and the
nearest-cluster / softmax ensembles (``ensemble``), tied together by ``fit_mrcca`` and
``score_pairs`` (``model``). Scores are for (music, image) pairs; the consistency rate with
annotator preferences is computed from them by the metrics package.
"""

from music_visual.papers.mrcca.model.dtrt import FeatureType
from music_visual.papers.mrcca.model.ensemble import METHODS
from music_visual.papers.mrcca.model.model import (MrccaConfig, MrccaModel, PreferencePairs, fit_mrcca,
                                             score_pairs, score_pairs_all_methods, training_time_s)

__all__ = ["METHODS", "FeatureType", "MrccaConfig", "MrccaModel", "PreferencePairs", "fit_mrcca",
           "score_pairs", "score_pairs_all_methods", "training_time_s"]
