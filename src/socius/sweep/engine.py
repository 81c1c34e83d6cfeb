"""Run the chunks of a sweep on Dask, write each chunk's result, resume after an interruption.

A sweep is a list of chunks and one task function. Every chunk gets its own random stream,
``SeedSequence(seed, spawn_key=(chunk_index,))``, so its draws depend on its index only, never
on the worker that runs it or on the order in which chunks finish. The client writes each
finished chunk to ``parts/chunk-NNNNNN.parquet`` (atomically) in the sweep's folder next to
``sweep.json``, the sweep's specification; a second run with the same specification skips
the chunks whose file exists.

Where the chunks run:

* ``scheduler=None``: a ``distributed.LocalCluster`` on this machine (one single-threaded
  worker process per core, or *workers* of them), closed at the end;
* ``"synchronous"``: in this process, one chunk after another (no Dask at all: the reference
  the parallel runs must reproduce, and the easiest to debug);
* ``"tcp://host:8786"``: an existing Dask scheduler (``dask scheduler`` / ``dask worker``,
  dask-jobqueue, dask-kubernetes); a scheduler that does not answer within
  *connect_timeout* seconds raises :class:`SchedulerError`;
* a ``distributed.Client``: used as is and left open.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from socius._io import atomic_path, atomic_write_text
from socius.errors import SociusError, ValidationError
from socius.limits import check_count, check_seed

__all__ = [
    "Chunk",
    "Progress",
    "SchedulerError",
    "SweepRun",
    "check_years_per_chunk",
    "chunk_rng",
    "chunk_seed",
    "read_parts",
    "run_chunks",
]

SPEC_FILE = "sweep.json"
PARTS = "parts"


class SchedulerError(SociusError, ConnectionError):
    """A Dask scheduler could not be reached or started."""


@dataclass(frozen=True)
class Chunk:
    """One unit of work: its index (which fixes its random stream), a label and its inputs."""

    index: int
    label: str
    payload: tuple[Any, ...]
    units: int = 1
    """Work in the chunk (e.g. draw-dyad-years), for throughput and ETA."""


@dataclass(frozen=True)
class Progress:
    """State of a running sweep, passed to the progress callback after each chunk."""

    done: int
    total: int
    skipped: int
    units_done: int
    units_total: int
    seconds: float
    workers: int = 1
    dashboard: str | None = None
    """Link to the Dask dashboard (None without Dask or without bokeh installed)."""

    @property
    def throughput(self) -> float:
        """Units per second over the chunks computed in this run (not the skipped ones)."""
        return self.units_done / self.seconds if self.seconds > 0 else 0.0

    @property
    def eta(self) -> float:
        """Seconds left at the current throughput (inf before the first chunk)."""
        left = self.units_total - self.units_done
        rate = self.throughput
        return left / rate if rate > 0 else float("inf")


@dataclass(frozen=True)
class SweepRun:
    """What :func:`run_chunks` did: the part files (in chunk order) and the counts."""

    folder: Path
    parts: tuple[Path, ...]
    computed: int
    skipped: int
    seconds: float
    workers: int
    spec: dict[str, Any] = field(default_factory=dict)


def chunk_seed(seed: int, index: int) -> np.random.SeedSequence:
    """The seed sequence of chunk *index*: the *index*-th child of ``SeedSequence(seed)``.

    Every sweep draws chunk *i*'s random numbers from this sequence, so a chunk's draws depend
    on the root seed and its index only, not on the worker that runs it or the order in which
    chunks finish; that is what makes results identical with one worker or many.

    Parameters
    ----------
    seed
        The sweep's root seed, a whole number >= 0.
    index
        The chunk's position in the sweep's list of chunks, from 0.

    Returns
    -------
    numpy.random.SeedSequence
        ``SeedSequence(seed, spawn_key=(index,))``, equal to ``SeedSequence(seed).spawn(index
        + 1)[index]``; pass it to :func:`numpy.random.default_rng`.

    Raises
    ------
    ValueError
        From numpy, when *seed* or *index* is negative.

    Examples
    --------
    >>> import numpy as np
    >>> a = chunk_seed(7, 3).generate_state(2)
    >>> b = np.random.SeedSequence(7).spawn(4)[3].generate_state(2)
    >>> bool((a == b).all())
    True
    """
    return np.random.SeedSequence(seed, spawn_key=(index,))


def chunk_rng(seed: int, index: int) -> np.random.Generator:
    """A PCG64 generator for chunk *index* (see :func:`chunk_seed`)."""
    return np.random.default_rng(chunk_seed(seed, index))


def check_years_per_chunk(n: int) -> int:
    """Validate a chunk size in years (1-100): one line naming the value and the fix."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 100:
        raise ValidationError(
            f"years per chunk {n!r} is out of range; use a whole number from 1 to 100 "
            "(smaller chunks resume and balance better)"
        )
    return n


def part_path(folder: Path, index: int) -> Path:
    return folder / PARTS / f"chunk-{index:06d}.parquet"


def _prepare(folder: Path, spec: dict[str, Any], *, fresh: bool) -> None:
    """Create *folder* with its spec; refuse a folder that holds a different sweep."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ValidationError(f"sweep output '{folder}' is a file; give a folder name")
    parent = folder.parent if str(folder.parent) else Path(".")
    if not parent.is_dir():
        raise ValidationError(f"output folder '{parent}' does not exist; create it first")
    text = json.dumps(spec, sort_keys=True, indent=1, default=str)
    spec_file = folder / SPEC_FILE
    if spec_file.exists() and not fresh:
        old = spec_file.read_text(encoding="utf-8")
        if json.loads(old) != json.loads(text):
            raise ValidationError(
                f"'{folder}' holds a different sweep (its {SPEC_FILE} differs); "
                "choose another --out folder or pass --fresh to start over"
            )
    if fresh and (folder / PARTS).exists():
        shutil.rmtree(folder / PARTS)
    (folder / PARTS).mkdir(parents=True, exist_ok=True)
    atomic_write_text(spec_file, text)


def write_part(frame: pl.DataFrame, path: Path) -> None:
    """Write one chunk's result atomically (a crash never leaves a half-written part)."""
    with atomic_path(path) as tmp:
        frame.write_parquet(tmp, compression="zstd", statistics=False)


def _distributed() -> Any:
    """The ``distributed`` module (typed as Any: its calls are not annotated)."""
    try:
        import distributed
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise SchedulerError(
            "running a sweep on Dask needs dask[distributed]; install it with "
            "pip install 'socius[sweep]' or use --scheduler synchronous"
        ) from exc
    return distributed


def _connect(scheduler: str, timeout: float) -> Any:
    dist = _distributed()
    try:
        return dist.Client(scheduler, timeout=f"{timeout}s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise SchedulerError(
            f"no Dask scheduler answered at '{scheduler}' within {timeout:g} s; start one with "
            "`dask scheduler` (and `dask worker ADDRESS`), check the address, or omit "
            "--scheduler to use this machine's cores"
        ) from exc


def _local(workers: int | None, processes: bool) -> tuple[Any, Any]:
    import logging

    dist = _distributed()
    n = workers or os.cpu_count() or 1
    import dask

    # Two worker defaults cost numpy-bound chunks CPU without helping them: the statistical
    # profiler (samples every thread every 10 ms) and MALLOC_TRIM_THRESHOLD_, which turns off
    # glibc's dynamic mmap threshold so that every large temporary array is mapped and
    # unmapped again (page faults: about a third more CPU in the EU sweep). Thread limits stay.
    spawn_env = {
        k: v
        for k, v in dask.config.get("distributed.nanny.pre-spawn-environ", {}).items()
        if k != "MALLOC_TRIM_THRESHOLD_"
    }
    settings = {
        "distributed.worker.profile.enabled": False,
        "distributed.nanny.pre-spawn-environ": spawn_env,
    }
    from socius._spawn import script_free_spawn

    try:
        # the nannies spawn their workers while the cluster starts; a caller's unguarded
        # script must not run again in each of them
        with dask.config.set(settings), script_free_spawn():
            cluster = dist.LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=processes,
                dashboard_address="127.0.0.1:0",  # a free local port: never clashes
                **({"host": "127.0.0.1"} if processes else {}),
                silence_logs=logging.ERROR,
            )
    except RuntimeError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "no reason given"
        raise SchedulerError(
            f"the local Dask cluster ({n} worker(s)) did not start ({reason}); "
            "use --scheduler synchronous (scheduler='synchronous') to sweep in this process"
        ) from exc
    return cluster, dist.Client(cluster, set_as_default=False)


def run_chunks(
    task: Callable[..., pl.DataFrame],
    chunks: Sequence[Chunk],
    *,
    folder: str | os.PathLike[str],
    spec: dict[str, Any],
    seed: int,
    scheduler: Any = None,
    workers: int | None = None,
    processes: bool = True,
    connect_timeout: float = 10.0,
    fresh: bool = False,
    progress: Callable[[Progress], None] | None = None,
) -> SweepRun:
    """Run ``task(chunk, seed_sequence)`` for every chunk not yet done; write each result.

    Parameters
    ----------
    task
        A module-level (picklable) function returning one polars frame per chunk.
    chunks
        The chunks; their ``index`` must be ``0..len(chunks)-1``.
    folder
        The sweep's folder (created); ``sweep.json`` and ``parts/`` live there.
    spec
        What defines the sweep (inputs, seed, chunking, data versions); stored as
        ``sweep.json`` and compared on a rerun.
    seed
        Root seed; chunk ``i`` draws from :func:`chunk_seed` ``(seed, i)``.
    scheduler, workers, processes, connect_timeout
        Where to run (see the module docstring); *workers* and *processes* apply to the
        default ``LocalCluster`` only.
    fresh
        Discard finished chunks of an earlier run of this folder instead of resuming.
    progress
        Called with a :class:`Progress` once when the chunks start (``done`` counts the
        chunks found finished) and after every chunk.
    """
    check_seed(seed)
    if not (isinstance(connect_timeout, int | float) and 0 < connect_timeout <= 600):
        raise ValidationError(
            f"connect timeout {connect_timeout!r} must be a number of seconds in (0, 600]"
        )
    check_count("chunks", len(chunks), option="chunks")
    if workers is not None:
        check_count("workers", workers, option="--workers")
    if [c.index for c in chunks] != list(range(len(chunks))):
        raise ValidationError("chunk indices must run 0, 1, 2, ... in order")
    out = Path(folder)
    _prepare(out, spec, fresh=fresh)
    todo = [c for c in chunks if not part_path(out, c.index).exists()]
    skipped = len(chunks) - len(todo)
    units_total = sum(c.units for c in todo)
    start = time.perf_counter()
    state: dict[str, Any] = {"done": 0, "units": 0, "workers": 1, "dashboard": None}

    def report() -> None:
        if progress is not None:
            progress(
                Progress(
                    done=skipped + state["done"],
                    total=len(chunks),
                    skipped=skipped,
                    units_done=state["units"],
                    units_total=units_total,
                    seconds=time.perf_counter() - start,
                    workers=state["workers"],
                    dashboard=state["dashboard"],
                )
            )

    def finished(chunk: Chunk, frame: pl.DataFrame) -> None:
        write_part(frame, part_path(out, chunk.index))
        state["done"] += 1
        state["units"] += chunk.units
        report()

    n_workers = 1
    if isinstance(scheduler, str) and scheduler == "synchronous":
        report()
        for chunk in todo:
            finished(chunk, task(chunk, chunk_seed(seed, chunk.index)))
    else:
        cluster = None
        if scheduler is None:
            if todo:
                cluster, client = _local(workers, processes)
            else:
                client = None
        elif isinstance(scheduler, str):
            client = _connect(scheduler, connect_timeout)
        else:
            client = scheduler
        try:
            if client is None:  # nothing left to compute: no cluster was started
                report()
            else:
                n_workers = max(1, len(client.scheduler_info(n_workers=-1)["workers"]))
                state["workers"] = n_workers
                state["dashboard"] = _dashboard(client)
                report()
                for chunk, frame in _on_dask(client, task, todo, seed, n_workers):
                    finished(chunk, frame)
        finally:
            if cluster is not None:
                client.shutdown()  # stops the workers before the scheduler: a quiet exit
                cluster.close()
            elif client is not None and client is not scheduler:
                client.close()
    return SweepRun(
        folder=out,
        parts=tuple(part_path(out, c.index) for c in chunks),
        computed=len(todo),
        skipped=skipped,
        seconds=time.perf_counter() - start,
        workers=n_workers,
        spec=spec,
    )


def _dashboard(client: Any) -> str | None:
    """The client's dashboard link, or None when the dashboard is not served (no bokeh)."""
    import importlib.util

    if importlib.util.find_spec("bokeh") is None:
        return None
    try:
        return str(client.dashboard_link)
    except (AttributeError, KeyError):
        return None


def _on_dask(
    client: Any, task: Callable[..., pl.DataFrame], todo: Sequence[Chunk], seed: int, n_workers: int
) -> Iterator[tuple[Chunk, pl.DataFrame]]:
    """Submit chunks with a bounded window in flight; yield them as they finish."""
    as_completed = _distributed().as_completed
    window = max(2, 3 * n_workers)
    pending = iter(todo)
    by_key: dict[str, Chunk] = {}

    def submit(chunk: Chunk) -> Any:
        fut = client.submit(
            task,
            chunk,
            chunk_seed(seed, chunk.index),
            pure=False,
            key=f"socius-sweep-{chunk.index}-{time.time_ns()}",
        )
        by_key[fut.key] = chunk
        return fut

    first = [submit(c) for _, c in zip(range(window), pending, strict=False)]
    queue = as_completed(first, loop=client.loop)
    for fut in queue:
        chunk = by_key.pop(fut.key)
        frame = fut.result()
        fut.release()
        yield chunk, frame
        nxt = next(pending, None)
        if nxt is not None:
            queue.add(submit(nxt))


def read_parts(run: SweepRun) -> pl.DataFrame:
    """All part files of a finished sweep, concatenated in chunk order."""
    missing = [p for p in run.parts if not p.exists()]
    if missing:
        raise ValidationError(
            f"{len(missing)} chunk(s) of the sweep in '{run.folder}' are not finished; rerun it to resume"
        )
    return pl.concat([pl.read_parquet(p) for p in run.parts], how="vertical")
