import math

import pytest

from music_visual.features.sharding import make_shards, map_sharded


def _square_or_fail(x, offset=0):
    if x < 0:
        raise ValueError(f"negative input {x}")
    return x * x + offset


def test_shards_cover_every_item_once():
    shards = make_shards(10, 4)
    assert [list(r) for r in shards] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    with pytest.raises(ValueError):
        make_shards(3, 0)


def test_synchronous_keeps_order_and_reports_failures():
    res = map_sharded(_square_or_fail, [3, -1, 2], scheduler="synchronous", shard_size=2, progress=False, offset=1)
    assert res.results == [10, None, 5]
    assert res.failures == [(1, "ValueError: negative input -1")]


def test_local_cluster_of_two_workers_matches_synchronous():
    items = list(range(-2, 40))
    local = map_sharded(_square_or_fail, items, n_workers=2, shard_size=5, progress=False)
    sync = map_sharded(_square_or_fail, items, scheduler="synchronous", progress=False)
    assert local.results == sync.results
    assert [i for i, _ in local.failures] == [0, 1]
    assert local.results[-1] == 39 ** 2 and math.isfinite(local.results[5])


def _worker_environ(_item):
    import os

    return {k: os.environ.get(k) for k in ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")}


def test_local_cluster_workers_keep_glibc_malloc_defaults_and_one_blas_thread(monkeypatch):
    # dask's default MALLOC_TRIM_THRESHOLD_=65536 turns off glibc's adaptive mmap threshold (page faults
    # on every large array); our workers must start without it, even if an earlier nanny set it here
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    res = map_sharded(_worker_environ, [0, 1], n_workers=1, shard_size=1, progress=False)
    assert res.results == [{"MALLOC_TRIM_THRESHOLD_": None, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}] * 2


def test_pre_spawn_environ_keeps_the_other_dask_settings():
    import dask

    from music_visual.features.sharding import worker_pre_spawn_environ

    with dask.config.set({"distributed.nanny.pre-spawn-environ": {"MALLOC_TRIM_THRESHOLD_": 1, "FOO": "bar"}}):
        assert worker_pre_spawn_environ() == {"FOO": "bar", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
                                              "MKL_NUM_THREADS": "1"}
