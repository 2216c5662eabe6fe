"""Citizens' ratings: one direction everywhere (a higher value is better), the `rating.open` command that arms a pad
or tablet for one served ticket, and the `rating.given` event that answers it.

The centre file lists its scale best first (default: Rất hài lòng 4 … Không hài lòng 1). A physical pad numbers its
buttons by rank, 1 = least satisfied up to N = most satisfied; a pad with N buttons serves a scale of N levels, the
lowest rank giving the lowest value. A tablet shows the labels it was sent and answers with the value directly.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from wire.messages import WireModel


class RatingLevel(WireModel):
    """One level of the centre's scale."""

    value: int = Field(ge=1, le=10, description="stored value; higher is better")
    name_vi: str = Field(max_length=60, description="Vietnamese label, e.g. Rất hài lòng")
    name_en: str = Field(max_length=60, description="English label")
    ask_reason: bool = Field(False, description="a tablet asks for a reason at this level (the lowest ones)")


class RatingOpen(WireModel):
    """rating.open: arm the counter's pad or tablet for one served ticket; a newer rating.open replaces it."""

    ticket_id: int = Field(ge=1, description="the served ticket (its internal id); the rating answers it")
    number: str = Field(max_length=16, description="the ticket number, shown on a tablet")
    counter: str = Field(max_length=63, description="counter id")
    clerk_name: str | None = Field(None, max_length=120, description="clerk who served, shown on a tablet")
    clerk_photo_jpeg_b64: str | None = Field(
        None, max_length=49152, pattern=r"^[A-Za-z0-9+/]*={0,2}$",
        description="the clerk's photo, at most 240×300, for the tablet: a JPEG of at most 36 KB, base64 (standard "
                    "alphabet, padded); none: the tablet shows a placeholder")
    window_s: float = Field(gt=0, le=3600, description="seconds the pad stays armed")
    levels: list[RatingLevel] = Field(min_length=2, max_length=10, description="the centre's scale, best first")
    reasons: list[str] = Field(default_factory=list, max_length=12, description="reason chips for the lowest levels")

    @model_validator(mode="after")
    def _best_first(self) -> "RatingOpen":
        values = [level.value for level in self.levels]
        if values != sorted(set(values), reverse=True):
            raise ValueError("levels must be listed best first, with distinct values")
        return self


class RatingGiven(WireModel):
    """rating.given: the citizen's answer to a rating.open; kept in the outbox until the service has it."""

    ticket_id: int = Field(ge=1, description="the ticket of the rating.open this answers")
    value: int = Field(ge=1, le=10, description="a value of the centre's scale; higher is better")
    reason: str | None = Field(None, max_length=200, description="reason chosen at a low level, if any")


def value_for_rank(rank: int, buttons: int, levels: list[RatingLevel]) -> int | None:
    """The scale value of a pad button (rank 1 = least satisfied … `buttons` = most); None when the pad has a
    different number of buttons than the scale has levels, so no press can be read as the wrong level."""
    if buttons != len(levels) or not 1 <= rank <= buttons:
        return None
    ascending = sorted(level.value for level in levels)
    return ascending[rank - 1]
