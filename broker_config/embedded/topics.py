"""Topic names and filters (demo broker; a real centre runs Mosquitto): validation, matching with the `$` rule,
`$share/{group}/{filter}` subscriptions and a subscription tree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SHARE_PREFIX = "$share/"


class TopicError(ValueError):
    """A topic name or filter that MQTT does not allow."""


def valid_topic_name(topic: str) -> bool:
    """A topic a client may publish to: not empty, no wildcards, no NUL (mqtt5 leaves these checks to us)."""
    return bool(topic) and "+" not in topic and "#" not in topic and "\0" not in topic


def valid_filter(filter_: str) -> bool:
    if not filter_ or "\0" in filter_:
        return False
    levels = filter_.split("/")
    for i, level in enumerate(levels):
        if "#" in level and (level != "#" or i != len(levels) - 1):
            return False
        if "+" in level and level != "+":
            return False
    return True


def matches(filter_: str, topic: str) -> bool:
    """Whether `topic` matches `filter_`; a leading wildcard never matches a `$` topic (MQTT 4.7.2)."""
    if topic.startswith("$") and filter_[:1] in ("+", "#"):
        return False
    f_levels, t_levels = filter_.split("/"), topic.split("/")
    for i, level in enumerate(f_levels):
        if level == "#":
            return True
        if i >= len(t_levels) or (level != "+" and level != t_levels[i]):
            return False
    return len(f_levels) == len(t_levels)


@dataclass(frozen=True)
class FilterSpec:
    """A parsed SUBSCRIBE filter: the filter proper and its shared-subscription group, if any."""

    filter: str
    group: str | None = None

    @property
    def key(self) -> str:
        """The filter as the client wrote it, which is what UNSUBSCRIBE names."""
        return f"{SHARE_PREFIX}{self.group}/{self.filter}" if self.group else self.filter


def parse_filter(raw: str) -> FilterSpec:
    if raw.startswith(SHARE_PREFIX):
        group, sep, filter_ = raw[len(SHARE_PREFIX):].partition("/")
        if not sep or not group or "+" in group or "#" in group or not valid_filter(filter_):
            raise TopicError(f"bad shared subscription {raw!r}")
        return FilterSpec(filter_, group)
    if not valid_filter(raw):
        raise TopicError(f"bad topic filter {raw!r}")
    return FilterSpec(raw)


class _Node:
    __slots__ = ("children", "entries")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.entries: dict[Any, Any] = {}


class SubscriptionTree:
    """Filters → entries (key → value); `match(topic)` finds every entry whose filter matches, in one walk."""

    def __init__(self) -> None:
        self._root = _Node()

    def add(self, filter_: str, key: Any, value: Any) -> None:
        node = self._root
        for level in filter_.split("/"):
            node = node.children.setdefault(level, _Node())
        node.entries[key] = value

    def remove(self, filter_: str, key: Any) -> None:
        path = [self._root]
        levels = filter_.split("/")
        for level in levels:
            node = path[-1].children.get(level)
            if node is None:
                return
            path.append(node)
        path[-1].entries.pop(key, None)
        for level, parent, node in zip(reversed(levels), reversed(path[:-1]), reversed(path[1:])):
            if node.entries or node.children:
                break
            del parent.children[level]  # prune, so a churn of devices leaves no dead branches

    def match(self, topic: str) -> list[tuple[Any, Any]]:
        levels = topic.split("/")
        out: list[tuple[Any, Any]] = []
        dollar = topic.startswith("$")

        def walk(node: _Node, i: int) -> None:
            if i == len(levels):
                out.extend(node.entries.items())
                if (hash_node := node.children.get("#")) is not None:  # "a/#" matches "a" too
                    out.extend(hash_node.entries.items())
                return
            if not (i == 0 and dollar):
                if (hash_node := node.children.get("#")) is not None:
                    out.extend(hash_node.entries.items())
                if (plus := node.children.get("+")) is not None:
                    walk(plus, i + 1)
            if (child := node.children.get(levels[i])) is not None:
                walk(child, i + 1)

        walk(self._root, 0)
        return out
