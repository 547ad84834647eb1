"""How a heading-less paragraph opens: carrying on the topic before it, naming a new topic, or neither.

Reports written as prose (在经费保障方面，一是……；此外，一是……) or as bare paragraphs have no headings to say
where one area's account ends; their writers say it with the opening words instead. A paragraph that opens
with 此外/同时/另外 continues the topic of the one before it; one that opens by naming its topic
(在教师队伍建设方面，/ 围绕立德树人，) starts a new one, and the named topic reads like a heading. The words are
data (``scorer/data/lexicon.yaml``, ``discourse``); this module only finds them at a paragraph's start.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from functools import lru_cache

from scorer.lexicon import alternatives, lexicon

#: Characters looked at from a paragraph's start (a topic clause is short).
OPENING_CHARS = 40
# Numbering a heading-less paragraph may still carry before its opening words (1. / （一） / 一、).
_NUMBERING = re.compile(
    r"^\s*(?:[0-9]{1,3}[.、．]|\(?[一二三四五六七八九十]{1,3}[)、]|[一二三四五六七八九十]{1,3}是)?\s*")


class Turn(enum.Enum):
    """How a paragraph stands to the one before it."""

    CONTINUES = "continues"  # 此外，同时，另外……: the same topic goes on
    TOPIC = "topic"  # 在…方面，/ 围绕…，: a topic is named, a new one may start
    NONE = "none"  # nothing said


@dataclass(frozen=True)
class Opening:
    """A paragraph's opening: its turn, and for ``Turn.TOPIC`` the topic it names (folded text)."""

    turn: Turn
    topic: str = ""


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], tuple[re.Pattern[str], ...]]:
    continues = re.compile(rf"^(?:{alternatives('discourse', 'continuations')})[,:]?")
    topics = tuple(re.compile(p) for p in lexicon()["discourse"]["topic_patterns"])
    return continues, topics


def opening(folded: str) -> Opening:
    """The opening of a paragraph, from its folded text (only the first ``OPENING_CHARS`` are read)."""
    head = folded[:OPENING_CHARS]
    head = head[_NUMBERING.match(head).end():]
    continues, topics = _patterns()
    if continues.match(head):
        return Opening(Turn.CONTINUES)
    for pattern in topics:
        found = pattern.match(head)
        if found:
            return Opening(Turn.TOPIC, found.group("topic"))
    return Opening(Turn.NONE)
