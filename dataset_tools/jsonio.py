"""Strict JSON for every descriptor and schema the tools read (docs/security.md).

`json.loads` accepts what RFC 8259 leaves undefined or forbids: a key repeated in one object
(the last one silently wins, so two readers can see different packages), the words `NaN`,
`Infinity` and `-Infinity`, numbers too large for a float (`1e400` becomes infinity) and
`\\ud800` escapes that decode to a lone surrogate (no UTF-8 text holds one; the exports cannot
write it). `loads` refuses all of them with a ValueError that names the key or value.
"""
from __future__ import annotations

import json
import math
import re
from typing import Any, NoReturn


class StrictJSONError(ValueError):
    """The text is JSON that the tools refuse (the message says which key or value)."""


def _pairs(pairs: list[tuple[str, object]]) -> dict:
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise StrictJSONError(f"the key {key!r} appears twice in one object")
        seen[key] = value
    return seen


def _constant(word: str) -> NoReturn:
    raise StrictJSONError(f"{word} is not a JSON number")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise StrictJSONError(f"the number {text[:40]} is too large for a 64-bit float")
    return value


def _is_text(string: str) -> bool:
    try:
        string.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def check_text(value: object) -> None:
    """Raise StrictJSONError when a string anywhere in `value` holds a lone surrogate."""
    _surrogates(value)


def _surrogates(value: object) -> None:
    """Raise on a string (key or value) holding a lone surrogate (U+D800–U+DFFF)."""
    stack = [(value, "")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str) and not _is_text(item):
            raise StrictJSONError(f"{path or 'the document'} holds a lone surrogate (a \\ud800-\\udfff "
                                  "escape), which is not text")
        if isinstance(item, dict):
            for key, child in item.items():
                label = key.encode("utf-8", "backslashreplace").decode("utf-8")
                stack += [(key, f"a key of {path or 'the top-level object'}"), (child, f"{path}.{label}".lstrip("."))]
        elif isinstance(item, list):
            stack.extend((child, f"{path}[{index}]") for index, child in enumerate(item))


SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
"""The escape of a UTF-16 surrogate (\\ud800-\\udfff): the only way UTF-8 JSON text can decode to one."""


def loads(text: str) -> Any:
    """Parse JSON strictly: no repeated keys, NaN/Infinity, overflowing numbers or lone surrogates.

    Values are searched for a lone surrogate only when the text could hold one: when it is not
    UTF-8 text itself or writes a surrogate escape (a pair that makes one character is then
    searched too, and passes)."""
    value = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_float)
    if SURROGATE_ESCAPE.search(text) or not _is_text(text):
        _surrogates(value)
    return value
