"""The doxxing detector: what it finds, how it ranks it, and what it must leave alone."""

from __future__ import annotations

import pytest

from watchkeeper.detectors.doxxing import DoxxingDetector, assess
from watchkeeper.detectors.doxxing_find import find_addresses, find_emails, find_phones
from watchkeeper.model import AccountEvent, PostEvent, Signal

THRESHOLD = DoxxingDetector.labels["doxxing"]


def score(text: str) -> float:
    signal = assess(text)
    return signal.score if signal is not None else 0.0


def check_spans(text: str, signal: Signal) -> None:
    for evidence in signal.evidence:
        assert evidence.start is not None and evidence.end is not None
        assert text[evidence.start : evidence.end] == evidence.text


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("meet at 42 Elm Street tomorrow", "42 Elm Street"),
        ("7b North Oak Ave. is the place", "7b North Oak Ave."),
        ("1600 W 3rd St, Dayton", "1600 W 3rd St"),
        ("Er wohnt in der Hauptstraße 12a.", "Hauptstraße 12a"),
        ("Adresse: Berliner Straße 5", "Berliner Straße 5"),
        ("rendez-vous au 12 rue de la Paix", "12 rue de la Paix"),
        ("au 3 bis avenue Victor Hugo", "3 bis avenue Victor"),
        (
            "عنوانه شارع الملك فهد رقم 12",
            "شارع الملك فهد رقم 12",
        ),
    ],
)
def test_street_addresses(text: str, written: str) -> None:
    found = find_addresses(text)
    assert written in [item.text for item in found]
    signal = assess(text)
    assert signal is not None and signal.score >= THRESHOLD
    check_spans(text, signal)


@pytest.mark.parametrize(
    "text", ["London SW1A 2AA", "Springfield, IL 62704", "Springfield 62704-1234", "10115 Berlin"]
)
def test_a_postcode_alone_is_recorded_but_stays_below_the_threshold(text: str) -> None:
    assert 0 < score(text) < THRESHOLD


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("ring +44 20 7946 0958 now", "+44 20 7946 0958"),
        ("(415) 555-2671", "(415) 555-2671"),
        ("Handy 0171 1234567", "0171 1234567"),
        ("portable 06 12 34 56 78", "06 12 34 56 78"),
    ],
)
def test_phone_numbers(text: str, written: str) -> None:
    assert [item.text for item in find_phones(text)] == [written]
    assert score(text) == pytest.approx(0.6)


def test_emails_and_shared_mailboxes() -> None:
    assert [(i.text, i.score) for i in find_emails("x jane.doe+1@mail.example.org.")] == [
        ("jane.doe+1@mail.example.org", 0.45)
    ]
    assert [i.form for i in find_emails("support@example.com")] == ["shared mailbox address"]
    assert find_emails("@user.name said hi to @bbc") == []


def test_how_identifying_things_rank() -> None:
    address_with_context = score("he lives at 42 Elm Street")
    address = score("42 Elm Street")
    phone = score("(415) 555-2671")
    email = score("jane.doe@example.org")
    assert address_with_context >= 0.9
    assert address == pytest.approx(0.7)
    assert address > phone > email > 0
    assert email < THRESHOLD <= phone
    together = score("42 Elm Street, (415) 555-2671, jane.doe@example.org")
    assert together > address


@pytest.mark.parametrize(
    "text",
    [
        "her home address: 7 Baker Lane, Leeds",
        "Der Typ wohnt in der Hauptstraße 12",
        "il habite au 12 rue de la Paix",
        "يسكن في شارع الملك فهد رقم 12",
    ],
)
def test_context_phrases_raise_the_score(text: str) -> None:
    assert score(text) >= 0.9


def test_the_reason_names_what_was_found_and_the_context() -> None:
    signal = assess("she lives at 42 Elm Street, call (415) 555-2671")
    assert signal is not None
    assert signal.reason == ("post contains a street address (with 'lives at') and a phone number")
    assert [e.kind for e in signal.evidence] == ["address", "phone"]


@pytest.mark.parametrize(
    "text",
    [
        "Protests on 5th Avenue in 2014 drew thousands",
        "the 1st Street Journal reported it",
        "in 2014 Wall Street crashed",
        "lost 20 Wall Street jobs",
        "2 Supreme Court justices dissented",
        "the statement from 10 Downing Street",
        "call 911 now",
        "released 2014-09-12 at 10:30, price $1,299.99",
        "version 10.0.19041.1234",
        "https://twitter.com/x/status/1234567890123456789",
        "tweet id 521234567890123456",
        "thanks @100046729 lol",
        "order #1234567 shipped",
        "I wore them 3 days in a row",
        "2 dogs walking down the street",
        "scored 11 while smoking a square",
        "50000 Menschen demonstrierten",
    ],
)
def test_things_that_only_look_like_contact_details(text: str) -> None:
    assert score(text) < THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        "Questions? Email us at support@example.com",
        "Call us toll free at 1-800-273-8255",
        "PRE-ORDER NOW (415) 555-2671",
        "Visit us at 42 Elm Street, open daily",
        "text me 630.362.5206",
        "hmu jane.doe@example.org",
    ],
)
def test_business_and_own_contact_details_score_low(text: str) -> None:
    signal = assess(text)
    assert signal is not None and signal.score < THRESHOLD
    assert "looks like" in signal.reason


def test_reads_bios_but_an_own_number_there_is_not_doxxing() -> None:
    detector = DoxxingDetector()
    bio = AccountEvent(
        id="a", action="profile", account_id="a", username="x", bio="Plumber, 0171 1234567"
    )
    target = AccountEvent(
        id="b", action="profile", account_id="b", username="y", bio="his number: 0171 1234567"
    )
    quiet = PostEvent(id="p", author_id="a", text="nothing to see")
    own, theirs, nothing = detector.detect([bio, target, quiet])
    assert own[0].score < THRESHOLD and "profile" in own[0].reason
    assert theirs[0].score >= THRESHOLD
    assert nothing == []


def test_a_long_post_with_many_numbers_is_handled() -> None:
    text = " ".join(f"item {n} costs ${n}.99" for n in range(2_000)) + " call (415) 555-2671"
    signal = assess(text)
    assert signal is not None
    assert [e.text for e in signal.evidence] == ["(415) 555-2671"]
