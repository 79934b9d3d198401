"""The speed layer: what one build hands the next, and why that is always what a cold build
would make. `store.py` keeps entries (authenticated, read back safely), `keys.py` makes their
keys, `kinds.py` lists every kind of entry with what it depends on, `chapters.py` and
`recordings.py` make each kind's keys and entries, `tracked.py` and `reads.py` record the
inputs a step reads while it reads them (the approach of Typst's comemo: tracked reads,
validated on reuse), `identity.py` maps objects by identity safely, and `passes.py` runs the
layout passes. docs/architecture.md describes it.
"""
