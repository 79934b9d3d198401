"""Safe YAML that remembers the line of every key and list item.

Only PyYAML's safe loaders are used: tags such as `!!python/object` are refused,
never constructed. libyaml's parser (CSafeLoader, in PyYAML's wheels) reads the sources,
about ten times faster than the pure-Python one; when it finds a problem, the pure-Python
parser reads the text again so that messages are the same whichever is installed. Mappings and sequences come back as `YamlDict`/`YamlList`,
which carry the 1-based source line of each entry, so later stages can say
`chapter.md:7: error: ...` about a value deep inside the front matter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import yaml

from handbook.errors import Diagnostics


class YamlDict(dict):
    """A mapping with `.line` (its own line) and `.lines[key]` (each key's line)."""

    line: int | None = None
    paths: dict  # a merged theme's: where each key came from (theme/load.py)
    inherited: dict  # a text style's keys taken from its parent or a colour name (theme/inherit.py)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: dict = {}


class YamlList(list):
    """A sequence with `.line`, `.lines[index]` and `.written[index]`: the text of each item
    YAML 1.1 read as true/false (`NO`, `ON`, `Y`), for lists of words that meant the word."""

    line: int | None = None

    def __init__(self, *args):
        super().__init__(*args)
        self.lines: list[int] = []
        self.written: dict[int, str] = {}


def line_of(container, key, default: int | None = None) -> int | None:
    """The line of `key` in a YamlDict/YamlList, else the container's own line, else default."""
    lines = getattr(container, "lines", None)
    if isinstance(lines, dict) and key in lines:
        return lines[key]
    if isinstance(lines, list) and isinstance(key, int) and 0 <= key < len(lines):
        return lines[key]
    return getattr(container, "line", None) or default


if TYPE_CHECKING:  # a mixin of the loaders below: typed as the safe loader it joins
    _LoaderBase = yaml.SafeLoader
else:
    _LoaderBase = object


class _Lines(_LoaderBase):
    """Constructors for a safe loader whose containers remember lines (offset by where the
    YAML starts in its file) and which notes keys given twice."""

    line_offset = 0

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[str, int]] = []  # (key, line) of keys given twice

    def construct_document(self, node):
        # Before building anything: aliases may make a 600-byte text stand for gigabytes
        # (each `*ref` repeats what `&ref` names, which can itself repeat others).
        check_expansion(node, self.line_offset)
        return super().construct_document(node)

    def construct_yaml_map(self, node):
        data = YamlDict()
        data.line = node.start_mark.line + 1 + self.line_offset
        yield data
        # By id, safe: the key nodes are held by `node` for the whole call.
        own_keys = {id(key_node) for key_node, _ in node.value}
        self.flatten_mapping(node)  # `<<: *defaults` merge keys: merged values come first
        seen: set = set()
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                ) from None
            line = key_node.start_mark.line + 1 + self.line_offset
            if id(key_node) in own_keys:
                if key in seen:
                    self.duplicates.append((str(key), line))
                seen.add(key)
            data[key] = self.construct_object(value_node, deep=True)
            data.lines[key] = line

    def construct_yaml_timestamp(self, node):
        # '2025-13-45' looks like a date to YAML but is none: a message, not a ValueError.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"'{node.value}' is not a real date ({exc})", node.start_mark
            ) from exc

    def construct_yaml_int(self, node):
        # int() refuses more than 4,300 digits (ValueError); no count or number in a book is near.
        if len(str(node.value)) > MAX_NUMBER_CHARACTERS:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"a number of {len(str(node.value)):,} digits is too long (at most {MAX_NUMBER_CHARACTERS})",
                node.start_mark,
            )
        return super().construct_yaml_int(node)

    def construct_yaml_seq(self, node):
        data = YamlList()
        data.line = node.start_mark.line + 1 + self.line_offset
        yield data
        for item in node.value:
            value = self.construct_object(item, deep=True)
            if isinstance(value, bool) and isinstance(item, yaml.ScalarNode):
                data.written[len(data)] = item.value
            data.append(value)
            data.lines.append(item.start_mark.line + 1 + self.line_offset)


class _LineLoader(_Lines, yaml.SafeLoader):
    pass


if hasattr(yaml, "CSafeLoader"):  # absent when PyYAML was built without libyaml

    class _FastLineLoader(_Lines, yaml.CSafeLoader):
        pass
else:  # pragma: no cover
    _FastLineLoader = None  # type: ignore[misc, assignment]

for _loader in filter(None, (_LineLoader, _FastLineLoader)):
    _loader.add_constructor("tag:yaml.org,2002:map", _Lines.construct_yaml_map)
    _loader.add_constructor("tag:yaml.org,2002:seq", _Lines.construct_yaml_seq)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _Lines.construct_yaml_timestamp)
    _loader.add_constructor("tag:yaml.org,2002:int", _Lines.construct_yaml_int)


# What one YAML text may stand for once its aliases are expanded, like the limits of
# hardened YAML loaders: far above any real front matter or theme, far below what hurts.
MAX_NUMBER_CHARACTERS = 100  # digits (and signs, underscores) of one YAML integer
MAX_ALIASES = 1_000  # `*ref` uses
MAX_EXPANDED_NODES = 100_000  # values, counting each repeat an alias makes
MAX_EXPANDED_CHARS = 1_000_000  # characters of text, counting each repeat


class ExpansionError(yaml.constructor.ConstructorError):
    """The text stands for too much once aliases are expanded, refers to itself, or holds
    a character that is no text (a lone surrogate)."""

    code = "yaml-alias-expansion"  # set per problem by check_expansion


def check_expansion(root, line_offset: int = 0) -> None:
    """Raise ExpansionError (with the line) when the node graph under `root`, expanded, is
    too big or circular, or a text value holds a lone surrogate. Linear in the graph's size:
    each node's expanded size is computed once."""
    # id(node) -> (nodes, chars) once expanded. By id, safe: every node is held by the graph
    # under `root` for the whole call.
    sizes: dict[int, tuple[int, int]] = {}
    visiting: set[int] = set()
    aliases = 0

    def fail(node, message, code="yaml-alias-expansion"):
        error = ExpansionError(None, None, message, node.start_mark)
        error.code = code
        raise error

    def size(node) -> tuple[int, int]:
        nonlocal aliases
        key = id(node)
        if key in sizes:
            aliases += 1
            if aliases > MAX_ALIASES:
                fail(node, f"more than {MAX_ALIASES} aliases (*name) in one text")
            return sizes[key]
        if key in visiting:
            fail(node, "an alias refers to the value that contains it (an endless value)", "yaml-alias-loop")
        visiting.add(key)
        if isinstance(node, yaml.ScalarNode):
            value = node.value
            if not value.isascii() and any("\ud800" <= ch <= "\udfff" for ch in value):
                fail(
                    node,
                    "the text holds a lone surrogate (like \\uD800), which is no character; remove it",
                    "yaml-surrogate",
                )
            result = (1, len(value))
        else:
            children = node.value
            if isinstance(node, yaml.MappingNode):
                children = [part for pair in children for part in pair]
            nodes, chars = 1, 0
            for child in children:
                child_nodes, child_chars = size(child)
                nodes += child_nodes
                chars += child_chars
                if aliases and (nodes > MAX_EXPANDED_NODES or chars > MAX_EXPANDED_CHARS):
                    fail(
                        node,
                        "aliases (*name) expand this value to more than "
                        f"{MAX_EXPANDED_NODES:,} values or {MAX_EXPANDED_CHARS:,} characters; "
                        "write the values out, or use fewer aliases",
                    )
            result = (nodes, chars)
        visiting.discard(key)
        sizes[key] = result
        return result

    if root is not None:
        size(root)


def _load(loader_class, text: str, first_line: int):
    """(data, duplicate keys) from one loader; its errors propagate."""
    loader = loader_class(text)
    loader.line_offset = first_line - 1
    try:
        return loader.get_single_data(), loader.duplicates
    finally:
        loader.dispose()


def load_yaml(text: str, path, diagnostics: Diagnostics, first_line: int = 1):
    """Parse YAML text; on a problem report it (with its line) and return None.

    `first_line` is the file line where `text` starts (front matter starts on line 2).
    libyaml reads first (it is fast); anything it refuses is read again by the pure-Python
    parser, whose messages are the ones reported.
    """
    loaded = None
    if _FastLineLoader is not None:
        try:
            loaded = _load(_FastLineLoader, text, first_line)
        except (yaml.YAMLError, RecursionError):
            pass  # reported below, in the pure-Python parser's words
    try:
        data, duplicates = loaded or _load(_LineLoader, text, first_line)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + first_line
        diagnostics.error(
            path,
            line,
            f"invalid YAML: the character U+{exc.character:04X} is not "
            "allowed in YAML (a control character): remove it",
            code="yaml-syntax",
        )
    except ExpansionError as exc:
        code = exc.code  # the refusal's own code
        diagnostics.error(
            path, _mark_line(exc.problem_mark, first_line), f"invalid YAML: {exc.problem}", code=code
        )
    except yaml.constructor.ConstructorError as exc:
        line = _mark_line(exc.problem_mark, first_line)
        problem = exc.problem or str(exc)
        if "could not determine a constructor" in problem:
            tag = problem.split("tag", 1)[-1].strip(" '")
            problem = (
                f"YAML tag {tag} is not allowed: sources may hold only plain data "
                "(text, numbers, dates, lists, mappings)"
            )
        diagnostics.error(path, line, f"invalid YAML: {problem}", code="yaml-syntax")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "<stream end>" in (exc.problem or "") and exc.context_mark is not None:
            mark = exc.context_mark  # an unclosed bracket or quote: point where it was opened
        line = _mark_line(mark, first_line)
        what = exc.problem or exc.context or "invalid YAML"
        diagnostics.error(path, line, f"invalid YAML: {what}", code="yaml-syntax")
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors in practice
        diagnostics.error(path, first_line, f"invalid YAML: {exc}", code="yaml-syntax")
    except RecursionError:  # PyYAML composes nested lists and mappings recursively
        diagnostics.error(
            path,
            first_line,
            "invalid YAML: lists or mappings are nested too deeply (hundreds of levels)",
            code="yaml-too-deep",
        )
    else:
        for key, line in duplicates:
            diagnostics.warning(
                path, line, f"key '{key}' is given twice; the last value is used", code="key-duplicate"
            )
        return data
    return None


def _mark_line(mark, first_line: int) -> int:
    return (mark.line + first_line) if mark is not None else first_line
