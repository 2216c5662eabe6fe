"""Ratings routes (thin: the counting is report.py, the page's rules page.py): the managers' daily counts, and the
citizen's rating from the live ticket page."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from queue_service.api.declared_errors import raises
from queue_service.api.deps import Centre, Context, require
from queue_service.api.params import Day
from queue_service.auth.roles import Principal, Role
from queue_service.context import ServiceContext
from queue_service.ratings import page, report

router = APIRouter(prefix="/api/v1", tags=["ratings"])
Leader = Annotated[Principal, Depends(require(Role.manager, Role.admin))]


@router.get("/centres/{centre}/ratings/daily")
def ratings_daily(context: Context, centre: Centre, _: Leader,
                  start: Annotated[Day | None, Query(alias="from", description="first local day (default today)")] = None,
                  days: Annotated[int, Query(ge=1, le=report.MAX_DAYS, description="how many days from it")] = 1) -> dict:
    """Counts per value of the centre's scale, per day, by clerk, counter and field; no citizen data."""
    start = start or context.clock().astimezone(centre.zone).date()
    end = dt.date.fromordinal(min(start.toordinal() + days - 1, dt.date.max.toordinal()))
    with context.db.read() as session:
        return report.daily(session, centre, start, end)


def refine_openapi(document: dict, context: ServiceContext) -> None:
    """The value a citizen may give is on the centre's scale (the model alone only bounds it to 1..10); a service of
    several centres with different scales declares their union, and refuses a value off the ticket's centre's scale."""
    values = sorted({level.value for centre in context.centres.values() for level in centre.rating_scale})
    document["components"]["schemas"]["PageRatingRequest"]["properties"]["value"]["enum"] = values


@router.get("/tickets/public/{public_id}/rating", response_model=page.PageRating, tags=["public"])
@raises(page.UNKNOWN_TICKET)
def page_rating(public_id: str, context: Context) -> page.PageRating:
    """Whether the live ticket page may ask for a rating now (served, not rated yet, the same day), with the scale."""
    with context.db.read() as session:
        return page.state(session, context.centre, public_id, context.clock())


@router.post("/tickets/public/{public_id}/rating", status_code=201, tags=["public"])
@raises(page.UNKNOWN_TICKET, page.NOT_SERVED, page.RATED, page.DAY_OVER, page.BAD_VALUE, page.BAD_REASON)
def rate_from_page(public_id: str, body: page.PageRatingRequest, context: Context) -> dict:
    """The citizen's rating of the service, once per ticket, until the end of the day it was served. No sign-in:
    the ticket's unguessable public id is the proof."""
    rating = page.rate(context.db, context.centre, public_id, body, context.clock())
    return {"value": rating.value, "message_vi": "Cảm ơn Ông/Bà đã đánh giá!",
            "message_en": "Thank you for your rating!"}
