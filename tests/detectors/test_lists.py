"""The list detector: every spelling of a listed value, exact spans, and a lists file that
fails at load with ``file:line: problem``."""

# Arabic test text: its alef and heh look like Latin l and o to ruff, on purpose here.
# ruff: noqa: RUF001

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from watchkeeper.config import Settings
from watchkeeper.detectors.lists import ListsDetector
from watchkeeper.detectors.lists_file import load_lists
from watchkeeper.model import AccountEvent, PostEvent, Signal
from watchkeeper.yamlfile import YamlFileError

DEFAULT_FILE = Path(__file__).parents[2] / "src/watchkeeper/detectors/data/default_lists.yaml"


@pytest.fixture(scope="module")
def detector() -> ListsDetector:
    return ListsDetector()


def signals(detector: ListsDetector, text: str) -> dict[str, Signal]:
    found = detector.detect([PostEvent(id="p", author_id="a", text=text)])[0]
    return {signal.label: signal for signal in found}


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "lists.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_class_labels_are_the_labels_of_the_shipped_file(detector: ListsDetector) -> None:
    data = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    shipped = {
        entry.get("label", lst.get("label")) for lst in data["lists"] for entry in lst["entries"]
    }
    assert set(ListsDetector.labels) == shipped
    assert detector.active_labels == ListsDetector.labels


def test_every_shipped_entry_has_a_source_note() -> None:
    data = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    for lst in data["lists"]:
        for entry in lst["entries"]:
            assert (entry.get("source") or lst.get("source", "")).strip()


@pytest.mark.parametrize(
    "tag",
    [
        "#The_Concept_of_Lone_Wolf_Attacks",
        "#TheConceptOfLoneWolfAttacks",
        "#the_concept_of_lone_wolf_attacks",
        "#Th\u0435ConceptOfLoneWolfAttacks",
    ],
)
def test_a_campaign_hashtag_matches_in_every_spelling(detector: ListsDetector, tag: str) -> None:
    text = f"Brothers, share {tag} now"
    found = signals(detector, text)
    signal = found["extremist_campaign"]
    assert signal.score == 1.0
    [evidence] = signal.evidence
    assert (evidence.kind, evidence.text) == ("hashtag", tag)
    assert evidence.start is not None and evidence.end is not None
    assert text[evidence.start : evidence.end] == tag
    assert evidence.source in signal.reason
    assert "extremist campaign hashtags" in signal.reason


def test_the_arabic_hashtag_matches_with_and_without_vowel_marks(detector: ListsDetector) -> None:
    for tag in (
        "#مفهوم_الذئاب_المنفردة",
        "#م\u064eف\u0652ه\u064fوم_الذ\u0651ئاب_المنفـردة",
    ):
        text = f"انشروا {tag}"
        evidence = signals(detector, text)["extremist_campaign"].evidence[0]
        assert evidence.start is not None and evidence.end is not None
        assert text[evidence.start : evidence.end] == tag


@pytest.mark.parametrize(
    "text",
    [
        "Analysts warn that lone wolf attacks are hard to prevent.",
        "The concept of lone wolf attacks was discussed at the conference",
        "Great game tonight #AllEyesOnTheBall #GoTeam",
        "#TheConceptOfLoneWolf is a film title",
        "We went to notjustpaste.it and archive.org",
        "Amaqist and Dabiqville are not outlet names",
    ],
)
def test_near_misses_do_not_match(detector: ListsDetector, text: str) -> None:
    assert signals(detector, text) == {}


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("New release by al-Hayat Media Center today", "al-Hayat Media Center"),
        ("new release by AL HAYAT media   center", "AL HAYAT media   center"),
        ("by al_hayat_media_center", "al_hayat_media_center"),
        (
            "من م\u0650ركز الحياة للإعلام",
            "م\u0650ركز الحياة للإعلام",
        ),
    ],
)
def test_terms_match_as_whole_phrases_with_the_original_span(
    detector: ListsDetector, text: str, written: str
) -> None:
    signal = signals(detector, text)["extremist_media"]
    assert signal.score == 0.9
    [evidence] = signal.evidence
    assert evidence.kind == "term"
    assert evidence.text == written
    assert evidence.start is not None and evidence.end is not None
    assert text[evidence.start : evidence.end] == written


def test_a_phrase_does_not_match_across_punctuation(detector: ListsDetector) -> None:
    assert signals(detector, "al-Hayat, Media Center") == {}


def test_leetspeak_and_lookalikes_in_terms(detector: ListsDetector) -> None:
    text = "read D@biq and Rum\u0456yah"  # Cyrillic i
    evidence = signals(detector, text)["extremist_media"].evidence
    assert sorted((e.text, text[e.start or 0 : e.end]) for e in evidence) == [
        ("D@biq", "D@biq"),
        ("Rum\u0456yah", "Rum\u0456yah"),
    ]


def test_score_is_the_best_entry_and_a_longer_phrase_hides_its_part(
    detector: ListsDetector,
) -> None:
    signal = signals(detector, "Dabiq magazine and Amaq")["extremist_media"]
    assert signal.score == 0.9
    assert [e.text for e in signal.evidence] == ["Dabiq magazine", "Amaq"]


def test_a_camelcase_hashtag_names_a_multiword_term(detector: ListsDetector) -> None:
    evidence = signals(detector, "via #AmaqNewsAgency")["extremist_media"].evidence
    assert [(e.kind, e.text) for e in evidence] == [("term", "#AmaqNewsAgency")]


@pytest.mark.parametrize(
    "text",
    ["https://justpaste.it/abc", "m.JUSTPASTE.it/x", "www.justpaste.it", "justpaste.it/abc."],
)
def test_domains_and_subdomains(detector: ListsDetector, text: str) -> None:
    signal = signals(detector, f"mirror: {text} ok")["propaganda_host"]
    assert signal.score == 0.3  # below the threshold: context for the policy, not a verdict
    [evidence] = signal.evidence
    assert evidence.kind == "domain"
    assert evidence.start is not None
    assert f"mirror: {text} ok"[evidence.start : evidence.end] == text.rstrip(".")


def test_reads_account_bios_and_ignores_empty_text(detector: ListsDetector) -> None:
    account = AccountEvent(
        id="e", action="profile", account_id="a", username="x", bio="#AllEyesOnISIS"
    )
    empty = PostEvent(id="p", author_id="a", text="")
    assert [[s.label for s in found] for found in detector.detect([account, empty])] == [
        ["extremist_campaign"],
        [],
    ]


def test_an_operator_file_with_several_lists_and_list_defaults(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        lists:
          - name: local threats
            kind: term
            label: local_threat
            score: 0.7
            source: our trust and safety team
            entries:
              - burn it down
              - value: k1ll the mayor
                score: 1.0
          - name: hosts
            label: propaganda_domain
            source: partner feed
            entries:
              - {value: "https://Evil.example/", kind: domain}
        """,
    )
    detector = ListsDetector.from_settings(Settings(lists_path=path))
    assert isinstance(detector, ListsDetector)
    assert detector.active_labels == {"local_threat": 0.5, "propaganda_domain": 0.5}
    found = signals(detector, "We will BURN it down, kill the mayor, see cdn.evil.example/x")
    assert found["local_threat"].score == 1.0
    assert [e.text for e in found["local_threat"].evidence] == ["BURN it down", "kill the mayor"]
    assert found["propaganda_domain"].evidence[0].text == "cdn.evil.example/x"
    assert "(under evil.example)" in found["propaganda_domain"].reason


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            """\
            lists:
              - name: x
                label: a
                kind: term
                entries:
                  - value: one
            """,
            ":6: lists[0].entries[0].source: required on the entry or on its list",
        ),
        (
            """\
            lists:
              - name: x
                label: a
                source: s
                entries:
                  - value: one
                    kind: phrase
            """,
            ":7: lists[0].entries[0].kind: Input should be 'term', 'hashtag' or 'domain'",
        ),
        (
            """\
            lists:
              - name: x
                label: a
                kind: term
                source: s
                score: 0
                entries: [one]
            """,
            ":6: lists[0].score: Input should be greater than 0",
        ),
        (
            """\
            lists:
              - name: x
                label: Bad-Label
                kind: term
                source: s
                entries: [one]
            """,
            ":3: lists[0].label: String should match pattern",
        ),
        (
            """\
            lists:
              - name: x
                label: a
                kind: domain
                source: s
                entries:
                  - ok.example
                  - not a domain
            """,
            ":8: lists[0].entries[1]: not a domain name: 'not a domain'",
        ),
        (
            """\
            lists:
              - name: x
                label: a
                kind: hashtag
                source: s
                entries:
                  - value: "#__"
            """,
            ":7: lists[0].entries[0].value: a hashtag needs at least one letter or digit",
        ),
        (
            """\
            lists:
              - name: x
                label: a
                kind: term
                source: s
                entry: [one]
            """,
            ":6: lists[0].entry: Extra inputs are not permitted",
        ),
        ("lists: [\n  - name: x\n", ":2: invalid YAML"),
        ("", ":1: the file is empty"),
    ],
)
def test_a_bad_lists_file_fails_with_file_and_line(
    tmp_path: Path, body: str, expected: str
) -> None:
    path = write(tmp_path, body)
    with pytest.raises(YamlFileError) as raised:
        load_lists(path)
    assert f"{path}{expected}" in str(raised.value)


def test_many_terms_still_match_exactly(tmp_path: Path) -> None:
    terms = "".join(f"  - outlet number {n} media\n" for n in range(5_000))
    path = tmp_path / "big.yaml"
    path.write_text(
        "lists:\n- name: big\n  kind: term\n  label: big\n  source: generated\n  entries:\n"
        + terms,
        encoding="utf-8",
    )
    detector = ListsDetector(load_lists(path))
    found = signals(detector, "new from Outlet Number 4999 Media today; outlet number media")
    assert [e.text for e in found["big"].evidence] == ["Outlet Number 4999 Media"]
