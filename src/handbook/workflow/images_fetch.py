"""`handbook images fetch`: bring a book's web images into its source folder, once.

Builds never fetch anything (a web image prints as a placeholder). This command, run on
purpose, downloads each `https://` image the chapters name into SOURCE/images/, checks that
what arrived is an image of a kind the book can print and not too large, and rewrites the
references to the local copy. The chapters come from someone else, so (issue 23):
- every connection, the first and each redirect's, is checked where it really went (the
  socket's peer address, not a name looked up earlier): never loopback, private, link-local,
  multicast or reserved addresses (the machine's own services, the local network, a cloud's
  metadata service); redirects go to http(s) addresses only; no proxy is used;
- the whole run has a deadline (DEADLINE), each image a size cap (MAX_BYTES), read in pieces;
- files are written only into SOURCE/images/ when that is a real folder inside SOURCE (not a
  link), each under a new name created exclusively (never onto an existing file, link, device
  or named pipe); an existing file is compared only when it is a regular file of the same size;
- chapters are read through the gate and written atomically.
"""

from __future__ import annotations

import errno
import hashlib
import http.client
import ipaddress
import os
import re
import stat
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from handbook.errors import Diagnostics
from handbook.output.atomic import write_atomically
from handbook.parse.images import data_problem
from handbook.sources import load_sources
from handbook.sources.confine import PathRefused, open_confined_folder
from handbook.sources.files import read_text

MAX_BYTES = 20_000_000
TIMEOUT = 20  # seconds without a byte, per request
DEADLINE = 300  # seconds for the whole run: later images are left as they are, with a warning
# Web image references in Markdown and HTML: ![alt](URL "title"), <img src="URL">, src=URL.
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]{0,2000}\]\(\s*<?(https?://[^\s)>]+)>?")
HTML_SOURCE = re.compile(r"""\bsrc\s*=\s*["'](https?://[^"']+)["']""", re.I)
KNOWN_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")


@dataclass
class FetchReport:
    downloaded: list[tuple[str, Path]] = field(default_factory=list)
    rewritten: list[Path] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)


@dataclass(frozen=True)
class _Policy:
    """Where connections may go, and until when. `allowed`: (address, port) pairs treated as
    public although they are not: the tests' own loopback server, never the command line."""

    ends: float  # time.monotonic() deadline
    allowed: frozenset = frozenset()

    def remaining(self) -> float:
        return self.ends - time.monotonic()


class Refused(urllib.error.URLError):
    """A connection went where it may not, or the deadline passed."""


def check_peer(sock, policy: _Policy) -> None:
    """Refuse (before a byte is sent) a connection whose far end is not a public address."""
    host, port = sock.getpeername()[:2]
    address = ipaddress.ip_address(host.split("%")[0])
    address = getattr(address, "ipv4_mapped", None) or address
    if (str(address), port) in policy.allowed:
        return
    if not address.is_global or address.is_multicast:
        raise Refused(f"it leads to {address}, an address of this machine or a local network")


class _CheckedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, policy: _Policy | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if policy is not None:  # None: called on by HTTPSConnection, which sets it
            self.policy = policy

    def connect(self):
        super().connect()  # for HTTPS: before the TLS handshake (the MRO puts this first)
        check_peer(self.sock, self.policy)


class _CheckedHTTPSConnection(http.client.HTTPSConnection, _CheckedHTTPConnection):
    def __init__(self, *args, policy: _Policy, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy = policy


class _CheckedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, policy: _Policy):
        super().__init__()
        self.policy = policy

    def http_open(self, req):
        return self.do_open(partial(_CheckedHTTPConnection, policy=self.policy), req)


class _CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, policy: _Policy):
        super().__init__()
        self.policy = policy

    def https_open(self, req):
        # (HTTPSHandler keeps the TLS context it was made with as _context: the default one)
        context = self._context  # type: ignore[attr-defined]
        return self.do_open(partial(_CheckedHTTPSConnection, policy=self.policy), req, context=context)


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are followed to http(s) addresses only (never file:, ftp: or data:), at most
    5 of them; where each leads is checked when it connects (check_peer)."""

    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlparse(newurl).scheme not in ("http", "https"):
            raise Refused(f"redirected to '{newurl}', which is not a web address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def checked_opener(policy: _Policy):
    """An opener whose every connection is checked by `policy`, without proxies."""
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _CheckedHTTPHandler(policy),
        _CheckedHTTPSHandler(policy),
        _HttpOnlyRedirects,
    )


def fetch_images(
    source: Path, opener=None, deadline: float = DEADLINE, allowed: frozenset = frozenset()
) -> FetchReport:
    report = FetchReport()
    root = Path(source)
    sources = load_sources(root, report.diagnostics)
    policy = _Policy(time.monotonic() + deadline, frozenset(allowed))
    opener = opener or checked_opener(policy)
    local: dict[str, Path] = {}  # address -> file, so each image is fetched once
    folder: _ImagesFolder | None = None
    for chapter in sources.chapters:
        text = read_text(chapter.path, report.diagnostics, root)
        if text is None:
            continue
        addresses = list(dict.fromkeys(MARKDOWN_IMAGE.findall(text) + HTML_SOURCE.findall(text)))
        changed = text
        for address in addresses:
            if address not in local:
                line = text[: text.find(address)].count("\n") + 1
                if policy.remaining() <= 0:
                    _warn(
                        report,
                        chapter.path,
                        line,
                        address,
                        f"was not downloaded: the {deadline:g} s for the run are over",
                    )
                    continue
                data = _download(address, opener, policy, chapter.path, line, report)
                if data is None:
                    continue
                if folder is None:
                    folder = _ImagesFolder.open(root, report)
                    if folder is None:
                        return report
                path = folder.store(_file_name(address, data), data)
                if path is None:
                    _warn(
                        report, chapter.path, line, address, "could not be saved: every name for it is taken"
                    )
                    continue
                local[address] = path
                report.downloaded.append((address, path))
            relative = Path(os.path.relpath(local[address], chapter.path.parent)).as_posix()
            changed = changed.replace(address, relative)
        if changed != text:
            write_atomically(chapter.path, changed.encode("utf-8"))
            report.rewritten.append(chapter.path)
    if folder is not None:
        folder.close()
    return report


def _warn(report: FetchReport, chapter: Path, line: int, address: str, what: str, code="image-fetch-failed"):
    report.diagnostics.warning(chapter, line, f"image '{address}' {what}", code=code)


def _download(
    address: str, opener, policy: _Policy, chapter: Path, line: int, report: FetchReport
) -> bytes | None:
    """The image's bytes, read in pieces until MAX_BYTES or the deadline; None with a warning."""
    try:
        with opener.open(address, timeout=max(0.1, min(TIMEOUT, policy.remaining()))) as response:
            pieces, total = [], 0
            while total <= MAX_BYTES:
                if policy.remaining() <= 0:
                    raise Refused("the time for the run is over")
                piece = response.read1(1 << 16)
                if not piece:
                    break
                pieces.append(piece)
                total += len(piece)
            data = b"".join(pieces)
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", None) or exc
        _warn(report, chapter, line, address, f"could not be downloaded ({reason})")
        return None
    if len(data) > MAX_BYTES:
        _warn(
            report,
            chapter,
            line,
            address,
            f"is larger than {MAX_BYTES // 1_000_000} MB: not downloaded",
            code="image-fetch-too-large",
        )
        return None
    problem = data_problem(data, _suffix_of(data) == ".svg")  # checked before it enters the book
    if problem:
        _warn(report, chapter, line, address, f"{problem}: not downloaded", code="image-fetch-not-image")
        return None
    return data


class _ImagesFolder:
    """SOURCE/images/, opened once as a real folder inside SOURCE; files are made in it by
    name relative to that open folder, so swapping it for a link later changes nothing."""

    def __init__(self, descriptor: int, path: Path):
        self.descriptor, self.path = descriptor, path

    @classmethod
    def open(cls, root: Path, report: FetchReport) -> "_ImagesFolder | None":
        path = root / "images"
        try:
            os.mkdir(path)
        except FileExistsError:
            pass
        except OSError as exc:
            report.diagnostics.error(
                path, None, f"cannot make the folder: {exc.strerror or exc}", code="images-folder"
            )
            return None
        try:
            return cls(open_confined_folder(path, root), path)
        except PathRefused as refused:
            report.diagnostics.error(
                path, None, f"{refused}; nothing was downloaded into it", code="images-folder-refused"
            )
            return None

    def close(self) -> None:
        os.close(self.descriptor)

    def store(self, name: str, data: bytes) -> Path | None:
        """The file now holding `data`: `name`, or the same name with a short content hash
        (and a counter), never over anything already there; an existing regular file with
        exactly these bytes is reused."""
        stem, suffix = os.path.splitext(name)
        digest = hashlib.sha256(data).hexdigest()[:8]
        candidates = [name, f"{stem}-{digest}{suffix}"] + [
            f"{stem}-{digest}-{n}{suffix}" for n in range(1, 20)
        ]
        for candidate in candidates:
            if self._holds(candidate, data):
                return self.path / candidate
            if self._create(candidate, data):
                return self.path / candidate
        return None

    def _holds(self, name: str, data: bytes) -> bool:
        """Whether `name` is a regular file (not a link, pipe or device) holding `data`."""
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
        try:
            handle = os.open(name, flags, dir_fd=self.descriptor)
        except OSError:
            return False
        try:
            status = os.fstat(handle)
            if not stat.S_ISREG(status.st_mode) or status.st_size != len(data):
                return False
            held = b""
            while len(held) <= len(data):
                piece = os.read(handle, len(data) + 1 - len(held))
                if not piece:
                    break
                held += piece
            return held == data
        finally:
            os.close(handle)

    def _create(self, name: str, data: bytes) -> bool:
        """Write `data` to a new file `name` (False when anything has that name): written to a
        temporary name first, then linked (which never replaces) and the temporary removed."""
        temporary = f".{name}.{os.getpid()}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
        try:
            handle = os.open(temporary, flags, 0o644, dir_fd=self.descriptor)
        except OSError:
            return False
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.link(
                temporary, name, src_dir_fd=self.descriptor, dst_dir_fd=self.descriptor, follow_symlinks=False
            )
            return True
        except OSError as exc:
            if exc.errno != errno.EEXIST:
                raise
            return False
        finally:
            os.unlink(temporary, dir_fd=self.descriptor)


def _file_name(address: str, data: bytes) -> str:
    """A safe local name from the address ('ww1.png'), with a suffix for the content's kind."""
    stem = PurePosixPath(unquote(urlparse(address).path)).name or "image"
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-") or "image"
    if not stem.lower().endswith(KNOWN_SUFFIXES):
        stem = f"{stem}{_suffix_of(data)}"
    return stem[-80:]


def _suffix_of(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return ".png"
    if data.startswith(b"\xff\xd8"):
        return ".jpg"
    if data.startswith(b"GIF8"):
        return ".gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    if data[4:12] in (b"ftypavif", b"ftypavis"):
        return ".avif"
    return ".svg" if b"<svg" in data[:4096].lower() else ".png"
