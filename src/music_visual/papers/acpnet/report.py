"""What the study report says about ACP-Net in its own words: the method in a paragraph and the substitutes."""

METHOD = (
    "Verma, Dhekane and Guha call an (image, music) pair true when both carry the same broad emotion (positive, "
    "neutral, negative) and train ACP-Net to tell true from false pairs: an image subnetwork on CNN features and a "
    "music subnetwork on 193 hand-crafted audio features meet in fusion layers that classify the pair; the learned "
    "subnetworks then serve as emotion features for single-modality classifiers. We train ACP-Net, L3-Net and the "
    "spectrogram variant from the paper's comparison, and the InfoNCE two-tower thresholded on validation, to a "
    "plateau over seeds, and report the correspondence accuracy (Table 4) and the transferred classifiers "
    "(Table 5).")

SUBSTITUTES = (
    "Image features: EfficientNet-Lite0's 1280-d pooled features for the paper's ImageNet CNN.",
    "Music features: the common 193-d librosa recipe (MFCC, chroma, mel, contrast, tonnetz) per 60 s segment.",
    "L3-Net and the spectrogram variant: downsized CNNs (one conv per block) on thumbnails and mel spectrograms.",
    "Data: the corpus's emotion-labelled images and songs for IMAC (Image Emotion + Last.fm-tagged songs).",
)
