"""The recogniser's rules: one regular expression per kind of time expression.

Built once from ``data/timex.json`` (through ``timex_lexicon.Pieces``). Each rule is named; the
names key the context checks in ``timex_rules`` and show in ``explain``. Range rules capture both
ends of "6-7 January 1916" or "1915-17" as two expressions.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .timex_lexicon import DASH, OSP, SP, Pieces, alt, lexicon


class Grammar:
    """Compiled rules (``rules``, ``ranges``) and the context word sets the checks read."""

    def __init__(self) -> None:
        self.p = p = Pieces()
        self.lex = lex = lexicon()
        self.the = rf"(?:the{SP})"
        self.rel_year = (rf"(?:that|this|last|next|{self.the}(?:same|following|next|previous|preceding)|"
                         rf"the{SP}year{SP}of{SP}the{SP}same){SP}year")
        fw, fin, fof = alt(lex["fuzzy_words"]), alt(lex["fuzzy_in"]), alt(lex["fuzzy_of"])
        counted = rf"the{SP}(?:first|last){SP}{p.number_word}{SP}(?:days|weeks|months){SP}of"
        # "early October", "mid-1940", "later in 1792", "the end of the", "the first two weeks of"
        self.fuzzy = (rf"(?:(?:very{SP})?{fw}(?:{DASH}|{SP})|mid|{fin}{SP}|"
                      rf"(?:{fof}|{counted}|the{SP}very{SP}(?:beginning|start|end){SP}of){SP}(?:the{SP})?|"
                      rf"the{SP}{fw}{SP})")
        self.numbers = rf"(?:{p.number}(?:{SP}and{SP}(?:a{SP})?half)?|half{SP}an?)"
        self.rules: list[tuple[str, re.Pattern[str]]] = []
        self._dates()
        self._years()
        self._relative()
        self._amounts()
        self._references()
        self.ranges = self._ranges()
        self.count_nouns = set(lex["count_nouns"])
        self.number_prefixes = set(lex["number_prefixes"])
        self.unit_blockers = set(lex["unit_blockers"])
        self.prepositions = set(lex["date_prepositions"])
        self.determiners = set(lex["determiners"])
        self.name_particles = set(lex["name_particles"])
        self.months = set(lex["months"])
        self.era = re.compile(p.era)
        self.bc_text = re.compile(rf"[0-9]{{2,4}}{OSP}(?-i:B\.?[ ]?C)")
        self.year3 = re.compile(r"(?<![\w$£€,.])(?:[1-9][0-9]{2})(?![\w]|[,.][0-9])")
        self._gates()
        self.time_word = re.compile(rf"{p.month}|{p.weekday_full}|{p.season}|{p.unit}|{p.part}|{p.year4}|"
                                    rf"{p.clock}", re.IGNORECASE)

    def _gates(self) -> None:
        """Cheap tests that a paragraph can hold a match of the costly rules at all.

        Each gate is a piece that every match of its rules contains (a month name, a unit of
        time, a season ...), so a paragraph without it skips those rules; the result is the same,
        and most paragraphs of news text skip most rules. Rules without a gate always run.
        """
        p, lex = self.p, self.lex
        gates = {
            "month": p.month,
            "season": p.season,
            "year": p.year,
            "decade": r"[0-9]0s",
            "century": r"centur",
            "unit": p.unit,
            "set": rf"every|each|{alt(lex['set_words'])}|{p.unit}",
            "rel_unit": r"year|month|week|decade|centur",
            "quarter": r"quarter|fiscal|(?-i:FY|Q[1-4]|H[12])",
            "part": p.part,
            "clock": rf"[0-9]|{p.clock_words}",
        }
        self.gates = {key: re.compile(rx, re.IGNORECASE) for key, rx in gates.items()}
        self.gate_of = {
            "date": "month", "month_year": "month", "month_rel": "month", "month": "month",
            "range_dm": "month", "range_md": "month", "range_month": "month",
            "season": "season", "season_bare": "season", "year": "year", "decade": "decade",
            "century": "century", "quarter": "quarter", "year_rel": "rel_unit", "fuzzy_rel": "rel_unit",
            "offset": "unit", "duration": "unit", "duration_vague": "unit", "duration_adj": "unit",
            "duration_part": "unit", "duration_next": "unit", "set": "set", "part": "part",
            "clock": "clock",
        }

    def open_rules(self, text: str) -> tuple[list[tuple[str, re.Pattern[str]]], list[tuple[str, re.Pattern[str]]]]:
        """The rules and range rules worth running on ``text`` (those whose gate it passes)."""
        passed: dict[str, bool] = {}

        def open_(name: str) -> bool:
            key = self.gate_of.get(name)
            if key is None:
                return True
            if key not in passed:
                passed[key] = self.gates[key].search(text) is not None
            return passed[key]

        return ([r for r in self.rules if open_(r[0])], [r for r in self.ranges if open_(r[0])])

    def add(self, name: str, pattern: str) -> None:
        """Add a rule; every rule starts and ends at a word boundary ("the following day" is not
        read out of "the following days", nor "May" out of "Mayor")."""
        self.rules.append((name, re.compile(rf"(?<![\w])(?:{pattern})(?![\w])", re.IGNORECASE)))

    def _dates(self) -> None:
        """Calendar days and months: '8 February', 'February 8, 2024', 'Feb. 8', 'March 1940', 'April'."""
        p, the, fuzzy, rel_year = self.p, self.the, self.fuzzy, self.rel_year
        dmy = rf"{the}?{p.day}(?:{SP}of)?{SP}{p.month}(?:,?{SP}{p.year})?"
        mdy = rf"{p.month}{SP}{p.day}(?:(?:,{OSP}|{SP}|{SP}of{SP}){p.year})?"
        of_rel = rf"(?:{p.month}(?:{SP}{p.day})?|{the}?{p.day}{SP}(?:of{SP})?{p.month}){SP}of{SP}{rel_year}"
        self.day_date = day_date = rf"(?:{of_rel}|{dmy}|{mdy})"
        weekday = rf"(?:{p.weekday},?{SP}(?:{the})?)"
        part = rf"(?:(?:(?:very{SP})?(?:early|late){SP}(?:(?:in|on){SP})?)?(?:on{SP})?(?:the{SP})?" \
               rf"(?:(?:early|late){SP})?(?:{p.part})(?:{SP}hours)?{SP}of{SP})"
        self.add("date", rf"(?:{fuzzy})?(?:{part}|{weekday})?{day_date}"
                         rf"(?:{SP}(?:in{SP}the{SP})?(?:{p.part}))?")
        self.add("date_iso", r"[12][0-9]{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
                             r"(?:T[0-2][0-9]:[0-5][0-9])?(?![\w-])")
        self.add("date_num", r"(?:0?[1-9]|[12][0-9]|3[01])[/.](?:0?[1-9]|[12][0-9]|3[01])[/.][12][0-9]{3}"
                             r"(?![\w/.]\d)")
        self.add("month_year", rf"(?:{fuzzy})?{p.month}(?:,?{SP}|{SP}of{SP}){p.year}")
        self.add("month_rel", rf"(?:{fuzzy})?{p.month}{SP}of{SP}{rel_year}")
        self.add("month", rf"(?:{fuzzy})?(?:{the}(?:previous|following|next|preceding|same){SP})?"
                          rf"{p.month_full}")
        self.add("month_abbr", r"(?-i:Sept?\.|Oct\.|Nov\.|Dec\.|Jan\.|Feb\.|Aug\.|Apr\.)")
        holidays = alt(self.lex["holidays"], cased=True)
        self.add("holiday", rf"{holidays}(?:{SP}(?:Day|Eve|night|Sunday|Monday))?(?:{SP}{p.year})?")
        self.add("ordinal_day", rf"{the}(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)"
                                rf"(?:{SP}of{SP}(?:that|this|the{SP}same){SP}month)?")

    def _years(self) -> None:
        """Years, seasons, decades, centuries and quarters: '1939', '490 BC', 'summer 1944', 'the 1990s'."""
        p, the, fuzzy, rel_year = self.p, self.the, self.fuzzy, self.rel_year
        season, early = p.season, rf"(?:(?:early|late|mid){DASH}?{OSP})"
        self.add("season", rf"(?:{fuzzy})?(?:{the}?{early}?{season}(?:{SP}of)?{SP}{p.year}|"
                           rf"{p.year}{SP}{season}|{the}?{early}?{season}{SP}of{SP}(?:{rel_year}|{the}?{p.year})|"
                           rf"(?:(?:the{SP})?(?:next|following|previous|preceding|same|coming|past)|"
                           rf"last|next|this|that){SP}{season})")
        self.add("season_bare", rf"(?:{fuzzy}|(?:the{SP})?{early}|the{SP})?{season}")
        self.add("year", rf"(?:{fuzzy}|the{SP}years?{SP}|{alt(self.lex['approximators'])}{OSP})?{p.year}")
        self.add("decade", rf"(?:{fuzzy})?{the}?{early}?(?:[0-9]{{2,3}}0s|'[0-9]0s|(?<![\w])[0-9]0s)"
                           rf"(?:{SP}{p.era})?")
        self.add("century", rf"(?:{fuzzy})?{the}?{early}?(?:{p.ordinal_num}|{p.ordinal_word})(?:{DASH}|{SP})"
                            rf"centur(?:y|ies)(?:{SP}{p.era})?")
        quarter = alt(self.lex["quarters"])
        self.add("quarter", rf"{the}?{quarter}{SP}quarter(?:{SP}of{SP}(?:{p.year}|{rel_year}))?|"
                            rf"(?-i:Q[1-4]|H[12]){OSP}{p.year}|(?-i:Q[1-4])|"
                            rf"(?:fiscal|(?-i:FY)){OSP}(?:year{SP})?(?:{p.year}|[0-9]{{2}})")

    def _relative(self) -> None:
        """Expressions relative to now or to the story: 'last month', 'the next day', 'Wednesday night'."""
        p, the, fuzzy, rel_year = self.p, self.the, self.fuzzy, self.rel_year
        unit = r"(?:day|night|morning|afternoon|evening|week|weekend|month|year|decade|century|quarter)"
        target = rf"(?:{unit}|{p.month_full}|{p.weekday_full}|{p.season})"
        self.add("year_rel", rf"(?:{fuzzy})?(?:{rel_year}|{the}(?:next|following|previous|preceding|same){SP}"
                             rf"(?:month|decade|century|week))")
        self.add("fuzzy_rel", rf"{fuzzy}(?:the|that|this){SP}(?:same{SP})?(?:year|month|week|decade|century)")
        self.add("later_that", rf"(?:later|earlier)(?:{SP}on)?{SP}"
                               rf"(?:(?:that|this|the{SP}same){SP}|in{SP}the{SP})"
                               rf"(?:day|night|morning|afternoon|evening|week|month|year|{p.season})")
        self.add("early_next", rf"(?:early|late){SP}(?:the{SP})?(?:next|following){SP}"
                               rf"(?:day|morning|year|month|week)")
        self.add("rel_the", rf"(?:(?:early|late){SP})?(?:{the}(?:very{SP})?"
                            rf"(?:next|following|previous|preceding|subsequent|prior|same)|"
                            rf"(?:that|this)(?:{SP}(?:same|very))?){SP}{target}")
        self.add("rel_deictic", rf"(?:the{SP}|this{SP}(?=past))?(?:last|next|this|past|coming){SP}{target}"
                                rf"(?:{SP}(?:{p.part}))?")
        self.add("rel_day_after", rf"{the}(?:day|night|morning|evening|week|month|year){SP}"
                                  rf"(?:before|after|following|prior)(?![\w])"
                                  rf"(?!{SP}(?:the|a|an|his|her|its|their)(?![\w]))")
        words = rf"(?:yesterday|today|tomorrow|tonight|overnight|the{SP}day{SP}(?:before{SP}yesterday|" \
                rf"after{SP}tomorrow))"
        self.add("rel_words", rf"(?:(?:early|late){SP})?{words}(?:{SP}(?:{p.part}))?")
        self.add("weekday", rf"(?:(?:on|last|next|this|coming|past|early|late){SP})?{p.weekday_full}"
                            rf"(?:{SP}(?:{p.part}))?")
        self.add("weekday_plural", r"(?:on[ \t]+)?(?-i:Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|"
                                   r"Saturdays|Sundays)")
        self.add("part", rf"(?:(?:early|late){SP}(?:in{SP})?)?(?:(?:the|that|this|one|each){SP})?"
                         rf"(?:(?:early|late){SP})?(?:{p.part})s?")
        self.add("clock", rf"(?:(?:at|around|about|by|until|before|after|from){SP})?"
                          rf"(?:{p.clock}|{p.clock_words})(?:{SP}{p.timezone})?")

    def _amounts(self) -> None:
        """Amounts of time: 'three years', 'two days later', 'ten-day', 'every Friday', 'daily'."""
        p, the, numbers, lex = self.p, self.the, self.numbers, self.lex
        # "two bloody weeks", "ten brutal months": one describing word may sit between
        not_describing = alt(list(lex["count_nouns"]) + list(lex["number_words"]) + list(lex["vague_numbers"])
                             + ["and", "or", "of", "the", "per", "few", "couple", "more", "than", "other"])
        describe = rf"(?:(?!{not_describing}(?![\w]))[a-z]{{3,}}{SP})"
        core = (rf"(?:{numbers}(?:{DASH}|{SP}){describe}?{p.unit}(?:{SP}and{SP}an?{SP}half)?|"
                rf"an?{SP}{p.unit_one}{SP}and{SP}an?{SP}half)")
        offset = r"(?:ago|later|earlier|afterwards?|after|before|previously|prior|hence|since|on)"
        self.add("offset", rf"(?:{p.qmod}{SP})?(?:{core}|{p.unit_many}){SP}{offset}")
        self.add("duration_next", rf"{the}(?:next|past|last|previous|following|coming|first|final|remaining|"
                                  rf"subsequent|preceding){SP}(?:{numbers}){SP}{p.unit_many}")
        self.add("duration", rf"(?:{p.qmod}{SP})?{core}")
        self.add("duration_vague", rf"(?:{the}(?:following|succeeding|coming|next|past|previous|preceding|"
                                   rf"intervening|last|first|early|final|remaining){SP})?{p.unit_many}")
        self.add("duration_part", rf"the{SP}(?:first|last|final|opening|closing){SP}(?:{numbers}{SP})?"
                                  rf"(?:hours?|weeks?|months?|years?){SP}of{SP}"
                                  rf"(?:(?:the|his|her|its|their|a){SP})?[\w'-]+")
        self.add("duration_adj", rf"(?:{numbers}(?:{DASH}|{SP}))?{p.unit_one}{DASH}(?:long|old)|"
                                 rf"{numbers}{DASH}{p.unit_one}(?![\w-])|"
                                 rf"(?:[0-9]{{1,3}}|{p.number_word}){SP}years?{SP}(?:old|of{SP}age)|"
                                 rf"{p.unit_many}{DASH}long")
        self.add("set", rf"(?:every|each)(?:{SP}(?:other|single))?{SP}(?:{p.unit_one}|{p.weekday_full}|"
                        rf"{p.month_full}|{p.part}|{p.season})|{alt(lex['set_words'])}|"
                        rf"(?:once|twice|thrice|{p.number}{SP}times){SP}(?:a|an|per|every|each){SP}"
                        rf"{p.unit_one}|"
                        rf"(?:per|a){SP}(?:day|week|month|year)|every{SP}(?:{numbers}){SP}{p.unit_many}")

    def _references(self) -> None:
        """'now', 'currently', 'former', 'the future': PRESENT_REF, PAST_REF, FUTURE_REF."""
        lex = self.lex
        present = [w for w in lex["present_ref"] if w not in ("current", "the present", "to date", "so far")]
        present += ["at present", "to the present", "until the present", "till the present",
                    "up to the present"]
        self.add("present", rf"{alt(present)}(?![\w-]*\w)")
        self.add("now", r"now")
        self.add("past_ref", alt(lex["past_ref"]))
        self.add("future_ref", alt(lex["future_ref"]))
        self.add("current", r"current")

    def _ranges(self) -> list[tuple[str, re.Pattern[str]]]:
        """Ranges whose ends are each an expression: '6-7 January 1916', 'May 4 and 5', '1915-17'."""
        p = self.p
        joiner = rf"(?:{OSP}{DASH}{OSP}|{SP}(?:and|or|to|through|till|until){SP}|/)"
        rules = [
            ("range_dm", rf"(?P<a>{p.day}){joiner}(?P<b>{p.day}(?:{SP}of)?{SP}{p.month}(?:,?{SP}{p.year})?)"),
            ("range_md", rf"(?P<a>{p.month}{SP}{p.day}){joiner}(?P<b>{p.day})"
                         rf"(?!{OSP}(?:{DASH}|:|[0-9])|{SP}{p.month})(?:,?{SP}(?P<c>{p.year4}))?"),
            ("range_month", rf"(?P<a>{p.month_full}){joiner}(?P<b>{p.month_full}(?:,?{SP}{p.year})?)"
                            r"(?![\w])"),
            ("range_era", rf"(?<![$£€,.])(?P<a>[0-9]{{1,4}}){joiner}(?P<b>[0-9]{{1,4}}{OSP}{p.era})"),
            ("range_year", rf"(?<![$£€,.])(?P<a>1[0-9]{{3}}|20[0-9]{{2}}){OSP}(?:{DASH}|/){OSP}"
                           rf"(?P<b>[0-9]{{2}})(?![\w]|[,.][0-9])"),
        ]
        return [(name, re.compile(rf"(?<![\w]){rx}", re.IGNORECASE)) for name, rx in rules]


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """Return the compiled grammar (built once)."""
    return Grammar()
