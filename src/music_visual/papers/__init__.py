"""One package per paper: everything that is one paper's own.

``papers/<id>/`` holds a paper's data view, features, model, objective, methods, runner,
evaluation, tables, figures, claims and ``paper.py`` (the numbers the paper reports, the
one place they are written). A paper is ``notebooks/<id>/``, this package, the ``<id>``
section of ``params.yaml``, the ``<id>_*`` stages of ``dvc.yaml`` and ``reports/<id>/``.
No paper's package imports another paper's; what several papers use lives in the shared
layers (``corpus``, ``features``, ``metrics``, ``losses``, ``training``, ``models``,
``reporting``, ``study``).
"""
