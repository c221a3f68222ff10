"""Re-follow requests in a new account's first posts."""

from __future__ import annotations

import pytest

from watchkeeper.evasion.phrases import refollow_request


@pytest.mark.parametrize(
    "post",
    [
        "RT so the account can reach my previous followers. Thanks.",
        "Please share our new account after the previous one was suspended",
        "My previous account @x was suspended. Follow me on this account",
        "I'm back from suspended FOLLOW & RETWEET",
        "back again, please support",
        "عُدنا بفضل الله",
        "حسابي القديم تم إيقافه",
        "برجاء نشر حسابنا الجديد",
    ],
)
def test_requests_are_found(post: str) -> None:
    assert refollow_request([post]) is not None


def test_ordinary_posts_and_late_posts_are_not() -> None:
    assert refollow_request(["A quiet afternoon by the river"]) is None
    assert refollow_request(["ordinary"] * 5 + ["new account"]) is None
