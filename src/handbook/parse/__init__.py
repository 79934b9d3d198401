"""Stage 2: validate settings and front matter, parse Markdown into the document model."""

from handbook.parse.book import parse_book  # noqa: F401
