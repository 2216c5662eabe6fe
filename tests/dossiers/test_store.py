"""The catalogue imports from YAML and CSV (tests/test_migrations.py checks every branch against the models)."""

from __future__ import annotations

import pytest

from queue_service.dossiers.catalogue import CatalogueError, import_catalogue, load_catalogue, parse_catalogue, procedures


def test_sample_catalogue_has_the_domain_procedures(db, centre):
    entries = load_catalogue("examples/procedures.yaml")
    assert len(entries) == 25
    assert {e.code for e in entries} >= {"1.001193", "2.000815", "2.000908", "1.004222", "1.014137"}
    with db.write() as session:
        assert import_catalogue(session, centre, entries) == (25, 0)
        assert import_catalogue(session, centre, load_catalogue("examples/procedures.csv")) == (0, 4)  # same keys: updated
        birth = next(p for p in procedures(session, "hcc-demo", "HT") if p.code == "1.001193")
        assert (birth.limit_unit, birth.agency_id, birth.fee) == ("same-day", "000.00.00.H00", 0)


def test_catalogue_errors_name_the_entry():
    with pytest.raises(CatalogueError) as error:
        parse_catalogue("- {code: '1.1', name_vi: X, field: HT, limit: 5 fortnights}\n", suffix=".yaml")
    assert "entry 1" in str(error.value) and "limit" in str(error.value)
