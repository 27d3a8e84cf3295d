"""VM-NET (Hong, Im & Yang, *Content-based video-music retrieval using soft intra-modal structure
constraint*): everything that is this paper's own.

=================  ==============================================================================
``data``           the dataset view: (music, video) pairs, splits by song, the test gallery
``features``       the paper's video-level (WPCA + statistics + PCA) and music transforms
``model``          the two-branch network (Sec. III-C, IV-B)
``objective``      Eq. 5: inter-modal ranking, soft intra-modal structure, optional DANN
``methods``        Tables II and III (+ the InfoNCE two-tower) as a registry of ``MethodSpec``
``settings``       how every method is trained, built from ``params.yaml``'s ``vmnet.train``
``runner``         trains and scores each unique run over seeds
``eval``           Recall@K, ranks, machine GR, simulated annotators (Table IV)
``tables``         Tables II-IV: ours beside the paper's
``figures``        retrieval examples with key frames
``claims``         the paper's claims as ledger rows (paired differences over seeds)
``paper``          the paper's own numbers (the one place they are written)
=================  ==============================================================================
"""
