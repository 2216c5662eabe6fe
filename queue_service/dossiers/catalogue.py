"""The procedure catalogue (danh mục thủ tục hành chính): validated entries, YAML/CSV import, lookups."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from queue_service.config import CentreConfig
from queue_service.dossiers.limits import Limit, Unit
from queue_service.dossiers.tables import Procedure
from queue_service.errors import DomainError, kind

UNKNOWN_PROCEDURE = kind("unknown_procedure", 404, "Không có thủ tục '{procedure}'", "No procedure '{procedure}'")


class CatalogueError(Exception):
    """A catalogue file is wrong; str() names the file, the entry and the problem."""


class ProcedureEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(description="stable slug; defaults to the mã TTHC", pattern=r"^[A-Za-z0-9._-]{1,64}$")
    code: str | None = Field(None, description="mã TTHC, e.g. 1.001193 (None where none is known)")
    name_vi: str = Field(description="procedure name in Vietnamese")
    name_en: str = Field("", description="procedure name in English")
    field: str = Field(description="field (lĩnh vực) code of the centre, e.g. HT")
    limit: str = Field(description="processing time: '5 working-days', '4 hours', 'same-day', '10 days', '1 months'")
    agency_id: str | None = Field(None, description="receiving agency's electronic ID (default: the centre's)")
    agency_name: str | None = Field(None, description="receiving agency's name (default: the centre's)")
    fee: int | None = Field(None, ge=0, description="fee in VND; None if none or not known")
    fee_note: str = Field("", description="fee details")
    documents: list[str] = Field(default_factory=list, description="required document list (thành phần hồ sơ)")

    @field_validator("limit")
    @classmethod
    def _limit(cls, value: str) -> str:
        try:
            return str(Limit.parse(value))
        except DomainError as exc:
            raise ValueError(exc.message_en) from None


def parse_catalogue(text: str, *, suffix: str) -> list[ProcedureEntry]:
    """YAML (a list, or `procedures:` list) or CSV (documents separated by '|')."""
    if suffix.lower() == ".csv":
        raw = []
        for row in csv.DictReader(io.StringIO(text)):
            row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
            row["documents"] = [d.strip() for d in row.get("documents", "").split("|") if d.strip()]
            row["fee"] = row.get("fee") or None
            raw.append({k: (v if v != "" else None) if k in ("code", "agency_id", "agency_name") else v for k, v in row.items()})
    else:
        data = yaml.safe_load(text) or []
        raw = data.get("procedures", []) if isinstance(data, dict) else data
    entries, problems = [], []
    for index, item in enumerate(raw, start=1):
        if isinstance(item, dict) and not item.get("key") and item.get("code"):
            item = {**item, "key": item["code"]}
        try:
            entries.append(ProcedureEntry.model_validate(item))
        except ValidationError as exc:
            for error in exc.errors():
                where = ".".join(str(p) for p in error["loc"]) or "(entry)"
                problems.append(f"entry {index} ({item.get('key') or item.get('name_vi') if isinstance(item, dict) else '?'}): {where}: {error['msg']}")
    keys = [e.key for e in entries]
    problems += [f"key '{k}' appears twice" for k in sorted({k for k in keys if keys.count(k) > 1})]
    if problems:
        raise CatalogueError("\n".join(problems))
    return entries


def load_catalogue(path: str | Path) -> list[ProcedureEntry]:
    path = Path(path)
    try:
        return parse_catalogue(path.read_text(encoding="utf-8"), suffix=path.suffix)
    except CatalogueError as exc:
        raise CatalogueError(f"{path}:\n{exc}") from None


def import_catalogue(session: Session, centre: CentreConfig, entries: list[ProcedureEntry]) -> tuple[int, int]:
    """Insert or update each entry for the centre; returns (added, updated). Unknown fields are refused."""
    fields = {f.code for f in centre.fields}
    unknown = sorted({e.field for e in entries} - fields)
    if unknown:
        raise CatalogueError(f"unknown field(s) {', '.join(unknown)} for centre {centre.centre.id} (expected one of {', '.join(sorted(fields))})")
    existing = {p.key: p for p in session.scalars(select(Procedure).where(Procedure.centre_id == centre.centre.id))}
    added = updated = 0
    for entry in entries:
        limit = Limit.parse(entry.limit)
        values = dict(
            code=entry.code, name_vi=entry.name_vi, name_en=entry.name_en, field_code=entry.field,
            limit_value=limit.value, limit_unit=limit.unit.value,
            agency_id=entry.agency_id or centre.dossiers.agency_id,
            agency_name=entry.agency_name or centre.dossiers.agency_name_vi or centre.centre.name_vi,
            fee=entry.fee, fee_note=entry.fee_note, documents=list(entry.documents), active=True,
        )
        row = existing.get(entry.key)
        if row is None:
            session.add(Procedure(centre_id=centre.centre.id, key=entry.key, **values))
            added += 1
        else:
            for name, value in values.items():
                setattr(row, name, value)
            updated += 1
    session.flush()
    return added, updated


def procedures(session: Session, centre_id: str, field: str | None = None) -> list[Procedure]:
    query = select(Procedure).where(Procedure.centre_id == centre_id, Procedure.active.is_(True))
    if field:
        query = query.where(Procedure.field_code == field)
    return list(session.scalars(query.order_by(Procedure.field_code, Procedure.key)))


def find_procedure(session: Session, centre_id: str, key: str) -> Procedure:
    row = session.scalars(select(Procedure).where(Procedure.centre_id == centre_id, Procedure.key == key)).first()
    if row is None:
        raise DomainError(UNKNOWN_PROCEDURE, procedure=key)
    return row


def limit_of(procedure: Procedure) -> Limit:
    return Limit(procedure.limit_value, Unit(procedure.limit_unit))
