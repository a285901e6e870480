"""Renders clause text (Jinja, sandboxed, strict) with the plan's parameters.

Clause texts are templates written by the library's editors; request values are passed in as
variables and are never themselves compiled, so `{{ 7*7 }}` typed into a form stays literal.
"""

from __future__ import annotations

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


class ClauseRenderer:
    """Compiles each clause text once and renders it with a context."""

    def __init__(self, env: SandboxedEnvironment | None = None) -> None:
        self.env = env or make_environment()
        self._cache: dict[str, Template] = {}

    def render(self, key: str, source: str, context: Mapping[str, Any]) -> str:
        template = self._cache.get(key)
        if template is None or template.environment is not self.env:
            template = self._compile(key, source)
        try:
            return template.render(context)
        except RenderError:
            raise
        except TemplateError as e:
            raise RenderError(f"không dựng được văn bản: {e}", clause=key) from e
        except (TypeError, ValueError, AttributeError, KeyError, ZeroDivisionError) as e:
            raise RenderError(f"tham số không hợp lệ: {e}", clause=key) from e

    def _compile(self, key: str, source: str) -> Template:
        try:
            template = self.env.from_string(source)
        except TemplateError as e:
            raise RenderError(f"mẫu sai cú pháp: {e}", clause=key) from e
        self._cache[key] = template
        return template
