"""Themes: `styles/*.yaml`, validated once at load into frozen dataclasses.

A theme names every size, colour, font and spacing the layout uses. Every theme but
`default` extends another (`extends: NAME|PATH`, default `default`) and overrides only what
it changes; the merged result must fill every field of `Theme` (theme.schema). Loading and
merging are theme.load; checks across fields are theme.checks.
"""

from handbook.theme.checks import font_file  # noqa: F401  (the package's public names)
from handbook.theme.load import (  # noqa: F401
    as_greyscale,
    builtin_themes,
    load_theme,
    load_theme_into,
    theme_description,
)
from handbook.theme.schema import (  # noqa: F401
    BUILTIN_DIR,
    Length,
    Color,
    UNITS,
    PAGE_SIZES,
    FontFamily,
    TextStyle,
    RunningLine,
    PageStyle,
    PrintMarks,
    TextStyles,
    Colors,
    Spacing,
    Words,
    GlossaryStyle,
    SyllabusIndexStyle,
    MindMapStyle,
    QuestionWords,
    QuestionStyles,
    Theme,
    page_size_points,
)
