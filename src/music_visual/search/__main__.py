"""``python -m music_visual.search QUERY_FILE --model NAME --top 10`` (``--list-models``: what is trained).

Exit codes: 0 found, 2 a query file it cannot use (unreadable, no audio track, too short, silent) or a
model that is not trained, 1 anything else.
"""

from __future__ import annotations

import argparse
import sys

from music_visual.errors import StudyError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m music_visual.search",
        description="Search the corpus with a video, an image or an audio file through a trained model.")
    parser.add_argument("query", nargs="?", help="a video, image or audio file")
    parser.add_argument("--model", default="nonlinear_inter_soft_intra",
                        help="a trained model (see --list-models); default: VM-NET's full model")
    parser.add_argument("--top", type=int, default=10, help="how many matches to print (default 10)")
    parser.add_argument("--seed", type=int, default=None, help="which kept seed (default: the lowest)")
    parser.add_argument("--as", dest="as_kind", choices=("audio", "video"), default=None,
                        help="search a video by its soundtrack (audio) instead of its frames (video)")
    parser.add_argument("--split", action="append", choices=("train", "val", "test"), default=None,
                        help="search only this split of the corpus (repeatable; default: all; test: never seen)")
    parser.add_argument("--corpus", default=None, help="the corpus the models were trained on (default: params.yaml's)")
    parser.add_argument("--list-models", action="store_true", help="list the trained models and exit")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    from music_visual.search.models import list_models

    try:
        if args.list_models:
            models = list_models()
            if not models:
                print("no trained model in this workspace: run `dvc repro vmnet_03_train` (or `dvc pull`)")
                return 0
            print(f"{'model':32} {'seed':>4}  {'paper':6} {'modalities':16} label")
            for m in models:
                print(f"{m.name:32} {m.seed:>4}  {m.paper:6} {m.modalities:16} {m.label}")
            return 0
        if not args.query:
            parser.error("a QUERY_FILE is needed (or --list-models)")
        from music_visual.search.engine import SPLITS, search

        print(search(args.query, args.model, args.top, args.seed, args.as_kind, args.corpus,
                     tuple(args.split) if args.split else SPLITS).to_text())
        return 0
    except (StudyError, ValueError) as err:
        print(f"search: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
