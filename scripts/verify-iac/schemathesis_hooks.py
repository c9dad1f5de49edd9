"""Schemathesis hooks for docs/openapi.json (loaded with SCHEMATHESIS_HOOKS).

Two string formats of the document are not JSON Schema's: their valid values
are defined by a checksum or by the API itself, which no pattern states. These
strategies generate exactly the values the document's descriptions promise are
accepted, so positive tests can send them (negative tests still send
everything else):

- ``isbn``: an ISBN-10 (last character may be X) or ISBN-13 with a valid check
  digit, with optional hyphens (lambdas/api/books/model.ts isValidIsbn);
- ``cursor``: a ``nextCursor`` the API issues, base64url(JSON {"id": <id>})
  for an id of the shape the API generates (lambdas/api/books/repository.ts).
"""
import base64
import json

import schemathesis
from hypothesis import strategies as st

_DIGITS = st.lists(st.integers(min_value=0, max_value=9), min_size=9, max_size=12)


def _isbn(digits: list[int], hyphens: bool) -> str:
    if len(digits) >= 12:
        body = digits[:12]
        check = (10 - sum(d * (1 if i % 2 == 0 else 3) for i, d in enumerate(body)) % 10) % 10
        chars = [str(d) for d in body] + [str(check)]
    else:
        body = digits[:9]
        check = (11 - sum(d * (10 - i) for i, d in enumerate(body)) % 11) % 11
        chars = [str(d) for d in body] + ["X" if check == 10 else str(check)]
    text = "".join(chars)
    return "-".join([text[:3], text[3:6], text[6:]]) if hyphens else text


schemathesis.openapi.format("isbn", st.builds(_isbn, _DIGITS, st.booleans()))


def _cursor(book_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"id": book_id}, separators=(",", ":")).encode()).decode().rstrip("=")


schemathesis.openapi.format("cursor", st.from_regex(r"\A[A-Za-z0-9_-]{1,64}\Z").map(_cursor))
