import numpy as np

from music_visual.corpus.world import visuals

GREY = np.full((20, 30, 3), 0.5, np.float32)
COLOUR = np.random.default_rng(0).uniform(0.2, 0.8, (20, 30, 3)).astype(np.float32)


def _saturation(img):
    return float(np.mean(img.max(axis=2) - img.min(axis=2)))


def test_positive_valence_is_warmer_and_brighter():
    warm, cold = visuals.grade(GREY, 0.8, 0.0, "soft"), visuals.grade(GREY, -0.8, 0.0, "soft")
    assert warm[..., 0].mean() - warm[..., 2].mean() > 0.1 > cold[..., 0].mean() - cold[..., 2].mean()
    assert warm.mean() > cold.mean()


def test_arousal_raises_saturation():
    assert _saturation(visuals.grade(COLOUR, 0, 0.9, "soft")) > 1.5 * _saturation(visuals.grade(COLOUR, 0, -0.9, "soft"))


def test_styles_differ_and_stay_in_range():
    outs = {s: visuals.apply_style(COLOUR, s, np.random.default_rng(0)) for s in ("soft", "sepia", "gritty", "neon")}
    for a in outs:
        for b in outs:
            assert a == b or not np.allclose(outs[a], outs[b])


def test_motion_sets_the_cut_rate_on_the_beat_and_frames_have_the_right_size():
    bank = {"backgrounds": np.zeros((2, 24, 32, 3), np.uint8),
            "objects": np.full((3, 16, 16, 4), 255, np.uint8), "object_topic": np.array([0, 1, 2])}
    section = lambda t, d: ("verse", 0.6)  # noqa: E731

    def shots(motion, beat):
        factors = {"grading": 0.1, "vividness": 0.2, "motion": motion, "topic": "animals", "style": "neon",
                   "distractor_rate": 0.0, "width": 24, "height": 18}
        return visuals.plan_shots(16.0, beat, bank, factors, np.random.default_rng(0), section)

    assert [len(shots(m, 0.5)) for m in (-1.0, 0.0, 1.0)] == [2, 4, 8]  # 8 s, 4 s, 2 s shots
    assert len(shots(0.0, 1.0)) == 4 and all(s.on_topic for s in shots(0.0, 1.0))
    for motion, beat in [(0.3, 0.37), (-0.7, 0.61), (1.0, 3.0)]:
        beats = visuals.shot_seconds(motion, beat) / beat
        assert beats >= 1 and abs(beats - round(beats)) < 1e-9  # cuts fall on the beat
    assert visuals.frame_at(shots(0.0, 0.5), 5.0, 24, 18).shape == (18, 24, 3)


def test_motion_tints_a_still_green_or_magenta():
    img = np.full((4, 4, 3), 0.5, np.float32)
    high, low = (visuals.grade(img, 0.0, 0.0, "soft", motion=m) for m in (1.0, -1.0))
    assert high[..., 1].mean() > high[..., 0].mean() and low[..., 1].mean() < low[..., 0].mean()


def _panning_shots(style="gritty", smooth=False):
    rng = np.random.default_rng(3)
    backgrounds = rng.integers(0, 256, (3, 30, 40, 3), dtype=np.uint8)
    objects = rng.integers(0, 256, (3, 16, 16, 4), dtype=np.uint8)
    if smooth:  # colour ramps and invisible cut-outs: 4:2:0 chroma then barely depends on the chroma filter
        yy, xx = np.mgrid[0:1:30j, 0:1:40j]
        backgrounds[:] = (255 * np.stack([xx, yy, 1 - xx * yy], axis=-1)).astype(np.uint8)
        objects[..., 3] = 0
    bank = {"backgrounds": backgrounds, "objects": objects, "object_topic": np.array([0, 1, 2])}
    factors = {"grading": -0.4, "vividness": 0.9, "motion": 0.9, "topic": "animals", "style": style,
               "distractor_rate": 0.3, "width": 24, "height": 18}
    return visuals.plan_shots(12.0, 0.5, bank, factors, np.random.default_rng(1), lambda t, d: ("chorus", 1.0))


def _float_frame_at(shots, t, width, height):
    """The original per-frame conversion of the float canvas (reference for the uint8 canvas)."""
    shot = next((s for s in shots if s.start <= t < s.end), shots[-1])
    u = (t - shot.start) / max(shot.end - shot.start, 1e-6)
    top = int(round(shot.pan_from[0] + u * (shot.pan_to[0] - shot.pan_from[0])))
    left = int(round(shot.pan_from[1] + u * (shot.pan_to[1] - shot.pan_from[1])))
    return (shot.canvas[top:top + height, left:left + width] * 255.0 + 0.5).astype(np.uint8)


def test_frames_cut_from_the_uint8_canvas_equal_the_float_conversion():
    shots = _panning_shots()
    assert len({s.pan_from for s in shots} | {s.pan_to for s in shots}) > 2  # the crops really move
    for t in np.arange(0.0, 12.5, 1 / 6):
        frame = visuals.frame_at(shots, t, 24, 18)
        assert frame.dtype == np.uint8 and frame.flags.writeable
        np.testing.assert_array_equal(frame, _float_frame_at(shots, t, 24, 18))


def test_yuv420p_planes_match_the_encoders_own_conversion_of_the_rgb_frame():
    import av

    shots = _panning_shots("soft", smooth=True)
    for t in (0.0, 2.6, 7.1, 11.9):
        luma, cb, cr = visuals.frame_yuv420p_at(shots, t, 24, 18)
        assert luma.shape == (18, 24) and cb.shape == cr.shape == (9, 12)
        ref = av.VideoFrame.from_ndarray(visuals.frame_at(shots, t, 24, 18), format="rgb24").reformat(format="yuv420p")
        for ours, plane in zip((luma, cb, cr), ref.planes):
            theirs = np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)[:, :plane.width]
            diff = np.abs(ours.astype(int) - theirs)
            assert diff.max() <= 2 and diff.mean() < 0.5  # swscale filters chroma a little differently


def _reference_grade(img, valence, arousal, style, intensity, rng):
    """The out-of-place grading formulas; the in-place implementation must give the same floats."""
    lift = 0.25 * (intensity - 0.6)
    out = img * np.array([1 + 0.25 * valence, 1.0, 1 - 0.25 * valence], np.float32)
    out = out * (1.0 + 0.22 * valence + lift)
    gray = out.mean(axis=2, keepdims=True)
    out = gray + (out - gray) * (1.0 + 0.75 * arousal + 2 * lift)
    out = np.clip((out - 0.5) * (1.0 + 0.3 * arousal) + 0.5, 0, 1)
    if style == "soft":
        out = 0.8 * out + 0.15
    elif style == "sepia":
        out = 0.45 * out + 0.55 * (out @ visuals.SEPIA.T)
    elif style == "gritty":
        noise = rng.normal(0, 0.05, out.shape[:2]).astype(np.float32)[..., None]
        yy, xx = np.mgrid[-1:1:out.shape[0] * 1j, -1:1:out.shape[1] * 1j]
        out = ((out - 0.5) * 1.35 + 0.5 + noise) * (1.0 - 0.6 * (xx ** 2 + yy ** 2) / 2.0).astype(np.float32)[..., None]
    else:
        out = np.round((0.55 * out + 0.45 * out[..., [2, 0, 1]]) * 5) / 5
    return np.clip(out, 0.0, 1.0)


def test_in_place_grading_gives_the_same_floats_and_leaves_its_input_alone():
    for style in ("soft", "sepia", "gritty", "neon"):
        for valence, arousal, intensity in ((0.7, -0.3, 0.4), (-0.9, 0.8, 1.0)):
            before = COLOUR.copy()
            ours = visuals.grade(COLOUR, valence, arousal, style, intensity, np.random.default_rng(5))
            ref = _reference_grade(COLOUR, valence, arousal, style, intensity, np.random.default_rng(5))
            assert ours.dtype == np.float32
            np.testing.assert_array_equal(ours, ref)
            np.testing.assert_array_equal(COLOUR, before)
        styled = visuals.apply_style(COLOUR, style, np.random.default_rng(0))
        assert styled is not COLOUR
    np.testing.assert_array_equal(COLOUR, np.random.default_rng(0).uniform(0.2, 0.8, (20, 30, 3)).astype(np.float32))
