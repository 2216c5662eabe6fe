"""The voice's script: one place turns a call into clips, and the display's sentences say the same parts."""

from __future__ import annotations

import datetime as dt

import pytest

from devicekit.voice.build import number_words
from devicekit.voice.script import (WORDS, call_script, characters, number_clips, number_script, number_sentence,
                                    resolve, sentence_clips)
from devicekit.voice.settings import VoiceSettings
from display.phrases import announcement, announcement_en, counter_label


@pytest.mark.parametrize("number, counter, recall", [("1023", "05", False), ("A023", "12", True),
                                                     ("b-7", "vip", False)])
@pytest.mark.parametrize("language, phrase", [("vi", announcement), ("en", announcement_en)])
def test_the_displayed_sentence_and_the_clips_say_the_same_parts(number, counter, recall, language, phrase):
    words = WORDS[language]
    text = {f"{language}.call": words.call, f"{language}.recall": words.recall,
            f"{language}.to_counter": words.to_counter}
    # a clip says its phrase, its character, or its counter number ("vi.counter.12" says 12)
    said = [text.get(clip, clip.rsplit(".", 1)[1]) for clip in sentence_clips(number, counter, recall, language)]
    written = phrase(number, counter, recall).replace(",", "").split()
    spoken = " ".join(said).replace(",", "").split()
    assert spoken[:len(written) - 1] == written[:-1]
    assert "".join(spoken[len(written) - 1:]) == counter_label(counter).upper()  # "vip": V, I, P


def test_copy_vi_example():
    assert sentence_clips("1023", "05", False, "vi") == ["vi.call", "vi.1", "vi.0", "vi.2", "vi.3", "vi.to_counter",
                                                         "vi.counter.5"]
    assert sentence_clips("A023", "1", False, "en") == ["en.call", "en.A", "en.0", "en.2", "en.3", "en.to_counter",
                                                        "en.counter.1"]


def test_a_counter_is_said_as_a_number_where_the_pack_has_its_clip_and_digit_by_digit_where_not():
    sentence = sentence_clips("1023", "12", False, "vi")
    assert resolve(sentence, {"vi.counter.12"})[-1:] == ["vi.counter.12"]  # "quầy số mười hai"
    assert resolve(sentence, {"vi.counter.5"})[-2:] == ["vi.1", "vi.2"]  # a pack recorded for counters 1–9 only
    assert sentence_clips("1", "1000", False, "vi")[-4:] == ["vi.1", "vi.0", "vi.0", "vi.0"]  # no clip that high


@pytest.mark.parametrize("n, vi, en", [(1, "một", "one"), (5, "năm", "five"), (10, "mười", "ten"),
                                       (11, "mười một", "eleven"), (15, "mười lăm", "fifteen"),
                                       (20, "hai mươi", "twenty"), (21, "hai mươi mốt", "twenty-one"),
                                       (24, "hai mươi bốn", "twenty-four"), (35, "ba mươi lăm", "thirty-five"),
                                       (99, "chín mươi chín", "ninety-nine")])
def test_counter_numbers_are_said_as_people_say_them(n, vi, en):
    assert (number_words(n, "vi"), number_words(n, "en")) == (vi, en)


def test_a_recall_is_repeated_and_english_follows_vietnamese():
    script = call_script("1023", "05", recall=True, english=True, repeat=2)
    vi, en = sentence_clips("1023", "05", True, "vi"), sentence_clips("1023", "05", True, "en")
    assert script == [["chime"], vi, en, vi, en]
    assert call_script("1023", "05") == [["chime"], sentence_clips("1023", "05", False, "vi")]


def test_quiet_hours_and_volume_by_hour_in_local_time():
    settings = VoiceSettings(quiet_hours=["11:30-13:00", "21:00-06:30", "17:00-24:00"], volume=0.8,
                             volume_by_hour={13: 0.4})
    local = lambda h, m: dt.datetime(2026, 12, 7, h, m, tzinfo=dt.timezone(dt.timedelta(hours=7)))  # noqa: E731
    quiet = {(h, m): settings.is_quiet(local(h, m)) for h, m in [(11, 29), (11, 30), (12, 59), (13, 0), (16, 59),
                                                                 (17, 0), (23, 59), (0, 0), (6, 29), (6, 30)]}
    assert quiet == {(11, 29): False, (11, 30): True, (12, 59): True, (13, 0): False, (16, 59): False,
                     (17, 0): True, (23, 59): True, (0, 0): True, (6, 29): True, (6, 30): False}
    assert settings.is_quiet(dt.datetime(2026, 12, 7, 5, 0, tzinfo=dt.timezone.utc))  # 12:00 in Hà Nội
    assert [settings.volume_at(local(h, 0)) for h in (12, 13, 14)] == [0.8, 0.4, 0.8]


@pytest.mark.parametrize("bad", [{"quiet_hours": ["12h-13h"]}, {"quiet_hours": ["22:00-24:30"]},
                                 {"volume_by_hour": {24: 0.5}},
                                 {"volume_by_hour": {8: 1.5}}, {"timezone": "Mars/Olympus"}, {"loud": True}])
def test_bad_voice_settings_are_refused(bad):
    with pytest.raises(ValueError):
        VoiceSettings(**bad)


def test_the_kiosk_says_the_number_it_shows_one_character_at_a_time():
    assert number_clips("1023", "vi") == ["vi.your_number", "vi.1", "vi.0", "vi.2", "vi.3"]
    assert number_sentence("A023", "vi") == "Số thứ tự của Ông/Bà là A 0 2 3"
    assert number_sentence("1023", "en") == "Your number is 1 0 2 3"
    assert number_script("1023") == [number_clips("1023", "vi")]  # no chime: in the hall a chime is a call
    assert number_script("1023", english=True) == [number_clips("1023", "vi"), number_clips("1023", "en")]
