"""The reference message the rule examples are variations of.

Every rule's ``good`` example is, unless it says otherwise, this message;
its ``bad`` example changes just what the rule is about. The examples are
checked with the author and committer below.
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


SHA = "0123456789abcdef0123456789abcdef01234567"
CHANGE_ID = "Change-Id: I0123456789abcdef0123456789abcdef01234567"
FROMGIT_TREE = "https://git.kernel.org/pub/scm/linux/kernel/git/gregkh/char-misc.git char-misc-next"

#: A clean FROMGIT pick as Android writes it (the source wrapped onto the next line).
ANDROID_FROMGIT = f"""FROMGIT: misc: fastrpc: Fix map refcount

{BODY}

Bug: 123456789
(cherry picked from commit {SHA}
 {FROMGIT_TREE})
{CHANGE_ID}
{SOB}
"""

#: A clean FROMLIST pick as ChromeOS writes it.
CHROMEOS_FROMLIST = f"""FROMLIST: misc: fastrpc: Fix map refcount

{BODY}

BUG=b:123456789
TEST=fastrpc_test passes on trogdor

(am from https://lore.kernel.org/r/20241001-fastrpc-v1-1-abc@example.com)
{CHANGE_ID}
{SOB}
"""

#: A clean UPSTREAM pick for a Qualcomm tree: Bob wrote it upstream, Ada picked it.
QCOM_UPSTREAM = f"""UPSTREAM: misc: fastrpc: Fix map refcount

{BODY}

Link: {LORE}
Signed-off-by: Bob Example <bob@example.com>
(cherry picked from commit {SHA})
{SOB}
"""

#: The commit the ``Fixes:`` examples point at. Anyone can recreate it:
#: ``git commit-tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904 -m "misc: fastrpc: Add map support"``
#: with author and committer ``Ada Lovelace <ada@example.com>`` at ``1700000000 +0000``.
FIXED_SHA = "46d4b2ed3199b9ff7c2c860923ec81ca13b25d4c"
FIXED_SUBJECT = "misc: fastrpc: Add map support"
FIXED_DATE = "1700000000 +0000"
