"""Corpora in one schema: the generated default world and adapters for real data.

Public API: :func:`build_corpus`, :func:`load_corpus`, :func:`validate_corpus`,
:func:`oracle_similarity`; the columns are documented in :mod:`.schema`.
"""

from music_visual.corpus.build import build_corpus, world_params
from music_visual.corpus.oracle import oracle_similarity
from music_visual.corpus.schema import Corpus, CorpusError, load_corpus
from music_visual.corpus.validate import assert_valid_corpus, validate_corpus

__all__ = ["Corpus", "CorpusError", "assert_valid_corpus", "build_corpus", "load_corpus", "oracle_similarity",
           "validate_corpus", "world_params"]
