"""How the study runs: the notebook runner, the parameters contract, the pipeline check and profiles.

* :mod:`.run_notebook` -- ``python -m music_visual.pipeline.run_notebook NOTEBOOK --section SECTION``, the
  command of every notebook stage;
* :mod:`.notebook_params` -- a notebook's ``parameters`` cell of literals;
* :mod:`.check` -- ``python -m music_visual.pipeline.check``: dvc.yaml, params.yaml and the notebooks agree;
* :mod:`.profiles` -- named sets of params.yaml overrides run as DVC experiments.
"""
