"""What the study report says about VM-NET in its own words: the method in a paragraph and the substitutes."""

METHOD = (
    "Hong, Im and Yang embed a music video's audio and its pictures in one space with two deep branches, trained "
    "with a bidirectional ranking loss on the hardest in-batch negatives (the inter-modal term) and a soft "
    "intra-modal structure term that keeps each modality's neighbourhoods. We train every row of their Tables II "
    "and III -- the linear baselines (PCA, PLSSVD, PLSCA, CCA), linear and nonlinear networks, one-directional and "
    "bidirectional losses, with and without the structure term and domain-adversarial training -- and the InfoNCE "
    "two-tower, all tuned on the same validation pairs and trained to a plateau, and rank a held-out gallery both "
    "ways (Recall@1/10/25).")

SUBSTITUTES = (
    "Video frames: EfficientNet-Lite0's 1280-d pooled features for Inception's 2048-d, sampled at 0.2 frames/s.",
    "Music: the `vmnet_audio` family's 1140-d statistics, a port of the public feature script on current librosa.",
    "Data: the embedded corpus's music videos (split by song) for HIMV-200K; the gallery is its test split.",
    "Human preference study (Table IV): simulated annotators calibrated on the corpus oracle.",
)
