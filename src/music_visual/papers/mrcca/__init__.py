"""MR-CCA (Wu et al., *Bridging music and image via cross-modal ranking analysis*): everything that is
this paper's own.

=================  ==============================================================================
``data``           the dataset view: (segment, key frame) pairs, simulated comparisons, split by song
``features``       feature types and distances of the 133-d music and 2,596-d image features; I/O
``model``          normalised cut, DtRT, CCA / R-CCA per cluster, the ensembles (sub-package)
``methods``        the methods of Fig. 2 and Table 1 as a registry
``runner``         the sweeps of Fig. 2A/2B, Table 1, the human-labelled subset (``SweepSettings``)
``tables``         summaries over repeats, Table 1, the metrics payload
``figures``        Fig. 2A/2B
``claims``         the paper's claims as ledger rows
``paper``          the paper's own numbers (the one place they are written)
=================  ==============================================================================
"""
