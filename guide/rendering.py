"""Turn the Markdown + TeX source of answers, pro tips and tips into safe HTML.

Markdown goes through markdown-it (raw HTML off, so `<script>` stays text), `$…$` becomes
MathML on the server (latex2mathml), and the result passes an nh3 allow-list that keeps
MathML. The HTML is stored on the row, so this runs at import and save, never per request.
"""

import re
from functools import cache
from xml.etree.ElementTree import tostring

import latex2mathml.converter
import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

MATHML_TAGS = {
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace",
    "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover",
    "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom", "menclose", "merror",
}  # fmt: skip
MATHML_ATTRIBUTES = {
    "xmlns", "display", "stretchy", "fence", "separator", "lspace", "rspace", "accent",
    "accentunder", "mathvariant", "columnalign", "columnspacing", "rowspacing", "width",
    "height", "depth", "linethickness", "displaystyle", "scriptlevel", "movablelimits",
    "notation", "encoding", "minsize", "maxsize", "symmetric", "largeop",
}  # fmt: skip


# latex2mathml writes symbols as character references ("&#x0003C;") into element text, so
# its own convert() unescapes the whole serialized tree, which also turns text typed in
# \text{a<b} into markup. Serializing the tree escaped and reviving only the references keeps
# typed text as text.
_ESCAPED_REFERENCE = re.compile(r"&amp;(#x?[0-9a-fA-F]+;)")


def _tex_to_mathml(tex: str, options: dict) -> str:
    display = options.get("display_mode")
    try:
        element = latex2mathml.converter.convert_to_element(
            tex, display="block" if display else "inline"
        )
    except Exception:  # noqa: BLE001 - any TeX the converter rejects is shown as written
        dollars = "$$" if display else "$"
        return f"<code>{dollars}{nh3.clean_text(tex)}{dollars}</code>"
    return _ESCAPED_REFERENCE.sub(r"&\1", tostring(element, encoding="unicode"))


@cache
def _markdown() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    # No digits or spaces against the dollars, so "$5 and $10" stays money, not math.
    dollarmath_plugin(
        parser,
        allow_digits=False,
        allow_space=False,
        allow_labels=False,
        # `$$…$$` inside a paragraph or list item is display math too, not "$" + "$…$" + "$".
        double_inline=True,
        renderer=_tex_to_mathml,
    )
    parser.add_render_rule("math_inline_double", _render_display_math_in_text)
    return parser


def _render_display_math_in_text(renderer, tokens, idx, options, env) -> str:
    """`<math display="block">` on its own: the plugin wraps it in a `<div>`, which may not
    sit in a paragraph (the sanitizer would close the paragraph around it)."""
    return _tex_to_mathml(tokens[idx].content.strip(), {"display_mode": True})


def _allowed_attributes() -> dict[str, set[str]]:
    attributes = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
    for tag in MATHML_TAGS:
        attributes.setdefault(tag, set()).update(MATHML_ATTRIBUTES)
    attributes.setdefault("span", set()).add("class")
    return attributes


_ALLOWED_TAGS = (set(nh3.ALLOWED_TAGS) | MATHML_TAGS) - {"img"}
_ALLOWED_ATTRIBUTES = _allowed_attributes()


def sanitize_html(html: str) -> str:
    """Keep only the allow-listed tags and attributes (HTML and MathML)."""
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow ugc",
    )


def render_markdown(source: str) -> str:
    """Markdown with `$…$` math → sanitized HTML, ready to store on the row."""
    if not source.strip():
        return ""
    return sanitize_html(_markdown().render(source))


def plain_text(source: str) -> str:
    """The words of a Markdown source without its markup (math kept as its TeX), on one line:
    what search indexes and quotes in its excerpts."""
    parts = []
    for token in _markdown().parse(source):
        if token.type == "inline":
            parts.extend(
                " " if child.type.endswith("break") else child.content for child in token.children
            )
            parts.append(" ")
        elif token.type in {"fence", "code_block", "math_block"}:
            parts.append(f" {token.content} ")
    return " ".join("".join(parts).split())
