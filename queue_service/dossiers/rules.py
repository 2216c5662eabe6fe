"""Legal rule sets versioned by effective date (Decree 61/2018 before 2025-07-01, Decree 118/2025 from then on)."""

from __future__ import annotations

import datetime as dt
import functools
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field


class FormSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    number: str = Field(description="form number in the circular's appendix (Mẫu số)")
    paper: str = Field(description="A4 or A5")
    title_vi: str
    title_en: str


class RuleSet(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    effective_from: dt.date
    instruments: list[str]
    same_day_cutoff: dt.time = Field(description="same-day dossiers received after this are due the next working day")
    max_apologies: int = Field(ge=1, description="apologies with a new date allowed per dossier")
    forms: dict[str, FormSpec]

    def form(self, key: str) -> FormSpec | None:
        return self.forms.get(key)


@functools.cache
def rule_sets() -> tuple[RuleSet, ...]:
    """All rule sets, oldest first; read once from the package data (immutable, so caching is safe)."""
    text = resources.files("queue_service.dossiers").joinpath("rulesets.yaml").read_text(encoding="utf-8")
    sets = [RuleSet.model_validate(item) for item in yaml.safe_load(text)]
    return tuple(sorted(sets, key=lambda r: r.effective_from))


def rules_for(day: dt.date) -> RuleSet:
    """The rule set in force on a (local) day of receipt."""
    chosen = rule_sets()[0]
    for rules in rule_sets():
        if rules.effective_from <= day:
            chosen = rules
    return chosen


def rules_by_id(rules_id: str) -> RuleSet:
    return next(r for r in rule_sets() if r.id == rules_id)
