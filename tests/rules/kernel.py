"""Realistic downstream-kernel commit messages and a one-call checker for the rule tests."""

from __future__ import annotations

from tests.builders import ADA, BJORN, BOB
from trailercheck.engine import Layer, RuleSet, check_message
from trailercheck.findings import Finding
from trailercheck.fix import apply_edits
from trailercheck.model.message import Message
from trailercheck.model.person import parse_person
from trailercheck.profiles import PROFILES
from trailercheck.rules import REGISTRY, Context

TYPE_CHECKING = False
if TYPE_CHECKING:
    from trailercheck.rules.base import Lookup

#: The rules these family tests are about. Rules of other families (and ones added later) are
#: left out, so that each test sees exactly the findings of the rules it is written for.
IMPLEMENTED = frozenset(
    {
        *("S01", "S02", "S03", "S04", "S05", "S07"),
        *("L01", "L02", "L03", "L04", "L05", "L06"),
        *("T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08"),
        *("O01", "O02", "O04", "O05"),
    }
)

SOB = f"Signed-off-by: {ADA}"
SOB_BOB = f"Signed-off-by: {BOB}"
SOB_BJORN = f"Signed-off-by: {BJORN}"

MSGID = "20241001-fastrpc-v1-1-abc@example.com"
LORE = f"https://lore.kernel.org/all/{MSGID}/"
LINK = f"Link: {LORE}"
CRS = "CRs-Fixed: 4564170"
SHA = "5b0e1b2c4f0a6d3e9c8b7a6f5e4d3c2b1a098765"
CHERRY = f"(cherry picked from commit {SHA})"
UFS_MSGID = "20240105-sm8650-ice-v2-1-7c1e3a0e9d1f@linaro.org"
UFS_LINK = f"Link: https://lore.kernel.org/r/{UFS_MSGID}"

FASTRPC = "FROMLIST: misc: fastrpc: Fix map refcount"
FASTRPC_BODY = (
    "fastrpc_map_create() takes a reference on the map it finds, and the\n"
    "invoke path takes another one when it attaches the map to the context.\n"
    "Only one of them is ever dropped, so the map and its dma-buf leak.\n"
    "\n"
    "Drop the extra reference taken in fastrpc_map_create()."
)
UFS = "UPSTREAM: arm64: dts: qcom: sm8650: Add UFS ICE node"
UFS_BODY = "Add the Inline Crypto Engine node and wire it up to the UFS host controller."
QCLINUX = "QCLINUX: soc: qcom: socinfo: Add SM8750 SoC ids"
QCLINUX_BODY = "Add the SoC ids of SM8750 and its SKUs so that socinfo reports them."
REVERT_BODY = (
    f"This reverts commit {SHA}.\n\nThe series was dropped upstream in favour of a rework of the map lifetime."
)


def message(subject: str, *trailers: str, body: str = FASTRPC_BODY) -> str:
    """A commit message: subject, blank line, body, blank line, one trailer per argument.

    An empty string among the trailers is an empty line.
    """
    text = f"{subject}\n\n{body}\n"
    if trailers:
        text += "\n" + "".join(t + "\n" for t in trailers)
    return text


def context(profile: str = "qcom", prefixes: tuple[str, ...] | None = None, *, lookup: Lookup | None = None) -> Context:
    ctx = Context(PROFILES[profile], prefixes=prefixes)
    ctx.lookup = lookup
    return ctx


def parsed(text: str, author: str | None = ADA, committer: str | None = None) -> Message:
    """The commit message of ``text``, written by ``author`` and committed by ``committer``."""
    return Message.from_text(
        text,
        author=parse_person(author) if author else None,
        committer=parse_person(committer) if committer else None,
    )


def rules(
    profile: str = "qcom",
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    extra: tuple[str, ...] = (),
) -> RuleSet:
    """The rules of ``profile`` with ``--select``/``--ignore`` applied, limited to :data:`IMPLEMENTED`
    and the ``extra`` codes a test is about."""
    scope = IMPLEMENTED | set(extra)
    others = sorted(code for code in REGISTRY if code not in scope)
    return RuleSet(profile, [Layer("tests", ignore=others), Layer("--", list(select), list(ignore))])


def check(
    text: str,
    profile: str = "qcom",
    *,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    author: str | None = ADA,
    prefixes: tuple[str, ...] | None = None,
    extra: tuple[str, ...] = (),
    committer: str | None = None,
    lookup: Lookup | None = None,
) -> list[Finding]:
    ctx = context(profile, prefixes, lookup=lookup)
    return check_message(parsed(text, author, committer), ctx, rules(profile, select, ignore, extra))


def where(findings: list[Finding]) -> list[tuple[str, int | None]]:
    """``(code, line)`` of each finding, in report order."""
    return [(f.code, f.line) for f in findings]


def only(findings: list[Finding], code: str) -> Finding:
    """The single finding, which must be of ``code``."""
    assert where(findings) == [(code, findings[0].line if findings else None)], [
        (f.code, f.line, f.message) for f in findings
    ]
    return findings[0]


def fixed(
    text: str,
    profile: str = "qcom",
    *,
    select: tuple[str, ...] = (),
    extra: tuple[str, ...] = (),
    lookup: Lookup | None = None,
) -> str:
    """``text`` after one round of applying every finding's edits."""
    msg = parsed(text)
    findings = check_message(msg, context(profile, lookup=lookup), rules(profile, select, extra=extra))
    out, _ = apply_edits(msg.lines, findings)
    return out


BACKPORT_NOTE = "[ada: resolved a conflict with the map lookup rework in fastrpc_map_create()]"
