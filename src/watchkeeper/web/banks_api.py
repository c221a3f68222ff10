"""JSON API for hash banks: create and configure banks, add and remove entries, retro-hunt.

The same operations as ``watchkeeper bank …``, for operators who script against the
server. Entries can be given as signals (``signal_type`` + ``value``) or as media
(bytes, base64, hashed here with python-threatexchange; the bytes are not kept).
Invalid entries are reported by position and the valid ones beside them are added.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, status
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from watchkeeper.banks.hashing import MediaError
from watchkeeper.banks.repository import (
    DEFAULT_TEXT_MIN_SCORE,
    BankEntry,
    BankError,
    BankInfo,
    BankRepository,
    NewEntry,
)
from watchkeeper.banks.retrohunt import RetroHunt
from watchkeeper.banks.sync import entries_from_media
from watchkeeper.model import MediaItem
from watchkeeper.runtime import Runtime
from watchkeeper.streams.errors import describe_validation_error


class BankIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    description: str = ""
    label: str = "terrorism"
    enabled: bool = True
    pdq_max_distance: int = 31
    pdq_min_quality: int = 50
    text_min_score: float = DEFAULT_TEXT_MIN_SCORE


class BankPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str | None = None
    label: str | None = None
    enabled: bool | None = None
    pdq_max_distance: int | None = None
    pdq_min_quality: int | None = None
    text_min_score: float | None = None


class EntriesIn(BaseModel):
    """Entries as ``{signal_type, value}`` or ``{media: {data|pdq|md5|sha256}}`` objects."""

    entries: list[dict[str, Any]] = Field(min_length=1, max_length=100_000)


class AddOut(BaseModel):
    added: list[int]
    unchanged: int
    errors: list[str]


class RemoveIn(BaseModel):
    ids: list[int] = Field(min_length=1, max_length=100_000)


def parse_entry(item: dict[str, Any]) -> list[NewEntry]:
    """One request item as entries; media is hashed into one entry per hash."""
    negative = bool(item.get("negative", False))
    provenance = str(item.get("provenance", ""))
    if "media" in item:
        raw = item["media"]
        if isinstance(raw, dict) and isinstance(raw.get("data"), str):
            try:
                data = base64.b64decode(raw["data"], validate=True)
                return entries_from_media(data, negative, provenance)
            except (binascii.Error, MediaError) as error:
                raise ValueError(f"media.data: {error}") from None
        try:
            media = MediaItem.model_validate(raw)
        except ValidationError as error:
            raise ValueError(describe_validation_error(error)) from None
        if not media.hashes():
            raise ValueError("media gave no hash (a URL is not fetched here)")
        return [NewEntry(kind, value, negative, provenance) for kind, value in media.hashes()]
    signal_type, value = item.get("signal_type"), item.get("value")
    if not isinstance(signal_type, str) or not isinstance(value, str):
        raise ValueError("an entry needs string fields signal_type and value, or media")
    return [NewEntry(signal_type, value, negative, provenance)]


def build_banks_router(runtime: Runtime, auth: Any) -> APIRouter:
    router = APIRouter(prefix="/v1/banks", dependencies=[Depends(auth)], tags=["banks"])
    repository = BankRepository(runtime.store)

    def refused(error: BankError) -> HTTPException:
        missing = str(error).startswith("no bank named")
        code = status.HTTP_404_NOT_FOUND if missing else status.HTTP_422_UNPROCESSABLE_CONTENT
        if "already exists" in str(error):
            code = status.HTTP_409_CONFLICT
        return HTTPException(code, str(error))

    @router.get("", response_model=list[BankInfo])
    def list_banks() -> list[BankInfo]:
        return repository.list_banks()

    @router.post("", response_model=BankInfo, status_code=status.HTTP_201_CREATED)
    def create_bank(bank: BankIn) -> BankInfo:
        try:
            return repository.create_bank(**bank.model_dump())
        except BankError as error:
            raise refused(error) from error

    @router.get("/{name}", response_model=BankInfo)
    def get_bank(name: str) -> BankInfo:
        try:
            return repository.get_bank(name)
        except BankError as error:
            raise refused(error) from error

    @router.patch("/{name}", response_model=BankInfo)
    def update_bank(name: str, patch: BankPatch) -> BankInfo:
        try:
            return repository.update_bank(name, **patch.model_dump(exclude_none=True))
        except BankError as error:
            raise refused(error) from error

    @router.get("/{name}/entries", response_model=list[BankEntry])
    def list_entries(
        name: str,
        after_id: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=10_000)] = 1_000,
        include_removed: bool = False,
    ) -> list[BankEntry]:
        try:
            repository.get_bank(name, counts=False)
        except BankError as error:
            raise refused(error) from error
        found: list[BankEntry] = []
        for entry in repository.entries(name, include_removed=include_removed, after_id=after_id):
            found.append(entry)
            if len(found) >= limit:
                break
        return found

    @router.post("/{name}/entries", response_model=AddOut)
    async def add_entries(name: str, body: EntriesIn) -> AddOut:
        def add() -> AddOut:
            entries: list[NewEntry] = []
            errors: list[str] = []
            for position, item in enumerate(body.entries):
                try:
                    entries.extend(parse_entry(item))
                except ValueError as error:
                    errors.append(f"entries[{position}]: {error}")
            result = repository.add_entries(name, entries)
            return AddOut(
                added=result.added, unchanged=result.unchanged, errors=errors + result.errors
            )

        try:
            return await run_in_threadpool(add)
        except BankError as error:
            raise refused(error) from error

    @router.post("/{name}/entries/remove")
    def remove_entries(name: str, body: RemoveIn) -> dict[str, int]:
        try:
            return {"removed": repository.remove_entries(name, body.ids)}
        except BankError as error:
            raise refused(error) from error

    @router.post("/retrohunt")
    def retrohunt(days: Annotated[int, Query(ge=1, le=3650)] | None = None) -> dict[str, Any]:
        hunt = RetroHunt(
            runtime.store, days=days or runtime.settings.retrohunt_days, settle_seconds=0
        )
        result = hunt.run_once()
        return {
            "entries": result.entries,
            "media_scanned": result.media_scanned,
            "posts_scanned": result.posts_scanned,
            "reports": result.reports,
        }

    return router
