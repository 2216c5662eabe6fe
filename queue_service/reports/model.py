"""The report as the API answers it (and the page and the exports show it): one flat set of figures per row."""

from __future__ import annotations

from pydantic import BaseModel, Field

Seconds = float | None


class Figures(BaseModel):
    """The figures of one row (the whole centre, a field, a counter, a clerk, an agency or a day). A figure that does
    not apply to the row, or has nothing to count, is null."""

    issued: int | None = Field(None, description="tickets issued (printed; a voided number does not count)")
    served: int | None = Field(None, description="tickets served to the end (Finish)")
    no_shows: int | None = Field(None, description="tickets that ended as no-shows")
    cancelled: int | None = Field(None, description="tickets cancelled")
    wait_mean_s: Seconds = Field(None, description="mean wait, issue to call, in seconds")
    wait_p90_s: Seconds = Field(None, description="90th percentile of the wait (nearest rank), in seconds")
    wait_max_s: Seconds = Field(None, description="longest wait, in seconds")
    service_mean_s: Seconds = Field(None, description="mean service time, Start (or the call) to Finish, in seconds")
    service_p90_s: Seconds = Field(None, description="90th percentile of the service time, in seconds")
    estimated: int | None = Field(None, description="called tickets that had a printed estimated wait")
    estimate_bias_s: Seconds = Field(None, description="mean of real wait − printed estimate (positive: waited longer)")
    estimate_abs_error_s: Seconds = Field(None, description="mean of |real wait − printed estimate|, in seconds")
    estimate_close_share: float | None = Field(None, description="share of estimates within 5 minutes of the real wait")
    ratings_total: int | None = Field(None, description="ratings given")
    ratings: dict[str, int] | None = Field(None, description="ratings per value of the centre's scale")
    satisfied_share: float | None = Field(None, description="share of ratings at the scale's two best levels")
    dossiers_received: int | None = Field(None, description="dossiers accepted (the processing clock started)")
    dossiers_returned: int | None = Field(None, description="dossiers whose result was handed over (status 10)")
    dossiers_completed: int | None = Field(None, description="dossiers completed in the period (Decision 766)")
    dossiers_early: int | None = Field(None, description="completed before the due date")
    dossiers_on_time: int | None = Field(None, description="completed on the due date")
    dossiers_late: int | None = Field(None, description="completed after the due date, or after two supplement requests")
    dossiers_open_in_time: int | None = Field(None, description="still open at the period's end, not yet due")
    dossiers_open_overdue: int | None = Field(None, description="still open at the period's end, past due")
    in_time_rate: float | None = Field(None, description="(early + on time) / completed")


class Row(BaseModel):
    key: str = Field(description="the group: a field code, counter number, staff id, agency id or day")
    name_vi: str = Field(description="its name in Vietnamese")
    name_en: str = Field(description="its name in English")
    figures: Figures


class Level(BaseModel):
    value: int
    name_vi: str
    name_en: str


class PeriodView(BaseModel):
    kind: str = Field(description="day, week or month")
    first: str = Field(description="first local day, YYYY-MM-DD")
    last: str = Field(description="last local day, YYYY-MM-DD")
    timezone: str
    working_days: int = Field(description="working days in the period (holidays and weekends off, swaps on)")


class Report(BaseModel):
    centre: str
    centre_name_vi: str
    centre_name_en: str
    period: PeriodView
    scale: list[Level] = Field(description="the rating scale, best first")
    total: Figures
    by_field: list[Row]
    by_counter: list[Row]
    by_clerk: list[Row]
    by_agency: list[Row]
    by_day: list[Row]
