"""music_visual: thin, tested helpers behind the study's notebooks.

One sub-package per concern (``corpus``, ``features``, ``models``, ``losses``,
``metrics``, ``reporting``); the notebooks under ``notebooks/`` orchestrate
them and ``dvc.yaml`` runs the notebooks in order.
"""

__version__ = "0.1.0"

PAPERS = ("mrcca", "vmnet", "image2song", "acpnet", "sdcca")
"""The five paper ids, in the order the reports present them."""
