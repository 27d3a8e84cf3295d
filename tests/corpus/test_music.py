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


def test_rendering_is_mono_repeatable_and_independent_of_the_soundfont_source():
    arr = music.arrangement_for(-0.2, 0.7, "rock", 4.0, 3)
    events = music.note_events(PIECE, arr)
    path = music.soundfont_path()
    first = music.render_events(events, arr, 16000, path.read_bytes())
    assert first.shape == (64000,) and first.dtype == np.float32 and np.abs(first).max() > 0
    # every song plays on a fresh clone of the parsed soundfont: no voices or settings carry over
    for source in (path.read_bytes(), str(path), path):
        np.testing.assert_array_equal(music.render_events(events, arr, 16000, source), first)
    other = music.render_events(music.note_events(PIECE, music.arrangement_for(0.5, -0.5, "folk", 4.0, 0)),
                                music.arrangement_for(0.5, -0.5, "folk", 4.0, 0), 16000, path.read_bytes())
    assert not np.array_equal(other, first)
    np.testing.assert_array_equal(music.render_events(events, arr, 16000, path.read_bytes()), first)


def _synth_render(events, arr, sample_rate, soundfont):
    """The public ``tinysoundfont.Synth`` rendering (stereo, averaged) the low-level path must reproduce."""
    import tinysoundfont

    synth = tinysoundfont.Synth(samplerate=sample_rate, gain=music.SYNTH_GAIN_DB)
    sfid = synth.sfload(soundfont)
    for channel, name in ((music.LEAD, "lead"), (music.HARMONY, "harmony"), (music.BASS, "bass")):
        synth.program_select(channel, sfid, 0, music.GENRES[arr.genre][name])
    synth.program_select(music.DRUMS, sfid, 128, 0, is_drums=True)
    total, chunks, done = int(round(arr.duration * sample_rate)), [], 0
    for t, channel, key, vel in events:
        at = min(total, int(round(t * sample_rate)))
        if at > done:
            chunks.append(np.frombuffer(synth.generate(at - done), dtype=np.float32))
            done = at
        synth.noteon(channel, key, vel) if vel else synth.noteoff(channel, key)
    chunks.append(np.frombuffer(synth.generate(total - done), dtype=np.float32))
    return np.concatenate(chunks).reshape(-1, 2)


def test_low_level_rendering_reproduces_the_synth_and_mono_is_its_unpanned_mix(monkeypatch):
    arr = music.arrangement_for(0.1, 0.9, "rock", 3.0, 7)
    events = music.note_events(PIECE, arr)
    stereo = _synth_render(events, arr, 16000, str(music.soundfont_path()))
    monkeypatch.setattr(music, "SYNTH_MONO", False)
    np.testing.assert_array_equal(music.render_events(events, arr, 16000, str(music.soundfont_path())),
                                  stereo.mean(axis=1).astype(np.float32))
    monkeypatch.setattr(music, "SYNTH_MONO", True)
    mono = music.render_events(events, arr, 16000, str(music.soundfont_path()))
    # equal-power pan law: a centred voice is 1/sqrt(2) in each channel, a panned one less in their average
    ratio = np.sqrt(np.mean(mono ** 2) / np.mean(stereo.mean(axis=1) ** 2))
    assert np.sqrt(2) - 1e-3 <= ratio <= 2.0 and np.corrcoef(mono, stereo.mean(axis=1))[0, 1] > 0.95
