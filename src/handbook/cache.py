"""The build cache, by its old name: the store, the keys and the kinds live in
`handbook.incremental` (incremental/store.py, keys.py, kinds.py); this module names them for
tools and tests that import `handbook.cache`."""

from handbook.incremental.keys import (  # noqa: F401
    MAX_NAMED_BYTES,
    MAX_READ_BYTES,
    READ_SUFFIXES,
    SourceKeys,
    _code_files_digest,
    _installed_versions,
    code_fingerprint,
    digest,
    file_digest,
    source_files,
    tree_digest,
)
from handbook.incremental.kinds import KINDS  # noqa: F401
from handbook.incremental.store import (  # noqa: F401
    _ALLOWED,
    FORMAT,
    MAGIC,
    MAX_ENTRY_BYTES,
    SECRET_BYTES,
    SECRET_FILE,
    STALE_TEMPORARY,
    BuildCache,
    EntryRefused,
    _ModelUnpickler,
    decode,
    encode,
    is_entry_of,
    folder_for,
    read_entry,
    user_cache_root,
    wants_local_cache,
    written_here,
)
