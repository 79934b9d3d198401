"""Issue 23, the build cache: a folder from a stranger may ship a `build/.cache`, and nothing in
it may run, decide the PDF, read or delete anything (items 1-3), nor may the cache read files
the build does not use (item 8).

The stranger is played by this process with another user's cache folder (another secret key):
it builds the same folder with `cache: local`, so `build/.cache` holds an entry of every kind
under the names a build will look for, then rewrites each entry the way an attacker would:
in today's format signed with the stranger's key, or in the format of the last release
(a bare SHA-256: anyone can compute it). The victim (this user, another key) then builds. An
audit hook sees what the build does: programs run, files opened, removed, renamed, and every
name any unpickling resolved.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import shutil
import struct
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from handbook import cache as cache_module
from handbook.cache import BuildCache, digest
from handbook.pipeline import build
from conftest import cache_dir, write_sources
from hostile import opened_outside
from png import png_bytes

# (looked up, not imported: this file runs against the last release too, where each attack
# test fails for its own reason rather than at import)
EntryRefused = getattr(cache_module, "EntryRefused", ValueError)

CHAPTERS = {
    "01-one.md": "---\ntitle: One\n---\n## Start\n\nThe QUAD met in Paris. " * 1
    + "\n\n![A map](map.png)\n\nSee [[02-two]].\n",
    "02-two.md": "---\ntitle: Two\nquestions:\n  - type: mcq\n    question: Where did the QUAD meet?\n"
    "    options: [Paris, Rome, Oslo, Lima]\n    answer: a\n---\n## Next\n\nFOIP and the QUAD in Paris.\n",
    "03-three.md": "---\ntitle: Three\n---\n## Last\n\nParis, once more, with FOIP.\n",
}
GLOSSARY = "QUAD: Quadrilateral Security Dialogue\nFOIP: Free and Open Indo-Pacific\n"
KINDS = ("acronyms", "book", "bundle", "chapter", "face", "folios", "glyphs", "layout", "scan", "text")

# --- what the process does, seen by an audit hook -------------------------------------------

_WATCHED = (
    "open",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "subprocess.Popen",
    "os.remove",
    "os.rmdir",
    "os.rename",
    "os.link",
    "os.symlink",
    "os.truncate",
    "shutil.rmtree",
    "pickle.find_class",
)


class _Events(list):
    installed = False
    recording: list | None = None
    refuse: set[str] = set()  # paths whose opening raises (so a build that tries fails at once)


_EVENTS = _Events()


def _audit(event, args):
    recording = _EVENTS.recording
    if recording is None or event not in _WATCHED:
        return
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.fsdecode(args[0])
        if isinstance(args[0], (str, bytes)) and os.path.abspath(path) in _EVENTS.refuse:
            raise RuntimeError(f"the build opened {path}")
        recording.append((event, path, args[2] if len(args) > 2 else None))
        return
    recording.append((event, *args))


@contextmanager
def watched(refuse: tuple[Path, ...] = ()):
    if not _EVENTS.installed:
        sys.addaudithook(_audit)  # cannot be removed: it does nothing unless recording
        _EVENTS.installed = True
    events: list = []
    _EVENTS.recording, _EVENTS.refuse = events, {os.path.abspath(p) for p in refuse}
    try:
        yield events
    finally:
        _EVENTS.recording, _EVENTS.refuse = None, set()


def of(events, *names) -> list:
    return [e for e in events if e[0] in names]


# --- the folder, the stranger and the planted entries ---------------------------------------


def notes(folder: Path, local: bool, city: str = "Paris") -> Path:
    files = {name: text.replace("Paris", city) for name, text in CHAPTERS.items()}
    book = "title: Planted\n" + ("cache: local\n" if local else "")
    write_sources(folder, {"book.yaml": book, "glossary.yaml": GLOSSARY, **files})
    (folder / "map.png").write_bytes(png_bytes(20, 20))
    return folder


def output_of(folder: Path) -> Path:
    return folder / "build" / "handbook.pdf"


def as_stranger(monkeypatch, tmp_path: Path, folder: Path) -> Path:
    """Build `folder` as another user would and ship that user's cache in `build/.cache` (where
    `cache: local` puts it, or copied there from that user's cache folder); that user's key."""
    stranger = tmp_path / "stranger-cache"
    chapter = folder / "02-two.md"
    written = chapter.read_text(encoding="utf-8")
    with monkeypatch.context() as m:
        m.setenv("XDG_CACHE_HOME", str(stranger))
        # Built once with another chapter two, then as it is: an edit build stores that
        # chapter on its own (a `chapter` entry), so every kind of entry is shipped.
        chapter.write_text(written.replace("## Next", "## Next, edited"), encoding="utf-8")
        build(folder, output_of(folder), use_cache=True)
        chapter.write_text(written, encoding="utf-8")
        build(folder, output_of(folder), use_cache=True)
        remember_a_face(folder)
        own = cache_folder_for(folder)
    if own is not None and own.is_dir():
        shutil.copytree(own, folder / "build" / ".cache", dirs_exist_ok=True)
    return stranger / "handbook" / "secret.key"


def remember_a_face(folder: Path) -> None:
    """A `face` entry, as a build in a process of its own stores one: this process read the
    theme's faces before (a face is read once per process), so one is read again here, through
    the build's face memory."""
    try:
        from handbook.incremental.faces import faces_remembered
        from handbook.layout.rlcompat import truetype_font
        from handbook.theme import font_file, load_theme
    except ImportError:  # (the last release: no face entries)
        return
    theme = load_theme("default")
    with faces_remembered(BuildCache.for_build(folder, output_of(folder))):
        truetype_font("planted", str(font_file(theme.fonts["mono"], "regular", theme.source)))


def cache_folder_for(folder: Path) -> Path | None:
    folder_for = getattr(cache_module, "folder_for", None)  # (None: a release without it)
    return folder_for(folder) if folder_for else None


def payload_of(data: bytes) -> bytes:
    """The pickle inside an entry of either format."""
    head = data.split(b"\n", 1)[0]
    skip = {b"handbook-cache 1": 32 + 8, b"handbook-cache 2": 32 + 32 + 8}[head]
    return data[len(head) + 1 + skip :]


def forged(payload: bytes, form: str, kind: str, name: str, key: bytes) -> bytes:
    """An entry an attacker can write: the old format (a checksum), or today's signed with the
    attacker's own key."""
    if form == "checksummed":
        return (
            b"handbook-cache 1\n"
            + hashlib.sha256(payload).digest()
            + struct.pack(">Q", len(payload))
            + payload
        )
    tag = hmac.digest(key, b"handbook-cache-entry\0%s\0%s" % (kind.encode(), name.encode()), "sha256")
    mac = hmac.new(key, tag + struct.pack(">Q", len(payload)) + payload, "sha256").digest()
    return b"handbook-cache 2\n" + tag + mac + struct.pack(">Q", len(payload)) + payload


def _unicode(text: str) -> bytes:
    data = text.encode()
    return b"\x8c" + bytes([len(data)]) + data


def calling(module: str, name: str, argument: str) -> bytes:
    """A pickle that calls module.name(argument) when loaded: resolved by find_class."""
    return b"\x80\x04" + _unicode(module) + _unicode(name) + b"\x93" + _unicode(argument) + b"\x85R."


# os.system through a name the old allow-list passed: handbook.model.* with a dotted name.
DOTTED_SYSTEM = ("handbook.model.document", "schema.dataclasses.inspect.os.system")


def key_of(secret_file: Path) -> bytes:
    return secret_file.read_bytes() if secret_file.exists() else os.urandom(32)


def planted_files(folder: Path) -> dict[Path, bytes]:
    planted = folder / "build" / ".cache"
    return {p: p.read_bytes() for p in sorted(planted.rglob("*")) if p.is_file()}


# --- 1 and 2: planted entries run nothing and decide nothing ---------------------------------


# Where the cache is (the user's, `cache: local`) x how the planted entry is dressed. The fast
# suite plants each dress in one of the two places; `make test-all` every pair.
PLANTED = [
    pytest.param(False, "checksummed", id="user cache-checksummed"),
    pytest.param(True, "signed by another key", id="cache: local-signed by another key"),
    pytest.param(
        False, "signed by another key", id="user cache-signed by another key", marks=pytest.mark.slow
    ),
    pytest.param(True, "checksummed", id="cache: local-checksummed", marks=pytest.mark.slow),
]


@pytest.mark.parametrize(("local", "form"), PLANTED)
def test_a_planted_cache_of_every_kind_runs_nothing(tmp_path, monkeypatch, form, local):
    folder = notes(tmp_path / "notes", local)
    key = key_of(as_stranger(monkeypatch, tmp_path, folder))
    canary = tmp_path / "canary"
    kinds = set()
    for path in (folder / "build" / ".cache").rglob("*.bin"):
        kinds.add(path.parent.name)
        path.write_bytes(
            forged(calling(*DOTTED_SYSTEM, f"touch {canary}"), form, path.parent.name, path.name, key)
        )
    assert kinds >= set(KINDS), kinds  # an entry of every kind is planted
    planted = planted_files(folder)
    with watched() as events:
        result = build(folder, output_of(folder), use_cache=True, jobs=1)
    assert not canary.exists()
    assert of(events, "os.system", "os.exec", "os.posix_spawn", "os.spawn", "subprocess.Popen") == []
    assert of(events, "pickle.find_class") == [], "nothing the folder holds is unpickled"
    opened = [e[1] for e in of(events, "open") if isinstance(e[1], str)]  # (the PDF is in the folder)
    assert opened_outside(opened, folder, Path(os.environ["XDG_CACHE_HOME"])) == []
    assert {p: p.read_bytes() for p in planted} == planted, "no planted file is removed or replaced"
    assert output_of(folder).read_bytes() == cold(folder, tmp_path)
    warned = [d for d in result.diagnostics.items if d.code == "cache-untrusted"]
    if local:  # read, refused, counted: the user is told
        assert len(warned) == 1 and "could not be authenticated" in warned[0].message
    else:  # the user's own cache: the folder's is never looked at
        assert warned == [] and not any(".cache" in str(e[1]) for e in of(events, "open"))


@pytest.mark.parametrize(("local", "form"), PLANTED)
def test_a_planted_book_never_becomes_the_pdf(tmp_path, monkeypatch, form, local):
    """Item 2: the stranger's book entry, under the name this folder's book is looked up by,
    holds another book (BERLIN); the PDF is the one the sources make."""
    berlin = notes(tmp_path / "berlin", local=True, city="BERLIN-NOT-IN-SOURCES")
    as_stranger(monkeypatch, tmp_path, berlin)
    berlin_entry = sorted((berlin / "build" / ".cache" / "book").glob("*.bin"))[0]  # (each holds BERLIN)
    folder = notes(tmp_path / "notes", local)
    key = key_of(as_stranger(monkeypatch, tmp_path, folder))
    for path in (folder / "build" / ".cache" / "book").glob("*.bin"):
        path.write_bytes(forged(payload_of(berlin_entry.read_bytes()), form, "book", path.name, key))
    build(folder, output_of(folder), use_cache=True)
    pdf = output_of(folder).read_bytes()
    assert b"BERLIN" not in pdf and pdf == cold(folder, tmp_path)


def cold(folder: Path, tmp_path: Path) -> bytes:
    out = tmp_path / "cold" / "book.pdf"
    build(folder, out, use_cache=False)
    return out.read_bytes()


def test_a_dotted_name_never_resolves_even_in_an_authenticated_entry():
    """Defence in depth: were the key stolen, the unpickler still names exact pairs only."""
    for module, name in [DOTTED_SYSTEM, ("handbook.model.document", "schema.dataclasses.inspect.os.getcwd")]:
        with pytest.raises(pickle.UnpicklingError):
            cache_module._ModelUnpickler(__import__("io").BytesIO(calling(module, name, "true"))).load()
    secret, name = os.urandom(32), digest("x") + ".bin"
    data = forged(calling(*DOTTED_SYSTEM, "true"), "signed", "book", name, secret)
    with pytest.raises(ValueError) as refused:
        cache_module.decode(data, secret, "book", name)
    assert not isinstance(refused.value, EntryRefused)  # it authenticated; the allow-list refused


# --- 3: links, another user's files, pruning ------------------------------------------------


def user_files(folder: Path) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(10):
        (folder / f"photo{number}.bin").write_bytes(b"a user's file %d" % number)
        (folder / f"{digest('user', number)}.bin").write_bytes(b"named like an entry %d" % number)
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.mark.parametrize("linked", ["the cache folder", "a kind folder", "every kind folder"])
def test_a_linked_cache_folder_is_not_used_and_nothing_behind_it_is_touched(tmp_path, linked):
    folder = notes(tmp_path / "notes", local=True)
    mydata = tmp_path / "mydata"
    before = user_files(mydata)
    cache = folder / "build" / ".cache"
    if linked == "the cache folder":
        cache.parent.mkdir(parents=True)
        cache.symlink_to(Path("..") / ".." / "mydata")
    else:
        cache.mkdir(parents=True)
        for kind in KINDS if linked == "every kind folder" else ("book",):
            (cache / kind).symlink_to(Path("..") / ".." / ".." / "mydata")
    for edit in range(3):  # a few builds, so pruning runs with something to prune
        (folder / "03-three.md").write_text(CHAPTERS["03-three.md"] + f"\nMore {edit}.\n")
        with watched() as events:
            result = build(folder, output_of(folder), use_cache=True)
    assert {p.name: p.read_bytes() for p in mydata.iterdir()} == before, "nothing written or removed"
    assert any(d.code == "cache-untrusted" and "link" in d.message for d in result.diagnostics.items)
    in_cache = [
        e
        for e in of(events, "open")
        if isinstance(e[1], str) and (e[1] in (*KINDS, ".cache") or e[1].endswith(".bin"))
    ]
    assert in_cache and all(e[2] & os.O_NOFOLLOW for e in in_cache), "never opened through a link"
    assert output_of(folder).read_bytes() == cold(folder, tmp_path)


def test_an_entry_that_is_a_link_is_never_followed(tmp_path, monkeypatch):
    folder = notes(tmp_path / "notes", local=True)
    as_stranger(monkeypatch, tmp_path, folder)
    secret = tmp_path / "outside-secret.txt"
    secret.write_text("TOKEN=outside\n")
    for path in (folder / "build" / ".cache").rglob("*.bin"):
        path.unlink()
        path.symlink_to(secret)
    result = build(folder, output_of(folder), use_cache=True)
    assert secret.read_text() == "TOKEN=outside\n" and all(
        p.is_symlink() for p in (folder / "build" / ".cache").rglob("*.bin")
    )
    assert any(d.code == "cache-untrusted" for d in result.diagnostics.items)
    assert output_of(folder).read_bytes() == cold(folder, tmp_path)


def test_pruning_removes_only_entries_this_user_wrote(tmp_path):
    cache = BuildCache(tmp_path / "c")
    keys = [digest("entry", n) for n in range(6)]
    for key in keys[:3]:
        cache.put("layout", key, key)
    theirs = {
        key: forged(pickle.dumps(key), "signed", "layout", f"{key}.bin", os.urandom(32)) for key in keys[3:]
    }
    for key, data in theirs.items():
        (tmp_path / "c" / "layout" / f"{key}.bin").write_bytes(data)
    mine_old = tmp_path / "c" / "layout" / "notes.txt"
    mine_old.write_text("a user's file in the cache folder")
    for path in (tmp_path / "c" / "layout").iterdir():
        os.utime(path, (1, 1))  # all old
    cache.prune("layout", keep=0)
    left = {p.name for p in (tmp_path / "c" / "layout").iterdir()}
    assert left == {f"{key}.bin" for key in theirs} | {"notes.txt"}
    cache.put("layout", keys[3], "mine")  # never over a file it did not write
    assert (tmp_path / "c" / "layout" / f"{keys[3]}.bin").read_bytes() == theirs[keys[3]]


def test_a_cache_folder_or_key_of_another_user_is_not_used(tmp_path, monkeypatch):
    folder = notes(tmp_path / "notes", local=False)
    build(folder, output_of(folder), use_cache=True)  # this user's entries
    me = os.geteuid()
    monkeypatch.setattr(os, "geteuid", lambda: me + 1)  # now every file is someone else's
    with watched() as events:
        result = build(folder, output_of(folder), use_cache=True)
    assert of(events, "pickle.find_class") == []
    warned = [d for d in result.diagnostics.items if d.code == "cache-untrusted"]
    assert len(warned) == 1 and "another user" in warned[0].message
    assert output_of(folder).read_bytes() == cold(folder, tmp_path)


def test_the_secret_key_is_the_users_alone(tmp_path, user_cache):
    folder = notes(tmp_path / "notes", local=False)
    build(folder, output_of(folder), use_cache=True)
    key = user_cache / "secret.key"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == 32
    assert cache_dir(folder).is_relative_to(user_cache) and not (folder / "build" / ".cache").exists()
    key.chmod(0o644)  # readable by others: no longer a secret
    result = build(folder, output_of(folder), use_cache=True)
    assert any(d.code == "cache-untrusted" and "0600" in d.message for d in result.diagnostics.items)


# --- 8: the cache reads only what the build uses ---------------------------------------------


@pytest.mark.parametrize("name", ["lecture.mp4", "images/unused.png", "data/export.yaml", "big.md.bak"])
def test_a_huge_file_the_build_does_not_use_is_never_read(tmp_path, name):
    folder = notes(tmp_path / "notes", local=False)
    huge = folder / name
    huge.parent.mkdir(parents=True, exist_ok=True)
    with open(huge, "wb") as out:
        out.truncate(20 * 2**30)  # 20 GB, sparse: costs nothing until read
    started = time.perf_counter()
    with watched(refuse=(huge,)):  # opening it fails the build at once
        build(folder, output_of(folder), use_cache=True)
        build(folder, output_of(folder), use_cache=True)
    assert time.perf_counter() - started < 60
    huge.unlink()
    assert output_of(folder).read_bytes() == cold(folder, tmp_path)


def test_an_image_a_chapter_names_is_in_the_key_and_another_file_is_not(tmp_path):
    folder = notes(tmp_path / "notes", local=False)
    (folder / "notes.dat").write_bytes(b"x" * 100)
    build(folder, output_of(folder), use_cache=True)
    first = output_of(folder).read_bytes()
    (folder / "notes.dat").write_bytes(b"y" * 100)  # same size, not used: the stored book
    with watched() as events:
        build(folder, output_of(folder), use_cache=True)
    assert output_of(folder).read_bytes() == first
    assert not [e for e in of(events, "open") if str(e[1]).endswith("notes.dat")]
    (folder / "map.png").write_bytes(png_bytes(20, 20, grey=90))  # same size, other pixels
    build(folder, output_of(folder), use_cache=True)
    assert output_of(folder).read_bytes() != first
    assert output_of(folder).read_bytes() == cold(folder, tmp_path)
