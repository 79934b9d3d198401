"""Every path a source names goes through `sources.confine.confined` (issue 12).

This walks the code for the calls that make a path or open a file (`open(`, `Path(`, file
readers) and checks each against the list below, which says why that use is not a name from a
source folder, or that its path already went through `confined`. A new use fails the test until
it is routed through `confined` or listed here with its reason; a use that is gone must leave
the list, so the list stays true.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from handbook.sources.confine import PathRefused, confined, is_inside

SRC = Path(__file__).resolve().parent.parent / "src" / "handbook"

# Calls that make a path from text, or open or read a file by path.
WATCHED = {
    "open",
    "Path",
    "read_bytes",
    "read_text",
    "TTFont",
    "TTFontFile",
    "_TrueTypeFont",  # layout/rlcompat.py's TTFont, whose face is remembered across processes
    "_RememberedFace",
    "ImageReader",
    "PdfReader",
    "iterdir",
    "glob",
    "walk",
}
NOT_FILES = {"walk": {"os"}}  # `walk` counts only as os.walk (not a tree walker of our own)

# "module function call": why the path that call makes or opens is not a name from a source.
EXPLAINED = {
    # Issue 25 (flavours). A vault's or a site's notes: the folder listed (os.walk does not
    # follow links to folders; each file is checked by is_inside in _chapter_paths); settings
    # files at fixed names, read only when their real path is inside; docs_dir confined.
    "sources/sites.py _notes_below walk": "lists the source folder (links to folders not followed)",
    "sources/sites.py _notes_below Path": "a listed folder's path, not a name from a source",
    "sources/sites.py notes_in_sub_folders glob": "lists the source folder's own Markdown files",
    "parse/flavours/cards.py <module> Path": "the fixed name of the Spaced Repetition plugin's settings",
    "parse/flavours/cards.py _separators Path": "the source folder's own path, as a string for the cache",
    "sources/sites.py _small_text open": "a fixed name in the folder, read only when is_inside",
    # Obsidian: names found by listing the vault, then confined where they are used (images by
    # resolve_image, embedded notes by markdown._image_free_path).
    "parse/flavours/obsidian.py _index walk": "lists the source folder (links to folders not followed)",
    "parse/flavours/obsidian.py _index Path": "a listed file's path",
    "parse/flavours/obsidian.py embed_node Path": "only the suffix of a name, to tell images from notes",
    "parse/flavours/obsidian.py transclude Path": "realpath of a listed note; confined before it is read",
    "parse/flavours/obsidian.py _block_with_id read_text": "the embedded note, confined by transcluded_blocks",
    "parse/markdown.py transcluded_blocks Path": "the embedding chapter's own path, for the loop check",
    "parse/markdown.py transcluded_blocks read_text": "reads the path _image_free_path confined",
    # The one gate and what it is built on.
    "sources/confine.py confined Path": "the confinement function itself",
    "sources/confine.py is_inside Path": "checks listed (not named) files with realpath",
    # Reading the source folder: listed by glob, or the fixed names book.yaml and glossary.yaml.
    "sources/files.py load_sources Path": "the source folder from the command line",
    "sources/files.py _chapter_paths glob": "lists *.md in the folder; each checked by is_inside",
    "sources/confine.py open_confined open": "the gate: O_NOFOLLOW, regular files, checked where it opened",
    "sources/files.py read_text Path": "the real folder of a theme the user named (the gate's root)",
    "sources/files.py file_head Path": "the real folder of a theme the user named (the gate's root)",
    "sources/files.py load_mapping read_text": "its own read_text(), on a confined path",
    "sources/files.py load_sources read_text": "its own read_text(), on a confined path",
    # handbook glossary suggest --write: the fixed name glossary.yaml in SOURCE, refused when it
    # is a link out of the folder (append_to_glossary checks its real path).
    "workflow/suggest.py append_to_glossary Path": "SOURCE/glossary.yaml, its real path checked",
    "workflow/suggest.py append_to_glossary read_text": "SOURCE/glossary.yaml, its real path checked",
    # ... and its proposals, the fixed name glossary.suggested.yaml in SOURCE (issue 26): read
    # and written only when its real path is in the folder, overwritten only when handbook wrote it.
    "workflow/suggest.py suggested_path Path": "SOURCE/glossary.suggested.yaml, a fixed name",
    "workflow/suggest.py read_suggested Path": "SOURCE/glossary.suggested.yaml, its real path checked",
    "workflow/suggest.py read_suggested read_text": "SOURCE/glossary.suggested.yaml, its real path checked",
    "workflow/suggest.py write_suggested Path": "SOURCE/glossary.suggested.yaml, its real path checked",
    "workflow/suggest.py write_suggested read_text": "SOURCE/glossary.suggested.yaml, its real path checked",
    "workflow/review.py review_suggestions Path": "SOURCE/glossary.suggested.yaml, named in a message",
    # Images: resolve_image confines; these read what it returned.
    "parse/images.py data_problem open": "Pillow on bytes read through the gate (read_confined)",
    "parse/images.py pixel_problem open": "Pillow on bytes read through the gate (read_confined)",
    "layout/images.py layout_image ImageReader": "bytes read through the gate (read_confined)",
    "layout/rlcompat.py _clear_pixel ImageReader": "an image made in memory (a blank pixel for an inline formula box), no path",
    # Themes and fonts.
    "theme/load.py _locate Path": "a --style path (the user's choice) or one _read_chain confined",
    "theme/load.py _read_chain Path": "the confinement root and built-in folder",
    "theme/load.py _is_builtin Path": "the built-in themes' folder",
    "theme/load.py builtin_themes iterdir": "the built-in themes' folder",
    "theme/load.py theme_description read_text": "a built-in theme, by its listed name",
    "theme/load.py _read_chain read_text": "a theme file _read_chain confined, read through the gate (its root)",
    "theme/load.py _text_digest read_text": "a theme file read before, through the gate of its first read (its root)",
    "theme/load.py merged_theme Path": "the real path of the folder a theme is looked for in (base_dir), confined after",
    "theme/checks.py font_source Path": "the theme file's folder, the root for confined()",
    "theme/checks.py _is_builtin_folder Path": "the built-in themes' folder",
    "theme/checks.py font_file_problem TTFontFile": "the bytes read_confined() read of a font file font_source got from confined()",
    "theme/checks.py font_file_problem Path": "the folder of a font file font_source got from confined(), the root for read_confined()",
    "theme/fontpackages.py font_packages Path": "an allow-listed distribution's folder (metadata)",
    "theme/fontpackages.py _file_parts read_text": "an allow-listed distribution's RECORD (metadata)",
    "layout/rlcompat.py truetype_font _TrueTypeFont": "the bytes the theme check read through read_confined(), or an installed font package's file",
    "layout/rlcompat.py __init__ _RememberedFace": "what truetype_font gave _TrueTypeFont: the checked bytes or an installed package's file",
    "layout/typography.py dictionary_path Path": "pyphen's installed package folder, no source's",
    "layout/typography.py load read_bytes": "a hyphenation dictionary in pyphen's package (dictionary_path)",
    "layout/scripts.py chains_for Path": "compares two font_file() results (confined)",
    # The build cache (issue 17): hashes what the folder holds, never follows or opens more.
    "incremental/keys.py source_files walk": "lists the source folder to hash it; links not followed",
    "incremental/keys.py source_files Path": "the source folder from the command line",
    "incremental/keys.py file_digest open": "hashes a listed or named file: lstat first, O_NOFOLLOW, regular only",
    "incremental/keys.py named_file Path": "an image path resolve_image got from confined()",
    "incremental/keys.py _code_files_digest Path": "the installed package and built-in themes' folders",
    "incremental/keys.py _code_files_digest open": "the installed package and built-in themes",
    "incremental/keys.py _code_files walk": "lists the installed package and built-in themes' folders",
    # The build cache (issue 23): the user's cache folder, or .cache beside the -o path; every
    # folder and entry below opened relative to its checked parent, never through a link.
    "incremental/store.py __init__ Path": "the cache folder: the user's, or beside the -o path",
    "incremental/keys.py __init__ Path": "SourceKeys: the source folder and the -o path's folder, listed",
    "incremental/store.py for_build Path": "the cache folder beside the -o path",
    "incremental/store.py user_cache_root Path": "$XDG_CACHE_HOME or the home folder: the user's own",
    "incremental/store.py wants_local_cache Path": "SOURCE/book.yaml (lstat: a regular file, not a link)",
    "incremental/store.py _open_path open": "the cache folder's parent, then the folder with O_NOFOLLOW",
    "incremental/store.py _open_folder open": "a cache folder, relative to its checked parent, O_NOFOLLOW",
    "incremental/store.py _read_secret open": "the user's secret key, relative to the checked cache root",
    "incremental/store.py get open": "an entry, relative to its checked kind folder, O_NOFOLLOW",
    "incremental/store.py put open": "a new temporary entry, O_CREAT | O_EXCL | O_NOFOLLOW",
    "incremental/store.py _written_here open": "an entry pruning checks, relative to its folder, O_NOFOLLOW",
    "incremental/store.py read_entry Path": "an entry a test or tool names",
    "incremental/store.py read_entry read_bytes": "an entry a test or tool names (then authenticated)",
    "incremental/recordings.py folio_key Path": "the source folder, hashed into a key",
    "output/preview.py find_chapter Path": "--chapter from the command line, compared only",
    "pipeline.py build_chapter Path": "the -o path and the source folder",
    "workflow/preview.py preview_path Path": "preview.pdf beside the -o path",
    "workflow/preview.py saved_chapter Path": "a file the watcher listed in the folder",
    # Outputs: paths from the command line, and files handbook writes.
    "output/atomic.py write_atomically Path": "an output path",
    "output/atomic.py write_all_atomically Path": "an output path",
    "output/atomic.py remove_stale_temporaries Path": "an output path",
    "output/atomic.py remove_stale_temporaries glob": "temporaries beside an output",
    "output/products.py write_products Path": "the -o path",
    "output/products.py _manifest read_text": "the --split manifest handbook writes",
    "output/guard.py output_refusal Path": "the -o path and the source folder",
    # Issue 14: booklets cut from the rendered PDF, SVG checks, `handbook images fetch`.
    "output/booklets.py impose_booklets PdfReader": "the PDF just rendered, in memory",
    "workflow/images_fetch.py fetch_images Path": "the source folder from the command line",
    "workflow/images_fetch.py fetch_images open": "opener.open: a web address, never a file",
    "workflow/images_fetch.py fetch_images read_text": "its own read_text() through the gate",
    "workflow/images_fetch.py _holds open": "a name relative to the images/ folder opened by the gate",
    "workflow/images_fetch.py _create open": "a name relative to the images/ folder opened by the gate",
    "sources/confine.py open_confined_folder open": "the gate for a folder: O_NOFOLLOW, checked where it opened",
    "workflow/images_fetch.py _download open": "a web address, opened by urllib (http(s) only)",
    "output/guard.py written_by_handbook open": "the -o path or a product's path",
    "output/guard.py written_by_handbook PdfReader": "the -o path or a product's path",
    "output/imposition.py impose_booklet PdfReader": "the PDF just made, in memory",
    "output/printmarks.py add_print_marks PdfReader": "the PDF just made, in memory",
    "output/split.py split_chapters PdfReader": "the PDF just made, in memory",
    # The command line and the editor's workflow: paths the user typed.
    "cli.py <module> Path": "click's path type for SOURCE",
    "cli_values.py convert Path": "the -o value",
    "cli_values.py existing_source Path": "the SOURCE value",
    "pipeline.py prepare Path": "the source folder and --style from the command line",
    "pipeline.py build Path": "the source folder and -o from the command line",
    "errors.py display_path Path": "shortens a path for a message; opens nothing",
    "cli.py init Path": "click's path type for FOLDER",
    "cli.py stats.measure Path": "the source folder from the command line",
    "cli.py complete_style Path": "TAB completion lists the folder the user is typing",
    "cli.py complete_style iterdir": "TAB completion lists the folder the user is typing",
    "workflow/scaffold.py template read_text": "handbook's own templates",
    "workflow/scaffold.py init_project read_text": "handbook's own templates",
    "workflow/scaffold.py init_project Path": "the FOLDER the user typed",
    "workflow/scaffold.py init_project iterdir": "the FOLDER the user typed (is it empty?)",
    "workflow/scaffold.py new_chapter Path": "the SOURCE the user typed",
    "workflow/scaffold.py new_chapter glob": "lists chapters to refuse a duplicate name",
    "workflow/scaffold.py default_title Path": "the FOLDER the user typed",
    "workflow/watch.py watched_files Path": "the source folder and built-in themes",
    "workflow/watch.py watched_files glob": "themes beside a theme file (only stat'ed)",
    "workflow/watch.py _source_files Path": "files listed under the source folder (only stat'ed)",
    "workflow/watch.py _source_files walk": "lists the source folder (only stat'ed)",
    "workflow/watch.py _theme_file Path": "a --style path; book.yaml's style goes through confined()",
    "theme/schema.py _builtin_dir Path": "the built-in themes beside the package (styles/), not a source",
    "translations.py <module> Path": "translations.yaml beside the package's own modules, not a source",
    "translations.py <module> read_text": "translations.yaml beside the package's own modules",
    # Editions and practice tests (issue 18).
    "cli.py build Path": "the -o default, or build/ and an edition's output (a file name, no folders)",
    "edition_cut.py named_in_book_yaml Path": "the source folder; book.yaml goes through confined()",
    "parse/book.py parse_settings read_text": "book.yaml again, at the path load_sources confined",
    "practice.py build_test Path": "the source folder, -o and build/ from the command line",
    # One build request (issue 24): the paths of every command that writes PDFs.
    "build_request.py choose_theme Path": "a --style path (the user's choice); book.yaml's is confined",
    "build_request.py refuse_outputs Path": "the source folder and -o, to refuse writing over them",
    "build_request.py targets Path": "the -o paths the request writes",
    "output/replay_check.py replay_differences PdfReader": "the PDFs just made, in memory",
    "cli_values.py <module> Path": "click's path type for the SOURCE argument",
    "cli.py editions Path": "the SOURCE and -o folder the user typed",
    "cli.py test Path": "the SOURCE and -o the user typed",
    # `handbook grade` (issue 30): the scans, key and template the user names, not a source folder.
    "cli.py grade Path": "click's path type for the scans, --key, --template and -o the user typed",
    "cli.py _key_template_name Path": "the template's file name, taken beside the --key the user typed",
    "cli.py _key_template_name read_text": "the --key file the user typed (size-checked again when loaded)",
    "workflow/grade.py _json read_text": "the --key or --template file the user typed, size-checked first",
    "workflow/grade.py load_pages read_bytes": "a scan the user typed, size-checked first",
    "workflow/grade.py refuse_foreign open": "the -o CSV the user typed: its first line, to see grade wrote it",
}
WHY = {tuple(key.split()): why for key, why in EXPLAINED.items()}


def file_uses(src: Path = SRC) -> set[tuple[str, str, str]]:
    """(module, enclosing function, call) of every watched call in src/handbook."""
    uses = set()
    for file in sorted(src.rglob("*.py")):
        module = file.relative_to(src).as_posix()
        tree = ast.parse(file.read_text(encoding="utf-8"))
        scope: list[str] = []

        class Visitor(ast.NodeVisitor):
            def visit_FunctionDef(self, node):
                scope.append(node.name)
                self.generic_visit(node)
                scope.pop()

            visit_AsyncFunctionDef = visit_FunctionDef

            def visit_Call(self, node):
                func = node.func
                name = (
                    func.id
                    if isinstance(func, ast.Name)
                    else func.attr
                    if isinstance(func, ast.Attribute)
                    else None
                )
                owner = (
                    func.value.id
                    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                    else None
                )
                if name in WATCHED and (name not in NOT_FILES or owner in NOT_FILES[name]):
                    uses.add((module, ".".join(scope) or "<module>", name))
                self.generic_visit(node)

        Visitor().visit(tree)
    return uses


def test_every_path_use_is_confined_or_explained():
    uses = file_uses()
    unexplained = sorted(uses - WHY.keys())
    assert not unexplained, (
        "route these through sources.confine.confined, or say in WHY why the "
        f"path is not named by a source: {unexplained}"
    )


def test_the_list_of_explained_uses_is_not_stale():
    assert not sorted(WHY.keys() - file_uses())


def test_the_walker_sees_a_new_use(tmp_path):
    (tmp_path / "evil.py").write_text("def f(name):\n    return open(name).read()\n")
    assert file_uses(tmp_path) == {("evil.py", "f", "open")}


@pytest.mark.parametrize(
    "name, code",
    [
        ("/etc/passwd", "path-outside"),
        ("../x.md", "path-outside"),
        ("a/../../x.md", "path-outside"),
        ("link.md", "path-outside"),
        ("bad\0name.md", "path-unusable"),
        ("x" * 5000 + ".md", "path-unusable"),
    ],
)
def test_confined_refuses_every_way_out(tmp_path, name, code):
    root = tmp_path / "src"
    root.mkdir()
    (root / "link.md").symlink_to(tmp_path / "outside.md")
    with pytest.raises(PathRefused) as refused:
        confined(name, root, root)
    assert refused.value.code == code


def test_confined_allows_paths_inside_even_through_links(tmp_path):
    root = tmp_path / "src"
    (root / "images").mkdir(parents=True)
    (root / "images" / "a.png").write_bytes(b"x")
    (root / "alias").symlink_to(root / "images")
    assert confined("alias/a.png", root, root) == (root / "images" / "a.png").resolve()
    assert confined("../images/a.png", root / "images", root) == (root / "images" / "a.png").resolve()


def test_is_inside_follows_every_link_of_a_listed_file(tmp_path):
    """A listed file right in the folder is inside unless it is a link that leads out; the
    folder itself may be a link (or be named with a link on its way)."""
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (tmp_path / "outside.md").write_text("x", encoding="utf-8")
    for name in ("a.md", "sub/b.md"):
        (real / name).write_text("x", encoding="utf-8")
    (real / "out.md").symlink_to(tmp_path / "outside.md")
    (real / "in.md").symlink_to(real / "sub" / "b.md")
    (real / "out-dir").symlink_to(tmp_path)
    (tmp_path / "alias").symlink_to(real)
    for root in (real, tmp_path / "alias", tmp_path / "alias" / ".." / "real"):
        assert is_inside(root / "a.md", root)
        assert is_inside(root / "in.md", root)
        assert is_inside(root / "sub" / "b.md", root)
        assert not is_inside(root / "out.md", root)
        assert not is_inside(root / "out-dir" / "outside.md", root)
