"""What every paper's study uses, in one shape: claims, summaries, references, inputs, methods.

* :mod:`.claims` -- the claims ledger: one row schema for every paper (``reports/<id>/claims.csv``),
  read back for the README and the report;
* :mod:`.summaries` -- a long table of method x seed x metric -> mean and 95 % CI, and the
  paired difference of two methods seed by seed;
* :mod:`.references` -- the chance and corpus-oracle rows every table carries;
* :mod:`.inputs` -- check (and, under the test harness only, build) the corpus and the feature
  families a stage reads;
* :mod:`.methods` -- a paper's methods as a registry (id, label, table, kind);
* :mod:`.papers` -- every paper's own numbers, gathered for the cross-paper comparison.
"""
