"""The four roles of the service and the principal a request acts as."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(str, enum.Enum):
    admin = "admin"
    manager = "manager"
    clerk = "clerk"
    device = "device"


@dataclass(frozen=True)
class Principal:
    """Who is acting: an API token's role, bound centre (None = every centre), counter (clerks) and staff id."""

    token_id: str
    role: Role
    centre: str | None = None
    counter: int | None = None
    staff_id: str | None = None

    @property
    def actor(self) -> str:
        return self.staff_id or f"{self.role.value}:{self.token_id}"

    def may_act_for_centre(self, centre: str) -> bool:
        return self.centre is None or self.centre == centre
