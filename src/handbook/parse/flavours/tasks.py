"""Task lists, and the objective questions people write with them.

`- [x] option` / `- [ ] option` items are task items (`ListItem.checked`); the box itself is never
printed. A paragraph or heading that asks, followed by a task list of 2-6 options with exactly
one checked, is a practice question (model.questions.MultipleChoice, options in the author's
order), taken out of the text into the chapter's practice questions; a following "Explanation"
(a paragraph that starts so, or a box titled so) goes to the answer key with it. MkDocs quiz
boxes (`!!! quiz`, `??? question`) and options marked `{ data-correct }` are read the same way.

Obsidian's Tasks plugin writes its fields into a task line (priorities, dates, recurrence, ids):
they mean nothing on paper and are left out.
"""

from __future__ import annotations

import re

from handbook.model import (
    BlockQuote,
    Callout,
    CodeBlock,
    CodeSpan,
    Heading,
    Image,
    LineBreak,
    ListBlock,
    Location,
    MultipleChoice,
    Paragraph,
    RemoteImage,
    Text,
    plain_text,
)

TASK = re.compile(r"\[([ xX\-/><!?*])\][ \t]+")
DATE = r"\s*\d{4}-\d{2}-\d{2}"
# The Tasks plugin's emoji fields (its "Tasks Emoji Format"), each with what follows it.
TASKS_FIELDS = re.compile(
    r"[ \t]?(?:[\u23eb\U0001f53c\U0001f53d\u23ec\U0001f53a]\ufe0f?"  # priorities
    r"|[\U0001f4c5\u23f3\U0001f6eb\u2705\u274c\u2795]\ufe0f?(?:" + DATE + r")?"  # dates
    r"|\U0001f501\ufe0f?[^\U0001f4c5\u23f3\U0001f6eb\u2705\u274c\u2795\U0001f3c1\U0001f194\u26d4]*"  # recurrence
    r"|\U0001f3c1\ufe0f?\s*\w+|\U0001f194\ufe0f?\s*[\w-]+|\u26d4\ufe0f?\s*[\w,-]+)"
)
TASK_TAG = re.compile(r"(?:^|\s)#(?:task|todo|tasks)\b", re.IGNORECASE)
ASKS = re.compile(
    r"\?[\s\"'\u201d\u2019)*_]*\Z"
    r"|\A\s*(?:Q(?:uestion)?[ .]{0,3}\d+|\d+[ ]?[.)])"
    r"|\A\s*(?:which|what|who|whom|whose|when|where|why|how|consider|select|choose|identify|"
    r"find|name|pick|mark|tick)\b",
    re.IGNORECASE,
)
NUMBERING = re.compile(r"\A\s*(?:Q(?:uestion)?[ .]{0,3}\d+[ ]?[.):\-\u2013]?|\d+[ ]?[.)])\s*", re.IGNORECASE)
EXPLAINS = re.compile(r"\A\W*(explanation|explained|solution|answer|ans|reason|hint)\b\W*", re.IGNORECASE)
QUIZ_KINDS = {"quiz", "question", "questions", "mcq", "exercise", "check", "test", "practice", "self-check"}
MIN_OPTIONS, MAX_OPTIONS = 2, 6


def task_item(blocks: list, correct: bool | None) -> tuple[bool | None, list]:
    """(checked, blocks without the box) for a list item; checked is None for a plain item.
    `correct`: the item was marked `{ data-correct }` (True), or a sibling was (False)."""
    first = blocks[0] if blocks else None
    if isinstance(first, Paragraph) and first.children and isinstance(first.children[0], Text):
        found = TASK.match(first.children[0].text)
        if found:
            rest = first.children[0].text[found.end() :]
            children = ([Text(rest)] if rest else []) + first.children[1:]
            children = _without_task_fields(children)
            state = found.group(1)
            checked = state in "xX" if correct is None else correct
            return checked, [Paragraph(children, first.loc)] + blocks[1:]
    return correct, blocks


def _without_task_fields(children: list) -> list:
    out = []
    for child in children:
        if isinstance(child, Text) and (TASKS_FIELDS.search(child.text) or "#" in child.text):
            text = TASK_TAG.sub("", TASKS_FIELDS.sub("", child.text))
            if text != child.text:
                text = re.sub(r"[ \t]{2,}", " ", text)
            child = Text(text)
        out.append(child)
    while out and isinstance(out[-1], Text) and not out[-1].text.strip():
        out.pop()
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text.rstrip())
    if out and isinstance(out[0], Text):
        out[0] = Text(out[0].text.lstrip())
    return out


def is_task_list(block) -> bool:
    return (
        isinstance(block, ListBlock) and bool(block.items) and all(i.checked is not None for i in block.items)
    )


def take_questions(blocks: list, ctx, found: list) -> list:
    """`blocks` without the questions they hold (appended to `found`, in the order written)."""
    out: list = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (
            isinstance(block, (Paragraph, Heading))
            and isinstance(following, ListBlock)
            and is_task_list(following)
            and _asks(block.children)
        ):
            question = _question(block.children, following, block.loc, ctx)
            if question is not None:
                used = 2
                after = blocks[index + 2] if index + 2 < len(blocks) else None
                explanation = _explanation(after)
                if explanation is not None:
                    question.explanation = explanation
                    used = 3
                found.append(question)
                index += used
                continue
        if isinstance(block, Callout):
            quiz = _quiz_box(block, ctx, found)
            if quiz is not None:
                out.extend(quiz)
                index += 1
                continue
            block.blocks = take_questions(block.blocks, ctx, found)
        elif isinstance(block, BlockQuote):
            block.blocks = take_questions(block.blocks, ctx, found)
        out.append(block)
        index += 1
    return out


def _asks(children: list) -> bool:
    return bool(ASKS.search(plain_text(children).strip()))


def _quiz_box(box: Callout, ctx, found: list) -> list | None:
    """A quiz box: its questions taken (the title may be the question); what else it holds
    stays in a box. None when it is not a quiz box."""
    if box.kind not in QUIZ_KINDS:
        return None
    before = len(found)
    rest = take_questions(box.blocks, ctx, found)
    if len(found) == before and rest and is_task_list(rest[0]) and box.title:
        question = _question(box.title, rest[0], box.loc, ctx)
        if question is not None:
            explanation = _explanation(rest[1]) if len(rest) > 1 else None
            if explanation is not None:
                question.explanation = explanation
            found.append(question)
            rest = rest[2 if explanation is not None else 1 :]
    if len(found) == before:
        lists = [i for i, block in enumerate(rest) if is_task_list(block)]
        if len(lists) != 1 or not lists[0]:
            return None
        # mkdocs-quiz: whatever stands before the options asks (text, code), what follows explains.
        at = lists[0]
        question = _question(_as_run(rest[:at]), rest[at], box.loc, ctx)
        if question is None:
            return None
        question.explanation = _as_run(rest[at + 1 :])
        found.append(question)
        return []
    if rest and len(found) - before == 1 and not found[-1].explanation:
        # What a quiz box holds after its question explains it (mkdocs quiz "content").
        explanation = _as_run(rest)
        if explanation:
            found[-1].explanation = explanation
            rest = []
    return [Callout(box.kind, box.title, rest, box.loc)] if rest else []


def _question(asking: list, options_list: ListBlock, loc: Location, ctx):
    items = options_list.items
    checked = [i for i, item in enumerate(items) if item.checked]
    if not MIN_OPTIONS <= len(items) <= MAX_OPTIONS or not checked:
        return None
    if len(checked) > 1:
        ctx.diagnostics.warning(
            loc.path,
            loc.line,
            f"a question with {len(checked)} options checked is kept as a list (a practice "
            "question has one answer); the checks are not printed",
            code="question-several-checked",
        )
        return None
    options = []
    for item in items:
        first = item.blocks[0] if item.blocks else None
        run = (
            [c for c in first.children if not isinstance(c, (Image, RemoteImage))]
            if isinstance(first, Paragraph)
            else []
        )
        if not plain_text(run).strip() or len(item.blocks) > 1:
            return None  # an option with no text, or with more than a line: not an option
        options.append(run)
    return MultipleChoice(
        question=_without_numbering(asking),
        options=options,
        answer=checked[0],
        loc=loc,
        shuffle=False,  # the author's order: "(d) All of the above" stays last
    )


def _without_numbering(children: list) -> list:
    """'Q3. Which ...?' -> 'Which ...?': the book numbers its questions."""
    if children and isinstance(children[0], Text):
        found = NUMBERING.match(children[0].text)
        if found and children[0].text[found.end() :].strip():
            return [Text(children[0].text[found.end() :])] + children[1:]
    return list(children)


def _explanation(block) -> list | None:
    """The run an "Explanation: ..." paragraph or an Explanation/Answer box holds, else None."""
    if isinstance(block, Paragraph) and block.children and EXPLAINS.match(plain_text(block.children)):
        return _strip_label(block.children)
    if isinstance(block, Callout):
        title = plain_text(block.title)
        if EXPLAINS.match(title) or block.kind in ("answer", "explanation", "solution"):
            return _as_run(block.blocks) or None
    return None


def _strip_label(children: list) -> list:
    """'**Explanation:** text' -> 'text'."""
    from handbook.model import Strong, Emphasis

    out = [c for c in children if not (isinstance(c, Text) and not c.text)]
    if out and isinstance(out[0], (Strong, Emphasis)) and EXPLAINS.match(plain_text(out[0].children)):
        out = out[1:]
        if out and isinstance(out[0], Text):
            out[0] = Text(out[0].text.lstrip(" :.-\u2013\u2014"))
    elif out and isinstance(out[0], Text):
        found = EXPLAINS.match(out[0].text)
        if found:
            out[0] = Text(out[0].text[found.end() :])
    return [c for c in out if not (isinstance(c, Text) and not c.text)]


def _as_run(blocks: list) -> list:
    """Paragraphs and list items as one run of text, line breaks between them."""
    run: list = []
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            parts = [[c for c in block.children if not isinstance(c, (Image, RemoteImage))]]
        elif isinstance(block, CodeBlock):
            parts = [[CodeSpan(line)] for line in block.text.split("\n") if line.strip()]
        elif isinstance(block, ListBlock):
            parts = [_as_run(item.blocks) for item in block.items]
        elif isinstance(block, (Callout, BlockQuote)):
            parts = [_as_run(block.blocks)]
        else:
            parts = []
        for part in parts:
            if part:
                if run:
                    run.append(LineBreak())
                run.extend(part)
    return run
