"""The role tables: which phrase about a person justifies which role.

* :data:`ROLE_RULES`: a phrase in the sentences about a person and the role it gives
  ("woont sinds 1985 in de Bloemenbuurt" -> bewoner);
* :data:`ORGANISATION_ROLES`: the organisation named before a person who represents it.

Data, like :mod:`.rules` (the name and title tables); :mod:`.roles` weighs what they find;
docs/articles.md lists what they cover.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import _LOW, _UP, TRADES


@dataclass(frozen=True)
class RoleRule:
    """``pattern`` found in a sentence about a person gives them ``role``.

    The ``label`` group (or the fixed ``label``) becomes ``role_label``: the function as
    the article words it ("beleidsadviseur Wonen & Duurzaamheid bij gemeente Ermelo").
    """

    role: str
    pattern: str
    label: str | None = None
    example: str = ""
    not_place: bool = False  # the label is a place's name ("Jan Smit (Ermelo)"), not an organisation's: no role

    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern)


_GEMEENTE = r"[Gg]emeente [A-Z][\w-]*"
_OVERHEID = r"(?:[Gg]emeente|[Pp]rovincie) [A-Z][\w-]*"
_ORGANISATION = r"(?:energie)?coöperatie|woningcorporatie|woonstichting|netbeheerder"
_REPRESENTED = r"(?:vertegenwoordigd door|in de persoon van)"
_HOME = r"(?:huis|woning|appartement|flat)"
# A home, not a public building: "rijtjeshuis", "tussenwoning", not "buurthuis" or "stadhuis".
_OWN_HOME = r"(?!buurt|wijk|gemeente|stad|zieken|dorps|club|raad|provincie)[\w-]*(?:huis|woning)"
_HOME_PARTS = r"meterkast|zolder|kruipruimte|cv-ketel|kelder|badkamer|woonkamer|spouwmuur|spouwmuren|warmtepomp"
_HOME_INSTALLATION = r"(?:warmtepomp|zonnepanelen|zonneboiler|thuisbatterij|laadpaal)"
# The advice desks: "het Energieloket", "het Duurzaam Bouwloket", "het Duurzaamheidsloket".
_LOKET = r"(?:[Ee]nergie|[Dd]uurzaamheids|(?:[Dd]uurzaam )?[Bb]ouw)loket"
_GROUP_OF_RESIDENTS = (r"(?:bewoners|huiseigenaren|huurders|mensen|buren|buurtgenoten|wijkgenoten|inwoners|particulieren"
                       r"|huishoudens|ouderen)")
_ENERGY_TOPIC = (r"(?:isol\w*|energie\w*|warmte\w*|zonnepane\w*|verduurzam\w*|subsidie\w*|\w*besparing|ventilatie"
                 r"|spouw\w*|kozijn\w*|glas|aardgasvrij\w*|duurzaam\w*)")

ROLE_RULES: tuple[RoleRule, ...] = (
    # energieadviseur: hired or working as energy adviser, or at the energieloket
    RoleRule("energieadviseur", r"(?P<label>(?:door (?:de )?" + _GEMEENTE + r" )?ingehuurd als energie(?:adviseur|coach))",
             example="door gemeente Ermelo ingehuurd als energieadviseur"),
    RoleRule("energieadviseur", r"\b(?:is|als|werkt als) (?:\w+ )?(?P<label>energie(?:adviseur|coach))\b",
             example="Hij is energiecoach"),
    RoleRule("energieadviseur", r"\b(?P<label>" + _LOKET + r"(?: [A-Z][\w-]*)?)",
             example="door zijn jaren bij Energieloket Lingewaard / een van de vrijwilligers van het energieloket / "
             "adviseur bij het Duurzaam Bouwloket"),
    RoleRule("energieadviseur", r"\b(?P<label>(?:[Ee]nergie|[Ww]oon|[Dd]uurzaamheids|[Kk]limaat)coach(?:es)?|[Ee]nergie(?:adviseurs?"
             r"|team|ambassadeurs?))\b", example="Energiecoaches zoals Bram Hofman / Het energieteam van de wijk / Als "
             "wooncoach helpt"),
    # a bare "adviseur", not one of the gemeente or another organisation: in a visit, the energy adviser
    RoleRule("energieadviseur", r"^(?!.*\b(?:[Gg]emeente|[Pp]rovincie|\w*corporatie|[Ww]oonstichting|[Nn]etbeheerder|\w*coöperatie)"
             r"\b).*?(?<![\w-])(?P<label>[Aa]dviseurs?)\b(?!(?: [\w&-]+){0,3}? (?:bij|van|voor) (?:de |het )?[A-Z](?!nergieloket))",
             example="benadrukt adviseur Karel Brouwer / Rob Aarts, adviseur"),
    RoleRule("energieadviseur", r"\b(?P<label>energie(?:adviseurs?|coach(?:es)?))\b",
             example="Karin ter Horst, energieadviseur / zijn vrijwillige energiecoaches in Lent"),
    # ... or advising as a verb, on what an energy adviser advises on
    RoleRule("energieadviseur", r"\b(?P<label>advise(?:er|ert|erde|erden|ren))\b(?: [\w-]+){0,7}? (?:over|bij|met|hoe|wat"
             r"|welke) (?:[\w-]+ ){0,4}?" + _ENERGY_TOPIC,
             example="adviseert bewoners over isolatie en warmtepompen / adviseerde hoe ze het beste konden isoleren"),
    RoleRule("energieadviseur", r"\b(?P<label>advise(?:er|ert|erde|erden|ren)) (?:[\w-]+ ){0,2}?(?:bewoners|huiseigenaren"
             r"|huurders|buurtgenoten|wijkgenoten|inwoners|particulieren|mensen|buren)\b",
             example="zij adviseert bewoners namens de energiecoöperatie / 'Ik adviseer mensen altijd eerst te isoleren'"),
    # helping residents with what an energy adviser helps with
    RoleRule("energieadviseur", r"\b(?P<label>help(?:t|en|te|ten))\b(?: [\w-]+){0,3}? " + _GROUP_OF_RESIDENTS
             + r" (?:bij|met) (?:het |de |hun )?(?:[\w-]+ ){0,3}?(?:aanvra\w*|\w*subsidie\w*|\w*lening\w*|energie\w*"
             r"|\w*besparing|verduurzam\w*)", example="helpt als vrijwilliger huurders bij het aanvragen van energiesubsidie"),
    RoleRule("energieadviseur", r"\b(?:met|biedt|bieden) (?:gratis |persoonlijk |onafhankelijk |hun |de )?(?P<label>advies"
             r"|vragen) (?:over|bij|op|voor) (?:[\w-]+ ){0,3}?" + _ENERGY_TOPIC,
             example="helpt zijn buren met advies over warmtepompen / helpt bewoners met hun vragen over isoleren"),
    RoleRule("energieadviseur", r"\b(?P<label>(?:inloop|advies|energie)?spreekuur) (?:[\w-]+ ){0,4}?(?:over|voor) "
             r"(?:[\w-]+ ){0,2}?" + _ENERGY_TOPIC, example="geeft Frits spreekuur over energiebesparing / houdt spreekuur "
             "in de bibliotheek voor vragen over subsidies"),
    # a heading that is the role: "## De adviseur"
    RoleRule("energieadviseur", r"^(?:De |Het |Onze )?(?P<label>[Aa]dviseurs?)$", example="De adviseur"),
    RoleRule("energieadviseur", r"\b(?P<label>denk(?:t|en)? (?:met (?:[\w-]+ ){0,2}?)?(?:bewoners|huiseigenaren|huurders"
             r"|mensen|buurtgenoten) mee)\b", example="denkt met bewoners mee over hoe ze hun huis kunnen verduurzamen"),
    RoleRule("energieadviseur", r"\b(?:geef|geeft|gaf|geven|gaven|voer|voert|voerde|voeren|houd|houdt|hield|doe|doet|deed|doen"
             r"|maak|maakt|maakte|maken|schrijft|schreef)\b"
             r"(?: [\w-]+){0,8}? (?P<label>(?:energie|woning|isolatie|maatwerk|verduurzamings)advies|(?:workshops?|voorlichting"
             r"|cursus(?:sen)?|lezingen?) (?:over|voor|aan) (?:[\w-]+ ){0,3}?" + _ENERGY_TOPIC + r"|adviesgesprek(?:ken)?|advies (?:over|bij|aan) "
             r"(?:[\w-]+ ){0,3}?" + _ENERGY_TOPIC + r"|(?:warmte|energie)scans?|keukentafelgesprekken)",
             example="geeft als vrijwilliger adviesgesprekken / doet warmtescans / geeft advies over isolatie / 'Ik kom bij "
             "mensen thuis en geef advies over isolatie'"),
    RoleRule("energieadviseur", r"\b(?P<label>adviesgesprekken|warmtescans|energiescans|warmtefoto'?s|warmtebeelden)(?!\w)",
             example="die voor het energieloket gratis adviesgesprekken voert / maakt voor bewoners warmtefoto's"),
    # working out, explaining or guiding for residents what an energy adviser does
    RoleRule("energieadviseur", r"\b(?P<label>warmte(?:beeld)?camera|infraroodcamera)\b",
             example="gaat met een warmtecamera langs de huizen"),
    RoleRule("energieadviseur", r"\b(?P<label>(?:be)?rek(?:ent|enen|ende|enden)|leg(?:t|gen|de|den)|bespr(?:eekt|eken|ak|aken)"
             r"|zoek(?:t|en)|vertel(?:t|len|de|den))\b (?:[\w-]+ ){0,2}?(?:voor |met |aan )?(?:de )?" + _GROUP_OF_RESIDENTS + r"\b[^.]{0,60}?"
             + _ENERGY_TOPIC, example="rekent voor bewoners uit wat isolatie hun oplevert"),
    RoleRule("energieadviseur", r"\b(?P<label>begeleid(?:t|en|de|den))\b (?:[\w-]+ ){0,2}?" + _GROUP_OF_RESIDENTS + r"\b",
             example="begeleidt huiseigenaren van offerte tot oplevering"),
    RoleRule("energieadviseur", r"\b(?P<label>bezoek(?:t|en)|bezocht(?:en)?)\b (?:[\w-]+ ){0,2}?" + _GROUP_OF_RESIDENTS + r"\b",
             example="bezoekt Lotte Bakker huishoudens met een hoge energierekening"),
    RoleRule("energieadviseur", r"\b(?P<label>help(?:t|en|te|ten))\b(?: [\w-]+){0,8}? (?:energie|gas|stroom)\w* (?:te )?"
             r"(?:besparen|verduurzamen)\b", example="om ze te helpen energie te besparen"),
    RoleRule("energieadviseur", r"\b(?P<label>help(?:t|en|te|ten))\b(?: [\w-]+){0,3}? " + _GROUP_OF_RESIDENTS + r" (?:bij het )?"
             r"(?:kiezen|beslissen|keuzes? maken)\b[^.]{0,60}?(?:" + _ENERGY_TOPIC + r"|" + _HOME_INSTALLATION + r")",
             example="helpt buurtgenoten kiezen tussen een hybride en een volledig elektrische warmtepomp"),
    # verslaggever: the programme's reporter named in apposition, or the job said of them
    RoleRule("verslaggever", r"\b(?P<label>Razende Reporter), (?:(?:dit|deze) keer |ditmaal |vandaag |namelijk )?[A-Z]",
             example="De Razende Reporter, dit keer Tessa, trok door de wijk"),
    RoleRule("verslaggever", r"\b(?:van|bij) de (?P<label>Razende Reporter)\b", example="Noor en Bram van de Razende Reporter"),
    RoleRule("verslaggever", r"^(?P<label>(?:Tekst|Verslag|Reportage)(?: (?:en|&) (?:interviews?|foto'?s|beeld|video))?): ",
             example="Tekst en interviews: Milou Jansen."),
    RoleRule("verslaggever", r"\b(?:is|als|werkt als) (?:\w+ )?(?P<label>verslaggeefster|verslaggever|journaliste?)\b",
             example="Zij werkt als verslaggever"),
    # ambtenaar: a job title at the gemeente or provincie, or the word itself
    RoleRule("ambtenaar", r"(?P<label>\b(?!energie)\w*(?:adviseur|medewerker|ondersteuner|leider|manager|coördinator"
             r"|regisseur|secretaris|consulent|specialist|planner)(?: [\w&]+){0,3}? (?:bij|voor|van) (?:de )?(?:" + _OVERHEID
             + r"|gemeente\b|provincie\b))",
             example="beleidsadviseur Wonen & Duurzaamheid bij gemeente Ermelo / Als wijkconsulent van de gemeente"),
    RoleRule("ambtenaar", r"(?P<label>\bwerkt (?:\w+ ){0,2}?(?:bij|voor) (?:de )?" + _OVERHEID + r")",
             example="Ze werkt bij de gemeente Lingewaard / werkt als projectleider voor de gemeente Zutphen"),
    RoleRule("ambtenaar", r"(?P<label>\b(?:gemeente)?ambtena(?:ar|ren)\b(?: (?:van|bij) (?:de )?" + _GEMEENTE + r")?)",
             example="ambtenaar van gemeente Ermelo / de gemeenteambtenaren"),
    RoleRule("ambtenaar", r"\((?P<label>(?:de )?" + _OVERHEID + r")\)", example="Johan Dekker (gemeente Ede)"),
    RoleRule("ambtenaar", r"\b(?P<label>(?:[Gg]emeente|[Ss]tadsdeel|[Pp]rovincie)(?:medewerk|werk)(?:er|ers|ster|sters))\b",
             example="Stadsdeelmedewerker Farida Bakkali"),
    RoleRule("ambtenaar", r"[" + _LOW + r"], (?P<label>" + _OVERHEID + r")\s*(?:$|[,.;:])", example="Wouter Hendriks, gemeente Zwolle"),
    RoleRule("ambtenaar", r"\b(?P<label>(?:is|was|zit|zat) (?:al (?:\w+ )?)?bij de (?:" + _OVERHEID + r"|gemeente|provincie))\b",
             example="Astrid Vos is bij de gemeente verantwoordelijk voor de wijkaanpak"),
    RoleRule("ambtenaar", r"\b(?P<label>in dienst (?:van|bij) (?:de )?(?:" + _OVERHEID + r"|gemeente\b|provincie\b))",
             example="Wijkmanager Bert Pijnenburg, in dienst van de gemeente"),
    RoleRule("ambtenaar", r"\b(?P<label>(?:[Oo]p|[Ii]n) het (?:stad|gemeente|provincie)huis)\b[^.]{0,40}?\bwerk",
             example="Op het stadhuis werkt Gerben Postma"),
    RoleRule("ambtenaar", r"\bwerk(?:t|te|en)\b(?: [\w-]+){0,3}? (?P<label>(?:op|in) het (?:stad|gemeente|provincie)huis)\b",
             example="werkt al jaren op het gemeentehuis"),
    RoleRule("ambtenaar", r"(?:[" + _UP + r"][" + _LOW + r"]+ van|\b[Nn]amens) (?:de )?(?P<label>" + _OVERHEID
             + r"|gemeente\b|provincie\b)", example="Saskia van den Berg van de gemeente Arnhem / namens de gemeente Ede / "
             "Sandra Visscher van de gemeente en"),
    # on behalf of the gemeente, before the person: "Voor de gemeente was ...", "Vanuit de gemeente ..."
    RoleRule("ambtenaar", r"(?:\b[Nn]amens |\b[Vv]anuit |^(?:Ook )?[Vv]oor )de (?P<label>gemeente)\b",
             example="Voor de gemeente was beleidsmedewerker Sandra Polman aanwezig / namens de gemeente"),
    RoleRule("ambtenaar", r"\b(?P<label>" + _OVERHEID + r"|[Gg]emeente|[Pp]rovincie)\b[^.]{0,60}?\b" + _REPRESENTED,
             example="De gemeente, vertegenwoordigd door"),
    # overig: other organisations and elected officials, with a short label
    RoleRule("overig", r"\bwethouder\b", label="wethouder", example="wethouder Duurzaamheid"),
    RoleRule("overig", r"\b(?P<label>burgemeester|gedeputeerde)\b", example="burgemeester van Ede"),
    RoleRule("overig", r"\b(?:werkt|medewerker|\w+er) (?:bij|van) (?:de )?woningcorporatie\b", label="woningcorporatie",
             example="projectleider bij woningcorporatie WaardWonen"),
    RoleRule("overig", r"\b(?:werkt|medewerker|\w+er) (?:bij|van) (?:de )?netbeheerder\b", label="netbeheerder",
             example="werkt bij netbeheerder Liander"),
    # a tenant "bij" a woningcorporatie is a resident, not its employee
    RoleRule("overig", r"(?<!huurder )(?<!huurster )(?<!woning )(?<!huis )\b(?:[Nn]amens|van|bij|voor) (?:de |het )?(?P<label>(?i:"
             + _ORGANISATION + r"))\b", example="Namens de woningcorporatie / Rob Hendriks van netbeheerder Alliander"),
    RoleRule("overig", r"\((?P<label>" + _ORGANISATION + r")\b", example="Hans van der Meer (energiecoöperatie Zon op Noord)"),
    RoleRule("overig", r"^[^(]*\((?P<label>[" + _UP + r"][\w&-]+(?: [" + _UP + r"][\w&-]+){0,2})\)", not_place=True,
             example="Gerrit Pol (Stedin) en"),
    RoleRule("overig", r"(?i:\b(?P<label>" + _ORGANISATION + r"))\b[^.]{0,60}?\b" + _REPRESENTED,
             example="De woningcorporatie, vertegenwoordigd door / de energiecoöperatie was er, in de persoon van"),
    # a job at a named organisation that is not the gemeente or the energieloket
    RoleRule("overig", r"\b\w*(?:adviseur|medewerker|leider|manager|coördinator|directeur|specialist|consultant) "
             r"(?:[\w&-]+ ){0,4}?(?:bij|van) (?!Gemeente|Provincie|Energieloket|Regionaal|Duurzaam)(?P<label>[A-Z][\w-]+)",
             example="programmamanager Gebiedsgerichte Verduurzaming bij Stroomversnelling / projectleider bij Alliander"),
    # a trade or craft said of the person
    RoleRule("overig", r"(?:\b(?:is|was|werd|als)|,) (?:de |een |zelfstandig |ervaren )?(?P<label>" + TRADES + r")\b",
             example="Hij is installateur / Jos Kuiper, timmerman uit Epe"),
    # bewoner: lives there, is called a resident, runs the residents' association, or did up their own home
    RoleRule("bewoner", r"(?P<label>\b(?:secretaris|voorzitter|penningmeester|bestuurslid|lid) van (?:de|het) (?:[Ww]ijk|[Bb]ewoners"
             r"|[Bb]uurt|[Hh]uurders)(?:vereniging|commissie|raad|comité|platform|initiatief|collectief|groep|overleg)"
             r"(?: [A-Z][\w-]*)?)", example="hij is secretaris van de Wijkvereniging Ermelo-West / voorzitter van de "
             "bewonerscommissie / Als voorzitter van het bewonersinitiatief"),
    RoleRule("bewoner", r"(?:[" + _UP + r"][" + _LOW + r"]+ |\b(?:zit|zat|zitten|zaten) )(?P<label>(?:van|in) (?:de|het) (?:[Ww]ijk"
             r"|[Bb]ewoners|[Bb]uurt|[Hh]uurders)"
             r"(?:vereniging|commissie|raad|comité|platform|initiatief|collectief|groep|overleg))\b",
             example="Inge Maas van de huurdersvereniging / zit in de huurderscommissie van haar flat"),
    RoleRule("bewoner", r"\b(?P<label>woon(?:t|de) (?:al \w+ )?in (?:de wijk|[A-Z][\w-]*))", example="Hij woont in de wijk"),
    RoleRule("bewoner", r"\b(?P<label>bewo(?:ner|onster)(?: van de wijk)?)\b", example="René is bewoner van de wijk"),
    RoleRule("bewoner", r"\b(?P<label>(?:[Hh]aar|[Zz]ijn|[Hh]un|[Mm]ijn|[Oo]ns) (?:eigen |eerste |nieuwe |oude )?"
             r"(?!buurt|wijk|gemeente|stad|zieken|dorps|club|raad)[\w-]*(?:woning|huis))\b",
             example="Zij heeft namelijk haar woning flink aangepakt. / die hier zijn eerste huis kocht / een energiescan "
             "van haar rijtjeshuis / Haar huis uit 1930"),
    # at home: "Bij Kees en Marian van Ooijen thuis", "bij haar thuis" (not "bij mensen thuis")
    RoleRule("bewoner", r"\b[Bb]ij (?:(?:hem|haar|hen|hun)|(?:[" + _UP + r"][\w'-]*|en|van|de|der|den|ter|ten|het|'t|in|op)"
             r"(?: (?:[" + _UP + r"][\w'-]*|en|van|de|der|den|ter|ten|het|'t|in|op))*) (?P<label>thuis)\b",
             example="Bij Kees en Marian van Ooijen thuis / bij haar thuis staat"),
    RoleRule("bewoner", r"\b(?P<label>[Oo]p (?:huis)?bezoek bij)(?= [" + _UP + r"])", example="Op bezoek bij Wendela Brink"),
    RoleRule("bewoner", r"\b(?P<label>omwonenden?)\b", example="Hennie Dijkhuis, omwonende"),
    RoleRule("bewoner", r"\b(?P<label>(?:[Oo]p|[Vv]an|[Aa]an|[Nn]aast) (?:huis)?nummer \d+\w?)\b",
             example="De buurvrouw van nummer 8, Ilse van de Ven / Op nummer 12 woont"),
    RoleRule("bewoner", r"\b(?P<label>[Bb]uur(?:vrouw|man))\b", example="De buurvrouw van nummer 8, Ilse van de Ven,"),
    RoleRule("bewoner", r"\b(?P<label>(?:[Bb]ewoners|[Hh]uurders)(?:vertegenwoordig|afgevaardigd)\w*)",
             example="bewonersvertegenwoordiger Hamid Bouzid"),
    # showing their own home: "de meterkast laat zien", "liet ons haar zolder zien"
    RoleRule("bewoner", r"\b(?P<label>(?:de|het|zijn|haar|hun) (?:" + _HOME_PARTS + r") (?:[\w-]+ ){0,2}?(?:laat|liet|lieten"
             r"|laten) zien|(?:laat|liet|lieten|laten|toont|toonde) (?:[\w-]+ ){0,3}?(?:de|het|zijn|haar|hun) (?:"
             + _HOME_PARTS + r"))\b", example="Terwijl Ton Verbeek de meterkast laat zien / liet ons trots haar zolder zien"),
    RoleRule("bewoner", r"\b(?P<label>(?:keuken|woonkamer|tuin|achtertuin|zolder|badkamer|meterkast|schuur|voordeur|appartement"
             r"|flat|dak|vloer|gevel|kozijnen|[\w-]*isolatie|cv-ketel|" + _HOME_INSTALLATION + r"|" + _OWN_HOME
             + r") van) (?=[" + _UP + r"])",
             example="In de keuken van Thea van der Plas staat / In het appartement van Meryem Aydin / De vloerisolatie van "
             "Harm op de Beek"),
    RoleRule("bewoner", r"\b(?P<label>(?:een|hun|haar|zijn) (?:[\w-]+ )?(?:" + _OWN_HOME + r"|appartement|flat|"
             + _HOME_INSTALLATION + r") (?:heeft|hebben"
             r"|had|hadden)|(?:heeft|hebben|had|hadden) (?:[\w-]+ ){0,3}?(?:een|hun|haar|zijn) (?:[\w-]+ )?(?:" + _OWN_HOME
             + r"|appartement|flat))\b", example="die met haar man een tussenwoning heeft / die sinds vorig jaar een warmtepomp heeft"),
    RoleRule("bewoner", r"\b(?P<label>isoleerden?)\b(?: [\w-]+){0,5}? (?:de|het|zijn|haar|hun) (?:hele |eigen )?(?:zolder|vloer"
             r"|spouwmuur|spouwmuren|dak|kruipruimte|gevel)\b", example="isoleerde samen met zijn vader de hele zolder"),
    RoleRule("bewoner", r"\b(?P<label>(?:[Mm]ijn|[Oo]ns|[Oo]nze) (?:eigen )?(?:energierekening|gasrekening|dak|zolder|tuin|vloer"
             r"|spouwmuren|" + _HOME_INSTALLATION + r"))\b", example="'Mijn energierekening is gehalveerd,' vertelt"),
    # plural "wonen" only with what follows it, as "waar veel mensen wonen" says nothing of one person
    RoleRule("bewoner", r"\b(?P<label>wo(?:ont|onde|onden)|wonen (?:ze |zij |we |wij )?(?:allebei|samen|al|sinds|nog|er"
             r"|in|aan|op|naast|tegenover|hier|daar|vlakbij)|wonen(?= [" + _UP + r"])|(?:in|aan|op) (?:de |het )?[\w-]+ wonen)\b",
             example="woont sinds 1985 in de Bloemenbuurt / die er met haar gezin woont / wonen allebei "
             "aan de Lindelaan / alle drie wonen ze aan de Beukenlaan / in 2018 wonen Ellen en Frank Rutten / "
             "die allemaal in de Vogelbuurt wonen"),
    RoleRule("bewoner", r"\b(?P<label>(?i:allen|allemaal|beiden|allebei|alle \w+|twee|drie|vier|vijf|zes|zeven|acht) "
             r"(?:[\w-]+ )?[\w-]*(?:bewoners|bewoonsters|huurders|omwonenden))\b",
             example="allen bewoners van de Bomenbuurt / drie bewoners: / twee actieve bewoners / Vijf bewoners, onder wie "
             "/ allemaal huurders van Woonbedrijf / allemaal buurtbewoners"),
    # moving in: to the wijk, into a house, to live there
    RoleRule("bewoner", r"\b(?P<label>verhuisden?|verhuisd|verhuizing)\b(?: [\w-]+){0,6}? naar (?:de|het|een|[A-Z])",
             example="verhuisde in 2021 naar de Kruidenwijk / Sinds hun verhuizing naar de Bloemenwijk"),
    RoleRule("bewoner", r"\b(?P<label>kwam|kwamen|trok|trokken)\b[^.,;]{0,50}? naar (?:de |het )?(?:[\w-]*(?:wijk|buurt"
             r"|kwartier)|[A-Z][\w-]*(?:wijk|buurt|kwartier|dorp))\b",
             example="kwam twaalf jaar geleden vanuit Turkije naar de Rivierenbuurt"),
    RoleRule("bewoner", r"\b(?P<label>vestig(?:de|den|t|en) zich|zich (?:[\w-]+ ){0,5}?vestig(?:de|den|t|en))\b",
             example="zich in 1985 in de Zilverkamp vestigde"),
    RoleRule("bewoner", r"\b(?P<label>(?:kwam|kwamen|komt|komen|ging|gingen|gaat|gaan)\b[^.,;]{0,60}?\bwonen)\b",
             example="kwamen Daan en Eva Rietveld in de wijk wonen / in de Componistenbuurt kwam wonen"),
    RoleRule("bewoner", r"\b(?P<label>(?:be)?trok(?:ken)?)\b(?: [\w-]+){0,3}? (?:in )?(?:een|het|de) [\w-]*" + _HOME + r"\b",
             example="trok vorig jaar in een rijtjeshuis / betrokken een huurwoning"),
    RoleRule("bewoner", r"\b(?P<label>verruil\w*)\b[^.]{0,60}?\bvoor (?:een|het|de) [\w-]*" + _HOME + r"\b",
             example="hun boerderij verruilden voor een huis in de wijk"),
    RoleRule("bewoner", r"\b(?P<label>hu(?:urt|urde|urden)) (?:[\w-]+ ){0,4}?(?:een|de|het|hun|haar|zijn) [\w-]*" + _HOME,
             example="huurt al twaalf jaar een woning"),
    RoleRule("bewoner", r"\b[\w-]*" + _HOME + r" (?:[\w-]+ ){0,3}?(?P<label>hu(?:urt|urde|urden|ren))\b",
             example="die met zijn vriendin een portiekflat aan de Rembrandtlaan huurt"),
    RoleRule("bewoner", r"\b(?P<label>(?:nam|namen|kocht|kochten|neemt|nemen|koopt|kopen|koos|kozen|kiest) (?:voor )?\b[^.;]{0,40}?[\w-]*"
             + _HOME_INSTALLATION + r"|(?:een|hun|haar|zijn) (?:[\w-]+ )?[\w-]*" + _HOME_INSTALLATION
             + r" (?:nam|namen|kocht|kochten|aanschafte|aanschaften))\b",
             example="die in 2019 een hybride warmtepomp nam / kocht vorig jaar zonnepanelen / koos voor een warmtepomp"),
    RoleRule("bewoner", r"\b(?P<label>(?:liet|lieten)\b[^.;]{0,40}?\b(?:isoleren|plaatsen|installeren|aanleggen|leggen|aanbrengen|vervangen"
             r"|verduurzamen))\b",
             example="lieten ze meteen de vloer isoleren"),
    RoleRule("bewoner", r"\b(?P<label>(?:wijk|buurt)bewo(?:ner|onster)|huurder|huurster)\b",
             example="is sinds 2021 wijkbewoner / huurder bij Woonstichting De Kernen"),
    RoleRule("bewoner", r"\b(?P<label>(?:een|het|de|hun|haar|zijn) (?:[\w-]+ )?" + _OWN_HOME + r"\b(?: [\w-]+){0,4}? (?:kocht"
             r"|kochten|betrok|betrokken))\b", example="Toen Bas Verhoef het huis in 2015 kocht"),
    RoleRule("bewoner", r"\b(?P<label>(?:terug|geboren|getogen|opgegroeid|opgroeide) (?:en getogen )?(?:hier|in (?:de |het |deze )?"
             r"(?:[\w-]*(?:wijk|buurt|dorp)|[" + _UP + r"][\w-]*))|(?:[Ii]k|[Ww]e|[Ww]ij) (?:woon|wonen) (?:hier|al|sinds|nu|zelf|er"
             r"|in|aan|op)|hier (?:geboren|opgegroeid)|waar (?:ze|hij|zij|we|wij) (?:is |zijn )?(?:opgroeide|opgroeiden|opgegroeid"
             r"|geboren))\b", example="is net terug in de wijk waar ze opgroeide / geboren in de Schilderswijk / 'Ik ben hier "
             "geboren' / 'Ik woon hier al mijn hele leven'"),
    RoleRule("bewoner", r"\b(?P<label>eigena(?:ar|resse) van (?:een|het|de|hun|haar|zijn) [\w-]*(?:huis|woning))",
             example="eigenaar van een rijtjeshuis uit 1972"),
    RoleRule("bewoner", r"\b(?P<label>(?:kocht|vond)(?:en)? (?:\w+ ){0,5}?(?:een|het) [\w-]*(?:huis|woning))",
             example="kocht in 2019 een huis in de wijk / vond in 2017 met zijn gezin een huurhuis"),
    RoleRule("bewoner", r"\b(?P<label>(?:[Hh]aar|[Zz]ijn|[Hh]un) (?:eigen |nieuwe |oude |eerste )?(?:woningen|huizen|tuin|achtertuin|zolder"
             r"|dak|vloer|spouwmuren|spouwmuur|kozijnen|gevel|ramen|kruipruimte|cv-ketel|energierekening|gasrekening|"
             + _HOME_INSTALLATION + r"))\b",
             example="voor hun huizen / bij de warmtepomp in haar achtertuin / isoleerde zijn spouwmuren / over haar nieuwe "
             "warmtepomp / over zijn zonnepanelen"),
    # "X en zijn buurman Y": X is a neighbour too (given to X by .people)
    RoleRule("bewoner", r"\b(?P<label>(?:zijn|haar|hun) (?:buurman|buurvrouw|buren|buurtgenoten))\b",
             example="houdt zijn buurman Achmed de ladder vast"),
)

# The organisation named before a person, in the same sentence, when nothing else says
# what they do: "De gemeente Nunspeet stuurde projectleider Hidde Brouwer", "Ook de
# energiecoöperatie was er, in de persoon van ...". Weaker evidence than the rules above.
ORGANISATION_ROLES: tuple[RoleRule, ...] = (
    RoleRule("ambtenaar", r"\b(?P<label>(?:[Gg]emeente|[Pp]rovincie)(?: [A-Z][\w-]*)?)", example="De gemeente Nunspeet stuurde"),
    RoleRule("ambtenaar", r"\b(?P<label>[Ss]tadhuis|[Gg]emeentehuis|[Pp]rovinciehuis)\b", example="## Het stadhuis"),
    RoleRule("energieadviseur", r"\b(?P<label>" + _LOKET + r"(?: [A-Z][\w-]*)?)", example="Vanuit het Energieloket Veluwe"),
    RoleRule("overig", r"\b(?P<label>(?i:" + _ORGANISATION + r"|corporatie)(?: [A-Z][\w-]*)?)", example="Ook de energiecoöperatie"),
)
