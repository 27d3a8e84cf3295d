"""Image2song (Li, Hu & Lu, *Image2song: song retrieval via bridging image content and lyric words*):
everything that is this paper's own.

=================  ==============================================================================
``data``           the dataset view: triplets, the five favourite images per song, D_a / D_b, galleries, skips
``features``       tag sets and tag words, lyric word sequences, TF-IDF, mean word vectors, moods
``model``          the BiLSTM lyric model with tag attention, the Attentive Reader, CONSE, BoW
``objective``      MSE, cosine proximity and marginal ranking losses in the tag space
``trainer``        one run to a validation plateau; gallery ranks in both directions
``methods``        every method as a registry (Table 2, the ablations, the baselines)
``settings``       how every method is trained, built from ``params.yaml``'s ``image2song.train``
``runner``         tuning, seeds and configurations over worker processes
``eval``           chance and oracle rows
``tables``         Tables 2, 3, 4/5/7, tuning and stopping records
``figures``        the attribute long tail, per-song R@3 bars, retrieval examples
``claims``         the paper's claims as ledger rows (paired differences over seeds)
``paper``          the paper's own numbers (the one place they are written)
=================  ==============================================================================
"""
