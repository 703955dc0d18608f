"""The reference message the rule examples are variations of.

Every rule's ``good`` example is, unless it says otherwise, this message;
its ``bad`` example changes just what the rule is about. The examples are
checked with the author below.
"""

from __future__ import annotations

AUTHOR = "Ada Lovelace <ada@example.com>"
SUBJECT = "FROMLIST: misc: fastrpc: Fix map refcount"
BODY = "Drop the extra reference taken in fastrpc_map_create()."
LORE = "https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc@example.com/"
SOB = f"Signed-off-by: {AUTHOR}"

GOOD = f"""{SUBJECT}

{BODY}

Link: {LORE}
{SOB}
"""


def with_subject(subject: str) -> str:
    return GOOD.replace(SUBJECT, subject, 1)


def with_link(value: str) -> str:
    return GOOD.replace(LORE, value, 1)


def with_trailers(before_sob: str = "", after_sob: str = "") -> str:
    """GOOD with extra trailer lines around the sign-off."""
    return GOOD.replace(SOB, before_sob + SOB + after_sob, 1)
