"""Chapter text is printed as typed: nothing in it is read as reportlab paragraph markup."""

from conftest import missing
from pdffacts import off_page_or_overlapping

# HTML tags are read by an HTML parser (parse.html) into model nodes; nothing reaches
# reportlab as markup: <font size=40> is a tag without meaning on paper, its text stays.
TRICKY = "Use <b>bold</b> & AT&T, 5 < 6 > 4, &lt;tag&gt; <font size=40>big</font> <para>x</para>"


def test_markup_like_text_prints_as_typed_everywhere(make_book):
    book = make_book(
        {
            "01-a.md": f"""
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
        """
        }
    )
    text = book.flat_text
    shown = [
        "Use bold & AT&T, 5 < 6 > 4, <tag> big x",
        "Title <i>with</i> & tags",
        "Sub <b>x</b> & y",
        "Heading under & more",
        "A cell",
        "B & C",
        "<code>",
        "item not a link",
        "<para>code & more</para>",
        "#<b>tag</b>",
    ]
    assert missing(text, shown) == []
    # Unknown tags are left out, named once per chapter with their lines.
    dropped = [d for d in book.result.diagnostics.warnings if d.code == "html-dropped"]
    assert len(dropped) == 1 and "<para>" in dropped[0].message
    assert off_page_or_overlapping(book.path) == []


def test_raw_html_links_only_to_the_web(make_book):
    from pdffacts import links

    book = make_book(
        {
            "01-a.md": '# T\n\n<a href="javascript:alert(1)">a</a> <a href="file:///etc/passwd">b</a> '
            '<a href="https://example.org/x">c</a>\n'
        }
    )
    uris = [link["uri"] for link in links(book.path) if link.get("uri")]
    assert uris == ["https://example.org/x"]
