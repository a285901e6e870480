"""The request: models, loading, Vietnamese validation messages."""

from service.spec.load import decode, load_request, parse_request
from service.spec.request import PlanRequest

__all__ = ["PlanRequest", "decode", "load_request", "parse_request"]
