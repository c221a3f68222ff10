"""What a home address, a phone number or an email looks like in a post, and the words around them.

Kept apart from the detector so the patterns can be read and extended on their own:
street addresses in English, German, French and Arabic forms, postcodes, the phrases
that mark a post as pointing at someone ("lives at", "wohnt in", "يسكن"), and the ones
that mark contact details as a business's or the author's own. Every pattern is
compiled once at import (compiling is cheap; no data is loaded).
"""

from __future__ import annotations

import re

EN_STRONG_TYPES = (
    "Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Terrace|Crescent|"
    "Parkway|Pkwy|Highway|Hwy"
)
EN_WEAK_TYPES = "Court|Ct|Way|Place|Pl|Dr|Close|Square|Sq|Row|Circle|Cir|Trail|Grove|Gardens"

# number, one to four name words, street type: "42 Elm Street", "7b North Oak Ave."
# (patterns start with the digit, not a look-behind, so the engine can skip to digits)
EN_STREET = re.compile(
    r"(?P<number>\d(?<![\w$£€.,:/#-]\d)\d{0,4}(?:-\d{1,5})?[A-Za-z]?)\s+"
    r"(?P<name>(?:(?:[A-Za-z][A-Za-z'\u2019.-]*|\d{1,3}(?:st|nd|rd|th))\s+){1,4}?)"
    rf"(?P<type>(?i:{EN_STRONG_TYPES}|{EN_WEAK_TYPES}))\b\.?"
)
EN_STRONG = re.compile(rf"(?i:{EN_STRONG_TYPES})\.?")
YEAR_PREPOSITION = re.compile(
    r"(?i:\b(?:in|since|by|from|of|until|till|before|after|during|circa|around|year)\s+)$"
)
NAME_SMALL_WORDS = frozenset({"of", "the", "and", "de", "la", "le", "van", "von", "der", "st."})
# words that never appear in a street name written in lower case: "3 days in a row",
# "2 dogs walking down the street" are sentences, not addresses
NOT_IN_STREET_NAME = frozenset(
    {"a", "an", "the", "and", "or", "but", "in", "on", "at", "of", "to", "for", "with", "by"}
    | {"while", "down", "up", "over", "i", "you", "he", "she", "it", "we", "they", "my"}
    | {"your", "his", "her", "our", "their", "this", "that", "is", "are", "was", "were", "be"}
    | {"not", "no", "so", "just", "all", "followers", "times", "days", "years", "hours"}
)
# a US ZIP (or German/French code) shortly after a street: "4370 sunnyslope dr, memphis 38141"
ZIP_AFTER = re.compile(r"[\s,.]{1,3}(?:[A-Za-z.]+[\s,]{1,3}){0,3}\d{5}(?:-\d{4})?\b")
# lower-case words that may follow an address in a sentence ("42 Elm Street tonight");
# any other one means the street name was part of a noun phrase ("Wall Street jobs")
ALLOWED_NEXT_WORDS = frozenset(
    {"in", "near", "by", "and", "or", "at", "on", "apt", "apartment", "unit", "suite", "ste"}
    | {"fl", "floor", "with", "where", "so", "if", "but", "to", "is", "tonight", "today", "now"}
    | {"tomorrow", "later", "after", "before", "around", "then", "for", "from", "this", "next"}
    | {"right", "asap", "lol", "lmao", "bro"}
)
NEXT_WORD = re.compile(r"\s+([a-z]+)\b")
PUBLIC_ADDRESSES = frozenset({"10 downing street", "1600 pennsylvania avenue", "221b baker street"})

# name with a German street suffix, then the number: "Hauptstraße 5a", "Lindenweg 12"
DE_HINTS = (
    *("traße", "trasse", "str.", "Str.", "weg", "Weg", "platz", "Platz"),
    *("allee", "Allee", "gasse", "Gasse", "damm"),
)
DE_STREET = re.compile(
    r"\b[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ]?[a-zäöüß]+)*"
    r"(?:straße|strasse|str\.|weg|platz|allee|gasse|damm)"
    r"\s*\d{1,4}\s?[a-zA-Z]?(?![\w]|[.,]\d)"
    r"|\b[A-ZÄÖÜ][a-zäöüß]+\s+(?:Straße|Strasse|Str\.|Weg|Platz|Allee|Gasse)"
    r"\s+\d{1,4}\s?[a-zA-Z]?(?![\w]|[.,]\d)"
)
# number, French street type, name: "12 rue de la Paix", "3 bis avenue Foch"
FR_STREET = re.compile(
    r"\d(?<![\w$£€.,:/#-]\d)\d{0,3}(?:\s?(?:bis|ter))?,?\s+"
    r"(?i:rue|avenue|av\.|boulevard|bd|chemin|allée|allee|impasse|place|quai|route|cours)\s+"
    r"(?:(?:de la|de l'|de l\u2019|du|des|de|d'|d\u2019|la|le|les)\s*)?[A-ZÉÈÀÂÊÎÔÛÇ][\w'\u2019-]+"
)
# "شارع <name> <number>" or "<number> شارع <name>"
AR_STREET = re.compile(
    r"(?:شارع|طريق)\s+\S+(?:\s+\S+){0,3}?\s+(?:رقم\s+)?\d{1,5}(?!\d)"
    r"|(?<!\d)\d{1,5}\s+(?:شارع|طريق)\s+\S+"
)

AR_HINTS = ("شارع", "طريق")
UK_POSTCODE_HINT = re.compile(r" \d[ABD-HJLNP-UW-Z]{2}\b")
FIVE_DIGITS = re.compile(r"\d{5}")
UK_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) \d[ABD-HJLNP-UW-Z]{2}\b")
US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|"
    "NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|PR"
)
US_ZIP = re.compile(rf"\b(?:{US_STATES}),?\s+\d{{5}}(?:-\d{{4}})?\b|\b\d{{5}}-\d{{4}}\b")
# five digits then a capitalized place name: German PLZ or French code postal
PLZ_CITY = re.compile(r"(?<![\d.,])\b\d{5}\s+[A-ZÄÖÜÉ][a-zäöüßéèê]+(?:[ -][A-ZÄÖÜÉ][a-zäöüßéèê]+)?")

PHONE_HINT = re.compile(r"\d(?:[\s().\-/]{0,2}\d){6,}")
EMAIL_AT = re.compile(r"@(?:[^\W_](?:[\w\-]{0,61}[^\W_])?\.)+[^\W\d_]{2,24}\b")
EMAIL_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
ROLE_MAILBOXES = frozenset(
    {"info", "support", "contact", "help", "admin", "sales", "press", "media", "office"}
    | {"hello", "team", "service", "customerservice", "noreply", "no-reply", "abuse", "billing"}
    | {"jobs", "careers", "marketing", "webmaster", "postmaster", "enquiries", "inquiries"}
    | {"feedback", "privacy", "legal", "security", "kontakt", "mail", "news", "newsletter"}
    | {"booking", "reservations"}
)

# phrases that point contact details at a person ("where she lives")
CONTEXT = re.compile(
    r"(?i:\b(?:lives?|living|stays?|staying)\s+(?:at|on|in)\b"
    r"|\b(?:his|her|their|the\s+guy'?s|this\s+guy'?s)\s+(?:home\s+|real\s+|new\s+|house\s+)?"
    r"(?:address|number|phone(?:\s+number)?|cell|email|house|home)\b"
    r"|\bhome\s+address\b|\baddress\s+is\b|\bdox+(?:ed|ing)?\b"
    r"|\b(?:here'?s|here\s+is|this\s+is)\s+where\s+(?:he|she|they)\b"
    r"|\bknow\s+where\s+(?:you|he|she|they)\s+live\b|\bpay\s+(?:him|her|them)\s+a\s+visit\b"
    r"|\bcome\s+over\b|\bpull\s+up\b|\bshow\s+up\s+at\b|\bsee\s+you\s+at\b"
    r"|\bwohnt\b|\b(?:seine|ihre)\s+(?:adresse|anschrift|nummer|handynummer)\b"
    r"|\b(?:wohn|privat)adresse\b"
    r"|\bhabite\b|\bson\s+(?:adresse|num[ée]ro)\b|\badresse\s+perso\b|\bdomicile\b)"
    r"|يسكن|تسكن|عنوانه|عنوانها|رقمه|رقمها|بيته|بيتها|منزله|منزلها"
)
# phrases that mark them as a business's or a public office's
BUSINESS = re.compile(
    r"(?i:\b(?:call|contact|email|e-mail|text|visit|find)\s+us\b|\bour\s+(?:office|store|shop|"
    r"restaurant|hotline|team|clinic|showroom)\b|\b(?:we'?re|we\s+are)\s+located\b"
    r"|\bopening\s+hours\b|\bopen\s+(?:daily|from|mon)|\bcustomer\s+service\b|\bhotline\b"
    r"|\bhelpline\b|\breservations?\b|\bbook\s+now\b|\brufen\s+sie\s+uns\b"
    r"|\bkontaktieren\s+sie\s+uns\b|\böffnungszeiten\b|\bimpressum\b|\bcontactez[- ]nous\b"
    r"|\bappelez[- ]nous\b|\bhoraires\b|\border\s+now\b|\bpre[- ]?order\b|\bcall\s+now\b"
    r"|\b24/7\b|\b24\s*(?:hours|hrs)\b|\bappointments?\b|\bbookings?\b|\bfree\s+(?:quote|estimate)"
    r"|\btop\s+rated\b|\bmassage\b)"
)
# phrases that mark them as the author's own
SELF = re.compile(
    r"(?i:\b(?:call|text|email|e-mail|contact|reach|dm|message|find)\s+me\b"
    r"|\bmy\s+(?:address|number|phone|cell|email|e-mail|office)\b|\bhmu\b|\bhit\s+me\s+up\b"
    r"|\bnew\s+(?:number|phone)\b"
    r"|\bruf\s+mich\b|\bmeine\s+(?:nummer|adresse)\b|\bappelle[zr]?[- ]moi\b)"
)
