"""What is said, in one place: the words of each language and the clips that say them, for a call on the hall
display and for the number a kiosk has just printed.

A ticket number is read one character at a time ("1023" → một, không, hai, ba), so it is never misheard as a
whole number; a letter is read as a letter. The counter is read as people number it ("05" → 5) and say it: "quầy số
mười hai", from the pack's clip `vi.counter.12` where it has one (the default pack has 1–99; a recorded pack has
the counters its centre has), one character at a time where it has none. The sentence shown or logged and the
clips played come from the same parts, so the screen's text and the voice cannot disagree."""

from __future__ import annotations

import re
import string
from collections.abc import Container
from dataclasses import dataclass

CHIME = "chime"
LANGUAGES = ("vi", "en")
CHARACTERS = string.digits + string.ascii_uppercase


@dataclass(frozen=True)
class Words:
    call: str
    recall: str
    to_counter: str
    your_number: str  # the kiosk, after printing: "Số thứ tự của Ông/Bà là 1 0 2 3"
    after_number: str = ""  # punctuation of the written sentence after the number (not a clip)


WORDS = {
    "vi": Words(call="Mời công dân có số thứ tự", recall="Xin mời lại công dân có số thứ tự", to_counter="đến quầy số",
                your_number="Số thứ tự của Ông/Bà là"),
    "en": Words(call="Number", recall="Once again, number", to_counter="please go to counter",
                your_number="Your number is", after_number=","),
}
PHRASES = ("call", "recall", "to_counter", "your_number")  # the fixed parts of a sentence; each is one clip per language


COUNTER_CLIP = re.compile(r"^(vi|en)\.counter\.([1-9][0-9]{0,2})$")  # a counter said as a number: optional


def clip_names(language: str) -> list[str]:
    """Every clip a pack needs to speak `language`: its phrases, the digits and the letters."""
    return [f"{language}.{p}" for p in PHRASES] + [f"{language}.{c}" for c in CHARACTERS]


def characters(text: str) -> list[str]:
    """'A023' → ['A', '0', '2', '3']; separators ('-', ' ') are not read; letters in upper case."""
    return [c.upper() for c in text if c.isalnum() and c.upper() in CHARACTERS]


def counter_label(counter: str) -> str:
    """The counter as people say it: the id '05' is counter '5'; a non-numeric id is kept as it is."""
    return str(int(counter)) if counter.isdigit() else counter


def counter_clips(counter: str, language: str) -> list[str]:
    """['vi.counter.12'] for counter '12' (said as a number where the pack can), a non-numeric id by its
    characters; `resolve` falls back to the characters when the pack has no clip of that number."""
    label = counter_label(counter)
    if COUNTER_CLIP.match(f"{language}.counter.{label}"):
        return [f"{language}.counter.{label}"]
    return [f"{language}.{c}" for c in characters(label)]


def sentence_clips(number: str, counter: str, recall: bool, language: str) -> list[str]:
    """The clips of one sentence: [vi.call, vi.1, vi.0, vi.2, vi.3, vi.to_counter, vi.counter.5]."""
    lead = "recall" if recall else "call"
    return ([f"{language}.{lead}"] + [f"{language}.{c}" for c in characters(number)] + [f"{language}.to_counter"]
            + counter_clips(counter, language))


def resolve(sentence: list[str], clips: Container[str]) -> list[str]:
    """The sentence as the pack can say it: a counter number it has no clip of is said one digit at a time."""
    said: list[str] = []
    for name in sentence:
        match = COUNTER_CLIP.match(name)
        if match and name not in clips:
            said += [f"{match[1]}.{c}" for c in match[2]]
        else:
            said.append(name)
    return said


def sentence(number: str, counter: str, recall: bool, language: str) -> str:
    """The written sentence of the same parts: "Mời công dân có số thứ tự 1 0 2 3 đến quầy số 5"."""
    words = WORDS[language]
    lead = words.recall if recall else words.call
    return f"{lead} {' '.join(characters(number))}{words.after_number} {words.to_counter} {counter_label(counter)}"


def call_script(number: str, counter: str, *, recall: bool = False, english: bool = False,
                repeat: int = 1) -> list[list[str]]:
    """The whole announcement as sentences of clips: the chime, then the Vietnamese sentence (and the English one
    after it), the pair said `repeat` times. Sentences are joined with a longer pause than parts."""
    languages = ["vi", "en"] if english else ["vi"]
    said = [sentence_clips(number, counter, recall, lang) for lang in languages]
    return [[CHIME]] + said * max(1, repeat)


def number_clips(number: str, language: str) -> list[str]:
    """The kiosk's sentence for a printed number: [vi.your_number, vi.1, vi.0, vi.2, vi.3]."""
    return [f"{language}.your_number"] + [f"{language}.{c}" for c in characters(number)]


def number_sentence(number: str, language: str) -> str:
    """Its written form: "Số thứ tự của Ông/Bà là 1 0 2 3"."""
    return f"{WORDS[language].your_number} {' '.join(characters(number))}"


def number_script(number: str, *, english: bool = False) -> list[list[str]]:
    """What a kiosk says when the slip is printed: the Vietnamese sentence (and the English one). No chime: in the
    hall a chime means a call to a counter."""
    return [number_clips(number, lang) for lang in (["vi", "en"] if english else ["vi"])]
