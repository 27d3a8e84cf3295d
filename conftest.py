"""Test-session set-up shared by the unit tests and the notebooks run under nbval.

Notebooks (and the kernels nbval starts, which inherit this environment) write
into a throw-away workspace, so `make test` never touches a real run's data/ or
reports/.
"""

import os
import tempfile

os.environ.setdefault("MUSIC_VISUAL_WORKSPACE", tempfile.mkdtemp(prefix="music_visual_test_ws_"))
os.environ.setdefault("TQDM_MININTERVAL", "30")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
