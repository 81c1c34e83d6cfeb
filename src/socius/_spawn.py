"""Start worker processes that do not re-run the caller's script.

With the ``spawn`` start method (the report's section workers, a Dask ``LocalCluster``'s
nannies) a new process first imports the parent's ``__main__`` module from its file, so a
plain script that calls the library at top level, without an ``if __name__ == "__main__":``
guard, would run again in every worker and each would try to start workers of its own. The
library's workers only run functions importable from ``socius``, so they never need the
caller's ``__main__``: :func:`script_free_spawn` hides it while workers start.
"""

from __future__ import annotations

import sys
import threading
import types
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["script_free_spawn"]

_LOCK = threading.RLock()  # re-entrant: a block may start a pool that starts another


@contextmanager
def script_free_spawn() -> Iterator[None]:
    """Hide ``__main__`` from the processes spawned inside the ``with`` block.

    ``multiprocessing`` tells a spawned child which main module to import from the parent's
    ``sys.modules["__main__"]`` (its ``__spec__`` name or ``__file__``); inside the block
    that entry is a bare module with neither, so the child imports nothing of the caller's.
    The caller's module is restored on exit, also after an error. Only processes started
    inside the block are affected: start every worker there.

    Examples
    --------
    >>> import sys
    >>> before = sys.modules["__main__"]
    >>> with script_free_spawn():
    ...     getattr(sys.modules["__main__"], "__file__", None) is None
    True
    >>> sys.modules["__main__"] is before
    True
    """
    with _LOCK:
        original = sys.modules.get("__main__")
        bare = types.ModuleType("__main__")
        bare.__spec__ = None
        sys.modules["__main__"] = bare
        try:
            yield
        finally:
            if original is not None:
                sys.modules["__main__"] = original
            else:  # pragma: no cover - an interpreter always has a __main__
                del sys.modules["__main__"]
