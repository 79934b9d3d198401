"""Bad sources come back as `path:line: error|warning: message`, never as a crash or as code run."""

from __future__ import annotations


import pytest

from handbook.errors import BuildFailed
from handbook.pipeline import build, check
from conftest import write_sources
from png import png_bytes
from robust_helpers import build_errors, files_opened, relative

GOOD = "---\ntitle: India and Japan\n---\nThe partnership grew after 2000.\n"


def test_broken_yaml_is_reported_at_the_parsers_line_and_nothing_else(tmp_path):
    messages = build_errors(
        tmp_path, {"01-a.md": "---\ntitle: Japan\ntags: [quad, asia\npaper: GS2\n---\nText.\n"}
    )
    # One message (no follow-up 'chapter has no title'), at the line where the parser stopped.
    assert messages == ["01-a.md:4: error: invalid YAML: expected ',' or ']', but got ':'"]


def test_wrong_types_and_unknown_keys(tmp_path):
    messages = build_errors(
        tmp_path,
        {
            "01-a.md": """
        ---
        title: Japan
        date: not-a-date
        tags: notalist
        titel: typo
        ---
        Text.
        """
        },
    )
    assert messages == [
        "01-a.md:3: error: 'date' must be a date written YYYY-MM-DD, not 'not-a-date'",
        "01-a.md:4: error: 'tags' must be a list, like [notalist] or one '- notalist' line per item",
        "01-a.md:5: warning: unknown key 'titel' in front matter (did you mean 'title'?)",
    ]


def test_control_characters_and_absurd_nesting_in_yaml_are_errors(tmp_path):
    messages = build_errors(
        tmp_path,
        {
            "01-a.md": "---\ntitle: A\npaper: G\x1fS2\n---\nText.\n",
            "02-b.md": "---\ntitle: B\ntags: " + "[" * 3000 + "\n---\nText.\n",
        },
    )
    assert messages == [
        "01-a.md:3: error: invalid YAML: the character U+001F is not allowed in YAML (a control "
        "character): remove it",
        "02-b.md:2: error: invalid YAML: lists or mappings are nested too deeply (hundreds of levels)",
    ]


def test_impossible_dates_are_errors_not_crashes(tmp_path):
    messages = build_errors(tmp_path, {"01-a.md": "---\ntitle: Japan\ndate: 2025-02-30\n---\nText.\n"})
    assert messages == [
        "01-a.md:3: error: invalid YAML: '2025-02-30' is not a real date (day is out of range for month)"
    ]


def test_a_numeric_title_is_text_and_unknown_keys_only_warn(make_book):
    book = make_book({"01-a.md": "---\ntitle: 1991\norder: 1\nauthor: me\n---\nReforms began.\n"})
    assert "1991" in book.text and "Reforms began." in book.text
    assert [d.format().split(": ", 1)[1] for d in book.result.diagnostics.items] == [
        "warning: unknown key 'author' in front matter"
    ]


def test_a_key_given_twice_is_a_warning(make_book):
    book = make_book({"01-a.md": "---\ntitle: First\ntitle: Second\n---\nText.\n"})
    assert "Second" in book.text
    assert [d.format().split(": ", 1)[1] for d in book.result.diagnostics.items] == [
        "warning: key 'title' is given twice; the last value is used"
    ]


def test_a_file_that_is_not_utf8_is_named_with_its_line(tmp_path):
    messages = build_errors(tmp_path, {"01-a.md": "---\ntitle: Caf\u00e9\n---\nOk.\n".encode("latin-1")})
    assert messages == [
        "01-a.md:2: error: the file is not UTF-8 text (byte 0xe9 cannot be read); save it with UTF-8 encoding"
    ]


def test_a_utf8_byte_order_mark_is_accepted(make_book):
    book = make_book({"01-a.md": ("\ufeff" + GOOD).encode("utf-8")})
    assert "India and Japan" in book.text and not book.result.diagnostics.items


def test_an_empty_file_is_left_out_with_a_warning(make_book):
    # Notes sites keep empty stub pages (issue 14): the book leaves them out and says so.
    book = make_book({"01-a.md": GOOD, "02-b.md": "  \n"})
    assert [d.code for d in book.result.diagnostics.items] == ["chapter-empty"]
    assert book.result.record.chapter_starts and len(book.result.record.chapter_starts) == 1


def test_a_chapter_with_only_front_matter_builds(make_book):
    book = make_book({"01-a.md": "---\ntitle: Only a title\n---\n"})
    assert "Only a title" in book.text


def test_duplicate_titles_and_order_numbers_are_warnings(make_book):
    book = make_book(
        {
            "01-a.md": "---\ntitle: Japan\norder: 1\n---\nA.\n",
            "02-b.md": "---\ntitle: japan\norder: 1\n---\nB.\n",
        }
    )
    messages = [d.format() for d in book.result.diagnostics.items]
    assert any(m.endswith(":1: warning: chapter title 'japan' is also used by 01-a.md") for m in messages), (
        messages
    )
    assert any(m.endswith(":1: warning: order 1 is also used by 01-a.md") for m in messages), messages


@pytest.mark.parametrize(
    "tagged",
    [
        "title: !!python/object/apply:os.system ['touch {marker}']",
        "title: !!python/object/new:os.system ['touch {marker}']",
        "title: !!python/name:os.system",
        "title: !custom thing",
    ],
)
def test_yaml_tags_are_rejected_and_never_run(tmp_path, tagged):
    marker = tmp_path / "ran"
    line = tagged.format(marker=marker)
    for name in ("01-a.md", "book.yaml", "glossary.yaml"):
        files = {"01-a.md": GOOD}
        files[name] = f"---\n{line}\n---\nText.\n" if name.endswith(".md") else line + "\n"
        messages = build_errors(tmp_path, files, name=name.replace(".", "-"))
        assert any("error: invalid YAML: YAML tag" in m and "is not allowed" in m for m in messages), messages
    assert not marker.exists()


def test_every_problem_of_every_chapter_is_reported_in_one_run(tmp_path):
    messages = build_errors(
        tmp_path,
        {
            "01-a.md": "---\ntitle: A\ndate: soon\n---\n![map](missing.png)\n",
            "02-b.md": "---\ntitle: [B\n---\nText.\n",
            "03-c.md": "---\ntitle: C\norder: first\n---\nText.\n",
        },
    )
    assert [m.split(": error")[0] for m in messages] == [
        "01-a.md:3",
        "01-a.md:5",
        "02-b.md:2",
        "03-c.md:3",
    ], messages


# --- images ------------------------------------------------------------------------------


def test_image_problems_are_errors_at_their_line(tmp_path):
    (tmp_path / "secret.png").write_bytes(png_bytes(4, 4))
    folder = write_sources(
        tmp_path / "src",
        {
            "01-a.md": "---\ntitle: A\n---\n![a](missing.png)\n\n![b](anim.gif)\n\n![c](../secret.png)\n\n"
            "![d](broken.png)\n\n![e](link.png)\n\n![f](https://example.com/x.png)\n",
            "anim.gif": b"GIF89a\x01\x00\x01\x00",
            "broken.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
        },
    )
    (folder / "link.png").symlink_to(tmp_path / "secret.png")
    with files_opened() as opened, pytest.raises(BuildFailed) as failed:
        build(folder, tmp_path / "out.pdf")
    messages = relative(failed.value.diagnostics.sorted(), folder)
    assert messages[0] == "01-a.md:4: error: image 'missing.png' not found"
    # A GIF is an image kind the book prints (issue 14); this one is cut short.
    assert messages[1].startswith("01-a.md:6: error: image 'anim.gif' is damaged and cannot be read")
    assert messages[2].startswith("01-a.md:8: error: image '../secret.png' is outside the source folder")
    assert messages[3].startswith("01-a.md:10: error: image 'broken.png' is damaged and cannot be read")
    assert messages[4].startswith("01-a.md:12: error: image 'link.png' is outside the source folder")
    # A web image never stops the build: a placeholder is printed, with a warning (issue 14).
    assert messages[5].startswith("01-a.md:14: warning: image 'https://example.com/x.png' is on the web")
    assert len(messages) == 6
    assert not [p for p in opened if "secret" in p], "read a file outside the source folder"


def test_chapters_linked_from_outside_are_never_read(tmp_path):
    (tmp_path / "private.md").write_text("---\ntitle: Private\n---\nSecret text.\n")
    folder = write_sources(tmp_path / "src", {"01-a.md": GOOD})
    (folder / "02-link.md").symlink_to(tmp_path / "private.md")
    (folder / "glossary.yaml").symlink_to(tmp_path / "private.md")
    with files_opened() as opened, pytest.raises(BuildFailed) as failed:
        build(folder, tmp_path / "out.pdf")
    messages = relative(failed.value.diagnostics.sorted(), folder)
    assert messages == [
        "02-link.md: error: this file is a link to a file outside the source folder; copy the file "
        "into the folder instead (sources never read outside it)",
        "glossary.yaml: error: this file is a link to a file outside the source folder; copy the "
        "file into the folder instead (sources never read outside it)",
    ]
    assert not [p for p in opened if "private" in p]


def test_book_yaml_cannot_name_files_outside_the_folder(tmp_path):
    messages = build_errors(
        tmp_path,
        {
            "01-a.md": GOOD,
            "book.yaml": 'style: ../../etc/theme.yaml\nchapters: [01-a.md, ../x.md, "a\\0b.md"]\n',
        },
    )
    assert [m.split(": error: ")[0] for m in messages] == ["book.yaml:1", "book.yaml:2", "book.yaml:2"]
    assert (
        "'style' must be a built-in theme name or the path of a theme file inside the source folder"
        in messages[0]
    )
    assert "chapter '../x.md' is outside the source folder" in messages[1]
    assert "is not a usable file name" in messages[2]


def test_check_reports_without_building(tmp_path):
    folder = write_sources(tmp_path / "src", {"01-a.md": "---\ntitle: A\ntags: x\n---\nText.\n"})
    diagnostics = check(folder)
    assert relative(diagnostics.items, folder) == [
        "01-a.md:3: error: 'tags' must be a list, like [x] or one '- x' line per item"
    ]


def test_acronyms_that_are_not_a_mapping_are_reported_at_their_line(tmp_path):
    from handbook.pipeline import check

    (tmp_path / "01.md").write_text("---\ntitle: One\nacronyms: notamap\n---\nText.\n", encoding="utf-8")
    found = [d.format() for d in check(tmp_path).errors]
    assert found == [
        f"{tmp_path / '01.md'}:3: error: acronyms must be a mapping like "
        "'QUAD: Quadrilateral Security Dialogue'"
    ]
