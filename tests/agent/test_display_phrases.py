"""The words the hall display logs (and will say) for a call: COPY-VI.md, "Hall display and voice"."""

from __future__ import annotations

import pytest

from display.phrases import announcement, announcement_en, counter_label, spell


@pytest.mark.parametrize("number, spoken", [("1001", "1 0 0 1"), ("A023", "A 0 2 3"), ("b-17", "B 1 7"),
                                            ("0", "0")])
def test_a_number_is_read_one_character_at_a_time(number, spoken):
    assert spell(number) == spoken


def test_the_counter_is_read_as_people_number_it():
    assert [counter_label(c) for c in ("01", "05", "12", "vip")] == ["1", "5", "12", "vip"]


def test_a_call_and_a_recall():
    assert announcement("1001", "01") == "Mời công dân có số thứ tự 1 0 0 1 đến quầy số 1"
    assert announcement("A023", "12", recall=True) == "Xin mời lại công dân có số thứ tự A 0 2 3 đến quầy số 12"
    assert announcement_en("1001", "01") == "Number 1 0 0 1, please go to counter 1"
    assert announcement_en("1001", "05", recall=True) == "Once again, number 1 0 0 1, please go to counter 5"


def test_the_phrases_are_precomposed_vietnamese():
    import unicodedata
    text = announcement("1", "1", recall=True)
    assert unicodedata.normalize("NFC", text) == text
