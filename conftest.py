"""Test-session set-up shared by the unit tests and the notebooks run under nbval.

Notebooks (and the kernels nbval starts, which inherit this environment) write
into a throw-away workspace, so `make test` never touches a real run's data/ or
reports/. The workspace is removed when the session ends (set
MUSIC_VISUAL_WORKSPACE yourself to keep and inspect it).
"""

import os
import shutil
import tempfile

_OWN_WORKSPACE = "MUSIC_VISUAL_WORKSPACE" not in os.environ
if _OWN_WORKSPACE:
    os.environ["MUSIC_VISUAL_WORKSPACE"] = tempfile.mkdtemp(prefix="music_visual_test_ws_")
os.environ.setdefault("TQDM_MININTERVAL", "30")
# The test harness's switch (music_visual.study.inputs): a notebook run alone builds the tiny world and the
# feature families it reads when they are missing. Real runs never set it.
os.environ.setdefault("MUSIC_VISUAL_BUILD_MISSING", "tiny")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def pytest_sessionfinish(session, exitstatus):
    if _OWN_WORKSPACE:
        shutil.rmtree(os.environ["MUSIC_VISUAL_WORKSPACE"], ignore_errors=True)
