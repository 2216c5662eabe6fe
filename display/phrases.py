"""What the hall display says for a call (COPY-VI.md, "Hall display and voice"): numbers read one character at a
time, so that "1023" is never misheard as "one thousand and twenty-three", and a letter read as a letter."""

from __future__ import annotations

CALL_VI = "Mời công dân có số thứ tự {number} đến quầy số {counter}"
RECALL_VI = "Xin mời lại công dân có số thứ tự {number} đến quầy số {counter}"
CALL_EN = "Number {number}, please go to counter {counter}"
RECALL_EN = "Once again, number {number}, please go to counter {counter}"


def spell(number: str) -> str:
    """'1001' → '1 0 0 1', 'A023' → 'A 0 2 3': one character a word; separators ('-', ' ') are not read."""
    return " ".join(c.upper() for c in number if c.isalnum())


def counter_label(counter: str) -> str:
    """The counter as people say it: the id '05' is counter '5'; a non-numeric id is kept as it is."""
    return str(int(counter)) if counter.isdigit() else counter


def announcement(number: str, counter: str, recall: bool = False) -> str:
    """The Vietnamese sentence the voice will say, with the number spelt: "Mời công dân có số thứ tự 1 0 0 1 đến
    quầy số 1"; a recall starts with "Xin mời lại"."""
    return (RECALL_VI if recall else CALL_VI).format(number=spell(number), counter=counter_label(counter))


def announcement_en(number: str, counter: str, recall: bool = False) -> str:
    """The English line: "Number 1 0 0 1, please go to counter 1"."""
    return (RECALL_EN if recall else CALL_EN).format(number=spell(number), counter=counter_label(counter))
