"""One tree of errors: every exception class of the service lives in `service.errors`, and the
tree drawn in its docstring is the tree of its classes."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import service
from service import errors


def _modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(service.__path__, "service.")
                  if not m.name.endswith("__main__"))


def _drawn_tree() -> dict[str, str]:
    """{class: parent} as the docstring draws it (the parent of the root: '')."""
    parents: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    for line in (errors.__doc__ or "").splitlines():
        found = re.match(r"^(\s*(?:[│ ]   )*(?:[├└]── )?)([A-Z]\w+)\s{2,}", line)
        if found is None:
            continue
        depth, name = len(found.group(1)), found.group(2)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parents[name] = stack[-1][1] if stack else ""
        stack.append((depth, name))
    return parents


def test_every_exception_class_of_the_service_is_in_errors() -> None:
    outside = []
    for name in _modules():
        module = importlib.import_module(name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if (issubclass(value, BaseException) and value.__module__ == name
                    and name != "service.errors"):
                outside.append(f"{name}.{value.__name__}")
    assert outside == []


def test_the_docstring_draws_the_tree_of_the_classes() -> None:
    classes = {name: value for name, value in vars(errors).items()
               if inspect.isclass(value) and issubclass(value, errors.PlanError)}
    actual = {name: "" if value is errors.PlanError else value.__bases__[0].__name__
              for name, value in classes.items()}
    assert _drawn_tree() == actual
