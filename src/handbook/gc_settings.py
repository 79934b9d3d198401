"""Python's garbage collector as a build tunes it, and as the caller had it afterwards.

A build makes a large model that lives to its end and makes almost no garbage cycles, so it
asks for fewer collections and moves what it has read out of the collector's sight
(`gc.freeze`): collections would otherwise walk the whole model again and again. Every change
here is undone when its `with` ends, so a program that calls handbook keeps its own settings.

`gc.unfreeze()` releases everything frozen, the caller's objects too, so a build freezes only
when the caller had nothing frozen (`gc.get_freeze_count() == 0` as the outermost
`freezing()` begins); otherwise it runs unfrozen, slower but leaving the caller's state alone.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

_freezing: list[bool] = []  # per open freezing(): whether freeze() may freeze


@contextmanager
def fewer_collections(at_least: int) -> Iterator[None]:
    """The youngest generation collected every `at_least` new objects (or as rarely as the
    caller had it), the caller's threshold back afterwards."""
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], at_least), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


@contextmanager
def no_collections() -> Iterator[None]:
    """No automatic collections (making thousands of objects and no garbage, as unpickling
    does), enabled again afterwards if they were."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@contextmanager
def freezing() -> Iterator[None]:
    """A stretch in which `freeze()` moves what exists out of the collector's sight; all of it
    is unfrozen when the outermost stretch ends (nested ones share its decision)."""
    allowed = _freezing[-1] if _freezing else gc.get_freeze_count() == 0
    _freezing.append(allowed)
    try:
        yield
    finally:
        _freezing.pop()
        if allowed and not _freezing:
            gc.unfreeze()


def freeze() -> None:
    """gc.freeze(), inside a freezing() stretch that may freeze; otherwise nothing."""
    if _freezing and _freezing[-1]:
        gc.freeze()
