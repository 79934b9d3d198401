"""A mapping keyed by objects' identity that cannot be confused by an object freed since.

A dict keyed by `id(obj)` forgets the object: once it is freed, a new object may be given the
same id and find the old entry (a chapter found for a source it was not read from). This
mapping keeps each key object alive while its entry lives, so its id stays its own, and checks
on every lookup that the object found is the one asked about. For objects that compare by value
and cannot be hashed (the model's dataclasses), where a WeakKeyDictionary cannot be used.
"""

from __future__ import annotations

from typing import Generic, TypeVar

V = TypeVar("V")


class ByIdentity(Generic[V]):
    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: dict[int, tuple[object, V]] = {}

    def __setitem__(self, obj: object, value: V) -> None:
        self._items[id(obj)] = (obj, value)  # (the object held: its id cannot be reused)

    def get(self, obj: object, default=None):
        item = self._items.get(id(obj))
        return item[1] if item is not None and item[0] is obj else default

    def __getitem__(self, obj: object) -> V:
        item = self._items.get(id(obj))
        if item is None or item[0] is not obj:
            raise KeyError(obj)
        return item[1]

    def __contains__(self, obj: object) -> bool:
        item = self._items.get(id(obj))
        return item is not None and item[0] is obj

    def __len__(self) -> int:
        return len(self._items)
