"""One record per message to check: a hook file, a mail and a commit become the same model."""

from __future__ import annotations

from pathlib import Path

from tests.builders import ADA, BOB, as_patch, commit, tracked_on
from trailercheck.cli.run import HookInput, mail_records
from trailercheck.model.keys import KeySet
from trailercheck.model.person import parse_person
from trailercheck.profiles import PROFILES
from trailercheck.sources.gitlog import read_commits
from trailercheck.sources.record import Record, message_of

KEYS = KeySet(PROFILES["qcom"].keys).with_extra(["Tracked-On"])

MESSAGE = tracked_on(BOB)

PATCH = as_patch(MESSAGE, BOB)


def shape(record: Record) -> tuple[object, ...]:
    msg = message_of(record, KEYS)
    blocks = [[(e.key, e.value, e.no) for e in b.entries] for b in msg.split_blocks]
    return msg.subject, blocks, [(e.key, e.value, e.no) for e in msg.trailers]


def test_every_source_gives_the_same_model(repo: Path) -> None:
    expected = (
        "mmc: sdhci-msm: Keep the clock on during tuning",
        [[("Tracked-On", "PROJ-1234", 5)]],
        [("Signed-off-by", BOB, 7)],
    )
    hook = HookInput("COMMIT_EDITMSG", ("# Please enter the commit message.\n" + MESSAGE).encode(), None)
    # The hook file's comment line stays in its line numbers: the message starts on line 2.
    assert shape(hook.record()) == (expected[0], [[("Tracked-On", "PROJ-1234", 6)]], [("Signed-off-by", BOB, 8)])
    [mail] = mail_records("0001.patch", PATCH.encode())
    assert shape(mail) == expected
    sha = commit(repo, MESSAGE, author=BOB)
    [record] = read_commits(str(repo), [f"{sha}^!"])
    assert shape(record) == expected


def test_the_people_and_the_date_travel_with_the_message(repo: Path) -> None:
    [mail] = mail_records("0001.patch", PATCH.encode())
    msg = message_of(mail, KEYS)
    assert (str(msg.author), msg.committer, msg.author_date) == (BOB, None, 1559642400)
    assert msg.source == "0001.patch"
    sha = commit(repo, MESSAGE, author=BOB)
    [record] = read_commits(str(repo), [f"{sha}^!"])
    msg = message_of(record, KEYS, ";")
    assert (msg.source, msg.commit, msg.comment) == (sha[:12], sha, ";")
    assert (str(msg.author), str(msg.committer)) == (BOB, ADA)
    ada = parse_person(ADA)
    hook = HookInput("COMMIT_EDITMSG", MESSAGE.encode(), "auto", ada, ada, 1700000000)
    msg = hook.message(KEYS)
    assert (msg.author, msg.committer, msg.author_date, msg.comment) == (ada, ada, 1700000000, "#")
