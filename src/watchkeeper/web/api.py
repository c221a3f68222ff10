"""JSON API: platforms post events in batches and read decisions and cases back.

Each event in a batch is validated on its own: a bad one is reported by index and
field, the good ones beside it are accepted. "Accepted" means stored: from then on
the event will be decided exactly once, whatever crashes in between.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from watchkeeper.model import EVENT_ADAPTER, Case, Decision, Event
from watchkeeper.runtime import Runtime
from watchkeeper.streams.errors import describe_validation_error


class EventBatch(BaseModel):
    """A batch of events; each item is a PostEvent, AccountEvent, ReportEvent,
    EnforcementEvent or AppealEvent object, told apart by its ``kind`` field."""

    events: list[dict[str, Any]] = Field(min_length=1)


class ItemError(BaseModel):
    index: int
    id: str | None = None
    message: str


class IngestResponse(BaseModel):
    accepted: list[str]
    duplicates: list[str]
    errors: list[ItemError]


class PendingOut(BaseModel):
    event_id: str
    status: Literal["pending"] = "pending"


def validate_items(items: list[dict[str, Any]]) -> tuple[list[Event], list[ItemError]]:
    """Each item validated on its own: the valid events, and the errors by index."""
    valid: list[Event] = []
    errors: list[ItemError] = []
    for index, item in enumerate(items):
        try:
            valid.append(EVENT_ADAPTER.validate_python(item))
        except ValidationError as error:
            raw_id = item.get("id")
            errors.append(
                ItemError(
                    index=index,
                    id=raw_id if isinstance(raw_id, str) else None,
                    message=describe_validation_error(error),
                )
            )
    return valid, errors


def build_router(runtime: Runtime, wake: Callable[[], None], auth: Any) -> APIRouter:
    router = APIRouter(prefix="/v1", dependencies=[Depends(auth)])
    store = runtime.store
    max_events = runtime.settings.max_batch_events

    @router.post("/events", status_code=status.HTTP_202_ACCEPTED, response_model=IngestResponse)
    async def post_events(batch: EventBatch) -> IngestResponse:
        """Accept a batch of events; invalid items are reported, the rest are stored."""
        if len(batch.events) > max_events:
            raise HTTPException(
                status.HTTP_413_CONTENT_TOO_LARGE,
                f"batch has {len(batch.events)} events; the limit is {max_events}",
            )
        # Validation hashes uploaded media (PDQ of a photo takes milliseconds to
        # seconds), so it runs in the thread pool, not on the event loop.
        valid, errors = await run_in_threadpool(validate_items, batch.events)
        result = await run_in_threadpool(runtime.pipeline.submit, valid) if valid else None
        if result and result.accepted:
            wake()
        return IngestResponse(
            accepted=result.accepted if result else [],
            duplicates=result.duplicates if result else [],
            errors=errors,
        )

    @router.get(
        "/decisions/{event_id}",
        response_model=Decision,
        responses={202: {"model": PendingOut}, 404: {"description": "unknown event id"}},
    )
    def get_decision(event_id: str) -> Decision | JSONResponse:
        """The decision on one event, with the rules and signals that explain it."""
        decision = store.get_decision(event_id)
        if decision is not None:
            return decision
        state = store.event_status(event_id)
        if state == "pending":
            pending = PendingOut(event_id=event_id).model_dump()
            return JSONResponse(pending, status_code=status.HTTP_202_ACCEPTED)
        if state is not None:  # decided between our two reads
            decision = store.get_decision(event_id)
            if decision is not None:
                return decision
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no event with id {event_id!r}")

    @router.get("/cases", response_model=list[Case])
    def list_cases(
        state: Literal["open", "closed"] = "open",
        queue: str | None = None,
        limit: int = Query(50, ge=1, le=500),
        offset: int = Query(0, ge=0),
    ) -> list[Case]:
        """Review cases, most urgent first (priority, then SLA deadline)."""
        return store.list_cases(state=state, queue=queue, limit=limit, offset=offset)

    @router.get("/cases/{case_id}", response_model=Case)
    def get_case(case_id: int) -> Case:
        case = store.get_case(case_id)
        if case is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no case with id {case_id}")
        return case

    @router.get("/stats")
    def stats() -> dict[str, int]:
        """Counts of events, decisions, open cases and outbox messages."""
        return store.stats()

    return router
