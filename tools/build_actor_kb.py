"""Build ``eventledger/data/actors_phoenix.json`` from the PETRARCH2/Phoenix actor dictionaries.

    .venv/bin/python tools/build_actor_kb.py [--source ../shared/data/petrarch2] [--out FILE] [--check]

Reads the TABARI-format actor dictionaries (``Phoenix.Countries.actors.txt``,
``Phoenix.International.actors.txt``, ``Phoenix.MilNonState.actors.txt``; MIT licence, Open Event
Data Alliance, about 2014) and writes one JSON actor per entry: a readable name, the aliases worth
matching, the CAMEO code(s) with the current one first, the contract actor type and ISO3 country
read from the code, a person's role with its dates, and parents where the code names a group.
The output is deterministic: same input, same bytes. ``--check`` compares instead of writing.

TABARI format (``dictionaries.rst`` beside the sources)::

    PRIMARY_PHRASE  [CODE]      # a new entry; the code is optional
    +SYNONYM_PHRASE             # an alias of the entry above
    <TAB>[CODE 040101-070101]   # a dated code: YYMMDD or YYYYMMDD, YY <= 30 is 20YY
    <TAB>[CODE >110101]         # from that date on; "<" until that date; no date: the default

Consecutive primary phrases without a code share the codes that follow them (as PETRARCH reads
them). Text after ``#`` (or the older ``;``) is a comment.

CAMEO code -> contract actor type (the first rule that applies, reading the code in 3-letter parts):

=====================================  =================================================
code                                   type
=====================================  =================================================
any part ``MED``                       media (``IRNGOVMED`` state media, ``MNCUSAMED``)
starts ``IGO``; any part ``UNO``/``PKO``  international
starts ``NGO``, ``NGM``, ``MNC``         other (non-governmental organisations, companies)
starts ``IMG``                         armed_group (international militarised group)
first role part ``GOV``/``LEG``/``JUD``    government
first role part ``MIL``/``SPY``/``COP``    state_forces (armed forces, intelligence, police)
first role part ``REB``/``INS``/``SEP``/``UAF``  armed_group (rebels, insurgents, separatists,
                                       unaligned armed forces)
first role part ``OPP``/``PTY``          political_party
first role part ``CVL``/``REF``          civilians
any other role part                    other (``BUS``, ``CRM``, ``EDU``, ``HLH``, ``ELI``, religions ...)
a country or region code alone         a place, not an actor: dropped (the country table and
                                       the gazetteer read places)
``MNC`` without ``MED``                 a company: dropped (no contract type; names such as
                                       "Shell" or "Total" are ordinary words in war news)
=====================================  =================================================

A person (CountryInfo's office-holders, names with dated codes or an ``ELI`` code) gets type
``person`` and a ``role`` read from the latest dated code (the default code where none is dated):
its title (``GOV`` -> "government", ``MIL`` -> "military" ...), code, country and dates, so a
role that ended long ago keeps its end date. The country is the code's first part where that is a
country: CAMEO uses ISO 3166 alpha-3 except ``TMP`` (TLS), ``ROM`` (ROU), ``ZAR`` (COD), ``ANG``
(AGO), ``GZA``/``WSB`` (PSE), ``KSV`` (XKX); former states (``SUN``, ``YUG``, ``DDR``, ``CSK`` ...)
and regions (``MEA``, ``SAS``, ``WEU`` ...) give none.

Dropped as noise for matching: one- and two-letter aliases, one-word aliases that are ordinary
English words (the words of the CAMEO verb and agent dictionaries and the project's function
words), up to three ordinary words without an organisation word ("red line"), dates ("May 15"),
aliases made only of generic words ("government", "security forces"), aliases that are a
country's name, demonym or capital (the country table reads those), and aliases claimed by
several entries of a different type or country (ambiguous, e.g. "Supreme Court").
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventledger.knowledge.actors import alias_keys, is_bare_surname  # noqa: E402
from eventledger.knowledge.lexicons import load_data  # noqa: E402

SOURCE_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                "Phoenix.MilNonState.actors.txt")
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "petrarch2"
DEFAULT_OUT = ROOT / "eventledger" / "data" / "actors_phoenix.json"

# ------------------------------------------------------------------------- the CAMEO tables
ROLE_TYPES = {
    "GOV": "government", "LEG": "government", "JUD": "government",
    "MIL": "state_forces", "SPY": "state_forces", "COP": "state_forces",
    "REB": "armed_group", "INS": "armed_group", "SEP": "armed_group", "UAF": "armed_group",
    "OPP": "political_party", "PTY": "political_party",
    "CVL": "civilians", "REF": "civilians",
    "MED": "media",
    "UNO": "international", "PKO": "international",
}
PREFIX_TYPES = {"IGO": "international", "NGO": "other", "NGM": "other", "MNC": "other", "IMG": "armed_group"}
# Role parts that make an actor of their own but no contract type but "other".
OTHER_ROLES = frozenset({"AGR", "BUS", "CRM", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "MOD", "RAD",
                         "REL", "AMN", "IRC", "GRP", "UIS", "PPL", "SET", "NGO", "IGO", "MNC", "INT",
                         # religions
                         "ADR", "ALE", "ATH", "BAH", "BUD", "CHR", "CON", "CPT", "CTH", "DOX", "HIN", "HSD",
                         "ITH", "JAN", "JEW", "JHW", "LDS", "MOS", "MAR", "MET", "MUS", "PRO", "SHI", "SHN",
                         "SIK", "SUN", "TAO", "UDX", "ZRO"})
ROLE_TITLES = {"GOV": "government", "LEG": "legislature", "JUD": "judiciary", "MIL": "military",
               "SPY": "intelligence", "COP": "police", "REB": "rebel", "INS": "insurgent", "SEP": "separatist",
               "UAF": "armed group", "OPP": "opposition", "PTY": "party", "ELI": "elite", "MED": "media",
               "BUS": "business", "CRM": "criminal", "EDU": "education", "HLH": "health", "HRI": "human rights",
               "LAB": "labour", "REL": "religious", "UNO": "United Nations", "PKO": "peacekeeping",
               "IGO": "international organisation", "NGO": "non-governmental organisation",
               "MNC": "company", "IMG": "armed group", "CVL": "civil society"}
COUNTRY_EXCEPTIONS = {"TMP": "TLS", "ROM": "ROU", "ZAR": "COD", "ANG": "AGO", "GZA": "PSE", "WSB": "PSE",
                      "KSV": "XKX"}
# Former states and sub-state codes: a place, but no ISO3 today.
FORMER_STATES = frozenset({"SUN", "YUG", "DDR", "CSK", "FRY", "SCG", "USR", "KRJ", "SRP", "KNT", "FRN", "UNR"})
REGIONS = frozenset({"AFR", "ASA", "BLK", "CRB", "CAU", "CFR", "CAS", "CEU", "EIN", "EAF", "EEU", "EUR", "LAM",
                     "MEA", "MDT", "NAF", "NMR", "PGS", "SCN", "SAM", "SAS", "SEA", "SAF", "WAF", "WST", "WEU",
                     "KKL", "KAS"})

# Words that make a phrase an organisation, not a person's name (English and the transliterated
# words armed groups' names are made of).
ORG_WORDS = frozenset("""
army armies front party parties movement organization organisation organizations council committee brigade
brigades battalion battalions group groups force forces union association society league alliance coalition
ministry department agency office bureau court assembly parliament congress senate government commission
authority institute institution foundation fund bank corporation corp inc ltd company co network center centre
service services police guard guards corps command unit units cell cells jihad mujahideen mujahedin resistance
revolutionary liberation national islamic people peoples republic state states kingdom university college
school hospital news times post tv radio press media church mosque board federation confederation syndicate
trust program programme mission initiative project campaign team club cartel commando commandos militia
militias division regiment squad squadron fleet navy agency council secretariat embassy administration
tribunal police legion battalion order nuclei nucleus cooperative industries international limited group
directorate extremists island islands port region province republic territory territories chancellor regime
jaish jaysh jund liwa liwaa kataib kataeb katibat katiba harakat harakah harkat jabhat jabha ansar saraya
sarayat asaib alwiya faylaq hizb hezb hizbul tanzim jamaat jamaah jamiat jemaah lashkar sipah tehrik
tehreek majlis fatah qaeda qaida taliban hamas hezbollah frente fuerzas ejercito partido movimiento
""".split())
TITLE_WORDS = frozenset("""sheikh shaikh sheik president general minister prime king queen prince princess emir
amir mullah imam dr mr mrs ms sir lord secretary commander colonel major captain chief ayatollah
maulana maulvi hajji haji""".split())
PERSON_HINTS = re.compile(r"countryinfo|leader|founder|member|commander|chief|spokes|president|minister|alias of",
                          re.IGNORECASE)
GENERIC_EXTRA = frozenset("""the of and for in on at to a an official officials spokesman spokeswoman
spokesperson security forces force national state states government ministry minister council people
international united new""".split())
LOWER_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "by", "from", "with", "de", "la",
                         "le", "du", "des", "da", "do", "dos", "das", "del", "di", "von", "van", "der", "den",
                         "y", "e", "wal", "ul", "ur", "ud", "i", "bin", "ibn", "al", "el", "et", "und"})
PARTICLES_HYPHENATED = frozenset({"al", "el"})
KNOWN_ACRONYMS = frozenset({"US", "UN", "EU", "UK", "UAE", "USA", "USSR", "IRA", "PLO", "NATO", "OPEC", "ASEAN", "CIA",
                            "FBI", "NSA", "IMF", "IAEA", "ICRC", "UNICEF", "UNHCR", "UNESCO", "OSCE", "ECOWAS",
                            "AMISOM", "MONUSCO", "UNAMA", "UNIFIL", "ISAF", "KFOR", "AQAP", "AQIM", "ISIS", "ISIL"})
MONTHS = frozenset("""january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec""".split())
# "Abu Sayyaf" is a group: a kunya alone does not make a person's name.
KUNYA = frozenset({"abu", "abou", "umm", "bin", "ibn"})
ROMAN = frozenset({"ii", "iii", "iv", "vi", "vii", "viii", "ix"})
ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "jr", "sr", "mt", "ft", "gen", "lt", "sgt", "cpl", "pvt"})


# ------------------------------------------------------------------------- parsing
@dataclass
class Code:
    """One CAMEO code of an entry, with its date restriction (ISO dates, None = open)."""

    code: str
    start: str | None = None
    end: str | None = None
    default: bool = True


@dataclass
class Entry:
    """One primary phrase with its synonyms and the codes of its group."""

    phrase: str
    file: str
    line: int
    comment: str = ""
    aliases: list[str] = field(default_factory=list)
    alias_comments: list[str] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)


def tabari_date(text: str) -> str | None:
    """A TABARI date (YYMMDD, YY <= 30 is 20YY; or YYYYMMDD) as ISO, else None when invalid."""
    digits = text.strip()
    if not digits.isdigit() or len(digits) not in (6, 8):
        return None
    if len(digits) == 6:
        yy = int(digits[:2])
        year, rest = (2000 + yy if yy <= 30 else 1900 + yy), digits[2:]
    else:
        year, rest = int(digits[:4]), digits[4:]
    try:
        return date(year, int(rest[:2]), int(rest[2:4])).isoformat()
    except ValueError:
        return None


_CODE = re.compile(r"\[([^\]\s]+)\s*([^\]]*)\]")


def parse_codes(text: str) -> list[Code]:
    """Every ``[CODE restriction]`` in a line; invalid restrictions are skipped."""
    out = []
    for m in _CODE.finditer(text):
        code, rest = m.group(1).strip(), m.group(2).strip()
        if not rest:
            out.append(Code(code))
        elif rest[0] in "<>":
            d = tabari_date(rest[1:])
            if d is not None:
                out.append(Code(code, None, d, False) if rest[0] == "<" else Code(code, d, None, False))
        elif "-" in rest:
            a, _, b = rest.partition("-")
            start, end = tabari_date(a), tabari_date(b)
            if start is not None and end is not None and start <= end:
                out.append(Code(code, start, end, False))
    return out


def _split_comment(line: str) -> tuple[str, str]:
    cut = [i for i in (line.find("#"), line.find(";")) if i >= 0]
    if not cut:
        return line, ""
    i = min(cut)
    return line[:i], line[i + 1:].strip()


def parse_tabari(text: str, file: str = "") -> list[Entry]:
    """The entries of a TABARI actor dictionary, in file order."""
    entries: list[Entry] = []
    group: list[Entry] = []
    group_codes: list[Code] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith(("#", "<!")):
            continue
        if "---STOP---" in raw:
            break
        body, comment = _split_comment(raw)
        if raw[0] in " \t" and "[" in body:
            if group:
                group_codes.extend(parse_codes(body))
            continue
        body = body.strip()
        if not body:
            continue
        if body.startswith("+"):
            if not group:
                continue
            for part in body[1:].split("+"):  # "+A_+B" is two synonyms run together
                phrase = _CODE.sub("", part).strip()
                if phrase:
                    group[-1].aliases.append(phrase)
                    group[-1].alias_comments.append(comment)
            continue
        if group_codes or not group:
            group, group_codes = [], []
        entry = Entry(_CODE.sub("", body).strip(), file, lineno, comment)
        group_codes.extend(parse_codes(body))
        group.append(entry)
        entries.append(entry)
        entry.codes = group_codes  # shared, filled as the group's code lines follow
    return entries


# ------------------------------------------------------------------------- reading codes
def _iso3_table() -> set[str]:
    import pycountry

    return {c.alpha_3 for c in pycountry.countries}


_ISO3: set[str] = set()


def code_parts(code: str) -> list[str]:
    """A CAMEO code in its 3-letter parts: 'IRQGOVLEG' -> ['IRQ', 'GOV', 'LEG']."""
    return [code[i:i + 3] for i in range(0, len(code), 3)]


def country_of(part: str, first: bool = True) -> str | None:
    """The ISO3 country of a CAMEO country part, else None (regions, former states, sectors).

    A code starts with its country, so there ``MUS`` is Mauritius and ``MAR`` Morocco; further
    in, the same letters are a religion (``IMGMUSALQ``: Muslim)."""
    if not _ISO3:
        _ISO3.update(_iso3_table())
    if part in COUNTRY_EXCEPTIONS:
        return COUNTRY_EXCEPTIONS[part]
    if part not in _ISO3:
        return None
    return part if first or (part not in ROLE_TYPES and part not in OTHER_ROLES) else None


def is_place_part(part: str) -> bool:
    """A country, former state or region part: no role of its own."""
    return country_of(part) is not None or part in FORMER_STATES or part in REGIONS


def code_country(code: str) -> str | None:
    """The ISO3 country of a code: its first part, or the second after a sector ('NGOUSAHRI')."""
    parts = code_parts(code)
    if not parts:
        return None
    if country_of(parts[0]) is None and len(parts) > 1:
        return country_of(parts[1], first=False)  # "NGOUSAHRI", "IMGSEAMUS..."
    return country_of(parts[0])


def code_type(code: str) -> str | None:
    """The contract actor type of a CAMEO code (see the module table); None for a place code."""
    parts = code_parts(code)
    if not parts or code.startswith("---") or not code.isalpha():
        return None
    if "MED" in parts:
        return "media"
    if parts[0] == "IGO" or "UNO" in parts or "PKO" in parts:
        return "international"
    if parts[0] in PREFIX_TYPES:
        return PREFIX_TYPES[parts[0]]
    # The first part is where the actor is (a country, a former state such as SUN, the Soviet
    # Union, or a region); the roles follow.
    roles = parts[1:] if is_place_part(parts[0]) else parts
    for p in roles:
        if p in ROLE_TYPES:
            return ROLE_TYPES[p]
        if p in OTHER_ROLES:
            return "other"
    return None if all(is_place_part(p) for p in parts) else "other"


def role_title(code: str) -> str | None:
    """A person's role from a code: its first role part ('IRQGOV' -> 'government')."""
    parts = code_parts(code)
    if len(parts) > 1 and country_of(parts[0]) is not None:
        parts = parts[1:]
    for p in parts:
        if p in ROLE_TITLES and not (p == parts[0] and p in ("MNC", "NGO", "IGO", "IMG") and len(parts) > 1
                                     and any(q in ROLE_TITLES for q in parts[1:])):
            return ROLE_TITLES[p]
    return None


def current_code(codes: list[Code]) -> Code | None:
    """The latest dated code (open-ended counts as latest), else the last default code."""
    dated = [c for c in codes if not c.default]
    if dated:
        return max(dated, key=lambda c: (c.end or "9999-99-99", c.start or ""))
    defaults = [c for c in codes if c.default]
    return defaults[-1] if defaults else None


# ------------------------------------------------------------------------- names and words
def _word(word: str, first: bool) -> str:
    low = word.lower()
    if not first and low in LOWER_WORDS:
        return low
    if len(word) <= 4 and not any(c in "AEIOUY" for c in word.upper()) and word.isalpha() and low not in ABBREVIATIONS:
        return word.upper()  # no vowel: an acronym ("PKK", "HTS")
    if word.upper() in KNOWN_ACRONYMS or (low in ROMAN and not first):
        return word.upper()
    if "." in word:
        return word.upper()  # "U.S."
    if low.startswith("mc") and len(word) > 3 and word.isalpha():
        return "Mc" + word[2:3].upper() + word[3:].lower()
    head, apo, tail = word.partition("'")
    if apo and len(head) == 1 and len(tail) > 1:
        return head.upper() + "'" + tail[:1].upper() + tail[1:].lower()  # O'Brien, D'Alema
    return word[:1].upper() + word[1:].lower()  # People's, Qa'ida


def readable(phrase: str, acronyms: frozenset[str] = frozenset()) -> str:
    """A TABARI phrase as people write it: 'AL_QA'IDA_IN_IRAQ' -> "al-Qa'ida in Iraq" style.

    Underscores become spaces; an upper-case source is title-cased with acronyms (parenthesised
    or vowel-less) kept and particles lower-cased; mixed-case sources are kept as they are.
    """
    text = re.sub(r"[_\s]+", " ", phrase).strip(" ,")
    if any(c.islower() for c in re.sub(r"'[a-z]", "", text)):  # "PEOPLE's" is still upper case
        return text
    words = text.split(" ")
    if len(words) == 1 and text.isalpha() and len(text) <= 4:
        return text  # one short upper-case word is an acronym ("IGAD", "OPCW", "AFP")
    out: list[str] = []
    for i, w in enumerate(words):
        if w.startswith("(") and w.endswith(")"):
            out.append(w)
            continue
        parts = w.split("-")
        out.append("-".join((p if p in acronyms else _word(p, i == 0 and j == 0)) if p else p
                            for j, p in enumerate(parts)))
    # "al Jawlani" -> "al-Jawlani": the article joins its noun in the usual transliteration.
    joined: list[str] = []
    for i, w in enumerate(out):
        if joined and joined[-1].lower() in PARTICLES_HYPHENATED and i > 1:
            joined[-1] = f"{joined[-1]}-{w}"
        else:
            joined.append(w)
    return " ".join(joined)


def split_parenthesis(name: str) -> list[str]:
    """'Animal Liberation Front (ALF)' -> ['Animal Liberation Front', 'ALF']."""
    m = re.fullmatch(r"(.*?)\s*\(([^()]+)\)\s*(.*)", name)
    if not m:
        return [name]
    outside = " ".join(x for x in (m.group(1), m.group(3)) if x).strip()
    return [x for x in (outside, m.group(2).strip()) if x]


def folded(alias: str) -> tuple[str, ...]:
    """Case-folded key of an alias (for duplicates and ambiguity), '' when it has no word."""
    keys = alias_keys(alias)
    return tuple(k.lstrip("=^").lower() for k in keys[0]) if keys else ()


@dataclass
class Vocabulary:
    """What the noise filter knows: common English words, generic words, country names."""

    common: set[str]
    generic: set[str]
    countries: set[tuple[str, ...]]
    given: set[str] = field(default_factory=set)


def vocabulary(source: Path) -> Vocabulary:
    """Common and generic words from the CAMEO verb and agent dictionaries and the project data."""
    words: set[str] = set()
    for name in ("CAMEO.2.0.txt", "Phoenix.agents.txt"):
        path = source / name
        if path.exists():
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                line = _CODE.sub(" ", line.split("#")[0])
                for w in re.findall(r"[A-Za-z]+", line):
                    words.add(w.lower())
    agents: set[str] = set()
    path = source / "Phoenix.agents.txt"
    if path.exists():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("#") or "[" not in line:
                continue
            phrase = _CODE.sub(" ", line.split("#")[0]).split("{")[0].strip()
            if re.fullmatch(r"[A-Za-z]+_?", phrase):  # one-word agents: SOLDIER, PROTESTER, MINISTRY
                w = phrase.rstrip("_").lower()
                agents.update({w, w + "s", w + "es", w[:-1] + "ies" if w.endswith("y") else w})
    function = set(load_data("english_function_words")["words"])
    actors = load_data("actors")
    groups = {w.lower() for g in actors["groups"] for w in g["words"]}
    forces = {w.lower() for w in actors["state_forces"]["force_words"] + actors["state_forces"]["government_words"]}
    common = words | function | groups | {w for f in forces for w in f.split()}
    generic = agents | function | GENERIC_EXTRA | {f for f in groups if " " not in f}
    countries: set[tuple[str, ...]] = set()
    from eventledger.knowledge.countries import load_countries

    table = load_countries()
    names = [*table.names(), *table.demonyms()]
    for c in table.by_iso3.values():
        names += [c.name, *(c.demonyms), c.capital or ""]
    for n in names:
        key = folded(n)
        if key:
            countries.add(key)
    return Vocabulary(common, generic, countries)


def keep_alias(alias: str, vocab: Vocabulary) -> bool:
    """False for aliases that would be noise when matched (see the module docstring)."""
    key = folded(alias)
    letters = sum(1 for c in alias if c.isalpha())
    if not key or letters <= 2:
        return False
    exact = {k[1:].lower() for k in alias_keys(alias)[0] if k.startswith("=")}
    if all(k in vocab.generic and k not in exact for k in key):
        return False  # "the government", "security forces" (an acronym such as "US" is no generic word)
    if len(key) == 1 and (key[0] in vocab.common or key[0] in vocab.given):
        return False  # an ordinary word, or a first name alone
    if all(k in vocab.generic or k in MONTHS or k.isdigit() for k in key if k not in exact) and any(
            k in MONTHS or k.isdigit() for k in key):
        return False  # a date ("May 15", "21 June"): groups named after a day read as dates in news
    if len(key) <= 3 and all(k in vocab.common for k in key) and not is_org_phrase(alias):
        return False  # everyday words ("red line", "immediate action", "aid group")
    return key not in vocab.countries


# ------------------------------------------------------------------------- persons
def _name_tokens(name: str) -> list[str]:
    toks = [t for t in re.findall(r"[a-z0-9']+", name.lower().replace("-", " ")) if t not in LOWER_WORDS]
    return [t for t in toks if t not in TITLE_WORDS] or toks


def same_person(a: str, b: str) -> bool:
    """Two spellings of one person: the same (or nearly the same) last name word."""
    ta, tb = _name_tokens(a), _name_tokens(b)
    if not ta or not tb:
        return False
    return ta[-1] == tb[-1] or difflib.SequenceMatcher(None, ta[-1], tb[-1]).ratio() >= 0.75


def is_org_phrase(phrase: str) -> bool:
    """A phrase with a word only organisations' names have ("ARMY", "FRONT", "JAISH" ...)."""
    return any(w in ORG_WORDS for w in re.findall(r"[a-z]+", phrase.lower()))


def given_names(entries: list[Entry], common: set[str]) -> set[str]:
    """First names of CountryInfo's office-holders (three or more of them): what tells a person's
    name from an organisation's among the other entries."""
    counts: dict[str, int] = {}
    for e in entries:
        if "countryinfo" in e.comment.lower():
            toks = _name_tokens(readable(e.phrase))
            if len(toks) >= 2:
                counts[toks[0]] = counts.get(toks[0], 0) + 1
    return {w for w, n in counts.items() if n >= 3 and len(w) >= 3 and w not in common and w not in KUNYA}


def looks_like_person(name: str, names: set[str], min_tokens: int = 2) -> bool:
    """A name of ``min_tokens`` words or more, no organisation word, and a title or a known
    first name in front ("Sheikh Nasrallah", "Khaled Meshaal")."""
    if is_org_phrase(name) or any(c.isdigit() for c in name):
        return False
    words = re.findall(r"[a-z']+", name.lower().replace("-", " "))
    if len(words) >= 2 and words[0] in TITLE_WORDS and words[1] not in TITLE_WORDS:
        return True
    toks = _name_tokens(name)
    return len(toks) >= min_tokens and toks[0] in names


def is_person(entry: Entry, names: set[str]) -> bool:
    """CountryInfo office-holders, and names without an organisation word that have dates,
    an ``ELI`` code, a comment describing a person or a known first name in front."""
    if "countryinfo" in entry.comment.lower():
        return True
    if is_org_phrase(entry.phrase):
        return False
    if any(not c.default for c in entry.codes) or any("ELI" in code_parts(c.code) for c in entry.codes):
        return True
    if entry.comment and PERSON_HINTS.search(entry.comment):
        return True
    return looks_like_person(readable(entry.phrase), names)


# ------------------------------------------------------------------------- building
def slug(text: str) -> str:
    """An id-safe slug of a name."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "actor"


def _actor_record(name: str, aliases: list[str], entry: Entry, person: bool) -> dict[str, Any] | None:
    cur = current_code(entry.codes)
    if cur is None:
        return None
    ctype = code_type(cur.code)
    if ctype is None:
        return None  # a country or region: a place
    if ctype == "other" and cur.code.startswith("MNC") and not person:
        return None  # companies: no conflict actor type, and their names are often common words
    codes = list(dict.fromkeys([cur.code, *(c.code for c in entry.codes)]))
    rec: dict[str, Any] = {"name": name, "type": "person" if person else ctype,
                           "country": code_country(cur.code), "aliases": aliases, "cameo": codes}
    if person:
        role: dict[str, Any] = {"title": role_title(cur.code) or "other"}
        if cur.start:
            role["from"] = cur.start
        if cur.end:
            role["to"] = cur.end
        rec["role"] = role
    rec["_file"], rec["_line"] = entry.file, entry.line
    return rec


def _cluster(names: list[str]) -> list[list[str]]:
    clusters: list[list[str]] = []
    for n in names:
        home = next((c for c in clusters if any(same_person(n, m) for m in c)), None)
        if home is None:
            clusters.append([n])
        else:
            home.append(n)
    return clusters


def split_people(names: list[str], given: set[str]) -> tuple[list[str], list[list[str]]]:
    """An organisation entry's aliases apart from the people TABARI lists under it (its leaders,
    coded with its code: HEZBOLLAH_ +HASSAN_NASRALLAH), with their other spellings."""
    head = names[0]
    people = _cluster([n for n in names[1:] if not same_person(n, head) and looks_like_person(n, given)])
    taken = {n for c in people for n in c}
    # A bare surname of a leader found above goes with that leader ("Nasrallah").
    rest = [n for n in names if n not in taken]
    for n in list(rest[1:]):
        home = next((c for c in people if is_bare_surname(n) and any(same_person(n, m) for m in c)), None)
        if home is not None:
            home.append(n)
            rest.remove(n)
    return rest, people


def short_acronyms(entries: list[Entry]) -> frozenset[str]:
    """Words of up to four letters that some entry lists alone ("+PLA", "+ANSF"): acronyms,
    also inside longer names ("PLA_NAVY" -> "PLA Navy")."""
    out = set()
    for e in entries:
        for p in [e.phrase, *e.aliases]:
            w = re.sub(r"[_\s]+", " ", p).strip()
            if w.isalpha() and w.isupper() and 2 <= len(w) <= 4 and w.lower() not in LOWER_WORDS:
                out.add(w)
    return frozenset(out)


def entry_records(entry: Entry, given: set[str], acronyms: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """The actor records of one entry: one, or several where a person entry lumps people."""
    names = [readable(p, acronyms) for p in [entry.phrase, *entry.aliases]]
    expanded: list[str] = []
    for n in names:
        expanded += split_parenthesis(n)
    # "The UN" is "UN": an article in front only makes the alias outrank a curated one.
    names = [n for n in dict.fromkeys(re.sub(r"^(?:the|The|THE) (?=\S)", "", n) for n in expanded) if n]
    if not names:
        return []
    person = is_person(entry, given)
    if not person:
        org_names, people = split_people(names, given)
        rec = _actor_record(names[0], org_names, entry, False)
        if rec is None:
            return []
        out = [rec]
        for c in people:
            member = _actor_record(c[0], c, entry, True)
            if member is not None:
                member["_parent"] = rec
                out.append(member)
        return out
    # CountryInfo and the non-state file list different people under one entry ("ABDUL_QADIR_
    # +NUR_MOHAMMAD_TARAKI_"): cluster the spellings by their last name word.
    # TABARI codes a leader's regime with the leader ("BASHAR_AL-ASSAD +ASSAD_REGIME"): no name
    # of the person, so left out (actors.json links such phrases to the government).
    clusters = _cluster([n for n in names if not is_org_phrase(n)] or names[:1])
    out = []
    for c in clusters:
        name = next((n for n in c if not is_bare_surname(n)), c[0])
        rec = _actor_record(name, c, entry, True)
        if rec:
            out.append(rec)
    return out


def build(source: Path) -> dict[str, Any]:
    """The actors_phoenix.json document from the dictionaries in ``source``."""
    vocab = vocabulary(source)
    entries: list[Entry] = []
    for name in SOURCE_FILES:
        entries += parse_tabari((source / name).read_text(encoding="utf-8", errors="replace"), name)
    given = given_names(entries, vocab.common)
    vocab.given = given
    records: list[dict[str, Any]] = []
    acronyms = short_acronyms(entries)
    for entry in entries:
        records.extend(entry_records(entry, given, acronyms))
    # Noise and ambiguity: an alias claimed by entries of different type or country is dropped.
    owners: dict[tuple[str, ...], list[int]] = {}
    for i, rec in enumerate(records):
        rec["aliases"] = [a for a in rec["aliases"] if keep_alias(a, vocab)]
        seen: set[tuple[str, ...]] = set()
        for a in rec["aliases"]:
            key = folded(a)
            if key not in seen:
                seen.add(key)
                owners.setdefault(key, []).append(i)
    drop: dict[int, set[tuple[str, ...]]] = {}
    for key, idx in owners.items():
        kinds = {(records[i]["type"], records[i]["country"]) for i in idx}
        for i in (idx if len(kinds) > 1 else idx[1:]):
            drop.setdefault(i, set()).add(key)
    out: list[dict[str, Any]] = []
    for i, rec in enumerate(records):
        gone = drop.get(i, set())
        aliases, seen = [], set()
        for a in rec["aliases"]:
            key = folded(a)
            if key in gone or key in seen:
                continue
            seen.add(key)
            aliases.append(a)
        if not aliases:
            continue
        rec["aliases"] = aliases
        out.append(rec)
    _assign_ids(out)
    _assign_parents(out)
    for rec in out:
        for k in ("_file", "_line", "_parent"):
            rec.pop(k, None)
    out.sort(key=lambda r: r["id"])
    return {
        "version": 1,
        "about": ("Actors generated by tools/build_actor_kb.py from the PETRARCH2/Phoenix actor dictionaries "
                  "(about 2014): do not edit by hand, fix or update actors in actors.json (curated entries "
                  "override these by alias). 'aliases' are the forms matched (noise and ambiguous forms "
                  "dropped); 'cameo' the CAMEO codes, the current one first; a person's 'role' is read from "
                  "the latest dated code."),
        "source": {"repository": "openeventdata/petrarch2", "path": "petrarch2/data/dictionaries/",
                   "commit": "676801c", "files": list(SOURCE_FILES)},
        "licence": _licence(source),
        "actors": out,
    }


def _licence(source: Path) -> str:
    path = source / "LICENSE"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return re.sub(r"\s+", " ", text).strip()


def _assign_ids(records: list[dict[str, Any]]) -> None:
    used: dict[str, int] = {}
    for rec in records:
        base = "phx-" + slug(rec["name"])
        n = used.get(base, 0) + 1
        used[base] = n
        rec["id"] = base if n == 1 else f"{base}-{n}"


def _assign_parents(records: list[dict[str, Any]]) -> None:
    """A person or group whose code is an organisation's own code (one organisation only, with a
    specific group code such as ``PSEREBHMS``) is a member of it; state bodies of a country are
    members of its generated forces or government actor."""
    from eventledger.knowledge.countries import load_countries

    known = set(load_countries().by_iso3)  # the countries that get generated actors
    orgs_by_code: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        if rec["type"] != "person":
            orgs_by_code.setdefault(rec["cameo"][0], []).append(rec)
    for rec in records:
        parent = rec.get("_parent", {}).get("id")  # None when the organisation itself was dropped
        parents: list[str] = [parent] if parent else []
        code = rec["cameo"][0]
        orgs = orgs_by_code.get(code, [])
        last = code_parts(code)[-1]
        specific = len(code) >= 9 and last not in ROLE_TITLES and last not in OTHER_ROLES
        if not parents and specific and len(orgs) == 1 and orgs[0] is not rec:
            parents.append(orgs[0]["id"])
        parts = code_parts(code)
        iso3 = rec["country"]
        if rec["type"] != "person" and iso3 in known and len(parts) >= 2 and country_of(parts[0]):
            if parts[1] in ("MIL", "SPY", "COP") and rec["type"] == "state_forces":
                parents.append(f"state-forces-{iso3.lower()}")
            elif parts[1] in ("GOV", "LEG", "JUD") and rec["type"] == "government":
                parents.append(f"government-{iso3.lower()}")
        if parents:
            rec["member_of"] = parents


def dumps(doc: dict[str, Any]) -> str:
    """The JSON text: one actor per line, so that diffs stay readable."""
    head = {k: v for k, v in doc.items() if k != "actors"}
    lines = [json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in doc["actors"]]
    body = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    return body + ',\n "actors": [\n' + ",\n".join(lines) + "\n ]\n}\n"


def main(argv: list[str] | None = None) -> int:
    """Build (or with --check, compare) the generated actor file."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="exit 1 when the committed file differs")
    args = ap.parse_args(argv)
    if not (args.source / SOURCE_FILES[0]).exists():
        print(f"no PETRARCH2 dictionaries in {args.source}: pass --source DIR", file=sys.stderr)
        return 2
    text = dumps(build(args.source))
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{args.out} differs from a fresh build")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text.encode()) / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
