"""Fixtures of the review tests: the clean baseline KẾ HOẠCH and the rule catalogue."""

from __future__ import annotations

import pytest
from docx.document import Document
from nd30_docx import build_clean, to_bytes

from service.review.catalogue import Catalogue


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return Catalogue.load()


@pytest.fixture
def clean() -> Document:
    """A fresh clean baseline each time (tests mutate it)."""
    return build_clean()


@pytest.fixture(scope="session")
def clean_bytes() -> bytes:
    return to_bytes(build_clean())
