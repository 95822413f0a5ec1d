"""The Markdown structure the linter and the flashcards rely on."""

from __future__ import annotations

from wellarch.content.document import Document, Table, slugify

BODY = """\
# Retry, with jitter!

Text [a](b.md#c) and
[d](#retry-with-jitter) ![pic](x.png)

## Retry, with jitter!

| a | b \\| c |
|---|---|
| 1 | 2 |

```python runnable
print(1)
```
"""


def test_slugify_follows_github():
    assert slugify("Retry, with jitter!") == "retry-with-jitter"
    assert slugify("L6 vs. L7: what changes?") == "l6-vs-l7-what-changes"
    assert slugify("Circuit_breaker state-machine") == "circuit_breaker-state-machine"


def test_headings_have_unique_anchors_and_file_lines():
    doc = Document(BODY, first_line=10)
    assert [(h.level, h.anchor, h.line) for h in doc.headings] == [
        (1, "retry-with-jitter", 10),
        (2, "retry-with-jitter-1", 15),
    ]


def test_links_and_images_keep_their_lines():
    doc = Document(BODY, first_line=10)
    assert [(link.href, link.line, link.image) for link in doc.links] == [
        ("b.md#c", 12, False),
        ("#retry-with-jitter", 13, False),
        ("x.png", 13, True),
    ]


def test_tables_and_escaped_pipes():
    doc = Document(BODY, first_line=10)
    (table,) = doc.tables
    assert table.line == 17
    assert Table.cells(table.rows[0]) == ["a", "b \\| c"]
    assert len(table.rows) == 3


def test_code_blocks_and_sections():
    doc = Document(BODY, first_line=10)
    (block,) = doc.code_blocks
    assert (block.language, block.runnable, block.line, block.code) == (
        "python",
        True,
        21,
        "print(1)\n",
    )
    assert doc.section(doc.headings[0]).startswith("Text [a](b.md#c) and")
    assert "## Retry, with jitter!" in doc.section(doc.headings[0])  # subsections belong
    assert doc.section(doc.headings[1]).endswith("```")
