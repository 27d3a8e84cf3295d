

def test_dropout_keeps_the_expectation_and_is_identity_in_eval():
    import torch

    from music_visual.models.mlp import Dropout

    torch.manual_seed(0)
    layer, x = Dropout(0.5), torch.ones(2000, 50)
    out = layer(x)
    assert set(out.unique().tolist()) == {0.0, 2.0} and abs(float(out.mean()) - 1.0) < 0.02
    assert abs(float((out == 0).float().mean()) - 0.5) < 0.02
    layer.eval()
    assert torch.equal(layer(x), x)
