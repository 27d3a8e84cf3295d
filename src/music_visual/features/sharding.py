"""Map a per-item function over many items in shards, on a dask.distributed cluster.

Feature extraction (and other embarrassingly parallel work) calls
:func:`map_sharded`: items are cut into shards, each shard runs on a worker,
a tqdm bar counts items done, and results come back in input order.

* ``scheduler=None`` starts a ``LocalCluster`` with one single-threaded worker
  process per core (``n_workers``), so native libraries do not oversubscribe;
* ``scheduler="tcp://host:8786"`` (from ``params.yaml``) runs the same stage on
  an existing cluster;
* ``scheduler="synchronous"`` runs in-process (debugging, tiny inputs).

A failing item never kills the run and is never silently dropped: its result
is ``None`` and it appears in the returned failures with the exception text.
"""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from tqdm.auto import tqdm


@dataclass
class ShardedResult:
    """Results in input order (``None`` where an item failed) and the failures."""

    results: list[Any]
    failures: list[tuple[int, str]] = field(default_factory=list)

    @property
    def n_failed(self) -> int:
        return len(self.failures)


def _run_shard(fn: Callable, shard: Sequence[tuple[int, Any]], kwargs: dict) -> list[tuple[int, Any, str | None]]:
    out = []
    for index, item in shard:
        try:
            out.append((index, fn(item, **kwargs), None))
        except Exception as exc:  # noqa: BLE001 - reported per item, never swallowed
            last = traceback.format_exception_only(type(exc), exc)[-1].strip()
            out.append((index, None, last))
    return out


def make_shards(n_items: int, shard_size: int) -> list[range]:
    """Consecutive index ranges of at most ``shard_size`` items."""
    if shard_size < 1:
        raise ValueError(f"shard_size must be >= 1, got {shard_size}")
    return [range(i, min(i + shard_size, n_items)) for i in range(0, n_items, shard_size)]


def _collect(chunks, n_items: int, progress, desc: str) -> ShardedResult:
    results: list[Any] = [None] * n_items
    failures = []
    with tqdm(total=n_items, desc=desc, disable=not progress, mininterval=float(os.environ.get("TQDM_MININTERVAL", 1))) as bar:
        for chunk in chunks:
            for index, value, error in chunk:
                results[index] = value
                if error is not None:
                    failures.append((index, error))
            bar.update(len(chunk))
    return ShardedResult(results, sorted(failures))


ONE_THREAD = {k: "1" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def worker_pre_spawn_environ() -> dict:
    """dask's ``distributed.nanny.pre-spawn-environ`` without ``MALLOC_TRIM_THRESHOLD_``, plus one BLAS thread.

    dask sets ``MALLOC_TRIM_THRESHOLD_=65536`` in every worker by default, to give memory back
    to the OS. Setting it also switches off glibc's adaptive mmap threshold, so every array
    over 128 KiB is a fresh mmap: the audio extractors then spent ~40 % of their CPU time in
    page faults (0.47 instead of 0.26 CPU-s per VM-NET item, ``benchmarks/bench_families.py``).
    Our workers allocate and free the same array sizes item after item, so glibc's default
    (reuse freed memory) is the right policy here.
    """
    import dask

    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {})
    environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    return environ | ONE_THREAD


def _local_cluster(n_workers: int):
    import dask
    from distributed import LocalCluster

    os.environ.pop("MALLOC_TRIM_THRESHOLD_", None)  # a nanny of an earlier cluster may have set it here
    with dask.config.set({"distributed.nanny.pre-spawn-environ": worker_pre_spawn_environ()}):
        return LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None,
                            silence_logs=40, env=ONE_THREAD)


def map_sharded(fn: Callable, items: Sequence[Any], *, scheduler: str | None = None, n_workers: int | None = None,
                shard_size: int = 16, progress: bool = True, desc: str = "items", **kwargs) -> ShardedResult:
    """Apply ``fn(item, **kwargs)`` to every item; see the module docstring."""
    items = list(items)
    shards = [[(i, items[i]) for i in r] for r in make_shards(len(items), shard_size)]
    if scheduler == "synchronous" or not items:
        return _collect((_run_shard(fn, s, kwargs) for s in shards), len(items), progress, desc)
    from distributed import Client, as_completed

    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        cluster = _local_cluster(n_workers or os.cpu_count() or 1)
        client = Client(cluster)
    try:
        futures = client.map(_run_shard, [fn] * len(shards), shards, [kwargs] * len(shards), pure=False)
        return _collect((f.result() for f in as_completed(futures)), len(items), progress, desc)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
