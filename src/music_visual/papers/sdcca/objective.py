"""S-DCCA's objective (Eq. 9-10) and its final linear layer.

* **Loss.** Minus the sum of the top ``k`` canonical correlations between the audio and visual
  outputs of a mini-batch (:func:`music_visual.losses.dcca.dcca_loss`: Cholesky-whitened,
  ``svdvals``, relative ridge ``reg``; the variant is stated there), in the networks' float32 (the
  relative ridge keeps the Cholesky factors well conditioned: the grid's ridges are >= 1e-3). For
  S-DCCA the cross-covariance is the supervised one, ``beta * pairs + (1 - beta) * same-cluster``
  over the batch's rows (the authors' ``cca_loss(..., use_cluster=True, beta)``); for DCCA it is
  the pairwise one. The authors' code sorts the eigenvalues ascending and so sums the *smallest*
  ``k`` (``U.argsort()[0:outdim_size]``), a bug we do not reproduce.
* **Final layer.** After training, a linear CCA is fitted on the training pairs' network outputs
  and projects them to the ``k`` shared components (the authors' ``test_model``: ``linear_cca`` on
  the training outputs, with the cluster term for S-DCCA); retrieval is cosine in that space (Eq. 12).
"""

from __future__ import annotations

import numpy as np
from torch import Tensor, nn

from music_visual.losses.dcca import dcca_loss
from music_visual.papers.sdcca.cluster_cca import ClusterCCA


class CorrelationObjective:
    """``objective(model, video, music, labels) -> {"loss", "correlation"}`` for an S-DCCA/DCCA network."""

    def __init__(self, k: int, reg: float, beta: float = 1.0, supervised: bool = False) -> None:
        self.k, self.reg, self.beta, self.supervised = k, reg, beta, supervised

    def __call__(self, model: nn.Module, video: Tensor, music: Tensor, labels: Tensor | None = None) -> dict:
        video_out, music_out = model(video, music)
        labels = labels if self.supervised else None
        loss = dcca_loss(music_out, video_out, self.k, self.reg, labels, self.beta if self.supervised else 1.0)
        return {"loss": loss, "correlation": -loss.detach()}


def final_projection(music_out: np.ndarray, video_out: np.ndarray, labels: np.ndarray | None, k: int, reg: float,
                     beta: float) -> ClusterCCA:
    """The linear (C-)CCA on the training outputs (``labels`` None: plain CCA)."""
    model = ClusterCCA(n_components=k, reg=reg, beta=beta if labels is not None else 1.0)
    return model.fit(np.asarray(music_out, dtype=np.float64), np.asarray(video_out, dtype=np.float64), labels)
