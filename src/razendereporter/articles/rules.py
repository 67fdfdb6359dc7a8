"""The rule tables of person and role extraction: data, read and extended by people who
know how editors write, not by changing code.

* names: what a Dutch person's name looks like (particles, hyphens, letters beyond
  Latin-1), which capitalised words never are one, and what marks a street, an
  organisation or a place (:data:`STREET_SUFFIXES`, :data:`INSTITUTION_WORDS`,
  :data:`NOUNS_BEFORE_NON_NAMES`); the first names themselves come from a package
  (:mod:`.names`);
* :data:`NOUN_ROLES`: title words that may stand right before a name ("wethouder Henk
  Jansen", "energiecoach Petra de Vries") and the role each gives, if any;
* :data:`INTRODUCTIONS`: how a person enters the text;
* which phrase about a person justifies which role: :mod:`.role_rules`.

:mod:`.names` finds the people, :mod:`.roles` weighs the evidence, :mod:`.people` puts
them together; docs/articles.md lists what the tables cover.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import LOWER, UPPER

# ---------------------------------------------------------------------------------------
# Names

# Latin Extended-A/B letters too: "Ayşe Yıldız", "Łukasz".
_EXTENDED = [chr(c) for c in range(0x100, 0x250)]
_UP = UPPER + "".join(c for c in _EXTENDED if c.isupper())
_LOW = LOWER + "".join(c for c in _EXTENDED if c.islower())
_WORD = f"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
# Longest first. Arabic and Romance particles are written capitalised too ("El Idrissi").
PARTICLES = ("van der", "van den", "van de", "van 't", "van het", "in 't", "op de", "op den", "van", "de", "den",
             "der", "ter", "ten", "te", "El", "el", "Al", "al", "Abu", "Ben", "bin", "da", "di", "du", "dos", "le", "la")
_PARTICLE = "(?:" + "|".join(PARTICLES) + ")"
# A name ends where no further name word follows, so a title's portfolio ("wethouder
# Duurzaamheid Frank van 't Hof") is not taken for a first name.
_NAME_END = f"(?![\\w-])(?! (?:{_PARTICLE} )?[{_UP}])"
# "René", "Arjen Baatje", "Ad de Kort", "Mustafa El Idrissi", "Gert-Jan Hermans"
NAME = f"(?<![\\w'-]){_WORD}(?: (?:{_PARTICLE} )?{_WORD})?{_NAME_END}"
# "Kim en Benjamin", "Kim, Benjamin en René"
NAMES = f"{NAME}(?:(?:, | en | & ){NAME})*"
# First and last name both: "Saskia van den Berg", never a lone "Ervaringen".
FULL_NAME = f"(?<![\\w'-]){_WORD} (?:{_PARTICLE} )?{_WORD}{_NAME_END}"

# Capitalised words that are never a person's name (sentence openers, programme words,
# organisations, a wethouder's portfolio).
NOT_A_NAME = {
    "de", "het", "een", "hij", "zij", "ze", "wij", "we", "zo", "ook", "daar", "hier", "toen",
    "dan", "dit", "dat", "deze", "die", "in", "op", "bij", "met", "na", "voor", "tijdens",
    "daarna", "daarnaast", "vervolgens", "eerst", "later", "nu", "vandaag", "tot", "samen", "als", "maar", "en",
    "of", "want", "sinds", "namens", "volgens",
    "razende", "reporter", "razende reporter", "wijk", "gemeente", "provincie", "verder",
    "energieloket", "woningcorporatie", "woonstichting", "netbeheerder", "coöperatie", "stichting",
    "duurzaamheid", "energietransitie", "warmtetransitie", "wonen", "klimaat", "milieu", "financiën",
    "energie", "ruimte", "economie", "onderwijs", "zorg", "verkeer", "mobiliteit", "toekomst", "senior", "junior",
    "vanuit", "terwijl", "nadat", "omdat", "onze", "alle", "allen", "zowel", "dankzij", "iedere", "elke", "sint",
}

# The programme's own names, and words in them: "Razende Reporter", "Wijk van de Toekomst".
PROGRAMME_NAMES = re.compile(r"\b(?:Razende Reporter|Wijk van de Toekomst)\b", re.I)
PROGRAMME_WORDS = {"razende", "reporter", "toekomst"}

# The last word of a street's name ("Meidoornlaan", "Jan Steenstraat"), unless it is a known surname ("Verlaan").
STREET_SUFFIXES = ("laan", "straat", "weg", "plein", "kade", "gracht", "singel", "dreef", "steeg",
                   "plantsoen", "school", "college")
# A word right after a name that makes it an institution's or a street's ("Johan de Witt College").
INSTITUTION_WORDS = {"college", "lyceum", "school", "basisschool", "academie", "gymnasium", "stichting", "fonds",
                     "instituut", "centrum", "kerk", "museum", "huis", "straat", "laan", "weg", "plein", "park",
                     "prijs", "bv", "b.v.", "nv", "groep", "vereniging"}
# A word right before a capitalised word that makes it an organisation or a place:
# "netbeheerder Liander", "gemeente Ede", "de wijk Zilverkamp", "Woonstichting De Kernen".
NOUNS_BEFORE_NON_NAMES = {
    "gemeente", "provincie", "wijk", "buurt", "dorp", "stad", "regio", "woningcorporatie", "corporatie",
    "woonstichting", "netbeheerder", "coöperatie", "energiecoöperatie", "stichting", "klimaatstichting",
    "vereniging", "wijkvereniging", "bewonersvereniging", "bedrijf", "bouwbedrijf", "installatiebedrijf",
    "energieloket", "project", "programma", "organisatie", "platform", "school", "basisschool", "huize", "sint",
    "familie", "gezin", "dorpshuis", "buurthuis", "wijkcentrum", "café",
}
# The first word of a run that makes it a building's name, unless a known first name or surname: "Dorpshuis De Ploeg".
BUILDING_SUFFIXES = ("huis", "centrum", "kerk", "zaal", "hoeve", "boerderij", "school")
# Words before a lone first name that make it a place: "in Lent", "uit Ede", "naar Hengelo".
PLACE_PREPOSITIONS = {"in", "uit", "naar", "te", "richting", "nabij", "rond", "rondom"}
# An article right before a capitalised word makes it a thing, not a person: "de Jan Steenstraat".
ARTICLES = {"de", "het", "een"}

# ---------------------------------------------------------------------------------------
# Title words before a name

# A title right before a name ("bewoonster Marjolijn", "Wethouder Henk Jansen") gives the
# role at once and wins over the rest of the sentence; None: the title says only that
# this is a person, the role rules decide the role.
NOUN_ROLES = {
    "bewoner": "bewoner", "bewoonster": "bewoner", "bewoners": "bewoner", "buurtbewoner": "bewoner",
    "buurtbewoonster": "bewoner", "wijkbewoner": "bewoner", "wijkbewoonster": "bewoner",
    "buurvrouw": "bewoner", "buurman": "bewoner", "huurder": "bewoner", "huiseigenaar": "bewoner",
    "buren": "bewoner", "buurvrouwen": "bewoner", "buurmannen": "bewoner", "buurtgenoot": "bewoner", "buurtgenoten": "bewoner", "wijkgenoot": "bewoner",
    "wijkgenoten": "bewoner", "dorpsgenoot": "bewoner", "dorpsgenoten": "bewoner", "omwonende": "bewoner",
    "omwonenden": "bewoner", "bewonersvertegenwoordiger": "bewoner", "huurdersvertegenwoordiger": "bewoner",
    "ambtenaar": "ambtenaar", "gemeenteambtenaar": "ambtenaar", "ambtenaren": "ambtenaar",
    "gemeenteambtenaren": "ambtenaar",
    "energieadviseur": "energieadviseur", "energiecoach": "energieadviseur",
    "energieadviseurs": "energieadviseur", "energiecoaches": "energieadviseur",
    "wethouder": "overig", "burgemeester": "overig", "gedeputeerde": "overig", "raadslid": "overig",
    "gemeenteraadslid": "overig", "statenlid": "overig", "raadsleden": "overig", "wethouders": "overig",
    "gemeentemedewerker": "ambtenaar", "stadsdeelmedewerker": "ambtenaar", "provinciemedewerker": "ambtenaar",
    "verslaggever": "verslaggever", "verslaggeefster": "verslaggever", "reporter": "verslaggever",
    "journalist": "verslaggever", "journaliste": "verslaggever",
    "verslaggevers": "verslaggever", "reporters": "verslaggever",
    "bewoonsters": "bewoner", "buurtbewoners": "bewoner", "wijkbewoners": "bewoner", "huurders": "bewoner",
    # trades and crafts: neither residents nor officials
    "installateur": "overig", "aannemer": "overig", "dakdekker": "overig", "timmerman": "overig",
    "loodgieter": "overig", "schilder": "overig", "elektricien": "overig", "stukadoor": "overig",
    "metselaar": "overig", "klusjesman": "overig", "monteur": "overig", "vakman": "overig", "hovenier": "overig",
    "glazenmaker": "overig", "isolatiespecialist": "overig", "installateurs": "overig",
    "projectleider": None, "programmamanager": None, "beleidsmedewerker": None, "beleidsadviseur": None,
    "wijkregisseur": None, "initiatiefnemer": None, "voorzitter": None, "vrijwilliger": None,
    "vrijwilligers": None, "adviseur": None, "medewerker": None, "coördinator": None, "projectcoördinator": None,
    "secretaris": None, "penningmeester": None, "bestuurslid": None, "collega": None,
    # relatives: a person, the role from the rest of the sentence ("zijn vrouw Anneke")
    "vrouw": None, "man": None, "partner": None, "echtgenote": None, "echtgenoot": None, "zoon": None,
    "dochter": None, "moeder": None, "vader": None, "zus": None, "broer": None,
}
# Plural titles before names: the title is everyone's ("vrijwilligers Gerard Bosman, Wilma Stam en ..."),
# and two names share the surname ("de bewoners Jan en Mieke Schipper").
PLURAL_NOUNS = {"bewoners", "energieadviseurs", "energiecoaches", "verslaggevers", "reporters", "bewoonsters",
                "buurtbewoners", "wijkbewoners", "huurders", "vrijwilligers", "installateurs", "buren", "buurtgenoten",
                "buurvrouwen", "buurmannen",
                "wijkgenoten", "dorpsgenoten", "ambtenaren", "gemeenteambtenaren", "omwonenden"}
TRADES = ("installateur|aannemer|dakdekker|timmerman|loodgieter|schilder|elektricien|stukadoor|metselaar"
          "|klusjesman|monteur|vakman|hovenier|glazenmaker|isolatiespecialist")

# Job words that, right after "NAME, ", make an apposition ("Roel Schouten, wijkregisseur bij ...").
_JOB = (r"[\w-]*(?:adviseur|medewerker|ondersteuner|leider|manager|coördinator|regisseur|secretaris|voorzitter"
        r"|penningmeester|coach|bewoner|bewoonster|omwonende|huurder|huurster|eigenaar|eigenaresse|wethouder|burgemeester"
        r"|ambtenaar|vrijwilliger|initiatiefnemer|verslaggever|journalist)s?")
# Verbs (and a few words) that may follow a name at the start of a sentence: "Chloë Vermeulen kocht ...".
_AFTER_NAME = r"is|was|zijn|waren|werkt|werkte|werken|woont|woonde|wonen|kocht|kochten|zit|zat|heeft|had|en"
# ... and after a full name only, as "Ervaringen van een bewoner" is a heading, not a person.
_AFTER_FULL_NAME = r"van|bij|uit"
# A caption's lead: "[Foto] ", "Op de foto: ", "Interview: ".
_CAPTION = r"(?:\[[^\]]{1,20}\] |(?:[Oo]p de )?[Ff]oto: |[Ii]nterview: )"
_AGE = r"(?: \(\d{1,3}\))?"

_MET = r"(?:trof|troffen|treffen|treft|ontmoette|ontmoetten|ontmoeten|sprak|spraken|spreken|spreekt)"
_WHO = r"(?:hij|zij|ze|we|wij)"
PERSON_NOUNS = r"mevrouw|meneer|man|vrouw|jongen|meisje|buurvrouw|buurman|dame|heer|bewoonster|bewoner"


@dataclass(frozen=True)
class Introduction:
    """A pattern that introduces people into the text.

    ``name``/``names`` groups capture named people, ``who`` (+ optional ``where``) an
    unnamed one, ``noun`` a title word of :data:`NOUN_ROLES`. ``role`` fixes the role
    outright (the reporters); a ``weak`` pattern ("René is ...") only counts when the same
    sentence also matches a role rule, so "Zilverkamp is een wijk" never becomes a person.
    """

    pattern: str
    role: str | None = None
    weak: bool = False
    example: str = ""

    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern.replace("{NAMES}", f"(?P<names>{NAMES})").replace("{NAME}", f"(?P<name>{NAME})"))


_TITLE = r"(?<![\w-])(?P<noun>(?i:" + "|".join(sorted(NOUN_ROLES, key=len, reverse=True)) + r")),?"

INTRODUCTIONS: tuple[Introduction, ...] = (
    Introduction(r"\b(?:kwamen|kwam|gingen|ging|gaan|gaat) {NAMES}\b[^.]*?\bin gesprek met", role="verslaggever",
                 example="Zo kwamen Kim en Benjamin allereerst in gesprek met Arjen Baatje."),
    Introduction(r"^{NAMES} (?:kwamen|kwam|gingen|ging|gaan|gaat)\b[^.]*?\bin gesprek met", role="verslaggever",
                 example="Kim en Benjamin gingen in gesprek met ..."),
    Introduction(_TITLE + r" (?:[" + _UP + r"][\w-]+ )*?{NAMES}",
                 example="Wethouder Duurzaamheid Frank van 't Hof / trof hij de kleurrijke bewoonster Marjolijn"),
    Introduction(r"\bin gesprek met {NAME}", example="in gesprek met Arjen Baatje"),
    Introduction(r"\b" + _MET + r" " + _WHO + r" (?:\w+ ){0,2}?(?:met )?{NAME}",
                 example="Ook spraken we Ad de Kort / spreken we nog met Hans Janssen"),
    Introduction(r"\b(?:persoon|gast) die " + _WHO + r" (?:\w+ ){0,2}?" + _MET + r" is {NAME}",
                 example="De eerste persoon die we daar treffen is Yvette Detiger."),
    Introduction(r"(?P<where>\b(?:[Oo]p|[Ii]n|[Bb]ij|[Aa]an) de \w+)\b[^.]*?\b" + _MET + r" " + _WHO
                 + r" een (?P<who>" + PERSON_NOUNS + r")\b",
                 example="Op de markt in Ermelo troffen we een mevrouw die ..."),
    Introduction(r"\b" + _MET + r" " + _WHO + r" een (?P<who>" + PERSON_NOUNS
                 + r")\b(?: (?P<where>(?:op|in|bij|aan) de \w+))?",
                 example="We spraken een meneer bij de bakker."),
    Introduction(r"\b(?:vertelt|vertelde|zegt|zei|aldus|heet|heette) {NAME}",
                 example="'...,' vertelt Dirk Visser / Hij heet Gert-Jan Hermans"),
    Introduction(r"\b(?:schoof|schoven|schuift|schuiven) {NAMES} aan\b", example="Daarna schoof Annelies Kramer aan."),
    Introduction(r"{NAME}" + _AGE + r", die\b", example="Mustafa El Idrissi, die in de Vogelbuurt woont"),
    Introduction(r"{NAME}" + _AGE + r", (?:(?:de|het|een|ook|voormalig|[\w-]+e) )?" + _JOB + r"\b",
                 example="Truus Mulder, bewoonster van het eerste uur / Arjan de Jong (44), eigenaar van ..."),
    Introduction(r"{NAME} \((?:\d{1,3}|[" + _LOW + r"][^)]*)\)", weak=True,
                 example="Johan Dekker (gemeente Ede) / Ilse Brink (bewoner)"),
    Introduction(r"\b(?:is|was|woont|woonde|werkt|werkte) {NAME}", weak=True,
                 example="Sinds vorig jaar is Joost de Wit energiecoach / In de Rivierenwijk woont Gerda Bos"),
    Introduction(r"\b(?:door|[Vv]olgens|[Nn]amens|[Mm]et dank aan) {NAME}", weak=True,
                 example="Het energieloket wordt gerund door Bas Kuipers, ... / Volgens Rob Hendriks van netbeheerder ..."),
    Introduction(r"^" + _CAPTION + r"?(?:Ook |En )?{NAMES}" + _AGE + r"(?:,| (?:" + _AFTER_NAME + r")\b)", weak=True,
                 example="Stefan Ramaker, beleidsadviseur ... / René is bewoner ... / Fatima El Amrani woont ..."),
    Introduction(r"^" + _CAPTION + r"?(?:Ook |En )?(?P<name>" + FULL_NAME + r")" + _AGE + r" (?:" + _AFTER_FULL_NAME
                 + r")\b", weak=True, example="[Foto] Olga Timmer bij ... / Saskia van den Berg van de gemeente Arnhem"),
)
