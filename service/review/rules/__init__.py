"""The rules of the review, one module per family, each a tuple of `Rule`s (a check and the ids it
may report); severity, wording and source of every id live in `clauses/tables/nd30-rules.yaml`
and `content-rules.yaml`.

- ND30 layout: `page`, `header`, `number_date`, `title`, `body`, `closing`, `text`;
- content: `words` (template leftovers, blanks, doubled words, numbering, percentages,
  deadlines, deadlines already past), `legal` (citations against the registry, at the plan's
  date or its kind's usual signing date), `offices` (abolished offices, another unit's name),
  `voice` (a level's own words, the signature's TM./KT., the archive line's abbreviation,
  contradictory targets), `place` (level words, a centrally-run city's wording, village words of
  another region); `judged` holds the date a document is judged at and the units that may have
  issued it;
- `render`: the optional check of the page as LibreOffice lays it out.
`common` holds the checks several families share (an element's formatting, the line under it).
"""

from __future__ import annotations

from service.review.context import Rule
from service.review.rules import (
    body,
    closing,
    header,
    legal,
    number_date,
    offices,
    page,
    place,
    text,
    title,
    voice,
    words,
)

ND30_RULES: tuple[Rule, ...] = (
    *page.RULES,
    *header.RULES,
    *number_date.RULES,
    *title.RULES,
    *body.RULES,
    *closing.RULES,
    *text.RULES,
)

CONTENT_RULES: tuple[Rule, ...] = (
    *words.RULES,
    *legal.RULES,
    *offices.RULES,
    *voice.RULES,
    *place.RULES,
)
