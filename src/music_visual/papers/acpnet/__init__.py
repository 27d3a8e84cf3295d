"""ACP-Net (Verma, Dhekane & Guha, *Learning affective correspondence between music and image*): everything
that is this paper's own.

=================  ==============================================================================
``data``           the dataset view: every emotion-labelled image and 60 s music segment, named skips
``pairs``          the class design of true/false pairs, sampling per epoch and fixed, the checks
``oracle``         the Bayes class posteriors from the generator's factors, the pair oracle
``features``       CNN / 193-d / spectrogram / thumbnail / hand-crafted inputs, train-only transforms
``model``          ACP-Net, L3-Net, Spectrogram-ACP, the two-tower adapter, the Table 5 classifiers
``trainer``        training to a validation-accuracy plateau, pair and item batches, thresholds
``methods``        Table 4's methods and Table 5's classifiers as a registry
``settings``       how every method is trained, built from ``params.yaml``'s ``acpnet.train``
``runner``         tuning, seeds and probes over worker processes
``eval``           chance, random and oracle rows
``tables``         Tables 4 and 5, the confusion per class pair, tuning and stopping records
``figures``        Fig. 3-style examples, confusion heat maps
``claims``         the paper's claims as ledger rows (paired differences over seeds)
``paper``          the paper's own numbers (the one place they are written)
=================  ==============================================================================
"""
