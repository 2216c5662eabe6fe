"""The API keeps its own promises: schemathesis runs every check over every operation of the OpenAPI document of a
running service (uvicorn, a throwaway SQLite store, the demo centre, an administrator's token)."""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from schemathesis.engine import Status, events, from_schema

from queue_service.api.app import create_app
from queue_service.auth.roles import Role
from queue_service.auth.tokens import create_token
from queue_service.config import load_centre
from queue_service.context import ServiceContext
from queue_service.dossiers.catalogue import import_catalogue, load_catalogue
from queue_service.settings import Settings
from queue_service.store import Database
from tests.queue.conftest import DEMO
from tests.support.web import serve

pytestmark = pytest.mark.slow

# Every check and every phase (examples, coverage, fuzzing, stateful); a fixed seed so a failure replays. The one
# allowance: an administrator must name the counter whose printer prints a receipt (a clerk prints at their own), a
# rule by the caller's role that OpenAPI cannot state, so `422 counter_needed` answers a body the schema allows.
CONFIG = """
seed = 146
workers = 1
headers = {{ Authorization = "Bearer {token}" }}

[generation]
max-examples = {examples}

[checks]
enabled = true

[[operations]]
include-path = "/api/v1/centres/{{centre}}/dossiers/{{code}}/receipt/print"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
"""


# Every check schemathesis has (but max_response_time, which needs a limit to hold to) must have run at least once:
# the stateful ones need the morning's data and the seed's sequences of calls to have something to check.
EVERY_CHECK = {"not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance",
               "response_schema_conformance", "negative_data_rejection", "positive_data_acceptance",
               "missing_required_header", "unsupported_method", "allow_header_conformance", "ignored_auth",
               "use_after_free", "ensure_resource_availability", "object_level_authorization"}


@pytest.fixture
def running_service(sqlite_url):
    centre = load_centre(DEMO)
    context = ServiceContext(settings=Settings(database_url=sqlite_url, centre_files=[DEMO], enforce_hours=False),
                             db=Database(sqlite_url), centres={centre.centre.id: centre})
    with serve(create_app(context)) as base:
        token = create_token(context.db, Role.admin)
        _a_morning(base, token, context, centre)
        yield base, token


def _a_morning(base: str, token: str, context, centre) -> None:
    """Something for the generated requests to meet besides 404s: the procedure catalogue, waiting tickets (ids from
    1, which the generator tries first), open counters, one called and one being served."""
    with context.db.write() as session:
        import_catalogue(session, centre, load_catalogue("examples/procedures.yaml"))
    admin = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=f"{base}/api/v1/centres/hcc-demo", headers=admin) as api:
        for field in ("HT", "HT", "CT", "DD", "HT", "CT"):
            api.post("/tickets", json={"field": field}).raise_for_status()
        for counter in (1, 2, 3):
            api.post(f"/counters/{counter}/open").raise_for_status()
        api.post("/counters/1/next").raise_for_status()
        api.post("/counters/2/next").raise_for_status()
        api.post("/counters/2/start").raise_for_status()


def test_every_operation_keeps_every_check(running_service):
    base, token = running_service
    config = schemathesis.Config.from_str(CONFIG.format(token=token, examples=15))
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json", config=config)
    document = httpx.get(f"{base}/openapi.json").json()
    declared = {f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item}

    tested, checked, failures, errors = set(), set(), [], []
    for event in from_schema(schema).execute():
        if isinstance(event, (events.ScenarioFinished, events.FuzzScenarioFinished)):  # stateful scenarios too
            recorder = event.recorder
            if recorder.label in declared and event.status != Status.SKIP and recorder.has_responses():
                tested.add(recorder.label)
            for checks in recorder.checks.values():
                checked |= {c.name for c in checks}
                failures += [f"{recorder.label}: {c.name}: {c.failure_info.failure.title}\n"
                             f"{c.failure_info.code_sample}" for c in checks if c.failure_info is not None]
        elif isinstance(event, (events.NonFatalError, events.FatalError)):
            errors.append(repr(event))

    assert not errors, errors
    assert not failures, "\n\n".join(failures)
    assert len(declared) >= 40 and tested == declared, f"not tested: {sorted(declared - tested)}"
    assert checked >= EVERY_CHECK, f"checks that never ran: {sorted(EVERY_CHECK - checked)}"
