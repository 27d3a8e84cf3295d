"""MRL's in-batch negatives: always another song of the batch, every other song drawn, seeded."""

import pytest
import torch

from music_visual.papers.image2song.trainer import in_batch_negatives


def test_in_batch_negatives_are_other_songs_of_the_batch():
    songs = torch.tensor([3, 3, 3, 7, 7, 9, 12, 12, 12, 12] * 50)
    negatives = in_batch_negatives(songs, torch.Generator().manual_seed(0))
    assert negatives.shape == songs.shape
    assert not torch.any(negatives == songs)
    assert set(negatives.tolist()) == {3, 7, 9, 12}
    # for the pairs of song 3, each of the three other songs is drawn about a third of the time
    drawn = negatives[songs == 3]
    shares = torch.stack([(drawn == s).float().mean() for s in (7, 9, 12)])
    assert torch.all((shares > 0.2) & (shares < 0.47))


def test_in_batch_negatives_are_seeded():
    songs = torch.tensor([1, 1, 2, 2, 5, 5])
    a = in_batch_negatives(songs, torch.Generator().manual_seed(4))
    b = in_batch_negatives(songs, torch.Generator().manual_seed(4))
    assert torch.equal(a, b)


def test_in_batch_negatives_need_two_songs():
    with pytest.raises(ValueError, match="two songs"):
        in_batch_negatives(torch.tensor([4, 4, 4]), torch.Generator().manual_seed(0))
