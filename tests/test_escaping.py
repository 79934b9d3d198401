"""Chapter text is printed as typed: nothing in it is read as reportlab paragraph markup."""

import re

from pdffacts import off_page_or_overlapping

TRICKY = 'Use <b>not bold</b> & <img src="x.png"/> and AT&T, 5 < 6 > 4, &lt;tag&gt; <font size=40>big</font>'


def test_markup_like_text_prints_as_typed_everywhere(make_book):
    book = make_book({"01-a.md": f"""
        ---
        title: "Title <i>with</i> & tags"
        subtitle: "Sub <b>x</b> & y"
        tags: ["<b>tag</b>"]
        ---
        {TRICKY}

        ## Heading <u>under</u> & more

        | A <b>cell</b> | B & C |
        |---|---|
        | <br/> | `<code>` |

        - item <a href="https://evil.example">not a link</a>

        ```
        <para>code & more</para>
        ```
        """})
    text = re.sub(r"\s+", " ", book.text)
    for expected in ['Use <b>not bold</b> & <img src="x.png"/> and AT&T, 5 < 6 > 4, <tag>',
                     "<font size=40>big</font>", "Title <i>with</i> & tags", "Sub <b>x</b> & y",
                     "Heading <u>under</u> & more", "A <b>cell</b>", "B & C", "<br/>", "<code>",
                     '<a href="https://evil.example">not a link</a>', "<para>code & more</para>",
                     "#<b>tag</b>"]:
        assert expected in text, expected
    # Raw HTML is reported, once per chapter, as a warning.
    warnings = [d.code for d in book.result.diagnostics.warnings]
    assert warnings.count("html-as-text") == 1
    assert off_page_or_overlapping(book.path) == []


def test_raw_html_never_becomes_a_link(make_book):
    from pdffacts import links

    book = make_book({"01-a.md": '# T\n\n<a href="https://evil.example">click</a>\n'})
    assert "click" in book.text  # the text is printed, as text
    assert [link for link in links(book.path) if link["uri"] == "https://evil.example"] == []
    assert links(make_book({"01-a.md": "# T\n\n<https://good.example>\n"}).path)  # links are found
