import pytest
import torch

from music_visual.device import describe_device, get_device


def test_auto_picks_cuda_only_when_present(monkeypatch):
    monkeypatch.delenv("MUSIC_VISUAL_DEVICE", raising=False)
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert get_device().type == expected
    assert describe_device(torch.device("cpu")).startswith("cpu (")


def test_env_override_and_errors(monkeypatch):
    monkeypatch.setenv("MUSIC_VISUAL_DEVICE", "cpu")
    assert get_device().type == "cpu"
    with pytest.raises(ValueError, match="unknown device"):
        get_device("tpu")
    if not torch.cuda.is_available():
        with pytest.raises(RuntimeError, match="no CUDA"):
            get_device("cuda")
