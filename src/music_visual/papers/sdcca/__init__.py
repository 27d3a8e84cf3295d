"""S-DCCA (Zeng, Yu & Oyama, *Audio-visual embedding for cross-modal music video retrieval through
supervised deep CCA*): everything that is this paper's own.

=================  ==============================================================================
``data``           the parts of the dataset view: long music videos, named skips, folds, emotion songs
``view``           the view itself (build, save, load; ``data/processed/sdcca/``)
``chunks``         sub-chunks, per-second and per-chunk scores, top-k selection, query features
``attention``      the emotion attention model (BiLSTM, Eq. 6-7)
``emotion``        training it on the emotion songs, scoring the retrieval songs
``clusters``       k-means from annotated songs per category; clusters vs labels
``song_features``  what 02_features writes per song (queries, clusters, attention vs intensity)
``features``       per-fold inputs: PCA-whitening, max pooling, standardisation
``pairs``          basic / extend1 / extend2 training pairs
``cluster_cca``    C-CCA (the shared CCA with the supervised cross-covariance)
``model``          the two 4-layer branches
``objective``      the (supervised) correlation loss and the final linear (C-)CCA
``trainer``        the loop: RMSprop, labels in the batch, MAP criterion, the shared plateau rule
``methods``        Table II's methods, the extend variants and the two-tower, with their grids
``settings``       how every method is trained (``params.yaml`` ``sdcca.train``)
``runs``           one run of one method on one fold; ``runner``: every fold, seed and method
``eval``           class-relevance MAP, exact chance, the oracle row, precision-recall
``tables``         Table II beside the paper's, the chunk grid (Fig. 9), tuning and stopping
``figures``        attention vs intensity, clusters vs labels, precision-recall, MAP vs chunks
``claims``         the paper's claims as ledger rows (paired over folds and seeds)
``paper``          the paper's own numbers (the one place they are written)
=================  ==============================================================================
"""
