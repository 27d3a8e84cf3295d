"""Retrieval from the trained models: a video, an image or an audio file in, the corpus's best matches out.

``python -m music_visual.search QUERY_FILE --model NAME --top 10`` (``--list-models`` shows what is trained).

* :mod:`.query` -- reads the query file with the corpus's media code and the study's extractors (the same
  feature families, with ``params.yaml``'s settings, that the stages ran on the corpus): a video's sampled
  frames through the CNN, an image as a one-frame video, an audio file (or ``--as audio``: a video's
  soundtrack) through VM-NET's music features. A file it cannot use raises :class:`.query.QueryError`
  (exit code 2) with the reason: unreadable, no audio track, too short, silent.
* :mod:`.models` -- the trained networks whose weights a stage kept (VM-NET's checkpoints: its variants
  and the InfoNCE two-tower on the same inputs), rebuilt from their recorded settings.
* :mod:`.engine` -- embeds the query and ranks the other modality's corpus items (every split of the
  model's paper, each row marked with its split) by cosine similarity.
"""

from music_visual.search.engine import item_paths, search
from music_visual.search.models import SearchModel, list_models
from music_visual.search.query import Query, QueryError, read_query

__all__ = ["item_paths", "Query", "QueryError", "SearchModel", "list_models", "read_query", "search"]
