"""Renders clause text (Jinja, sandboxed, strict) with the plan's parameters.

Clause texts are templates written by the library's editors; request values are passed in as
variables and are never themselves compiled, so `{{ 7*7 }}` typed into a form stays literal.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from service.errors import RenderError
from service.text import vietnamese as vi


def make_environment() -> SandboxedEnvironment:
    """The one Jinja environment for clause text; filters registered here and only here."""
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False,
                               trim_blocks=True, lstrip_blocks=True)
    env.filters.update(
        n2=vi.count, num=vi.number, dm=vi.date_short, dlong=vi.date_long, ddm=vi.day_month,
        vnjoin=vi.join, cjoin=lambda xs: ", ".join(x for x in xs if x),
        cap=vi.capitalize_first, upper=str.upper,
    )
    env.globals.update(pct=vi.percent)
    return env


_TAGS = ("{{", "{%", "{#")
CACHE_SIZE = 4096


def is_constant(source: str) -> bool:
    """No Jinja tag at all: the text renders the same whatever the context."""
    return not any(tag in source for tag in _TAGS)


def render_template(template: Template, context: Mapping[str, Any]) -> str:
    """`template.render(context)` without copying the environment's globals chain per call.

    The globals go into one plain dict with the context (the renderer's globals lose to the
    context, as in Jinja); `shared=True` hands that dict to the template as is.
    """
    env = template.environment
    ctx = template.new_context({**env.globals, **context}, shared=True)
    try:
        return env.concat(template.root_render_func(ctx))
    except Exception:
        env.handle_exception()


class ClauseRenderer:
    """Compiles each clause text once and renders it with a context.

    Templates are cached by (key, source), so two libraries with different texts under the same
    clause id never share one; a text without any Jinja tag is rendered once and its output
    kept.  The cache holds at most `CACHE_SIZE` texts (least recently used dropped first).
    """

    def __init__(self, env: SandboxedEnvironment | None = None) -> None:
        self.env = env or make_environment()
        self._cache: OrderedDict[tuple[str, str], Template | str] = OrderedDict()

    def render(self, key: str, source: str, context: Mapping[str, Any]) -> str:
        compiled = self._compiled(key, source)
        if isinstance(compiled, str):
            return compiled
        try:
            return render_template(compiled, context)
        except RenderError:
            raise
        except TemplateError as e:
            raise RenderError(f"không dựng được văn bản: {e}", clause=key) from e
        except (TypeError, ValueError, AttributeError, KeyError, ZeroDivisionError) as e:
            raise RenderError(f"tham số không hợp lệ: {e}", clause=key) from e

    def _compiled(self, key: str, source: str) -> Template | str:
        entry = self._cache.get((key, source))
        if entry is None:
            entry = self._compile(key, source)
            if is_constant(source):
                entry = self._constant(key, entry)
            self._cache[(key, source)] = entry
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end((key, source))
        return entry

    def _constant(self, key: str, template: Template) -> str:
        try:
            return render_template(template, {})
        except TemplateError as e:
            raise RenderError(f"không dựng được văn bản: {e}", clause=key) from e

    def _compile(self, key: str, source: str) -> Template:
        try:
            return self.env.from_string(source)
        except TemplateError as e:
            raise RenderError(f"mẫu sai cú pháp: {e}", clause=key) from e
