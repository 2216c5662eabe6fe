"""What the OpenAPI document promises about refusals, built from the rules that raise them: a dependency or an
endpoint marked `@raises(KIND, ...)` declares its kinds (the sign-in dependency 401, the role check 403, the centre
lookup 404, ...), a route with a body may answer 400 and 422, a route whose inputs can fail validation 422. Every
declared refusal has the one shape errors.ErrorBody."""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable, Iterator, TypeVar

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts

from queue_service.errors import INVALID_REQUEST, MALFORMED_BODY, ErrorBody, ErrorKind

F = TypeVar("F", bound=Callable)
REF = "#/components/schemas/{model}"
HEADERS = {
    401: {"WWW-Authenticate": "`Bearer`: sign in with an API token"},
    429: {"Retry-After": "seconds to wait before asking again"},
}


def raises(*kinds: ErrorKind) -> Callable[[F], F]:
    """Marks an endpoint or a dependency with the refusals it gives; the OpenAPI document declares them."""

    def mark(fn: F) -> F:
        fn.__raises__ = (*getattr(fn, "__raises__", ()), *kinds)  # type: ignore[attr-defined]
        return fn

    return mark


def route_errors(route) -> dict[int, list[ErrorKind]]:
    """The refusals a route can give, by status."""
    kinds: list[ErrorKind] = []
    for dependant in _dependants(route.dependant):
        kinds.extend(getattr(dependant.call, "__raises__", ()))
    if route.body_field is not None:
        kinds += [MALFORMED_BODY, INVALID_REQUEST]
    elif any(_may_fail(d) for d in _dependants(route.dependant)):
        kinds.append(INVALID_REQUEST)
    by_status: dict[int, list[ErrorKind]] = defaultdict(list)
    for kind in kinds:
        if kind not in by_status[kind.status]:
            by_status[kind.status].append(kind)
    return dict(by_status)


def install_openapi(app: FastAPI, centres: list[str], refiners: Iterable[Callable[[dict], None]] = ()) -> None:
    """Replace FastAPI's document builder with one that declares every route's refusals and the centres served, then
    lets each refiner add what only the running service knows (a feature's `refine_openapi`)."""

    def openapi() -> dict:
        if app.openapi_schema is None:
            document = _document(app, centres)
            for refine in refiners:
                refine(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _document(app: FastAPI, centres: list[str]) -> dict:
    schema = get_openapi(title=app.title, version=app.version, routes=app.routes, description=app.description)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    error_schema = ErrorBody.model_json_schema(ref_template=REF)
    components.update(error_schema.pop("$defs", {}))
    components["ErrorBody"] = error_schema
    for route in iter_route_contexts(app.routes):  # each route as included (prefix, router dependencies)
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        for method in route.methods:
            operation = schema["paths"][route.path_format][method.lower()]
            _declare(operation, route)
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] == "centre":
                    parameter["schema"]["enum"] = sorted(centres)  # any other centre is a 404
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)  # FastAPI's own 422 shape: never sent, ErrorBody is
    return schema


def _declare(operation: dict, route) -> None:
    responses = operation["responses"]
    if "HTTPValidationError" in str(responses.get("422", "")):
        del responses["422"]
    for status, kinds in sorted(route_errors(route).items()):
        if status in route.responses or str(status) in route.responses:
            continue  # the route declares this status itself (a page answers it in HTML)
        responses[str(status)] = {
            "description": "; ".join(f"`{k.code}`: {k.en}" for k in kinds),
            "content": {"application/json": {"schema": {"$ref": REF.format(model="ErrorBody")}}},
            **({"headers": {name: {"description": text, "schema": {"type": "string"}}
                            for name, text in HEADERS[status].items()}} if status in HEADERS else {}),
        }


def _dependants(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for child in dependant.dependencies:
        yield from _dependants(child)


def _may_fail(dependant: Dependant) -> bool:
    """Whether FastAPI can refuse one of its parameters: a value that is not a plain string (a number, a date, a
    constrained value), or a required query, header or cookie value that may be missing (a path always has its own)."""
    sent = [*dependant.query_params, *dependant.header_params, *dependant.cookie_params]
    return any(not _plain(p) for p in [*dependant.path_params, *sent]) or any(p.field_info.is_required() for p in sent)


def _plain(param) -> bool:
    return param.field_info.annotation in (str, str | None) and not param.field_info.metadata
