"""The shared vocabulary: every module speaks in these pydantic types.

Events are what a platform sends us; signals are what detectors find; decisions
are what the policy makes of them; cases are what a person reviews; actions are
what goes back to the platform. Keeping them in one small module means a
detector, the policy and the store can never disagree on what a field means.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    Base64Bytes,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    computed_field,
    model_validator,
)

from watchkeeper.evasion.profile import hash_email, hash_ip, normalize_pdq

EventKind = Literal["post", "account", "report", "enforcement", "appeal"]
EVENT_KINDS: tuple[EventKind, ...] = ("post", "account", "report", "enforcement", "appeal")

MAX_TEXT_CHARS = 100_000
"""Longest text we accept in one event; a longer one is refused with a clear error."""

Id = Annotated[str, Field(min_length=1, max_length=256)]
Text = Annotated[str, Field(max_length=MAX_TEXT_CHARS)]


class _Event(BaseModel):
    """Fields every event has. Unknown fields are refused so typos surface."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Id
    """The platform's id for this event; replaying the same id is a no-op."""
    created_at: AwareDatetime | None = None
    """When it happened on the platform (timezone required)."""
    meta: dict[str, Any] = Field(default_factory=dict)
    """Platform-specific extras, stored and shown but never interpreted."""


PdqHash = Annotated[str, AfterValidator(normalize_pdq)]
Md5Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{32}$", to_lower=True)]
Sha256Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{64}$", to_lower=True)]
MAX_MEDIA_PER_EVENT = 20
MAX_VPDQ_FRAMES = 10_000
MAX_PDQ_VARIANTS = 64


class MediaItem(BaseModel):
    """A photo or video attached to a post, as bytes, a URL, or precomputed hashes.

    Bytes (``data``, base64 in JSON) are hashed on arrival with python-threatexchange's
    signal types and never serialized, so they are not stored unless the operator
    turns evidence preservation on. A ``url`` is fetched only from hosts on the
    operator's allowlist, by the ``media`` detector. ``vpdq`` is a video's frame PDQ
    hashes.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["photo", "video", "other"] = "photo"
    data: Base64Bytes | None = Field(default=None, exclude=True, repr=False)
    url: Annotated[str, Field(min_length=1, max_length=2_048)] | None = None
    pdq: PdqHash | None = None
    pdq_quality: Annotated[int, Field(ge=0, le=100)] | None = None
    md5: Md5Hex | None = None
    sha256: Sha256Hex | None = None
    vpdq: Annotated[list[PdqHash], Field(max_length=MAX_VPDQ_FRAMES)] | None = None

    pdq_variants: Annotated[list[PdqHash], Field(max_length=MAX_PDQ_VARIANTS)] | None = None
    """PDQ hashes of crops of the photo (``banks.photo_variants``), computed from ``data``
    so that a cropped or captioned copy of a banked photo still matches."""

    @model_validator(mode="after")
    def _hash_bytes(self) -> MediaItem:
        if self.data is not None:
            from watchkeeper.banks.photo_variants import hashes_with_variants  # heavy

            hashes, variants = hashes_with_variants(self.data, "query")
            for name, value in (
                ("md5", hashes.md5),
                ("sha256", hashes.sha256),
                ("pdq", hashes.pdq),
                ("pdq_quality", hashes.pdq_quality),
                ("pdq_variants", [pdq for _, pdq, _ in variants] or None),
            ):
                if value is not None:
                    object.__setattr__(self, name, value)
        if not (self.url or self.pdq or self.md5 or self.sha256 or self.vpdq):
            raise ValueError("a media item needs data, a url, or at least one hash")
        return self

    def hashes(self) -> list[tuple[str, str]]:
        """(signal type, value) pairs, in python-threatexchange's signal type names."""
        found: list[tuple[str, str]] = []
        if self.pdq:
            found.append(("pdq", self.pdq))
        if self.md5:
            found.append(("video_md5", self.md5))
        if self.sha256:
            found.append(("video_sha256", self.sha256))
        return found


Media = Annotated[list[MediaItem], Field(max_length=MAX_MEDIA_PER_EVENT)]


class PostEvent(_Event):
    """A post, comment or message published (or edited) on the platform."""

    kind: Literal["post"] = "post"
    author_id: Id
    text: Text = ""
    lang: Annotated[str, Field(max_length=16)] | None = None
    reply_to: Id | None = None
    author_created_at: AwareDatetime | None = None
    """When the author's account was created, if the platform knows it."""
    media: Media = Field(default_factory=list)


HashedEmail = Annotated[str, Field(min_length=1, max_length=320), AfterValidator(hash_email)]
"""An e-mail address, canonicalized and hashed on arrival: only the hash is ever stored."""
HashedIp = Annotated[str, Field(min_length=1, max_length=256), AfterValidator(hash_ip)]
"""An IP address or device id, hashed on arrival like e-mail."""


class AccountEvent(_Event):
    """A sign-up, rename or profile change.

    ``email`` and ``ip`` may be sent in clear or as ``sha256:`` hashes made with the
    recipe in ``watchkeeper.evasion.profile``; either way only the hash is kept.
    """

    kind: Literal["account"] = "account"
    action: Literal["signup", "rename", "profile"]
    account_id: Id
    username: Annotated[str, Field(min_length=1, max_length=256)]
    display_name: Annotated[str, Field(max_length=1_000)] | None = None
    bio: Annotated[str, Field(max_length=10_000)] | None = None
    account_created_at: AwareDatetime | None = None
    email: HashedEmail | None = None
    ip: HashedIp | None = None
    avatar_pdq: PdqHash | None = None
    follows: list[Id] = Field(default_factory=list, max_length=100_000)


class ReportEvent(_Event):
    """A user or trusted flagger reporting a post or an account."""

    kind: Literal["report"] = "report"
    reporter_id: Id
    reporter_trust: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    """0 = unknown user, 1 = fully trusted flagger (e.g. a police referral unit)."""
    target_kind: Literal["post", "account"]
    target_id: Id
    target_author_id: Id | None = None
    reason: Annotated[str, Field(min_length=1, max_length=64)]
    """The platform's report category, e.g. ``threat``, ``terrorism``, ``doxxing``."""
    text: Text = ""
    """The reported content as the reporter saw it (detectors read it)."""
    media: Media = Field(default_factory=list)
    """The reported content's media, as for a post."""
    comment: Annotated[str, Field(max_length=10_000)] = ""


class EnforcementEvent(_Event):
    """The platform acted on its own (or on our advice): we record it as context."""

    kind: Literal["enforcement"] = "enforcement"
    action: Literal["suspend", "unsuspend", "remove", "warn"]
    account_id: Id
    username: Annotated[str, Field(min_length=1, max_length=256)] | None = None
    """The account's username, so a suspension of an account we never saw sign up can
    still feed the ban-evasion index."""
    display_name: Annotated[str, Field(max_length=1_000)] | None = None
    target_id: Id | None = None
    reason: Annotated[str, Field(max_length=1_000)] = ""


class AppealEvent(_Event):
    """A user contesting an earlier decision."""

    kind: Literal["appeal"] = "appeal"
    account_id: Id
    appealed_event_id: Id
    text: Text = ""


Event = Annotated[
    PostEvent | AccountEvent | ReportEvent | EnforcementEvent | AppealEvent,
    Field(discriminator="kind"),
]
EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)
EVENT_LIST_ADAPTER: TypeAdapter[list[Event]] = TypeAdapter(list[Event])


def text_of(event: Event) -> str:
    """The free text a text detector should read for this event ('' if none)."""
    if isinstance(event, PostEvent | ReportEvent | AppealEvent):
        return event.text
    if isinstance(event, AccountEvent):
        return " ".join(part for part in (event.username, event.display_name, event.bio) if part)
    return ""


def subject_of(event: Event) -> tuple[Literal["post", "account"], str]:
    """What an action on this event applies to: the post itself or an account."""
    if isinstance(event, PostEvent):
        return "post", event.id
    if isinstance(event, ReportEvent):
        return event.target_kind, event.target_id
    return "account", event.account_id


def author_of(event: Event) -> str | None:
    """The account responsible for the content of this event, if known."""
    if isinstance(event, PostEvent):
        return event.author_id
    if isinstance(event, ReportEvent):
        return event.target_author_id if event.target_kind == "post" else event.target_id
    return event.account_id


class Evidence(BaseModel):
    """One piece of evidence behind a signal: a text span, a matched list entry, a hash."""

    model_config = ConfigDict(frozen=True)

    kind: str
    """e.g. ``span``, ``term``, ``hashtag``, ``domain``, ``email``, ``phone``, ``address``."""
    text: str = ""
    start: int | None = None
    end: int | None = None
    source: str = ""
    """Where a matched entry came from (a list's source note, a bank's provenance)."""


class Signal(BaseModel):
    """One detector's finding on one event."""

    model_config = ConfigDict(frozen=True)

    detector: str
    label: str
    score: Annotated[float, Field(ge=0.0, le=1.0)]
    evidence: list[Evidence] = Field(default_factory=list)
    reason: str
    """One sentence a moderator can read: why this signal fired."""


ActionKind = Literal["remove", "suspend", "label", "review", "escalate", "notify"]
ACTION_KINDS: tuple[ActionKind, ...] = (
    "remove",
    "suspend",
    "label",
    "review",
    "escalate",
    "notify",
)


class Action(BaseModel):
    """Something to do: sent to the platform through the outbox, or a review case."""

    model_config = ConfigDict(frozen=True)

    kind: ActionKind
    target_kind: Literal["post", "account"]
    target_id: str
    rule_id: str
    reason: str = ""
    queue: str | None = None
    priority: int | None = None
    label: str | None = None
    team: str | None = None
    channel: str | None = None


class Decision(BaseModel):
    """The policy's verdict on one event, with everything that explains it."""

    event_id: str
    event_kind: EventKind
    actions: list[Action] = Field(default_factory=list)
    rule_ids: list[str] = Field(default_factory=list)
    signals: list[Signal] = Field(default_factory=list)
    policy_version: str
    decided_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def verdict(self) -> str:
        """A one-word summary: the strongest action, or ``allow``."""
        kinds = {action.kind for action in self.actions}
        for kind in ("suspend", "remove", "escalate", "review", "label", "notify"):
            if kind in kinds:
                return kind
        return "allow"


CaseState = Literal["open", "closed"]


class Case(BaseModel):
    """A unit of human review."""

    id: int
    event_id: str
    subject_kind: Literal["post", "account"]
    subject_id: str
    queue: str
    priority: int
    state: CaseState
    created_at: datetime
    sla_deadline: datetime
    rule_ids: list[str] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)


class AccountContext(BaseModel):
    """What the store knows about an account when the policy judges its content."""

    account_id: str
    created_at: datetime | None = None
    strikes: int = 0
    suspended: bool = False


class PolicyContext(BaseModel):
    """Facts beyond the signals that a policy rule may test."""

    event_kind: EventKind
    account_age_days: float | None = None
    prior_strikes: int = 0
    account_suspended: bool = False
    reporter_trust: float | None = None
    report_reason: str | None = None
