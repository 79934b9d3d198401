from handbook.errors import BuildFailed
import pytest


def test_a_chapter_builds_with_its_text_in_order(make_book):
    book = make_book(
        {
            "01-a.md": """
        ---
        title: India and Japan
        ---
        First paragraph.

        ## History

        Second paragraph.
        """
        }
    )
    body = book.pages[book.page_of("First paragraph")]
    assert (
        body.index("India and Japan")
        < body.index("First paragraph")
        < body.index("History")
        < body.index("Second paragraph")
    )


def test_no_chapters_is_an_error(tmp_path):
    from handbook.pipeline import build

    with pytest.raises(BuildFailed) as info:
        build(tmp_path, tmp_path / "out.pdf")
    assert info.value.diagnostics.items[0].code == "no-chapters"
