"""What the hall display says for a call (COPY-VI.md, "Hall display and voice"): the sentences of the voice's script
(devicekit.voice.script), so the text logged and shown is the text the clips say — numbers read one character at a
time, so that "1023" is never misheard as "one thousand and twenty-three", and a letter read as a letter."""

from __future__ import annotations

from devicekit.voice.script import characters, counter_label, sentence

__all__ = ["announcement", "announcement_en", "counter_label", "spell"]


def spell(number: str) -> str:
    """'1001' → '1 0 0 1', 'A023' → 'A 0 2 3': one character a word; separators ('-', ' ') are not read."""
    return " ".join(characters(number))


def announcement(number: str, counter: str, recall: bool = False) -> str:
    """The Vietnamese sentence the voice says, with the number spelt: "Mời công dân có số thứ tự 1 0 0 1 đến
    quầy số 1"; a recall starts with "Xin mời lại"."""
    return sentence(number, counter, recall, "vi")


def announcement_en(number: str, counter: str, recall: bool = False) -> str:
    """The English line: "Number 1 0 0 1, please go to counter 1"."""
    return sentence(number, counter, recall, "en")
