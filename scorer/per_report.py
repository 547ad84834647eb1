"""One value per scored report, built on first use and forgotten with the report's ``Context``.

Several stages (explanations, substance, contradicted claims) derive an index from the whole report and
ask for it once per requirement; keying a weak dictionary by the ``Context`` keeps the index exactly as
long as the report is being scored, without a module-level ``lru_cache`` pinning old reports.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


def per_report(build: Callable[[K], V]) -> Callable[[K], V]:
    """Wrap ``build(context)`` so that it runs once per context (held weakly) and is then looked up.

    Args:
        build: Makes the value from a context (a function, or a class taking the context).

    Returns:
        A function of the context returning the value built for it.
    """
    built: weakref.WeakKeyDictionary[K, V] = weakref.WeakKeyDictionary()

    @functools.wraps(build)
    def cached(context: K) -> V:
        found = built.get(context)
        if found is None:
            found = built[context] = build(context)
        return found

    return cached
