"""Made-up jihadist propaganda in German, French, Spanish and Turkish: extremism positives.

The extremism positives are the ISIS accounts' tweets (English and some Arabic) and
right-wing German posts (GermEval), so jihadist propaganda in any other language read
as nothing: "Brüder, wandert aus in den Islamischen Staat und schließt euch den
Mudschaheddin an" scored 0.02 and its French counterpart 0.04
(``classifier_checks_faith``), though the group published in both languages. So
training adds short posts composed from the parts below, in the four languages: the
group's self-praise, calls to emigrate, join, fund and kill, glorification of attacks
and their perpetrators, and the sharing of its media releases. The everyday posts of
``classifier_everyday`` (prayers, greetings, news of attacks, the history of the
caliphates) are their counterweight in the same languages, so the faith's words and
news of attacks stay harmless and the group, its calls and its praise become the
evidence.

These rows only train (the threat label is left unset). Calibration, thresholds and
every figure in the card come from the public sets' rows; ``classifier_checks_faith``
holds sentences written before these parts, never trained on, that the card scores.
"""

# Turkish dotless i is the language's own letter, not a look-alike.
# ruff: noqa: RUF001

from __future__ import annotations

import random
from dataclasses import dataclass

from classifier_example import Example, extremism_rows


@dataclass(frozen=True)
class PropagandaParts:
    """One language's pieces. ``{}`` in a claim takes a ``places`` entry; a post is a
    claim, at times followed by a call and a closing slogan."""

    claims: tuple[str, ...]
    """Self-praise, glorification of attacks and fighters, media releases, in the group's
    own voice (a claim of responsibility is left out: news reports it in the same words)."""
    calls: tuple[str, ...]
    """Calls to emigrate, join, fund, spread the releases and attack."""
    places: tuple[str, ...]
    """Places the group held or fought over (not the cities it attacked, so that a
    city's name does not become evidence)."""
    slogans: tuple[str, ...]


PARTS: dict[str, PropagandaParts] = {
    "de": PropagandaParts(
        claims=(
            "Der Islamische Staat bleibt bestehen und breitet sich aus",
            "Die Löwen des Kalifats haben die Kreuzzügler in {} erschüttert",
            "Möge Allah unseren Bruder annehmen, der als Märtyrer in {} die Ungläubigen traf",
            "Neues Video der Medienstelle der Provinz {}, die Mudschaheddin rücken vor",
            "Die Soldaten der Dawla haben {} von den Abtrünnigen gesäubert",
            "Die neue Ausgabe von Rumiyah ist erschienen, mit dem Bericht aus {}",
            "Das Blut der Kuffar in {} ist die Antwort auf ihre Bomben",
        ),
        calls=(
            "Brüder, macht die Hidschra ins Land des Kalifats",
            "Schließt euch den Reihen der Soldaten des Kalifats an",
            "Unterstützt die Mudschaheddin mit eurem Geld und eurer Zunge",
            "Verbreitet die Veröffentlichung, bevor die Kuffar sie löschen",
            "Wer nicht auswandern kann, soll die Ungläubigen dort treffen, wo er ist",
            "Gebt dem Kalifen den Treueid",
        ),
        places=("Raqqa", "Mossul", "Wilayat Sinai", "Dabiq", "Falludscha"),
        slogans=("Baqiya!", "Die Dawla bleibt!", "#Kalifat", "#IslamischerStaat"),
    ),
    "fr": PropagandaParts(
        claims=(
            "L'État islamique est là pour durer et il s'étend",
            "Les lions du califat ont frappé les croisés à {}",
            "Qu'Allah accepte notre frère, tombé en martyr à {} en frappant les mécréants",
            "Nouvelle vidéo du bureau médiatique de la wilaya de {}, les moudjahidines avancent",
            "Les soldats de la Dawla ont purifié {} des apostats",
            "Le nouveau numéro de Dar al-Islam est sorti, avec le récit de {}",
            "Le sang des mécréants à {} est la réponse à leurs bombes",
        ),
        calls=(
            "Frères, faites la hijra vers la terre du califat",
            "Rejoignez les rangs des soldats du califat",
            "Soutenez les moudjahidines par vos biens et par votre langue",
            "Diffusez la vidéo avant que les mécréants ne la suppriment",
            "Celui qui ne peut pas émigrer, qu'il frappe les mécréants là où il est",
            "Prêtez allégeance au calife",
        ),
        places=("Raqqa", "Mossoul", "la wilaya du Sinaï", "Dabiq", "Falloujah"),
        slogans=("Baqiya !", "La Dawla reste !", "#Califat", "#EtatIslamique"),
    ),
    "es": PropagandaParts(
        claims=(
            "El Estado Islámico permanece y se expande",
            "Los leones del califato golpearon a los cruzados en {}",
            "Que Allah acepte a nuestro hermano, mártir en {} al golpear a los infieles",
            "Nuevo vídeo de la oficina de medios de la wilaya de {}, los muyahidines avanzan",
            "Los soldados de la Dawla limpiaron {} de apóstatas",
        ),
        calls=(
            "Hermanos, haced la hégira a la tierra del califato",
            "Uníos a las filas de los soldados del califato",
            "Apoyad a los muyahidines con vuestro dinero y vuestra lengua",
            "Difundid el vídeo antes de que los infieles lo borren",
            "Quien no pueda emigrar, que golpee a los infieles donde esté",
        ),
        places=("Raqqa", "Mosul", "el Sinaí", "Dabiq", "Faluya"),
        slogans=("¡Baqiya!", "¡La Dawla permanece!", "#Califato"),
    ),
    "tr": PropagandaParts(
        claims=(
            "İslam Devleti baki kalacak ve genişleyecek",
            "Hilafetin aslanları {} içinde haçlıları vurdu",
            "Allah, {} içinde kafirleri vurarak şehit olan kardeşimizi kabul etsin",
            "{} vilayeti medya ofisinden yeni video, mücahitler ilerliyor",
            "Devletin askerleri {} şehrini mürtedlerden temizledi",
        ),
        calls=(
            "Kardeşler, hilafet topraklarına hicret edin",
            "Hilafetin askerlerinin saflarına katılın",
            "Mücahitleri malınızla ve dilinizle destekleyin",
            "Kafirler silmeden önce videoyu yayın",
            "Hicret edemeyen, kafirleri bulunduğu yerde vursun",
        ),
        places=("Rakka", "Musul", "Sina", "Dabık", "Felluce"),
        slogans=("Bakiye!", "Devlet baki!", "#Hilafet"),
    ),
}


def propaganda_post(parts: PropagandaParts, rng: random.Random) -> str:
    """One made-up propaganda post: a claim or a call, at times both, and a slogan."""
    if rng.random() < 0.3:
        post = rng.choice(parts.calls)
    else:
        post = rng.choice(parts.claims).format(rng.choice(parts.places))
        if rng.random() < 0.5:
            post = f"{post}. {rng.choice(parts.calls)}"
    if rng.random() < 0.5:
        post = f"{post} {rng.choice(parts.slogans)}"
    mark = rng.choice(("", "", ".", "!", " 🏴"))
    return post if post.endswith(("!", "! ")) and mark in (".", "!") else post + mark


def propaganda_rows(per_language: int, seed: int) -> list[Example]:
    """``per_language`` made-up propaganda posts per language of ``PARTS``, each an
    extremism positive (the threat label is left unset)."""
    return extremism_rows(PARTS, propaganda_post, per_language, seed, "propaganda", 1)
