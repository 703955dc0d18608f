"""The model as JSON: what ``trailercheck parse`` prints, one line per message."""

from __future__ import annotations

import json

from .message import Message
from .text import printable
from .trailers import Block, Entry


def _trailer(entry: Entry) -> dict[str, object]:
    return {"key": printable(entry.key), "value": printable(entry.value), "line": entry.no}


def _block(msg: Message, block: Block) -> dict[str, object]:
    return {
        "start": msg.lines[block.start].no,
        "end": msg.lines[block.end - 1].no,
        "trailers": [_trailer(e) for e in block.trailers],
    }


def message_dict(msg: Message) -> dict[str, object]:
    return {
        "source": printable(msg.source),
        "commit": msg.commit,
        "subject": printable(msg.subject),
        "prefixes": msg.prefixes.names,
        "trailers": [_trailer(e) for e in msg.trailers],
        "split_blocks": [_block(msg, b) for b in msg.split_blocks],
        "unseen_block": None if msg.unseen is None else _block(msg, msg.unseen),
        "body_lines": [printable(line.content) for line in msg.body_lines],
    }


def message_json(msg: Message) -> str:
    return json.dumps(message_dict(msg), ensure_ascii=False)
