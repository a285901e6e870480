"""The legal-basis registry's data model (documents that plans cite)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, field_validator

from service.library.model import Frozen, Source


class LegalDoc(Frozen):
    """A legal or guiding document, with its status over time.

    Citation (ND30 Phụ lục I II.6): "<type> số <number> ngày <dd/mm/yyyy> của <issuer> <subject>";
    laws by name only ("Luật Phòng, chống ma túy năm 2021").
    """

    id: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]
    type: str
    number: str = ""
    name: str = ""
    """For laws and ordinances: the name they are cited by."""
    date: dt.date | None = None
    issuer: str = ""
    subject: str = ""
    """The trích yếu as it follows the issuer: 'quy định chi tiết …' or 'về …'."""
    scope: str = "national"
    """'national' or a province code as text ('66')."""
    rank: int
    """Legal force, higher first: 100 Party, 90 law, 80 NQ QH, 70 NĐ, 60 QĐ TTg, 50 ministry …"""
    effective: dt.date | None = None
    expires: dt.date | None = None
    """First day it is no longer in force (or its programme period has ended)."""
    replaced_by: str | None = None
    verified: bool = False
    cite_by_default: tuple[str, ...] = ()
    """Kind ids (or '*') that cite it by default while it is in force."""
    source: tuple[Source, ...] = ()

    @field_validator("source", mode="before")
    @classmethod
    def _one_or_many(cls, v: object) -> object:
        return [v] if isinstance(v, dict) else v
