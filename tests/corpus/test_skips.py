import pandas as pd
import pytest

from music_visual.corpus.schema import CorpusError
from music_visual.corpus.skips import SkipLog, check_skip_share


def test_skip_log_counts_and_writes(tmp_path):
    log = SkipLog()
    log.add("a.mp4", "no_audio_track", "no audio stream")
    log.add("b.mp4", "no_audio_track")
    log.add("c.jpg", "unreadable_image", "cannot identify image file")
    assert log.counts() == {"no_audio_track": 2, "unreadable_image": 1}
    written = pd.read_csv(log.write(tmp_path))
    assert list(written["input"]) == ["a.mp4", "b.mp4", "c.jpg"]


def test_unknown_reason_is_refused():
    with pytest.raises(ValueError, match="unknown skip reason"):
        SkipLog().add("x", "because")


def test_too_many_skips_fail_with_reasons():
    log = SkipLog()
    for i in range(3):
        log.add(f"v{i}.mp4", "silent_audio")
    with pytest.raises(CorpusError, match="silent_audio: 3"):
        check_skip_share(7, log, max_share=0.2)
    check_skip_share(7, log, max_share=0.3)  # 30 % skipped is allowed at 0.3


def test_nothing_usable_fails_even_with_lenient_share():
    log = SkipLog()
    log.add("v.mp4", "too_short")
    with pytest.raises(CorpusError, match="no usable"):
        check_skip_share(0, log, max_share=1.0)
