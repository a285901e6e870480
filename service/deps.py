"""Everything built once and passed in explicitly: settings, units, library, renderers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from service.config import Settings
from service.document.render import TemplateStore
from service.library.loader import Library, load_library
from service.text.render import ClauseRenderer
from service.units import UnitDirectory


@dataclass
class Deps:
    settings: Settings
    units: UnitDirectory
    library: Library
    renderer: ClauseRenderer = field(default_factory=ClauseRenderer)
    templates: TemplateStore = field(default_factory=TemplateStore)
    today: Callable[[], dt.date] = dt.date.today

    @classmethod
    def build(cls, settings: Settings | None = None) -> Deps:
        settings = settings or Settings()
        return cls(settings, UnitDirectory(), load_library(settings.clauses_dir),
                   templates=TemplateStore(settings.templates_dir))


@lru_cache(maxsize=1)
def default_deps() -> Deps:
    """The process-wide dependencies of the CLI and the web service (tests build their own)."""
    return Deps.build()
