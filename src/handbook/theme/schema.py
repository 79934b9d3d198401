"""What a theme holds: frozen dataclasses, one per section of `styles/*.yaml`.

Lengths are points, or text with a unit in YAML ("18mm", "0.5in", "2cm"); colours '#rrggbb'.
The loader (theme.load) checks a theme against these classes field by field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal


def _builtin_dir():
    """The built-in themes: inside the installed package (a wheel: setup.py copies them there),
    else styles/ of the checkout the package runs from (an editable install, or src/ on the path)."""
    packaged = resources.files("handbook") / "themes"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "styles"


BUILTIN_DIR = _builtin_dir()


class Length(float):
    """A length in points; YAML may give points or '12mm', '1in', '2cm', '10pt'."""


class Color(str):
    """'#rrggbb' (YAML may also give '#rgb')."""


UNITS = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}
PAGE_SIZES = {"A4": (210, 297), "A5": (148, 210), "Letter": (215.9, 279.4), "A3": (297, 420)}


@dataclass(frozen=True)
class FontFamily:
    """Four TrueType files. `package` names an installed Python package holding them
    (fonts come with the install, never from the system); without it, paths are
    relative to the theme file."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    package: str = ""


@dataclass(frozen=True)
class TextStyle:
    font: str  # a key of Theme.fonts
    size: Length
    leading: Length
    color: Color
    bold: bool = False
    italic: bool = False
    align: Literal["left", "center", "right", "justify"] = "left"
    space_before: Length = Length(0)
    space_after: Length = Length(0)
    first_line_indent: Length = Length(0)


# What a running head or foot can show.
HeadContent = Literal["book_title", "chapter_title", "folio", "none"]


@dataclass(frozen=True)
class RunningLine:
    """The running head (or foot): what it shows on left-hand (verso) and right-hand (recto)
    pages, and where. `outer` is the edge away from the binding; on one-sided pages, the right.
    `chapter_title` is the current part's title: the chapter's, or 'Contents', 'Glossary'."""

    verso: HeadContent = "none"
    recto: HeadContent = "none"
    align: Literal["outer", "inner", "center"] = "outer"


@dataclass(frozen=True)
class PageStyle:
    size: str  # A4, A5, Letter, A3 or "WxH" in mm ("170x240")
    margin_top: Length
    margin_bottom: Length
    margin_inner: Length  # the binding side
    margin_outer: Length
    # The outer margin of wide blocks (tables, mind maps, figures wider than the text block):
    # they may reach into the outer margin as far as this. Never wider than margin_outer.
    wide_margin_outer: Length
    header_gap: Length  # baseline of the running head above the text block
    footer_gap: Length  # baseline of the folio below the text block
    rule_width: Length  # the line under the running head; 0 for none
    rule_color: Color
    duplex: bool = True  # mirrored margins, chapters on right-hand pages
    # The back-matter parts (answer key, glossary, index) open on a right-hand page too; a
    # saddle-stitched booklet, which pays for every page, lets them follow on the next page.
    back_matter_recto: bool = True
    header: RunningLine = RunningLine("book_title", "chapter_title")
    footer: RunningLine = RunningLine("folio", "folio")


@dataclass(frozen=True)
class PrintMarks:
    """Crop marks (`--crop-marks`): hairlines in line with the trim, outside it, starting
    `offset` from the trim (at least the bleed, so a mark never prints on the page)."""

    offset: Length = Length(3 * UNITS["mm"])
    length: Length = Length(6 * UNITS["mm"])
    line_width: Length = Length(0.25)
    color: Color = Color("#000000")


@dataclass(frozen=True)
class TextStyles:
    body: TextStyle
    h1: TextStyle
    h2: TextStyle
    h3: TextStyle
    h4: TextStyle
    h5: TextStyle
    h6: TextStyle
    chapter_label: TextStyle
    chapter_title: TextStyle
    chapter_subtitle: TextStyle
    chapter_meta: TextStyle
    list_item: TextStyle
    blockquote: TextStyle
    code: TextStyle
    table_header: TextStyle
    table_cell: TextStyle
    caption: TextStyle
    footnote: TextStyle
    header: TextStyle
    footer: TextStyle
    title: TextStyle
    subtitle: TextStyle
    title_meta: TextStyle
    toc_heading: TextStyle
    toc_chapter: TextStyle
    toc_section: TextStyle
    back_heading: TextStyle  # "Glossary of Acronyms", "Answer Key", "Syllabus Index"
    glossary_entry: TextStyle  # one glossary entry; a negative first_line_indent hangs it
    glossary_letter: TextStyle  # the letter over each group of entries
    index_paper: TextStyle  # "GS2" in the syllabus index
    index_topic: TextStyle  # "International Relations" under it
    imprint: TextStyle | None = None  # the title page's back (edition, publisher); else title_meta


@dataclass(frozen=True)
class Colors:
    accent: Color
    muted: Color
    link: Color
    code_background: Color
    quote_bar: Color
    table_rule: Color
    table_header_background: Color
    table_stripe: Color


@dataclass(frozen=True)
class Spacing:
    list_indent: Length
    bullet_width: Length
    quote_indent: Length
    quote_bar_width: Length
    code_padding: Length
    table_padding: Length
    rule_space: Length  # above and below a thematic break
    figure_max_height: float  # fraction of the text block's height
    chapter_top: Length  # space above the chapter label on an opening page
    chapter_rule: Length = Length(0)  # thickness of the rule under a chapter's title; 0 for none
    title_rule: Length = Length(0)  # thickness of the rule between title and author; 0 for none


@dataclass(frozen=True)
class Words:
    """Fixed wording the book prints, so an edition in another language is a theme."""

    contents: str
    chapter: str  # "Chapter" before the number
    footnotes: str
    blank_page: str  # printed on intentionally blank pages; "" for none


@dataclass(frozen=True)
class GlossaryStyle:
    """The acronym glossary at the back, and how acronyms are spelled out in the text."""

    title: str  # "Glossary of Acronyms"
    first_use: Literal["book", "chapter", "none"]  # where "Expansion (ACR)" is printed once
    list_unused: bool  # also list acronyms defined but never used (also `--all-acronyms`)
    letter_headings: bool  # a letter over each group of entries
    digits_heading: str  # the group of entries that start with a digit (5G, 2+2)
    page_separator: str  # between the expansion (or note) and the page numbers
    other_uses: str  # an entry with several meanings: before the pages of uses none was chosen for


@dataclass(frozen=True)
class SyllabusIndexStyle:
    """The syllabus index at the very back: chapters by exam paper, then topic."""

    title: str  # "Syllabus Index"
    papers: list[str]  # the order of papers; papers not listed follow, alphabetically
    other_paper: str  # heading for chapters that name no paper
    other_topic: str  # heading for chapters of a paper that name no topic


@dataclass(frozen=True)
class MindMapStyle:
    """The mind-map summary box (layout/mindmap.py): a framed, titled box of rounded topic
    boxes joined by connectors. Each first-level branch takes the next palette colour and
    dash pattern, so branches stay apart in greyscale print too."""

    title: TextStyle  # the box's heading
    title_text: str  # "Mind map"
    part_text: str  # a map split in parts: "{title} ({part} of {parts})"
    trail_text: str  # a branch drawn as its own map: "{title}: {trail}"
    trail_separator: str  # between the labels of {trail}
    font: str  # labels: a key of fonts
    root_size: Length
    branch_size: Length  # first-level branches
    leaf_size: Length  # everything deeper
    min_size: Length  # labels are never smaller: the map is split instead
    leading: float  # line height as a multiple of the font size
    text_color: Color
    root_fill: Color
    root_text_color: Color
    palette: list[Color]  # one per first-level branch, reused in turn
    dashes: list[list[float]]  # connector dash pattern per branch ([] = solid)
    fill_tints: list[float]  # share of the branch colour in a node's fill, by depth from 1
    line_widths: list[Length]  # node outlines, by depth from 0 (the last for deeper)
    connector_widths: list[Length]  # connectors, by the depth of their child end
    connector: Literal["curve", "elbow"]
    corner_radius: Length
    padding_x: Length  # inside a node, around its label
    padding_y: Length
    wrap_width: Length  # preferred label width at leaf_size (scaled for larger labels)
    min_wrap_width: Length
    root_gap: Length  # between the centre and the first-level branches
    level_gap: Length  # between a topic and its sub-topics
    sibling_gap: Length
    branch_gap: Length  # between first-level subtrees
    frame_color: Color
    frame_background: Color
    frame_width: Length
    frame_radius: Length
    frame_padding: Length
    space_before: Length
    space_after: Length


@dataclass(frozen=True)
class QuestionWords:
    """Wording around practice questions. `{letter}`, `{marks}`, `{words}`, `{chapter}` and
    `{number}` are replaced where they appear."""

    heading: str  # "Practice Questions", at each chapter's end
    answers: str  # "Answers", after a chapter's questions (answers: chapter)
    answer_key: str  # "Answer Key", the back-matter part (answers: end)
    key_chapter: str  # "{chapter}. {title}": a chapter's group in the answer key
    option_label: str  # "({letter})"
    limits: str  # "({marks} marks, {words} words)"
    list_one: str  # "List I"
    list_two: str  # "List II"
    list_titled: str  # "{list} ({title})": a list with the title its question gives it
    reference: str  # "{chapter}.{number}": a question as the answer key names it
    points: str  # "Points to cover:", before a descriptive question's model points


@dataclass(frozen=True)
class QuestionStyles:
    """Practice questions and the answer key (layout.questions, layout.answers)."""

    words: QuestionWords
    question: TextStyle  # the question and its lead-out
    number: TextStyle  # the question number in the margin
    option: TextStyle
    statement: TextStyle  # numbered statements and the rows of pairs
    list_heading: TextStyle  # "List I", "List II"
    limits: TextStyle  # "(15 marks, 250 words)"
    key_chapter: TextStyle
    key_answer: TextStyle  # "1.3  (b) Both 1 and 2"
    key_note: TextStyle  # explanations, statement notes, model points
    number_width: Length  # the margin the numbers hang in
    key_number_width: Length  # the same in the answer key, for "1.12"
    label_width: Length  # "(a)", "1.", "A." before an option, statement or list entry
    column_gap: Length
    space_between: Length  # between questions
    max_option_columns: int  # options are set in up to this many columns when they fit


# --- real notes (issue 14): callout boxes, contents depth, booklet size --------------------

# Icons (layout.callout_icons), then the plain shapes of earlier themes, which hold a `symbol`.
CalloutMark = Literal[
    "info",
    "question",
    "warning",
    "octagon",
    "speech",
    "lightbulb",
    "pencil",
    "list",
    "document",
    "newspaper",
    "globe",
    "checkbox",
    "target",
    "arrow",
    "star",
    "disclosure",
    "quote",
    "circle",
    "ring",
    "square",
    "box",
    "diamond",
    "triangle",
    "plus",
]


@dataclass(frozen=True)
class CalloutKind:
    """One kind of box (`::: tip`): its default title, colours, and a mark that tells the
    kinds apart when the colours are printed as greys (shape, and a letter inside it)."""

    title: str  # printed when the source gives no title
    accent: Color  # frame, title and mark
    tint: Color  # the box's background
    mark: CalloutMark
    symbol: str = ""  # a character set inside a plain shape mark ("!", "i", "?"); icons have none


@dataclass(frozen=True)
class CalloutStyle:
    """Callout boxes (layout/callouts.py). `aliases` maps other spellings (GitHub's `danger`,
    VitePress's `details`...) to a kind; an unknown kind is drawn as `note`, with a warning."""

    title: TextStyle  # the box's title line
    kinds: dict[str, CalloutKind]
    aliases: dict[str, str] = field(default_factory=dict)
    continued: str = "{title} (continued)"  # the title on a page the box continues on
    frame_width: Length = Length(0.6)
    bar_width: Length = Length(3)  # the accent bar down the left edge
    padding: Length = Length(6)
    mark_size: Length = Length(9)
    space_before: Length = Length(6)
    space_after: Length = Length(8)
    keep_height: float = 0.5  # boxes up to this share of the text height never split
    # The colour of every kind's bar and mark when set (none: each kind's accent). A black-and-
    # white theme sets black: an accent's grey (warning's orange is a 50 % grey) prints as a
    # screen of dots that blurs a 9 pt icon; the icons' shapes tell the kinds apart.
    ink: Color | None = None


@dataclass(frozen=True)
class HindiText:
    """How a Hindi book sets its text (issue 27, translations.hindi_typography): the text
    families (`replaces`) set in `family`, whose Latin letters, digits and quotes are drawn to
    match its Devanagari (no serif Latin next to sans Devanagari), at `size` and `leading`
    times the theme's (Devanagari's letters sit lower and reach further than Latin ones at the
    same size: a larger size makes the two x-heights alike, more leading keeps the matras of
    two lines apart)."""

    family: str = ""  # a key of `fonts`; "" leaves the text families as they are
    replaces: list[str] = field(default_factory=lambda: ["serif", "sans"])
    size: float = 1.0
    leading: float = 1.0


@dataclass(frozen=True)
class BookletSplit:
    """`--booklet`: a book longer than `max_pages` is imposed as several booklets."""

    max_pages: int = 64


@dataclass(frozen=True)
class TestPaperWords:
    """Wording of a practice test paper, its answer sheet and key (layout.exam_paper). `{count}`,
    `{minutes}`, `{marks}`, `{each}`, `{date}`, `{chapter}`, `{title}`, `{number}` are replaced."""

    title: str  # "Practice Test", when the test names none
    date: str  # "Date: {date}"
    time: str  # "Time allowed: {minutes} minutes"
    marks: str  # "Maximum marks: {marks}"
    name: str  # "Name of the candidate"
    roll: str  # "Roll number"
    instructions_heading: str
    instructions: list[str]  # one numbered line each, on every cover
    objective_instructions: list[str]  # then these, when the paper has objective questions
    descriptive_instructions: list[str]  # and these, when it has descriptive ones
    objective: str  # "Section A: Objective Questions ({count} × {each} = {marks} marks)"
    descriptive: str  # "Section B: Descriptive Questions ({marks} marks)"
    key: str  # "Answer Key"
    key_summary: str  # "Answers at a glance"
    source: str  # "Source: chapter {chapter}, {title}, question {number}"


@dataclass(frozen=True)
class TestPaperStyle:
    """A practice test: cover, ruled answer space (layout.exam_paper); the OMR sheet's geometry is
    fixed for scanners (layout.omr_sheet)."""

    words: TestPaperWords
    answer_lines: float  # ruled answer lines per 50 words of a descriptive question's limit
    line_spacing: Length  # between the ruled lines
    rule_color: Color  # the ruled lines, boxes and circles
    rule_width: Length  # their thickness
    block_gap: Length  # between the cover's blocks (facts, candidate's boxes, instructions)
    box_padding: Length  # inside the cover's boxes
    box_height: Length  # the candidate's name and roll-number boxes


@dataclass(frozen=True)
class MathStyle:
    """Formulas (layout/math.py): their size as a share of the text they sit in, and their
    colour (none: the colour of that text, so black in print-bw). The ratios are held between
    0.5 and 2 when used."""

    size_ratio: float = 1.0  # inline formulas, of the surrounding text size
    display_ratio: float = 1.15  # displayed formulas, of the body size
    color: Color | None = None
    space_before: Length = Length(4)  # around a displayed formula
    space_after: Length = Length(6)


@dataclass(frozen=True)
class Theme:
    name: str
    page: PageStyle
    fonts: dict[str, FontFamily]
    text: TextStyles
    colors: Colors
    spacing: Spacing
    words: Words
    glossary: GlossaryStyle
    syllabus_index: SyllabusIndexStyle
    mindmap: MindMapStyle
    questions: QuestionStyles
    test_paper: TestPaperStyle
    number_headings: bool = False
    bullets: list[str] = field(default_factory=lambda: ["•", "–", "◦"])
    marks: PrintMarks = PrintMarks()
    underline_links: bool = False  # so links stand out without colour (black-and-white print)
    greyscale: bool = False  # every colour of the theme becomes the grey of its lightness
    # Issue 27: justified text is hyphenated by the book's language (en-GB unless en-US).
    hyphenate: bool = True
    # rgb: colours as RGB (greys and black as K only, always); cmyk: every colour as CMYK, for
    # offset printing (the conversion is the naive one: a press's profile is the printer's).
    colour: Literal["rgb", "cmyk"] = "rgb"
    description: str = ""  # one line for `handbook styles`; not inherited by `extends:`
    # -- scripts and language (issue 16; layout/scripts.py, translations.py) --
    # Per family, the families tried in order for characters it lacks (each one of `fonts`).
    fallback: dict[str, list[str]] = field(default_factory=dict)
    emoji: Literal["keep", "strip"] = "keep"  # strip: emoji are left out of the printed text
    language: str = ""  # the book's own words in this language unless book.yaml says otherwise
    digits: Literal["", "international", "devanagari"] = ""  # "" = the language's default
    # language -> key -> wording (text, or a list for `options.*` and `months`)
    translations: dict[str, dict[str, object]] = field(default_factory=dict)
    source: Path | None = None  # the theme file, for messages
    # Issue 14 (real notes): callout boxes, how deep the contents go, booklet size.
    callouts: CalloutStyle | None = None  # required in practice: default.yaml defines it
    toc_depth: int = 2  # 1: chapters only; 2: and their sections; 3: and subsections
    booklet: BookletSplit = BookletSplit()
    hindi: HindiText = HindiText()  # Hindi books' text faces and sizes (issue 27)
    math: MathStyle = MathStyle()  # issue 28
    # Not a key of a theme file: a Hindi book's theme (translations.hindi_typography) keeps the
    # theme it was made from, whose families and sizes set an English chapter of that book.
    latin: Theme | None = None

    def page_size(self) -> tuple[float, float]:
        return page_size_points(self.page.size)


MIN_PAGE_MM, MAX_PAGE_MM = 20, 5000  # PDF viewers refuse pages above 200 inches (5080 mm)


def page_size_points(size: str) -> tuple[float, float]:
    mm = UNITS["mm"]
    if size in PAGE_SIZES:
        w, h = PAGE_SIZES[size]
    else:
        w, h = (float(x) for x in size.lower().split("x"))
        if not (MIN_PAGE_MM <= w <= MAX_PAGE_MM and MIN_PAGE_MM <= h <= MAX_PAGE_MM):  # also NaN
            raise ValueError(f"each side must be {MIN_PAGE_MM} to {MAX_PAGE_MM} mm")
    return w * mm, h * mm
