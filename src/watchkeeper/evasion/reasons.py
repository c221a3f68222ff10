"""Sentences a reviewer reads: why this new account looks like that suspended one.

A score alone cannot be checked; "username 'lNSlDER2' is 'INSIDER' with look-alike
letters and a number added" can. The name sentence names each change that separates
the two usernames, in the order an evader makes them; the others report each piece
of evidence the model counted in favour of the match.
"""

from __future__ import annotations

from watchkeeper.evasion.features import AccountView, NameEvidence
from watchkeeper.evasion.names import NameKeys, numbers_close
from watchkeeper.evasion.profile import pdq_distance

__all__ = ["explain", "name_changes"]

_COMMON_BITS = 22.0
_RARE_BITS = 35.0


def name_changes(new: NameKeys, old: NameKeys) -> list[str]:
    """The kinds of change that turn ``old`` into ``new`` (empty if none is recognized)."""
    changes: list[str] = []
    if new.original == old.original:
        return ["unchanged"]
    if new.plain == old.plain:
        if new.original.lower() == old.original.lower():
            return ["letter case changed"]
        if new.original.isascii() != old.original.isascii():
            return ["written in another script or with look-alike characters"]
        return ["separators or case changed"]
    if new.stem == old.stem:
        if new.plain.strip("0123456789") != old.plain.strip("0123456789"):
            changes.append("look-alike letters or leetspeak")
    elif new.collapsed == old.collapsed:
        changes.append("letters doubled or dropped")
    elif len(new.consonants) >= 3 and new.consonants == old.consonants:
        changes.append("the same name spelled or transliterated differently")
    elif new.collapsed.startswith(old.collapsed) or old.collapsed.startswith(new.collapsed):
        changes.append("a suffix added or dropped")
    elif new.collapsed[:4] == old.collapsed[:4]:
        changes.append("the ending changed")
    else:
        changes.append("letters changed")
    if numbers_close(new, old):
        changes.append(f"the number moved from {old.trail or old.lead} to {new.trail or new.lead}")
    elif (new.trail or new.lead) and (old.trail or old.lead):
        if (new.trail or new.lead) != (old.trail or old.lead):
            changes.append("a different number")
    elif new.trail or new.lead:
        changes.append(f"digits '{new.trail or new.lead}' added")
    elif old.trail or old.lead:
        changes.append("its digits dropped")
    return changes


def _name_sentence(new: AccountView, old: AccountView, evidence: NameEvidence) -> str:
    changes = name_changes(new.name, old.name)
    who = f"username '{new.profile.username}'"
    if changes == ["unchanged"]:
        sentence = f"{who} is the suspended username itself"
    else:
        sentence = f"{who} is '{old.profile.username}' with " + " and ".join(changes)
    if evidence.shared and len(evidence.shared) >= 3:
        # the shared part is in look-alike-merged form; quote it only when readable as is
        quoted = f" '{evidence.shared}'" if evidence.shared in new.name.plain else ""
        if evidence.shared_bits >= _RARE_BITS:
            sentence += f"; the shared part{quoted} is rare among usernames"
        elif evidence.shared_bits < _COMMON_BITS:
            sentence += f"; the shared part{quoted} is common, weak on its own"
    return sentence


def explain(
    new: AccountView,
    old: AccountView,
    values: dict[str, float],
    contributions: dict[str, float],
    evidence: NameEvidence,
) -> list[str]:
    """Reasons for one match, strongest evidence first."""
    reasons = [_name_sentence(new, old, evidence)]

    def counted(*names: str) -> bool:
        return sum(contributions.get(name, 0.0) for name in names) > 0.05

    if values["display_both"] and values["display_ratio"] >= 0.85 and counted("display_ratio"):
        reasons.append(
            f"display name '{new.profile.display_name}' matches '{old.profile.display_name}'"
        )
    elif values["display_cross"] >= 0.85 and counted("display_cross"):
        reasons.append("the display name carries the suspended account's name")
    if values["email_same"]:
        reasons.append("same canonical email hash")
    if values["ip_same"]:
        reasons.append("same IP/device hash")
    if values["avatar_match"] and new.profile.avatar_pdq and old.profile.avatar_pdq:
        distance = pdq_distance(new.profile.avatar_pdq, old.profile.avatar_pdq)
        reasons.append(f"avatar is the same picture (PDQ distance {distance})")
    if values["follows_both"] and counted("follows_jaccard", "follows_common"):
        common = len(new.follows & old.follows)
        reasons.append(
            f"follows {common} of the same accounts (Jaccard {values['follows_jaccard']:.2f})"
        )
    if values["posts_both"]:
        looked = min(5, sum(len(text) >= 12 for text in new.posts.cleaned)) if new.posts else 0
        hits = round(values["posts_near"] * looked)
        if hits:
            reasons.append(
                f"{hits} of {looked} early posts near-identical to the suspended account's"
            )
        elif values["posts_cosine"] >= 0.5 and counted("posts_cosine", "posts_style"):
            reasons.append(f"early posts written alike (similarity {values['posts_cosine']:.2f})")
    if values["bio_both"] and values["bio_cosine"] >= 0.6 and counted("bio_cosine"):
        reasons.append(f"bio similar to the suspended account's ({values['bio_cosine']:.2f})")
    if values["posts_mention_old"]:
        reasons.append(f"an early post mentions @{old.profile.username}")
    if new.refollow:
        reasons.append(f"early post asks for old followers: '{new.refollow}'")
    return reasons
