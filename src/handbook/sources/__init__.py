"""Stage 1: read the source folder (book.yaml, glossary.yaml, chapters) into text and YAML data."""

from handbook.sources.files import ChapterSource, SourceSet, load_sources  # noqa: F401
from handbook.sources.yamlload import YamlDict, YamlList, line_of, load_yaml  # noqa: F401
