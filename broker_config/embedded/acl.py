"""Mosquitto ACL files for the demo broker (a real centre runs Mosquitto), with Mosquitto 2's semantics.

`topic` lines before any `user` line apply to anonymous clients, `topic` lines after `user X` to X, and
`pattern` lines (with %u = username, %c = client id) to every client. Access is read, write, readwrite
(the default) or deny; deny lines win over grants. A `$` topic is only matched by an ACL topic that itself
starts with `$`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from broker_config.embedded.topics import matches, valid_filter

log = logging.getLogger(__name__)

READ, WRITE = 1, 2
DENY = 0
ACCESS = {"read": READ, "write": WRITE, "readwrite": READ | WRITE, "deny": DENY}
# A %u or %c holding a wildcard or a level separator could widen a pattern to other devices' topics.
UNSAFE_IN_ID = set("+#/")


class AclError(ValueError):
    """A line of the ACL file that Mosquitto would refuse too."""


@dataclass(frozen=True)
class Rule:
    access: int
    topic: str


@dataclass
class Acl:
    anonymous: list[Rule] = field(default_factory=list)
    users: dict[str, list[Rule]] = field(default_factory=dict)
    patterns: list[Rule] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str, source: str = "acl file") -> "Acl":
        acl = cls()
        current = acl.anonymous
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            keyword, _, rest = line.partition(" ")
            rest = rest.strip()
            if keyword == "user":
                if not rest:
                    raise AclError(f"{source} line {number}: user without a name")
                current = acl.users.setdefault(rest, [])
            elif keyword in ("topic", "pattern"):
                rule = _rule(rest, f"{source} line {number}")
                (acl.patterns if keyword == "pattern" else current).append(rule)
            else:
                raise AclError(f"{source} line {number}: unknown keyword {keyword!r}")
        return acl

    @classmethod
    def load(cls, path: Path) -> "Acl":
        return cls.parse(Path(path).read_text(encoding="utf-8"), str(path))

    def allowed(self, username: str | None, client_id: str, topic: str, access: int) -> bool:
        """Whether this client may read (receive) or write (publish) `topic`."""
        own = self.users.get(username, []) if username else self.anonymous
        if _check(own, topic, access):
            return True
        patterns = []
        for rule in self.patterns:
            text = rule.topic
            if "%u" in text:
                if not username or UNSAFE_IN_ID & set(username):
                    continue
                text = text.replace("%u", username)
            if "%c" in text:
                if not client_id or UNSAFE_IN_ID & set(client_id):
                    continue
                text = text.replace("%c", client_id)
            patterns.append(Rule(rule.access, text))
        return _check(patterns, topic, access)


def _rule(rest: str, where: str) -> Rule:
    access_word, _, topic = rest.partition(" ")
    if access_word in ACCESS and topic.strip():
        access, topic = ACCESS[access_word], topic.strip()
    else:
        access, topic = READ | WRITE, rest  # Mosquitto: no access word means readwrite
    if not valid_filter(topic.replace("%u", "u").replace("%c", "c")):
        raise AclError(f"{where}: bad topic {topic!r}")
    return Rule(access, topic)


def _check(rules: list[Rule], topic: str, access: int) -> bool:
    def hit(rule: Rule) -> bool:
        if topic.startswith("$") and not rule.topic.startswith("$"):
            return False
        return matches(rule.topic, topic)

    if any(rule.access == DENY and hit(rule) for rule in rules):
        return False
    return any(rule.access & access and hit(rule) for rule in rules)
