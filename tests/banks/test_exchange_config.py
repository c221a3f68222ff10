"""ExchangeConfig: an operator's mistake fails at load, names the field, hides secrets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from watchkeeper.banks.exchange_config import ExchangeConfig

TOKEN = "1234567890|abcdefghijklmnopqrstuvwxyz"


def load(**fields: Any) -> ExchangeConfig:
    return ExchangeConfig.model_validate(fields)


def test_each_kind_loads() -> None:
    file = load(name="local", kind="file", path="lists/gifct.te", signal_type="pdq")
    tat = load(name="tat", kind="tat", username="u", password="p", ideology="far-right")
    te = load(name="gifct", kind="fb_threatexchange", app_token=TOKEN, privacy_group=303)

    assert file.path == Path("lists/gifct.te")
    assert file.full_snapshot
    assert not tat.full_snapshot
    assert tat.tat_base_url is None
    assert te.graph_endpoint is None


def test_url_overrides_are_normalized_for_the_clients() -> None:
    tat = load(name="t", kind="tat", username="u", password="p", base_url="http://127.0.0.1:9")
    te = load(
        name="g",
        kind="fb_threatexchange",
        app_token=TOKEN,
        privacy_group=1,
        endpoint="http://127.0.0.1:9/v26.0/",
    )
    assert tat.tat_base_url == "http://127.0.0.1:9/"
    assert te.graph_endpoint == "http://127.0.0.1:9/v26.0"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "tat", "username": "u"}, "password is required for a tat exchange"),
        ({"kind": "tat", "username": "u", "password": ""}, "password is required"),
        ({"kind": "fb_threatexchange", "app_token": TOKEN}, "privacy_group is required"),
        ({"kind": "file"}, "path is required for a file exchange"),
        (
            {"kind": "file", "path": "x.te", "username": "u"},
            "username is a tat setting, not allowed on a file exchange",
        ),
        ({"kind": "file", "path": "x.te", "signal_type": "pdqq"}, "unknown signal type 'pdqq'"),
        ({"kind": "tat", "username": "u", "password": "p", "base_url": "ftp://h"}, "http://"),
        ({"kind": "tat", "username": "u", "password": "p", "ideology": "all"}, "ideology"),
        ({"kind": "fb_threatexchange", "app_token": TOKEN, "privacy_group": 0}, "privacy_group"),
        ({"kind": "gifct"}, "kind"),
        ({"kind": "file", "path": "x.te", "colour": "red"}, "colour"),
    ],
)
def test_mistakes_name_the_field(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        load(name="ex", **fields)


def test_errors_and_repr_never_show_secrets() -> None:
    secret = "s3cret-app-secret-0123456789"
    with pytest.raises(ValidationError) as caught:
        load(name="g", kind="fb_threatexchange", app_token=secret, privacy_group=1)
    assert "app_token" in str(caught.value)
    assert secret not in str(caught.value)

    with pytest.raises(ValidationError) as caught:
        load(name="t", kind="tat", username="u", password="hunter2-hunter2", app_token=TOKEN)
    assert "hunter2" not in str(caught.value)
    assert "abcdefghijklmnop" not in str(caught.value)

    config = load(name="t", kind="tat", username="u", password="hunter2-hunter2")
    assert "hunter2" not in repr(config)
