"""What the study report says about MR-CCA in its own words: the method in a paragraph and the substitutes."""

METHOD = (
    "Wu et al. pair each key frame of a music video with the music segment it falls in and ask whether a model "
    "prefers the true pair to one whose image is drawn at random. Ranking CCA keeps CCA's projections and learns a "
    "diagonal weight on them with a ranking SVM from labellers' preference pairs; MR-CCA clusters the music side, "
    "fits a Distance-to-Reference Transformation and an R-CCA per cluster, and combines the clusters with softmax "
    "weights over the distances to their centres. We run every variant (CCA, R-CCA, C-CCA, CR-CCA, MR-CCA, local "
    "and global references) over the paper's K and d sweeps, repeated on new splits by song, and score pairwise "
    "consistency on the test comparisons.")

SUBSTITUTES = (
    "Music segments: novelty segmentation of the song (`mrcca_segments`) for the paper's dynamic texture model.",
    "Music features: our 133-d per-segment timbre, rhythm and tonal statistics for the paper's music descriptors.",
    "Image features: the `handcrafted_images` family's 2596-d colour, shape and texture statistics.",
    "Preference labels: the corpus's simulated annotators on its known pairing, for the paper's human labellers.",
    "Data: the embedded generated corpus, not the paper's 47,888 pairs from 1,500+ music videos.",
)
