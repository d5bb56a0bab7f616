"""HTML written by other apps (Anki's fields, CSV exported with HTML) → this app's Markdown.

Answers are stored as Markdown and rendered by `rendering.render_markdown`, so an imported
HTML field is converted to Markdown rather than stored as HTML: the editor then edits it like
any answer, and the one renderer with its nh3 allow-list stays the only way HTML reaches a
page. The conversion is small on purpose: paragraphs and line breaks (each becomes a
paragraph), bold, italic, code, preformatted blocks, lists, http(s) and mailto links, and
Anki's `\\(…\\)` / `\\[…\\]` math (to `$…$` / `$$…$$`). Any other tag keeps its text and loses
its markup; script, style and the like are dropped with their content; images, audio, video
and `[sound:…]` are left out and counted. Text is escaped so that characters Markdown would
read as markup stay as typed, and a line that the guide document would read as a heading
("Q3. …") starts with a character reference, so that the guide can still be exported.
"""

import re
from html.parser import HTMLParser

from ..document import looks_like_heading

_DROPPED = {
    "script", "style", "head", "title", "template", "iframe", "object", "embed", "noscript",
    "svg", "math", "select", "textarea", "button", "canvas",
}  # fmt: skip
_MEDIA = {"img", "audio", "video"}
_BLOCKS = {
    "p", "div", "blockquote", "section", "article", "header", "footer", "table", "tr",
    "h1", "h2", "h3", "h4", "h5", "h6", "dl", "dt", "dd", "figure", "hr", "ul", "ol", "li",
    "br", "pre", "center", "details", "summary", "aside", "main", "nav", "address",
}  # fmt: skip
_STRONG = {"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6"}
_EMPHASIS = {"i", "em", "cite", "var"}
_LINK_SCHEMES = ("http://", "https://", "mailto:")

_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>$&])")
_BLOCK_START = re.compile(r"^([#>+\-=~|])")
_NUMBERED_START = re.compile(r"^(\d+)([.)])")
_SPACE = re.compile(r"\s+")


def looks_like_html(text: str) -> bool:
    """Whether a field holds HTML (a tag or a character reference) rather than plain text."""
    return bool(_HTML.search(text))


def html_to_markdown(html: str) -> tuple[str, int]:
    """The field as Markdown, and how many images or sounds were left out."""
    converter = _Converter(markdown=True)
    converter.run(html)
    return converter.result(), converter.media


def html_to_text(html: str) -> tuple[str, int]:
    """The field as one line of plain text (for a question's prompt), and the media left out."""
    converter = _Converter(markdown=False)
    converter.run(html)
    return _SPACE.sub(" ", converter.result()).strip(), converter.media


def markdown_field(text: str) -> tuple[str, int]:
    """A field that is not HTML, read as Markdown as the editor does: `[sound:…]` left out,
    blank-line runs collapsed, heading-like lines protected."""
    text, sounds = _SOUND.subn("", text)
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return _tidy([_protect(line) for line in lines]), sounds


def text_field(text: str) -> tuple[str, int]:
    """A prompt that is not HTML: one line, `[sound:…]` left out."""
    text, sounds = _SOUND.subn("", text)
    return _SPACE.sub(" ", text).strip(), sounds


def _tidy(lines: list[str]) -> str:
    kept: list[str] = []
    for line in lines:
        if line.strip() or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip("\n")


def _protect(line: str) -> str:
    """A line the guide document would take for a heading starts with a character reference,
    which renders the same: "Q3. …" becomes "&#81;3. …"."""
    if not looks_like_heading(line):
        return line
    stripped = line.lstrip()
    indent = line[: len(line) - len(stripped)]
    return f"{indent}&#{ord(stripped[0])};{stripped[1:]}"


def _escape(text: str) -> str:
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def _code_span(text: str) -> str:
    text = _SPACE.sub(" ", text)
    if not text.strip():
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _code_block(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}\n{text.strip(chr(10))}\n{fence}"


class _Converter(HTMLParser):
    """Collects blocks (paragraphs, list items, code blocks); inline text goes into the open
    block as Markdown (or plain text), escaped as it arrives."""

    def __init__(self, *, markdown: bool):
        super().__init__(convert_charrefs=True)
        self.markdown = markdown
        self.blocks: list[str] = []
        self.inline: list[str] = []
        self.media = 0
        self.dropped = 0
        self.pre: list[str] | None = None
        self.code: list[str] | None = None
        self.lists: list[list] = []  # [tag, next number] per open list
        self.marks: list[tuple[str, int]] = []  # open emphasis: (marker, where it starts)
        self.link: tuple[str, int] | None = None

    def run(self, html: str) -> None:
        html, sounds = _SOUND.subn("", html)
        self.media += sounds
        self.feed(html)
        self.close()
        if self.pre is not None:
            self.end_pre()
        self.end_block()

    def result(self) -> str:
        return "\n\n".join(block for block in self.blocks if block.strip())

    # Blocks

    def end_block(self) -> None:
        text = _SPACE.sub(" ", "".join(self.inline)).strip()
        self.inline, self.marks, self.link = [], [], None
        if not text:
            return
        if self.markdown:
            text = _NUMBERED_START.sub(r"\1\\\2", _BLOCK_START.sub(r"\\\1", text))
            if self.lists:
                tag, number = self.lists[-1]
                marker = f"{number}." if tag == "ol" else "-"
                text = f"{marker} {text}"
            text = _protect(text)
        if self.markdown and self.lists and self.blocks and self.blocks[-1] != "":
            # Items of one list sit on consecutive lines (a tight list).
            self.blocks[-1] += "\n" + text
        else:
            self.blocks.append(text)

    def end_list_item(self) -> None:
        self.end_block()
        if self.lists:
            self.lists[-1][1] += 1

    def start_pre(self) -> None:
        self.end_block()
        self.pre = []

    def end_pre(self) -> None:
        text, self.pre = "".join(self.pre), None
        if text.strip():
            self.blocks.append(_code_block(text) if self.markdown else text)

    # Parser events

    def handle_starttag(self, tag, attrs):
        if self.dropped or tag in _DROPPED:
            self.dropped += tag in _DROPPED
            return
        if tag in _MEDIA:
            self.media += 1
            return
        if self.pre is not None:
            if tag == "br":
                self.pre.append("\n")
            return
        if tag == "pre":
            self.start_pre()
        elif tag in {"ul", "ol"}:
            self.end_block()
            self.blocks.append("")  # the list starts a block of its own
            self.lists.append([tag, 1])
        elif tag == "li":
            self.end_block()
        elif tag in _BLOCKS:
            # Inside a list item a new block would end the item: it stays on the item's line.
            if self.lists:
                self.inline.append(" ")
            else:
                self.end_block()
            if tag in _STRONG:
                self.open_mark("**")
        elif tag in {"td", "th"}:
            self.inline.append(" ")
        elif self.code is not None:
            return
        elif tag == "code":
            self.code = []
        elif tag in _STRONG:
            self.open_mark("**")
        elif tag in _EMPHASIS:
            self.open_mark("*")
        elif tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            if self.markdown and href.lower().startswith(_LINK_SCHEMES) and self.link is None:
                self.link = (href, len(self.inline))
        elif tag == "sup":
            self.inline.append("^")
        elif tag == "sub":
            self.inline.append(_escape("_") if self.markdown else "_")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in {"br", "hr", "img"} | _MEDIA:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.dropped:
            self.dropped -= tag in _DROPPED
            return
        if self.pre is not None:
            if tag == "pre":
                self.end_pre()
            return
        if tag == "code" and self.code is not None:
            text, self.code = "".join(self.code), None
            self.inline.append(_code_span(text) if self.markdown else text)
        elif tag in {"ul", "ol"} and self.lists:
            self.end_block()
            self.lists.pop()
            if not self.lists:
                self.blocks.append("")
        elif tag == "li":
            self.end_list_item()
        elif tag in _STRONG:
            self.close_mark("**")
            if tag.startswith("h"):
                self.end_block()
        elif tag in _EMPHASIS:
            self.close_mark("*")
        elif tag == "a" and self.link is not None:
            self.close_link()
        elif tag in _BLOCKS and not self.lists:
            self.end_block()

    def handle_data(self, data):
        if self.dropped:
            return
        if self.pre is not None:
            self.pre.append(data.replace("\xa0", " "))
            return
        if self.code is not None:
            self.code.append(data.replace("\xa0", " "))
            return
        position = 0
        for match in _MATH.finditer(data):
            self.text(data[position : match.start()])
            inline, display = match.groups()
            self.math(inline if inline is not None else display, display=inline is None)
            position = match.end()
        self.text(data[position:])

    def text(self, data: str) -> None:
        data = _SPACE.sub(" ", data.replace("\xa0", " "))
        self.inline.append(_escape(data) if self.markdown else data)

    def math(self, tex: str, *, display: bool) -> None:
        tex = _SPACE.sub(" ", tex).strip()
        if not tex:
            return
        if display and self.markdown and not self.lists:
            self.end_block()
            self.blocks.append(f"$${tex}$$")
        else:
            self.inline.append(f"${tex}$")

    # Inline marks

    def open_mark(self, marker: str) -> None:
        if self.markdown and all(open_marker != marker for open_marker, _ in self.marks):
            self.marks.append((marker, len(self.inline)))

    def close_mark(self, marker: str) -> None:
        found = next((mark for mark in reversed(self.marks) if mark[0] == marker), None)
        if found is None:
            return
        self.marks.remove(found)
        start = found[1]
        inside = "".join(self.inline[start:])
        if not inside.strip():
            return
        # Markdown emphasis must hug its text: spaces go outside the markers.
        lead = inside[: len(inside) - len(inside.lstrip())]
        trail = inside[len(inside.rstrip()) :]
        self.inline[start:] = [f"{lead}{marker}{inside.strip()}{marker}{trail}"]

    def close_link(self) -> None:
        href, start = self.link
        self.link = None
        text = "".join(self.inline[start:]).strip() or _escape(href)
        destination = href.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
        self.inline[start:] = [f"[{text}](<{destination}>)"]
