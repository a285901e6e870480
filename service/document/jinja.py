"""The Jinja side of the document stage: the environment, text as data, the template variables.

Every value from the context is data: `finalize` turns it into XML text (NFC, control
characters replaced, `& < > " '` escaped, braces as character references), so `{{ 7*7 }}`,
`{% if %}` or `<script>` typed by a user come out literally and the file stays valid.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import fields
from typing import Any

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup, escape

from service.text.context import DocContext

_CONTROL_AS_SPACE = "\t\n\r\v\f\a\x85\u2028\u2029"
_DROPPED = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000))]
# Line breaks and tabs become spaces; other control characters, surrogates and the two
# non-characters are dropped (not allowed in XML 1.0).
_PLAIN = str.maketrans({**dict.fromkeys([*_DROPPED, "\ufffe", "\uffff"]),
                        **dict.fromkeys(_CONTROL_AS_SPACE, " ")})
_NOT_PLAIN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def plain_text(value: object) -> str:
    """NFC text without control characters (line breaks and tabs become spaces)."""
    text = unicodedata.normalize("NFC", str(value))
    return text.translate(_PLAIN) if _NOT_PLAIN.search(text) else text


def xml_text(value: object) -> Markup:
    """Jinja `finalize`: any printed value becomes escaped XML character data.

    Braces become character references so that docxtpl's post-render
    replacements ("{_{" -> "{{" …) cannot touch user text; the XML parser restores them.
    """
    escaped = str(value) if isinstance(value, Markup) else str(escape(plain_text(value)))
    return Markup(escaped.replace("{", "&#123;").replace("}", "&#125;"))


def make_environment() -> Environment:
    """The Jinja environment of the document template (separate from the clause one)."""
    return Environment(autoescape=True, undefined=StrictUndefined, finalize=xml_text)


def template_context(ctx: DocContext) -> dict[str, Any]:
    """The template's variables: every DocContext field except `meta` (core properties)."""
    return {f.name: getattr(ctx, f.name) for f in fields(ctx) if f.name != "meta"}
