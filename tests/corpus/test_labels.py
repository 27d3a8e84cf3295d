import numpy as np
import pytest

from music_visual.corpus import labels


@pytest.mark.parametrize("v, a, expected", [
    (0.4, 0.9, "excitement"), (0.9, 0.4, "amusement"), (1.0, 0.0, "awe"), (0.5, -0.8, "contentment"),
    (-0.3, 0.9, "anger"), (-0.8, 0.5, "fear"), (-1.0, -0.1, "disgust"), (-0.5, -0.8, "sadness"),
])
def test_emotion8_wedges(v, a, expected):
    assert labels.emotion8_of([v], [a])[0] == expected


@pytest.mark.parametrize("v, a, expected", [
    (1.0, 0.0, "bright"), (0.3, 0.95, "fun"), (-0.5, 0.85, "angry"), (-0.9, -0.3, "bitter"), (0.0, -1.0, "calm"),
])
def test_emotion10_wedges(v, a, expected):
    assert labels.emotion10_of([v], [a])[0] == expected


def test_affect3_follows_acpnet_table1():
    got = labels.affect3_of_emotion8(["Awe", "amusement", "excitement", "contentment", "fear", "disgust", "anger",
                                      "sadness"])
    assert list(got) == ["positive"] * 3 + ["neutral"] + ["negative"] * 4


def test_affect3_rejects_unknown_label():
    with pytest.raises(ValueError, match="unknown image-emotion"):
        labels.affect3_of_emotion8(["joyful"])


def test_every_class_is_reachable():
    angle = np.linspace(0, 2 * np.pi, 720, endpoint=False)
    assert set(labels.emotion8_of(np.cos(angle), np.sin(angle))) == set(labels.EMOTION8)
    assert set(labels.emotion10_of(np.cos(angle), np.sin(angle))) == set(labels.EMOTION10)
