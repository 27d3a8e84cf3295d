import numpy as np
import pytest

from music_visual.corpus.world import music

PIECE = {"ref": "test", "tonic_pc": 0, "mode": "major", "length_ql": 8.0,
         "voices": [[[float(i), 1.0, 60 + p] for i, p in enumerate([0, 2, 4, 5, 7, 9, 11, 12])],
                    [[0.0, 4.0, 48], [4.0, 4.0, 43]]]}


def _keys(events, channel):
    return [k for _, c, k, v in events if c == channel and v > 0]


def test_minor_mode_lowers_third_sixth_and_seventh():
    major = music.arrangement_for(0.5, 0.0, "classical", 8.0, tonic_pc=0)
    minor = music.arrangement_for(-0.5, 0.0, "classical", 8.0, tonic_pc=0)
    shift_major, shift_minor = major.register_shift, minor.register_shift
    up = [k - shift_major for k in _keys(music.note_events(PIECE, major), music.LEAD)]
    down = [k - shift_minor for k in _keys(music.note_events(PIECE, minor), music.LEAD)]
    assert {(k % 12) for k in up} >= {4, 9, 11}
    assert not {(k % 12) for k in down} & {4, 9, 11} and {(k % 12) for k in down} >= {3, 8, 10}


def test_arousal_sets_tempo_and_velocity():
    calm, wild = music.arrangement_for(0, -0.9, "rock", 10, 0), music.arrangement_for(0, 0.9, "rock", 10, 0)
    assert wild.tempo_bpm > calm.tempo_bpm + 60 and wild.velocity > calm.velocity + 30


def test_drums_follow_genre_and_skip_the_intro():
    arr = music.arrangement_for(0.2, 0.5, "rock", 20.0, 0)
    drums = music.drum_events(arr)
    assert drums and min(t for t, *_ in drums) >= 0.15 * 20.0 - 1e-9
    assert music.drum_events(music.arrangement_for(0.2, 0.5, "classical", 20.0, 0)) == []


def test_chorus_is_louder_than_intro():
    arr = music.arrangement_for(0.3, 0.3, "electronic", 20.0, 2)
    vel = [(t, v) for t, c, _, v in music.note_events(PIECE, arr) if v > 0 and c == music.LEAD]
    intro = np.mean([v for t, v in vel if t < 3.0])
    chorus = np.mean([v for t, v in vel if 10.0 <= t < 17.0])
    assert chorus > intro * 1.3


def test_render_is_exact_length_loud_enough_and_unclipped():
    arr = music.arrangement_for(0.4, 0.6, "folk", 3.0, 5)
    audio = music.render_song(PIECE, arr, 16000, str(music.soundfont_path()))
    assert audio.shape == (48000,) and audio.dtype == np.float32
    assert np.max(np.abs(audio)) <= music.PEAK_LIMIT + 1e-6
    assert np.sqrt(np.mean(audio ** 2)) == pytest.approx(music.TARGET_RMS, rel=0.3)


def test_silence_cannot_be_normalised():
    with pytest.raises(ValueError, match="silent"):
        music.normalise_loudness(np.zeros(100, np.float32))
