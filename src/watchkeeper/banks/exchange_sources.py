"""python-threatexchange's exchange APIs, set up from our config and read into bank rows.

``ExchangeSource`` builds the library's own ``SignalExchangeAPI`` for an
:class:`ExchangeConfig` (LocalFile, TAT, FB ThreatExchange), pointed at the configured
URL, and turns a ``FetchDelta`` into :class:`ExchangeUpdate` rows: live records through
the library's ``naive_convert_to_signal_type``, deletions (which it drops) by key.
Where threatexchange 1.2.17 falls short we subclass narrowly, and say why, rather than
re-write its clients.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, ClassVar, cast

from threatexchange.exchanges.clients.fb_threatexchange.api import (
    ThreatExchangeAPI,
    _CursoredResponse,
)
from threatexchange.exchanges.clients.techagainstterrorism.api import (
    TATHashListAPI,
    TATHashListResponse,
)
from threatexchange.exchanges.collab_config import (
    CollaborationConfigBase,
    CollaborationConfigWithDefaults,
)
from threatexchange.exchanges.fetch_state import (
    AggregateSignalOpinionCategory,
    FetchedSignalMetadata,
)
from threatexchange.exchanges.impl.fb_threatexchange_api import (
    FBThreatExchangeCollabConfig,
    FBThreatExchangeSignalExchangeAPI,
)
from threatexchange.exchanges.impl.fb_threatexchange_signal import (
    HasFbThreatExchangeIndicatorType,
)
from threatexchange.exchanges.impl.file_api import (
    FileCollaborationConfig,
    LocalFileSignalExchangeAPI,
)
from threatexchange.exchanges.impl.techagainstterrorism_api import TATSignalExchangeAPI
from threatexchange.exchanges.signal_exchange_api import AnySignalExchangeAPI
from threatexchange.signal_type.signal_base import SignalType

from watchkeeper.banks.exchange_config import ExchangeConfig
from watchkeeper.banks.signals import SIGNAL_TYPES, validate_signal

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExchangeUpdate:
    """One signal added, changed or deleted on an exchange, normalized for the bank."""

    signal_type: str
    value: str
    deleted: bool
    provenance: str
    negative: bool = False
    """The exchange's members call it a false positive (ThreatExchange NON_MALICIOUS)."""


@dataclass
class ExchangeSource:
    """A threatexchange API object for one configured exchange, and how to read its records."""

    config: ExchangeConfig
    api: AnySignalExchangeAPI
    collab: CollaborationConfigBase
    tat_ideologies: dict[str, str] = field(default_factory=dict)
    """TAT hash (lowercase) -> ideology for the page being converted, cleared after each."""

    @classmethod
    def build(cls, config: ExchangeConfig) -> ExchangeSource:
        """The library's API for ``config``: authenticated by construction, no network yet."""
        if config.kind == "file":
            assert config.path is not None
            file_collab = FileCollaborationConfig(
                name=config.name,
                filename=str(config.path.resolve()),
                signal_type=config.signal_type,
            )
            return cls(config, LocalFileSignalExchangeAPI(file_collab), file_collab)
        if config.kind == "tat":
            assert config.username is not None and config.password is not None
            ideologies: dict[str, str] = {}
            tat = _TATExchange(
                config.username,
                config.password.get_secret_value(),
                _tat_client_class(config.tat_base_url),
                ideologies,
            )
            collab = CollaborationConfigWithDefaults(name=config.name, api="tat")
            return cls(config, tat, collab, ideologies)
        assert config.app_token is not None and config.privacy_group is not None
        client = _ThreatExchangeClient(
            config.app_token.get_secret_value(), endpoint_override=config.graph_endpoint
        )
        fb_collab = FBThreatExchangeCollabConfig(
            name=config.name, privacy_group=config.privacy_group
        )
        return cls(config, FBThreatExchangeSignalExchangeAPI(client, fb_collab), fb_collab)

    def convert(
        self, types: list[type[SignalType]], updates: Mapping[tuple[str, str], Any]
    ) -> list[ExchangeUpdate]:
        """A delta's records as bank updates: threatexchange maps live ones, we map deletes."""
        live = {key: record for key, record in updates.items() if record is not None}
        if self.config.kind != "fb_threatexchange":
            live = self._normalized_keys(live)
        out: list[ExchangeUpdate] = []
        by_type = self.api.naive_convert_to_signal_type(types, self.collab, live)
        for s_type, signals in by_type.items():
            for signal, metadata in signals.items():
                out.extend(self._update(s_type, signal, metadata))
        for (type_str, signal), record in updates.items():
            if record is None:
                for s_type, s_signal in self._deleted_signals(types, type_str, signal):
                    out.extend(self._update(s_type, s_signal, None))
        return out

    def _normalized_keys(self, records: dict[tuple[str, str], Any]) -> dict[tuple[str, str], Any]:
        """``(type, signal)`` keys in canonical form.

        threatexchange's simple converter validates keys as they came, so it would drop
        an uppercase PDQ hash from a file or TAT that the bank accepts as lowercase.
        """
        out: dict[tuple[str, str], Any] = {}
        for (type_str, signal), record in records.items():
            if type_str in SIGNAL_TYPES:
                try:
                    signal = validate_signal(type_str, signal)
                except ValueError as exc:
                    log.warning("exchange %r: skipped a signal: %s", self.config.name, exc)
                    continue
            out[type_str, signal] = record
        return out

    def _update(
        self, s_type: type[SignalType], signal: str, metadata: FetchedSignalMetadata | None
    ) -> list[ExchangeUpdate]:
        name = s_type.get_name()
        try:
            value = validate_signal(name, signal)
        except ValueError as exc:
            log.warning("exchange %r: skipped a signal: %s", self.config.name, exc)
            return []
        ideology = self.tat_ideologies.get(value, "")
        if self.config.ideology is not None and ideology != self.config.ideology:
            return []
        negative = metadata is not None and (
            metadata.get_as_aggregate_opinion().category
            == AggregateSignalOpinionCategory.NEGATIVE_CLASS
        )
        provenance = self._provenance(ideology, metadata)
        return [ExchangeUpdate(name, value, metadata is None, provenance, negative)]

    def _provenance(self, ideology: str, metadata: FetchedSignalMetadata | None) -> str:
        if self.config.kind == "file":
            return f"file:{self.config.path}"
        if self.config.kind == "tat":
            return f"tat:{ideology}" if ideology else "tat"
        group = f"fb_threatexchange:{self.config.privacy_group}"
        if metadata is None:
            return group
        tags = sorted({tag for opinion in metadata.get_as_opinions() for tag in opinion.tags})
        return f"{group}:{','.join(tags)}" if tags else group

    def _deleted_signals(
        self, types: list[type[SignalType]], type_str: str, signal: str
    ) -> Iterator[tuple[type[SignalType], str]]:
        """The bank signals a deletion record removes.

        File and TAT keys are ``(signal type name, signal)``. ThreatExchange keys are
        ``(indicator type, indicator)`` and a tombstone has no tags, so a ``HASH_MD5``
        deletion removes the value from every type that indicator type can map to.
        """
        if self.config.kind != "fb_threatexchange":
            yield from ((t, signal) for t in types if t.get_name() == type_str)
            return
        for s_type in types:
            if not issubclass(s_type, HasFbThreatExchangeIndicatorType):
                continue
            indicator_types = s_type.INDICATOR_TYPE
            if isinstance(indicator_types, str):
                indicator_types = {indicator_types}
            if type_str in indicator_types:
                yield s_type, s_type.normalize_fb_threatexchange_indicator(type_str, signal, None)


class _RecordingTATClient(TATHashListAPI):
    """threatexchange's TAT client, remembering each hash's ideology for provenance.

    TATSignalExchangeAPI keeps only ``(type, hash)`` and drops the ideology.
    """

    def __init__(self, username: str, password: str, ideologies: dict[str, str]) -> None:
        super().__init__(username, password)
        self._ideologies = ideologies

    def fetch_hashes(
        self, next_page: str | None = None, order: str = "asc", after: str = ""
    ) -> TATHashListResponse:
        response = super().fetch_hashes(next_page=next_page, order=order, after=after)
        for entry in response.results:
            ideology: object = entry.ideology  # the client passes the JSON string through
            label = ideology.value if isinstance(ideology, Enum) else ideology
            self._ideologies[entry.hash_digest.strip().lower()] = str(label)
        return response


def _tat_client_class(base_url: str | None) -> type[_RecordingTATClient]:
    """The TAT client class, pointed at ``base_url`` (the library reads a class variable)."""
    if base_url is None:
        return _RecordingTATClient
    root = base_url

    class _TATClientAt(_RecordingTATClient):
        BASE_URL: ClassVar[str] = root

    return _TATClientAt


class _TATExchange(TATSignalExchangeAPI):
    """TATSignalExchangeAPI with our client class (URL override, ideology capture)."""

    def __init__(
        self,
        username: str,
        password: str,
        client_class: type[_RecordingTATClient],
        ideologies: dict[str, str],
    ) -> None:
        super().__init__(username, password)
        self._client_class = client_class
        self._ideologies = ideologies

    def get_client(self) -> TATHashListAPI:
        return self._client_class(self.username, self.password, self._ideologies)


class _NonEmptyPages(_CursoredResponse):
    """Graph API pages, skipping empty ones.

    threatexchange 1.2.17's ``fetch_iter`` asserts every page has data, but
    ``/threat_updates`` answers an up-to-date checkpoint with an empty page.
    """

    def __iter__(self) -> Iterator[list[Any]]:
        pages = cast(Callable[[], Iterator[list[Any]]], super().__iter__)
        for page in pages():
            if page:
                yield page


class _ThreatExchangeClient(ThreatExchangeAPI):
    """threatexchange's Graph API client whose ``/threat_updates`` cursor skips empty pages."""

    def get_threat_updates(self, *args: Any, **kwargs: Any) -> _CursoredResponse:
        cursor = super().get_threat_updates(*args, **kwargs)
        cursor.__class__ = _NonEmptyPages
        return cursor
