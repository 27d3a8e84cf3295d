"""Corpora in one schema: the generated default world and adapters for real data.

Public API: :func:`build_corpus`, :func:`load_corpus`, :func:`validate_corpus`,
:func:`oracle_similarity`; the columns are documented in :mod:`.schema`.

The names are imported lazily (PEP 562) from the modules in :data:`__lazy__`,
so that ``import music_visual.corpus.schema`` (what the feature stages need)
does not load the world generator. ``music_visual.pipeline.check`` reads
:data:`__lazy__` to resolve ``from music_visual.corpus import NAME`` to its module.
"""

from importlib import import_module

__lazy__ = {
    "Corpus": "music_visual.corpus.schema",
    "CorpusError": "music_visual.corpus.schema",
    "load_corpus": "music_visual.corpus.schema",
    "build_corpus": "music_visual.corpus.build",
    "world_params": "music_visual.corpus.build",
    "oracle_similarity": "music_visual.corpus.oracle",
    "assert_valid_corpus": "music_visual.corpus.validate",
    "validate_corpus": "music_visual.corpus.validate",
}

__all__ = sorted(__lazy__)


def __getattr__(name: str):
    if name in __lazy__:
        value = getattr(import_module(__lazy__[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__lazy__))
