"""Knowledge-base Markdown as safe HTML for the learn and study pages.

The parser is markdown-it with raw HTML *disabled*: ``<script>`` in a page is shown as text,
never run. Every link goes through a resolver: ``other-page.md#anchor`` (the knowledge base's
internal link form, see :mod:`wellarch.content.checks`) becomes ``/learn/other-page#anchor``,
an external link must pass :func:`wellarch.report.text.safe_url` (``http``/``https`` only),
and anything else loses its link but keeps its text. Images are not loaded (the app is
offline and its Content-Security-Policy allows none from outside): they become links.
Headings get the anchors :class:`wellarch.content.document.Document` computes, so a table of
contents and links between pages land on them; code blocks and tables get the app's classes,
and column alignment becomes a class (inline ``style`` is refused by the CSP).

Example:
    >>> str(markdown_html("<b>hi</b> [x](javascript:alert(1))", resolve=lambda href: None))
    '<p>&lt;b&gt;hi&lt;/b&gt; [x](javascript:alert(1))</p>\\n'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote, unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

from wellarch.content.checks import is_external
from wellarch.content.document import slugify
from wellarch.report.text import safe_url

__all__ = ["Resolver", "markdown_html", "page_resolver"]

#: Turns a link target from the Markdown into a URL for the page, or ``None`` to drop it.
Resolver = Callable[[str], "str | None"]

_LANGUAGE = re.compile(r"[^a-z0-9_+-]")
_ALIGN = re.compile(r"text-align:\s*(left|right|center)")


def page_resolver(slugs: Collection[str], base: str = "/learn/") -> Resolver:
    """The resolver for pages whose slugs are ``slugs``: internal ``.md`` links to existing
    pages become ``/learn/<slug>``, ``#anchor`` stays, ``http(s)`` links are made safe."""

    def resolve(href: str) -> str | None:
        href = href.strip()
        if href.startswith("#"):
            return "#" + quote(unquote(href[1:]), safe="-_.~")
        if is_external(href):
            return safe_url(href)
        path, _, anchor = href.partition("#")
        name = PurePosixPath(unquote(path.split("?", 1)[0])).name
        if not name.endswith(".md") or name[:-3] not in slugs:
            return None
        url = base + quote(name[:-3], safe="")
        return url + ("#" + quote(unquote(anchor), safe="-_.~") if anchor else "")

    return resolve


def _fence(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    words = token.info.split()
    language = _LANGUAGE.sub("", words[0].lower()) if words and token.type == "fence" else ""
    label = f'<span class="code-lang">{escape(language)}</span>' if language else ""
    css = f' class="language-{language}"' if language else ""
    return (
        f'<div class="code-block">{label}<pre tabindex="0"><code{css}>'
        f"{escape(token.content)}</code></pre></div>\n"
    )


def _image(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env) or "image"
    src = safe_url(token.attrGet("src"))
    if src is None:
        return str(escape(alt))
    return (
        f'<a class="external" href="{escape(src)}" rel="noopener noreferrer">'
        f"Image: {escape(alt)}</a>"
    )


def _table_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return '<div class="table-wrap md-table"><table class="table">\n'


def _table_close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return "</table></div>\n"


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    parser.add_render_rule("fence", _fence)
    parser.add_render_rule("code_block", _fence)
    parser.add_render_rule("image", _image)
    parser.add_render_rule("table_open", _table_open)
    parser.add_render_rule("table_close", _table_close)
    return parser


_PARSER = _parser()


def _inline_text(token: Token) -> str:
    return "".join(c.content for c in token.children or () if c.type in {"text", "code_inline"})


def _links(token: Token, resolve: Resolver) -> None:
    """Resolve the links of an inline token; unresolved ones keep only their text."""
    children: list[Token] = []
    dropping = False
    for child in token.children or ():
        if child.type == "link_open":
            url = resolve(str(child.attrGet("href") or ""))
            if url is None:
                dropping = True
                continue
            dropping = False
            child.attrSet("href", url)
            if not url.startswith(("/", "#")):
                child.attrSet("class", "external")
                child.attrSet("rel", "noopener noreferrer")
        elif child.type == "link_close" and dropping:
            dropping = False
            continue
        children.append(child)
    token.children = children


def markdown_html(
    text: str,
    *,
    resolve: Resolver,
    heading_ids: bool = True,
    skip_title: bool = False,
) -> Markup:
    """``text`` rendered as HTML that is safe to put in a page.

    ``heading_ids`` gives headings the anchors of :class:`~wellarch.content.document.Document`;
    ``skip_title`` drops a first-level heading that opens the text (the page shows its title
    itself).
    """
    tokens = _PARSER.parse(text)
    used: dict[str, int] = {}
    kept: list[Token] = []
    skipping = False
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            anchor = slugify(_inline_text(tokens[index + 1]))
            used[anchor] = used.get(anchor, -1) + 1
            anchor = f"{anchor}-{used[anchor]}" if used[anchor] else anchor
            if skip_title and index == 0 and token.tag == "h1":
                skipping = True
                continue
            if heading_ids:
                token.attrSet("id", anchor)
        if skipping:
            skipping = token.type != "heading_close"
            continue
        if token.type == "inline":
            _links(token, resolve)
        elif token.type in {"th_open", "td_open"}:
            match = _ALIGN.search(str(token.attrGet("style") or ""))
            token.attrs.pop("style", None)
            if match:
                token.attrSet("class", f"align-{match.group(1)}")
        kept.append(token)
    return Markup(_PARSER.renderer.render(kept, _PARSER.options, {}))
