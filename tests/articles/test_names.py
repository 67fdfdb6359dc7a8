"""Names first: who is a person by the shape of their name, and what never is one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from razendereporter.articles import names, people, roles


def _names(sentence: str, places=frozenset()) -> list[str]:
    return [c.name for c in names.candidates(sentence, frozenset(places))]


def _found(*paragraphs: str, heading: str | None = None, places=()) -> list[tuple[str, str]]:
    found, _ = people.extract_people([people.Section(heading, list(paragraphs))], reporter=None, places=places)
    return [(p.name, p.role) for p in found if p.named]


def test_the_first_names_come_from_deduce_and_are_dutch():
    lex = names.lexicon()
    assert len(lex.first_names) > 10_000
    assert {"Arjen", "René", "Marjolijn", "Gert-Jan", "Ayşe", "Chloë", "Mustafa"} <= lex.first_names
    assert {"Ermelo", "Huissen", "Ede"} <= lex.places
    assert {"van der", "de la", "op den"} <= lex.particles
    assert "vd" not in lex.particles and "uit de" not in lex.particles


def test_the_lists_are_read_without_importing_deduce_and_articles_load_without_them():
    code = ("import sys, razendereporter.articles as a; assert 'deduce' not in sys.modules; "
            "assert not a.names.lexicon.cache_info().currsize; "
            "from razendereporter.articles import people; "
            "people.extract_people([people.Section(None, ['Wethouder Henk Jansen opende de avond.'])]); "
            "assert a.names.lexicon.cache_info().currsize == 1; "
            "assert not [m for m in sys.modules if m.split('.')[0] in ('deduce', 'docdeid')], 'deduce imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("sentence,expected", [
    ("Wethouder Duurzaamheid Frank van 't Hof opende.", ["Frank van 't Hof"]),
    ("Sven van den Heuvel en Yara de Bruijn-van Leeuwen wonen hier.", ["Sven van den Heuvel", "Yara de Bruijn-van Leeuwen"]),
    ("Ineke de la Fuente is energiecoach.", ["Ineke de la Fuente"]),
    ("Mustafa El Idrissi, die in de Vogelbuurt woont.", ["Mustafa El Idrissi"]),
    ("Marco Jansen van Enexis zegt het.", ["Marco Jansen"]),  # the organisation after it is not his surname
    ("Door Jan Smit werd het gedaan.", ["Jan Smit"]),  # "Door" is the word, not a first name
    ("Henk Jan van Beek en zijn vrouw Anneke.", ["Henk Jan van Beek", "Anneke"]),
    ("Programmamanager Aardgasvrije Wijken Gijs ter Braak (gemeente Ede) ziet animo.", ["Gijs ter Braak"]),
])
def test_names_by_their_shape(sentence, expected):
    assert _names(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Aan de Willem de Zwijgerlaan staan huizen.",  # a street
    "In de Van Heemstraweg en de Jan Steenstraat ligt het warmtenet.",
    "Het Johan de Witt College en de Pieter Zeemanschool doen mee.",  # institutions
    "Samen met netbeheerder Liander en Woonstichting De Marken.",  # organisations
    "De Razende Reporter trok voor Wijk van de Toekomst naar Ede.",  # the programme and a place
    "Volgens Enexis Netbeheer en de gemeente Hof van Twente kan het niet.",  # no first name: needs an introduction
])
def test_streets_institutions_organisations_places_and_the_programme_are_no_people(sentence):
    assert [c.name for c in names.candidates(sentence) if c.known or c.surname] == []


def test_the_articles_wijk_and_gemeente_are_never_people():
    assert _names("Iedereen kent Roos in de wijk.") == ["Roos"]
    assert _names("Iedereen kent Roos in de wijk.", {"Roos"}) == []


def test_a_title_word_and_a_compound_title_before_a_name():
    assert [(c.name, c.title) for c in names.candidates("Wijkwethouder Erik Smit en verslaggever Jip.")] == [
        ("Erik Smit", "wethouder"), ("Jip", "verslaggever")]
    assert names.title_word("warmtepompmonteur") == "monteur" and names.title_word("Amsterdam") is None


def test_nobody_named_is_dropped_whatever_the_phrasing():
    assert _found("Meedenken deden onder anderen Esther Kuiper, Paul de Lange en Chantal Vos.") == [
        ("Esther Kuiper", "overig"), ("Paul de Lange", "overig"), ("Chantal Vos", "overig")]
    assert _found("Bij de bijeenkomst was Djoera Eerland.") == [("Djoera Eerland", "overig")]  # a listed surname
    # a portfolio after a title is not a person, the name after it is
    assert _found("Het werd toegelicht door programmamanager Gebiedsgerichte Verduurzaming Dieke Schutjens.") == [
        ("Dieke Schutjens", "overig")]


def test_enumerations_share_their_clause_a_plural_title_and_a_surname():
    assert _found("Aan tafel zaten Joris Peters, Lieke Brands en Sem de Vos, allen bewoners van de Bomenbuurt.") == [
        ("Joris Peters", "bewoner"), ("Lieke Brands", "bewoner"), ("Sem de Vos", "bewoner")]
    assert _found("Het energieloket wordt bemand door vrijwilligers Gerard Bosman en Wilma Stam.") == [
        ("Gerard Bosman", "energieadviseur"), ("Wilma Stam", "energieadviseur")]
    assert _found("Vijf jaar geleden kwamen Daan en Eva Rietveld in de wijk wonen.") == [
        ("Daan Rietveld", "bewoner"), ("Eva Rietveld", "bewoner")]


def test_two_people_in_a_sentence_do_not_borrow_each_others_titles():
    assert _found("Projectleider Tamara Koning sprak met huurder Gijs Bouman over de renovatie.") == [
        ("Tamara Koning", "overig"), ("Gijs Bouman", "bewoner")]
    assert _found("Waar Henk Blom de boormachine hanteert, houdt zijn buurman Achmed Bouzid de ladder vast.") == [
        ("Henk Blom", "bewoner"), ("Achmed Bouzid", "bewoner")]


def test_place_names_with_words_between_and_the_programme_cut_no_person_out():
    assert _names("Ze verhuisden van Alphen aan den Rijn naar Berkel en Rodenrijs.") == []
    assert _names("Het overleg in Huize Sint Jan duurde lang.") == []
    assert _names("Het team bestond uit Femke, Joris en Anouk.") == ["Femke", "Joris", "Anouk"]  # after "uit", yet people
    assert _names("Deze keer gingen Sanne en Pim van de Razende Reporter mee.") == ["Sanne", "Pim"]
    assert _names("Razende Reporter Jip belde aan.") == ["Jip"]
    assert _names("Adviseur isolatie van het Gelders Energieloket Tom de Wit kwam kijken.") == ["Tom de Wit"]


def test_relations_colleagues_and_relatives_give_a_role_when_nothing_else_does():
    # a relation that points forward: the neighbours' owner, and all of an enumeration
    assert _found("Samen met hun buurman Piet schilderden Kees en Els Dijk de kozijnen.") == [
        ("Piet", "bewoner"), ("Kees Dijk", "bewoner"), ("Els Dijk", "bewoner")]
    assert _found("Energiecoach Marga Wit en haar collega Joost Ruis deelden folders uit.") == [
        ("Marga Wit", "energieadviseur"), ("Joost Ruis", "energieadviseur")]
    # a relative of a resident lives there too; of a wethouder, nothing says so
    assert _found("Terwijl Paul Smit zijn zolder laat zien, schenkt zijn vrouw Mia koffie.") == [
        ("Paul Smit", "bewoner"), ("Mia", "bewoner")]
    assert _found("Wethouder Rob Kok kwam met zijn vrouw Anna.")[1] == ("Anna", "overig")
    # a singular title is its own, even in an enumeration
    assert _found("Aanwezig waren burgemeester Jan Wit en Eva Kroon van de bewonersvereniging.") == [
        ("Jan Wit", "overig"), ("Eva Kroon", "bewoner")]


def test_an_organisation_in_brackets_unless_it_is_a_place():
    assert _found("Sprekers waren Anne Vos (Enexis) en Bert Mol (Ermelo), die er woont.") == [
        ("Anne Vos", "overig"), ("Bert Mol", "bewoner")]


def test_confidence_follows_the_strength_of_the_evidence():
    def person(*paragraphs, heading=None):
        return people.extract_people([people.Section(heading, list(paragraphs))], reporter=None)[0][0]

    titled = person("Wethouder Henk Jansen opende de avond.")
    own = person("Stefan Ramaker, beleidsadviseur bij gemeente Ermelo.")
    later = person("We spraken Arjen Baatje. Hij woont in de wijk.")
    heading = person("Daarna schoof Priscilla Ramdin aan.", heading="De gemeente")
    unsure = person("Daarna kwamen we in gesprek met Jolien Bakker over de plannen.")
    assert (titled.role_confidence, own.role_confidence, later.role_confidence, heading.role_confidence) == (
        roles.CONFIDENCE["title"], roles.CONFIDENCE["text"], roles.CONFIDENCE["context"], roles.CONFIDENCE["heading"])
    assert (heading.role, unsure.role, unsure.role_unsure, unsure.role_confidence) == ("ambtenaar", "overig", True, 0.0)
    assert own.as_record()["role_confidence"] == 0.85 and "role_confidence" not in people.Person("x").as_record()


def test_a_missing_deduce_is_a_clear_error(monkeypatch):
    from razendereporter.errors import RRError

    monkeypatch.setattr(names.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(RRError, match="pip install deduce"):
        names._lists_folder()


def _sections(*sections: tuple[str | None, list[str]]) -> list[tuple[str, str]]:
    found, _ = people.extract_people([people.Section(h, ps) for h, ps in sections], reporter=None)
    return [(p.name, p.role) for p in found if p.named]


def test_elided_particles_and_double_given_names_are_part_of_the_name():
    assert _names("Volgens Marco d'Hondt en Sean O'Brien is het klaar.") == ["Marco d'Hondt", "Sean O'Brien"]
    assert _names("Piet Hein Donker woont aan de Dorpsstraat.") == ["Piet Hein Donker"]
    assert _names("Ze zegt: d'r is niks mis mee.") == []


def test_an_unlisted_word_between_known_first_names_is_a_person_and_at_the_end_of_a_list_it_is_not():
    assert [n for n, _ in _found("De buren Piet, Hüseyin en Marga kwamen ook kijken.")] == ["Piet", "Hüseyin", "Marga"]
    assert [n for n, _ in _found("Piet, Marga, Liander en Enexis zaten aan tafel.")] == ["Piet", "Marga"]
    assert [n for n, _ in _found("Gerrit, Stedin en Enexis praatten over het net.")] == ["Gerrit"]


def test_a_heading_first_name_is_completed_only_by_the_same_person():
    assert _sections(("Bij Harrie thuis", ["Harrie Gerritsen woont al veertig jaar in de wijk."])) == \
        [("Harrie Gerritsen", "bewoner")]
    named = [n for n, _ in _sections(("Bij Harrie thuis", ["Harrie woont al veertig jaar in de wijk."]),
                                     ("Het plan", ["Wethouder Harrie Jansen legt het plan uit."]))]
    assert named == ["Harrie", "Harrie Jansen"]  # the wethouder is someone else, and keeps his name
    named = [n for n, _ in _sections(("Bij Harrie thuis", ["Harrie woont al veertig jaar in de wijk.",
                                                           "Wethouder Harrie Jansen legt het plan uit."]))]
    assert named == ["Harrie", "Harrie Jansen"]
