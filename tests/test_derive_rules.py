"""The reading rules of `parley derive`, one short text each: who speaks, what it is, which
party a name, role or pronoun stands for, what is about what."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.derive.api import Derivation, derive
from sim.derive.classify import classify


def _derive(tmp_path: Path, text: str) -> Derivation:
    seed = tmp_path / "article.txt"
    seed.write_text(text, encoding="utf-8")
    return derive([seed], model=None)


def _speaker(d: Derivation, words: str) -> str | None:
    return next((f.speaker for f in d.findings if words in f.statement.quote), None)


@pytest.mark.parametrize(("words", "kind", "firm"), [
    ("We will not accept a freeze dressed up as a compromise", "red_line", True),
    ("Withdrawing our complaint is off the table", "red_line", True),
    ("The reinstatement of our comrades is not up for discussion", "red_line", True),
    ("Iceland will accept nothing less than 12.5 percent", "red_line", True),
    ("a quota above 400,000 tonnes was a non-starter", "red_line", True),
    ("the islands would walk away from any arrangement that gave them less than 15%",
     "red_line", True),
    ("Under no circumstances will Colonel Maric be part of this exchange", "red_line", True),
    ("We cannot give up on our journalists", "red_line", True),
    ("Dravia has ruled out releasing all 62 detainees", "red_line", True),
    ("they would find it very difficult to sign, though they stopped short of calling it a "
     "condition", "red_line", False),
    ("a share above 12% would be very hard to defend, but she did not rule it out",
     "red_line", False),
    ("a ten-year term is not our preference, given how fast prices move", "red_line", False),
    ("the ministry would struggle to accept a cap below 20%", "red_line", False),
    ("Without a guarantee on jobs, we are not signing anything", "red_line", True),
    ("We do not negotiate with kidnappers, whatever they call themselves", "red_line", True),
    ("There is no agreement yet on the timetable", "position", False),
    ("a seven-year cap would be very tough to sell to our members", "red_line", False),
    ("the ministry had serious difficulty with foreign inspectors", "red_line", False),
    ("We are not going below 40,\" he said", "red_line", True),
    ("She called the audit a condition of our signature", "red_line", True),
    ("the company said it would not comment on the negotiations", "position", False),
    ("That is not a red line for us", "position", False),
    ("the union is demanding an 11% wage increase", "condition", False),
    ("the employers were willing to phase the cranes in over three years", "compromise", False),
    ("Madrid has proposed a 2.5% target", "offer", False),
])
def test_the_lexicon_reads_negation_and_hedges(words: str, kind: str, firm: bool) -> None:
    reading = classify(words)
    assert reading.kind == kind
    if kind == "red_line":
        assert (reading.firmness >= 0.75) is firm


def test_a_split_quote_a_dateline_and_a_pronoun(tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "OTTAWA, Canada, March 4, 2026 — Canada and Indonesia resumed talks on steel.\n\n"
        "Canada's trade minister, Ellen Marchetti, spoke first. \"We will not,\" Marchetti "
        "said, \"dismantle the protections that keep our mills open.\"\n\n"
        "Indonesia's Trade Minister, Arief Santoso, struck a firm tone. He said Jakarta would "
        "never accept a duty above 9%.\n"))
    assert _speaker(d, "dismantle the protections") == "Canada"
    assert _speaker(d, "never accept a duty") == "Indonesia"
    quote = next(f.statement.quote for f in d.findings if "dismantle" in f.statement.quote)
    assert quote.startswith("We will not,\" Marchetti said, \"dismantle")


def test_titles_acronyms_and_roles_name_the_parties(tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "The People's Unity Front (PUF) and the government of Marovia met on Monday.\n\n"
        "PUF leader Sara Odum said the front wanted 40 seats in parliament. The government "
        "has offered 25 seats.\n\n"
        "Marovian Defence Minister Ilan Petrov said the government would never accept more "
        "than 30 seats. The front rejected that limit.\n"))
    names = {p.name for p in d.parties}
    assert names == {"People's Unity Front", "Marovia"}
    assert _speaker(d, "wanted 40 seats") == "People's Unity Front"
    assert _speaker(d, "has offered 25 seats") == "Marovia"
    assert _speaker(d, "would never accept more than 30 seats") == "Marovia"
    assert _speaker(d, "rejected that limit") == "People's Unity Front"
    seats = next(i for i in d.issues if i.numeric)
    assert seats.options == ["25 seats", "30 seats", "40 seats"]
    assert seats.poles == {"People's Unity Front": "40 seats", "Marovia": "25 seats"}


def test_mediators_and_bystanders_are_told_apart(tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "GENEVA, Switzerland, Feb. 11, 2026 — Swiss mediators said on Wednesday that Dravia "
        "and the Velan Federation were close to a prisoner exchange.\n\n"
        "Dravia has offered to release 19 prisoners. Velan wants all 62 of its nationals "
        "freed, and Velanese officials said anything below 40 was out of the question.\n\n"
        "The International Committee of the Red Cross (ICRC), which is not a party to the "
        "talks, said it was ready to help. Analysts said a deal was within reach.\n"))
    assert d.mediator is not None and d.mediator.party == "Switzerland"
    assert {p.name for p in d.parties} == {"Dravia", "Velan Federation", "Switzerland"}
    assert "International Committee of the Red Cross" in d.outside
    assert _speaker(d, "a deal was within reach") is None


def test_figures_become_ordered_options_and_bounds_become_red_lines(tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "Talks between the Dock Workers Union and the Port Employers Association resumed.\n\n"
        "The Dock Workers Union is demanding an 11% pay rise. The Port Employers Association "
        "has offered a 4% pay rise.\n\n"
        "\"We will not accept anything below eight percent,\" the union's secretary, Sipho "
        "Ndlovu, said.\n"))
    pay = next(i for i in d.issues if i.numeric)
    assert pay.options == ["4%", "8%", "11%"]
    lines = d.draft.scenario["parties"]["Dock Workers Union"]["red_lines"]
    assert any(line.get("hard", {}).get(pay.key) == ["4%"] for line in lines)


def test_names_in_the_draft_have_no_dots(tmp_path: Path) -> None:
    """A dot separates the parts of a parameter's path (Russia.reservation): "4.5%" is the
    option "4_5%" labelled "4.5%", and "U.S." the party "US"."""
    d = _derive(tmp_path, (
        "Talks between the Dock Workers Union and the Port Employers Association resumed.\n\n"
        "The Dock Workers Union is demanding an 11.5% pay rise. The Port Employers "
        "Association has offered a 4.5% pay rise.\n"))
    pay = next(i for i in d.issues if i.numeric)
    assert pay.options == ["4_5%", "11_5%"]
    labels = d.draft.scenario["issues"][pay.key]["labels"]
    assert labels["4_5%"].startswith("4.5%") and labels["11_5%"].startswith("11.5%")
    names = [*d.draft.scenario["parties"], *d.draft.scenario["issues"]]
    assert not any("." in n for n in names)


def test_a_minister_with_no_country_named_speaks_for_the_state_in_context(tmp_path: Path,
                                                                        ) -> None:
    d = _derive(tmp_path, (
        "BRASILIA, Brazil, Sept. 2, 2026 — Brazil's health ministry and the Danish drugmaker "
        "Nordvik Pharma failed to agree on a licence.\n\n"
        "Nordvik is asking for a royalty of 8% on every dose. Health Minister Carla Nunes has "
        "offered 2%. \"We will never pay 8%,\" Nunes said.\n\n"
        "The ministry has also pressed for a transfer of the technology within two years. "
        "The Danish government has not commented.\n"))
    assert {p.name for p in d.parties} == {"Brazil", "Nordvik Pharma"}
    assert _speaker(d, "has offered 2%") == "Brazil"
    assert _speaker(d, "We will never pay 8%") == "Brazil"
    assert _speaker(d, "pressed for a transfer") == "Brazil"


def test_bodies_named_beside_what_they_are(tmp_path: Path) -> None:
    """A company or union whose name has no head noun: "the Vereinigung Cockpit union", "the
    Dubai-based operator DP World", "the rebel SPLM-IO faction", "Harbour City Buses chief
    executive Graham Birch", and an acronym never defined ("KPA")."""
    d = _derive(tmp_path, (
        "The Kenya Ports Authority and the Dubai-based operator DP World failed to close a "
        "deal on Monday.\n\n"
        "DP World is seeking a 30-year concession. KPA managing director William Otieno said "
        "a lease of more than 25 years would never pass parliament.\n\n"
        "The company's regional chief, Mohammed Akoob, said the company would not accept 20 "
        "years.\n"))
    assert {p.name for p in d.parties} == {"Kenya Ports Authority", "DP World"}
    assert _speaker(d, "would never pass parliament") == "Kenya Ports Authority"
    assert _speaker(d, "would not accept 20") == "DP World"
    d = _derive(tmp_path, (
        "Talks between the rebel SPLM-IO faction and the government of South Sudan resumed.\n\n"
        "The rebels want 40% of the command posts. SPLM-IO spokesman Lam Gabriel said the "
        "movement would not disarm first. Juba has offered 20%.\n"))
    assert {p.name for p in d.parties} == {"SPLM-IO", "South Sudan"}
    assert _speaker(d, "would not disarm first") == "SPLM-IO"
    d = _derive(tmp_path, (
        "In a statement, the Vereinigung Cockpit union said the pension scheme must stay open. "
        "Harbour City Buses chief executive Graham Birch said the company would never keep "
        "it open. The union is demanding a 12% rise.\n"))
    assert _speaker(d, "must stay open") == "Vereinigung Cockpit"
    assert _speaker(d, "would never keep it open") == "Harbour City Buses"


def test_owners_and_places_in_a_sentence_are_not_put_outside_the_talks(tmp_path: Path,
                                                                      ) -> None:
    d = _derive(tmp_path, (
        "The government of Sundara and the Ad Hoc Committee of Sundara Bondholders met in "
        "London.\n\n"
        "The government of Sundara, which stopped paying its debt in 2024, is seeking a 45% cut. "
        "The bondholders have offered 20%. The committee said it would never go above 30%.\n\n"
        "Sundara's official creditors, led by China and France, reached their own deal with "
        "the government in March and are not taking part in the talks. Copa-Cogeca, the EU "
        "farm lobby, which is not at the table, staged a protest.\n"))
    assert {p.name for p in d.parties} == {"Sundara", "Ad Hoc Committee of Sundara Bondholders"}
    assert "Sundara" not in d.outside and "EU" not in d.outside
    assert _speaker(d, "is seeking a 45% cut") == "Sundara"
    assert _speaker(d, "never go above 30%") == "Ad Hoc Committee of Sundara Bondholders"


def test_intermediaries_an_unnamed_official_and_a_ministry_named_by_its_portfolio(
        tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "MUSCAT, Oman, March 3, 2026 — Iranian and American officials exchanged written "
        "proposals through Omani intermediaries on Tuesday.\n\n"
        "Tehran wants all sanctions lifted at once. \"Enrichment above 3.67% is a non-starter "
        "for us,\" a State Department spokesman, Matthew Reyes, said in Washington.\n\n"
        "Tehran is prepared to cap enrichment, a senior Iranian official said. \"We will not "
        "sign at 3.67% on day one,\" the official said.\n"))
    assert d.mediator is not None and d.mediator.party == "Oman"
    assert "State Department" not in {p.name for p in d.parties}
    assert _speaker(d, "is a non-starter") == "US"
    assert _speaker(d, "We will not sign at 3.67%") == "Iran"


def test_a_city_that_shares_a_capitals_name_is_no_state(tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "Victoria's public school teachers will strike after the state government refused to "
        "lift its offer, the Australian Education Union (AEU) said.\n\n"
        "The union has asked for a 24% rise. The government of Victoria has offered 12%. "
        "Education Minister Ben Carroll said the government would never go above 14%.\n"))
    assert "Seychelles" not in {p.name for p in d.parties}
    assert _speaker(d, "never go above 14%") == "Victoria"


def test_a_side_named_only_by_a_plural_noun_and_an_unknown_subject(tmp_path: Path) -> None:
    """"The creditors rejected ...": a side with no name is still a side; and after "A
    committee of seven banks ... represents the lenders", "Its chairman" is not the last
    party named."""
    d = _derive(tmp_path, (
        "PARIS, France, Nov. 4, 2025 — Talks between Zambara and its lenders broke up, with "
        "the creditors rejecting a 50% write-down.\n\n"
        "A committee of seven banks, chaired by London-based Halcyon Capital, represents the "
        "lenders. Its chairman, Richard Osei, said a 50% cut was out of the question.\n\n"
        "Zambara's finance minister, Grace Mwila, said the country could not pay more than 40 "
        "cents on the dollar. The creditors also want English law to govern the new bonds.\n"))
    assert {p.name for p in d.parties} == {"Zambara", "Creditors"}
    assert d.mediator is None
    assert _speaker(d, "out of the question") != "Zambara"
    assert _speaker(d, "could not pay more than 40") == "Zambara"
    assert _speaker(d, "want English law") == "Creditors"


def test_a_states_own_agency_and_a_company_in_apposition(tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "Regulators from Argentina and Brazil met in Montevideo.\n\n"
        "Argentina's communications agency, ENACOM, wants the band divided equally. Brazil's "
        "regulator, Anatel, is pressing for a split based on population. Anatel's president, "
        "Carlos Baigorri, said equal thirds would never work.\n\n"
        "Wellington's bus drivers rejected an offer from the city's main operator, Tranzurban, "
        "which has refused to pay more than NZ$29.\n"))
    names = {p.name for p in d.parties}
    assert {"Argentina", "Brazil"} <= names and not {"ENACOM", "Anatel", "New Zealand"} & names
    assert _speaker(d, "equal thirds would never work") == "Brazil"


def test_a_host_that_speaks_only_of_both_sides_is_a_go_between(tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "ASTANA, Kazakhstan, April 2, 2026 — Armenia and Azerbaijan resumed talks on their "
        "border on Tuesday.\n\n"
        "Armenia wants the line drawn on the 1975 maps. Azerbaijan insists on the 1920 maps "
        "and has rejected any other basis. Armenian officials said they would never accept "
        "the 1920 maps.\n\n"
        "Kazakh Foreign Minister Murat Nurtleu, the host, urged both sides to compromise. "
        "\"Both delegations will have to move,\" Nurtleu said. He said the two sides would "
        "meet again in May.\n"))
    assert {p.name for p in d.parties} == {"Armenia", "Azerbaijan", "Kazakhstan"}
    assert d.mediator is not None and d.mediator.party == "Kazakhstan"


def test_a_bare_name_that_acts_can_be_the_company(tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "Talks between the bus drivers' union, First Union, and Tranzurban broke down on "
        "Monday.\n\n"
        "Tranzurban has offered NZ$28.50 an hour. The union wants NZ$32. The company said it "
        "would never pay more than NZ$29.\n"))
    assert {p.name for p in d.parties} == {"Tranzurban", "First Union"}
    assert _speaker(d, "never pay more than") == "Tranzurban"


def test_a_government_the_text_does_not_name_and_people_of_a_party(tmp_path: Path) -> None:
    # A province's ministers speak for "the provincial government", which no name stands
    # for; a union called a Federation is no state; "Aides said" names no body.
    d = _derive(tmp_path, (
        "REGINA, Canada, May 2, 2026 — Talks between Saskatchewan's nurses and the provincial "
        "government resumed on Friday.\n\n"
        "The Prairie Nurses' Federation (PNF) wants a 14% rise over three years. Finance "
        "Minister Dale Moreau said the province \"will never agree to more than 8 per cent.\"\n\n"
        "PNF president Irene Kowal said her members would not accept any deal without "
        "staffing ratios. Aides said she had not rejected the offer outright.\n"))
    names = {p.name for p in d.parties}
    assert names == {"Prairie Nurses' Federation", "Government"}
    assert _speaker(d, "will never agree to more than 8 per cent") == "Government"
    assert "Aides" not in {*names, *d.dropped}


def test_the_dateline_state_a_person_of_a_party_and_an_envoy_of_a_bloc(
        tmp_path: Path) -> None:
    # "Governor X of the Y Party (YP)" names the party, not a body called "X of the Y
    # Party"; the dateline's invented state is the one whose minister speaks; a former
    # minister now speaking as a bloc's envoy speaks for the bloc.
    d = _derive(tmp_path, (
        "PORT ALDA, Meruvia, June 9, 2026 — Talks on sharing power in Meruvia's coastal "
        "province entered a third day, with the Southern African Development Community "
        "envoy chairing the talks.\n\n"
        "Governor Paul Otieno of the Meruvia Democratic Party (MDP) has refused a rerun. "
        "\"There will be no rerun,\" he said. His rival, Ruth Ayodele of the Coastal "
        "Freedom Movement (CFM), says the count was rigged. The CFM wants six seats, and its "
        "chairman, Amos Lema, said five was \"the least we will accept.\"\n\n"
        "The SADC's special envoy, former Zambian trade minister Chola Banda, proposed four "
        "seats. The national government is at the table because it controls the budget. "
        "The Minister for Regions, Hilda Njoroge, who leads the government delegation, said "
        "a 12% royalty share was \"out of the question.\"\n"))
    names = {p.name for p in d.parties}
    assert {"Meruvia Democratic Party", "Coastal Freedom Movement", "Meruvia"} <= names
    assert not any(" of the " in n for n in [*names, *d.dropped])
    assert _speaker(d, "the least we will accept") == "Coastal Freedom Movement"
    assert _speaker(d, "out of the question") == "Meruvia"
    assert d.mediator is not None and d.mediator.party == "Southern African Development Community"


def test_a_state_listed_with_others_and_reporters_outside_the_talks(tmp_path: Path) -> None:
    # Tarnovia is in no country list; it is listed with two states found by their ministers
    # and its people are "Tarnovian". "told reporters outside the talks at a hotel" is where
    # a minister spoke, not a sign that the state stays out.
    d = _derive(tmp_path, (
        "ZURICH, Switzerland, Jan. 5, 2026 — Delegations from Kalvia, Dorsk and Tarnovia "
        "met again on Monday over a rail transit fee.\n\n"
        "Kalvia's Transport Minister, Ivo Renko, said a fee above $4 was ruled out. \"We "
        "will not pay more,\" Renko told reporters outside the talks at a city hotel.\n\n"
        "Dorsk's Finance Minister, Olga Brandt, said Dorsk wants $6 and would never accept "
        "less than $5. Tarnovia, the importer, has proposed $4.50, and the Tarnovian "
        "delegation said a two-year deal was acceptable.\n"))
    assert {p.name for p in d.parties} == {"Kalvia", "Dorsk", "Tarnovia"}
    assert _speaker(d, "We will not pay more") == "Kalvia"
    assert "Kalvia" not in d.outside


def test_a_company_opened_on_its_trade_and_states_named_only_as_examples(
        tmp_path: Path) -> None:
    # "Carmaker Velox" opens on a company; "its district leader for Bavaria" is the union's
    # official, not Bavaria's; "member states, led by Spain and Portugal" names examples of
    # a wider set, not sides at the table; "the 1980s-era line" holds no year.
    d = _derive(tmp_path, (
        "MUNICH, Germany, March 3, 2026 — Carmaker Velox and the engineering union IGT "
        "ended a second day of talks on the future of the 1980s-era Aschau paint line.\n\n"
        "The company's board member for production, Karl Weiss, said Velox would never keep "
        "the line open past 2028. IGT is demanding a guarantee to 2034. Its district leader "
        "for Bavaria, Petra Lang, said the union would never accept compulsory "
        "redundancies.\n\n"
        "A European diplomat said a rescue deal mattered to several member states, led by "
        "Spain and Portugal.\n"))
    assert {p.name for p in d.parties} == {"Velox", "IGT"}
    assert _speaker(d, "never keep the line open") == "Velox"
    assert _speaker(d, "never accept compulsory redundancies") == "IGT"
    options = [str(o) for i in d.draft.scenario["issues"].values() for o in i.get("options", [])]
    assert not any("1980" in o for o in options)


def test_parties_called_by_their_first_word_and_an_office_of_hyphened_words(
        tmp_path: Path) -> None:
    # "Social co-leader X" is of the Social Union; "the Progressives" are the Progressive
    # Bloc, and a "party chair" whose quote names them speaks for them.
    d = _derive(tmp_path, (
        "TALLINN, Estonia, Oct. 2, 2026 — Coalition talks between the Social Union and the "
        "Progressive Bloc went into a fourth week.\n\n"
        "\"A pension age above 67 is a deal-breaker for us,\" said Social co-leader Mart "
        "Kask. The Social Union wants it kept at 65.\n\n"
        "Tax is the Progressive Bloc's price. \"The Progressives would never sign an "
        "agreement that raises the top rate,\" said party chair Liis Tamm.\n"))
    assert {p.name for p in d.parties} == {"Social Union", "Progressive Bloc"}
    assert _speaker(d, "deal-breaker for us") == "Social Union"
    assert _speaker(d, "would never sign an agreement") == "Progressive Bloc"


def test_a_body_in_a_list_its_short_name_and_a_committee_of_creditors(
        tmp_path: Path) -> None:
    # The Pacific Centres for Vaccine Research stops before "and Danish drugmaker"; "the
    # Pacific CVR" is its short name, so "Its director" is its own; the bondholders' own
    # committee is theirs, so its chair speaks for them and not for the official one.
    d = _derive(tmp_path, (
        "SUVA, Fiji, May 5, 2026 — Fiji, the Pacific Centres for Vaccine Research and Danish "
        "drugmaker Norlund Biotech resumed talks on a dengue vaccine.\n\n"
        "The Pacific CVR wants a price of $3 a dose. Its director, Dr. Sione Vea, said a "
        "price above $5 was \"a red line for us.\"\n\n"
        "In separate talks, Fiji's Finance Minister, Mere Tora, met an Official Creditor "
        "Committee (OCC) and a committee of private bondholders. The bondholders want a 20% "
        "haircut, and the bondholders have rejected anything deeper. The bondholder "
        "committee met on Monday. \"We will not accept "
        "a haircut deeper than 35%,\" said the committee's chair, Ian Poole.\n"))
    names = {p.name for p in d.parties}
    assert "Pacific Centres for Vaccine Research" in names
    assert not any(n.endswith("Danish") for n in [*names, *d.dropped])
    assert _speaker(d, "a red line for us") == "Pacific Centres for Vaccine Research"
    assert _speaker(d, "haircut deeper than 35%") == "Bondholders"


@pytest.mark.parametrize(("text", "mediator"), [
    ("OSLO, Norway, May 4, 2026 — State Mediator Ola Berg called the Hospital Workers Union "
     "and the Western Health Authority back to the table. The union wants 9% and said it "
     "would never accept less than 6%. The authority has offered 4%.", "State Mediator"),
    ("GOMA, Congo, May 4, 2026 — Mediators from the Central Lakes Community (CLC) presented "
     "the government and the People's Defence Front (PDF) with a draft. The PDF wants an "
     "amnesty and said it would never disarm first. The government has ruled out an "
     "amnesty.", "Central Lakes Community"),
    ("LIMA, Peru, May 4, 2026 — Ecuador and Colombia resumed talks on a border river. Peru, "
     "which is not a party to the treaty, has hosted and chaired the talks since March. "
     "Ecuador wants 60% of the flow and said 50% was out of the question. Colombia has "
     "offered 45%.", "Peru"),
    ("KYIV, Ukraine, May 4, 2026 — President Ivan Marko named Olha Petrenko, a retired "
     "judge, as informateur and asked her to form a majority. The Farmers Party wants the "
     "finance ministry and said it would never join without it. The Civic Union has "
     "offered the agriculture ministry.", "Olha Petrenko"),
])
def test_mediators_known_by_their_office(tmp_path: Path, text: str, mediator: str) -> None:
    d = _derive(tmp_path, text + "\n")
    assert d.mediator is not None and d.mediator.party == mediator
    assert len({p.name for p in d.parties} - {mediator}) == 2


def test_a_states_agency_with_a_short_name_of_syllables(tmp_path: Path) -> None:
    # "Mexico's Federal Telecommunications Institute (Ifetel)": Ifetel is Mexico's own.
    d = _derive(tmp_path, (
        "LIMA, Peru, June 3, 2026 — Negotiators from Mexico, Peru and Chile met again on "
        "spectrum.\n\nMexico's Federal Telecommunications Institute (Ifetel) opened the band "
        "to Wi-Fi in 2021. \"Mexico will not take back spectrum that households use,\" said "
        "Ifetel commissioner Rosa Ibarra. Peru wants the band for mobile and said a Wi-Fi "
        "band was out of the question. Chile has proposed splitting it.\n"))
    assert "Ifetel" not in {p.name for p in d.parties}
    assert _speaker(d, "will not take back spectrum") == "Mexico"


def test_a_host_that_draws_a_line_and_a_ministry_outside_the_talks(tmp_path: Path) -> None:
    # The host's minister draws a hard line, so her state bargains; "Vietnam's Trade
    # Ministry, which is not part of the talks" puts the ministry outside, not Vietnam.
    d = _derive(tmp_path, (
        "HANOI, Vietnam, May 5, 2026 — Vietnam, Thailand and Japan failed to agree a rice "
        "export floor. Vietnam's Minister of Agriculture, Mai Lan, who hosted the talks, said "
        "the floor was \"a condition of any agreement.\" \"Vietnam will not carry that cost "
        "alone,\" she said.\n\n"
        "Thailand wants a floor of $450 a tonne and said it was not going below $400. Japan "
        "has proposed $380. Vietnam's Trade Ministry, which is not part of the talks, has "
        "backed the idea.\n"))
    assert {p.name for p in d.parties} == {"Vietnam", "Thailand", "Japan"}
    assert d.mediator is None
    assert "Vietnam" not in d.outside


def test_a_city_a_joint_venture_and_a_department_with_a_lower_case_acronym(
        tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "DAVAO CITY, Philippines, July 8, 2026 — The city of Davao and the consortium "
        "building its bus rapid transit line resumed talks on a cost overrun.\n\n"
        "Mindanao Transit Builders (MTB), a joint venture of two local firms, wants the public "
        "side to pay 9 billion pesos. The national Department of Public Works (DPWr) has "
        "joined the talks.\n\n"
        "\"The council has authorised me to go to 4 billion, and we are not going above "
        "that,\" Mayor Ana Reyes told reporters. The consortium's project director, Luis "
        "Tan, said it would be \"very hard\" to keep building if the consortium carried the "
        "whole risk. DPWr Undersecretary for Roads Carlo Lim said the department would "
        "never pay more than a third.\n"))
    assert {p.name for p in d.parties} == {"City of Davao", "Mindanao Transit Builders",
                                           "Department of Public Works"}
    assert _speaker(d, "not going above") == "City of Davao"
    assert _speaker(d, "keep building") == "Mindanao Transit Builders"
    assert _speaker(d, "never pay more than a third") == "Department of Public Works"


def test_two_provinces_their_officials_and_a_commissioner_sent_to_mediate(
        tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "NEUQUEN, Argentina, Feb. 18, 2026 — A federal mediator will bring the provinces of "
        "Neuquen and Rio Negro back to the table over releases from a shared dam.\n\n"
        "Federal Water Commissioner Laura Paz, appointed by the national government to "
        "mediate, said the sides had narrowed their differences.\n\n"
        "\"We will never sign a protocol without compensation,\" Rio Negro Governor Hugo "
        "Diaz told reporters. \"Neuquen will not pay for a storm,\" said Ana Ruiz, "
        "Neuquen's minister of infrastructure. Rio Negro wants a ceiling of 1,500 cubic "
        "metres a second; Neuquen wants 2,400.\n"))
    assert {p.name for p in d.parties} == {"Neuquen", "Rio Negro", "Federal Water Commissioner"}
    assert d.mediator is not None and d.mediator.party == "Federal Water Commissioner"
    assert _speaker(d, "never sign a protocol") == "Rio Negro"
    assert _speaker(d, "will not pay for a storm") == "Neuquen"


def test_a_states_government_a_group_known_by_foreign_initials_and_a_past_host(
        tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "DOHA, Qatar, Oct. 14, 2026 — Qatari mediators said Norvania's government and the "
        "country's largest armed group had agreed to extend their talks, which began after "
        "earlier talks hosted by Ghana collapsed.\n\n"
        "The Popular Liberation Front (FLP, by its French initials) wants 900 detainees "
        "freed. \"A ceasefire before a political deal is out of the question,\" said the "
        "FLP's spokesman, Idriss Moussa. Norvania's government has offered to free 300 and "
        "said it would never release fighters charged with killings.\n"))
    names = {p.name for p in d.parties}
    assert {"Norvania", "Popular Liberation Front"} <= names
    assert "FLP" not in names and "Front" not in names
    assert d.mediator is not None and d.mediator.party == "Qatar"
    assert "Ghana" not in names


def test_two_bodies_that_mediate_jointly(tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "LUSAKA, Zambia, Jan. 20, 2026 — The ruling Zambian Unity Party (ZUP) and the "
        "opposition Alliance for Change (AFC) agreed to keep talking about an election "
        "date.\n\nThe talks are being mediated jointly by the Zambia Conference of Catholic "
        "Bishops and the Council of Churches in Zambia. The ZUP wants the vote in June 2027 "
        "and said it would never accept a date before 2027. The AFC wants it in 2026.\n"))
    assert set(d.mediators) >= {"Zambia Conference of Catholic Bishops",
                               "Council of Churches in Zambia"}
    assert {"Zambian Unity Party", "Alliance for Change"} <= {p.name for p in d.parties}


def test_a_body_of_states_with_labour_in_its_name_is_no_union(tmp_path: Path) -> None:
    # "The unions want that kept" is the two unions' demand, not the International Labour
    # Organization's, which only observes.
    d = _derive(tmp_path, (
        "DHAKA, Bangladesh, May 2, 2026 — Talks between the Garment Workers Federation (GWF), "
        "the Apparel Brands Group (ABG) and factory owners resumed on Monday. The "
        "International Labour Organization (ILO) attends as an observer.\n\n"
        "The brands want inspections every two years. The unions want annual inspections, "
        "and the GWF said it would never accept fewer. The unions want that kept.\n"))
    assert _speaker(d, "The unions want that kept") == "Garment Workers Federation"


def test_officials_in_apposition_and_places_that_are_no_sides(tmp_path: Path) -> None:
    # "X, the union's executive director" and "Y, Brightwell's Asia president" speak for
    # their bodies (a company's president is no state's); "on sale in the United States
    # and Europe" lists places, not sides at the table.
    d = _derive(tmp_path, (
        "TOKYO, Japan, April 2, 2026 — The Japan Health Insurance Fund (JHIF) and Brightwell "
        "Pharma have failed to agree a price for a drug on sale in the United States and "
        "Europe since 2024, after months of talks.\n\n"
        "Mei Tanaka, Brightwell's Asia president, said a price below 40 million yen would be "
        "\"very hard\" to accept. The fund wants 30 million yen.\n\n"
        "In the hockey dispute, Lars Berg, the union's executive director, said: \"We are not "
        "going below 50,\" of the Hockey Players' Association's share.\n"))
    names = {p.name for p in d.parties}
    assert "US" not in names and "EU" not in names
    assert _speaker(d, "very hard") == "Brightwell Pharma"
    assert _speaker(d, "going below 50") == "Hockey Players' Association"


def test_an_issue_is_named_for_what_it_is_about_not_for_who_speaks(tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "ACCRA, Ghana, May 2, 2026 — Ghana and the Chocolate Makers Association (CMA) met "
        "again on who pays for tracing.\n\n"
        "The association has offered to pay 20% of the tracing bill, the association said. "
        "Ghana wants the association to pay 80% and said anything below 50% from the "
        "association was out of the question. The association said 40% was its limit.\n"))
    keys = set(d.draft.scenario["issues"])
    assert keys and not keys & {"association", "ghana", "cma"}


def test_an_airline_a_pilots_association_and_the_state_mediators_office(
        tmp_path: Path) -> None:
    # "Nordlys ASA" is a company; a pilots' association is a union even though it is "not a
    # member" of a confederation (that puts it outside nothing); the mediator's office is
    # read from "at the offices of the State Mediator, Anne Dahl", not from the clause
    # before it; a university and its spokesman; "would not intervene" is no red line.
    d = _derive(tmp_path, (
        "OSLO, Norway, May 29, 2026 — The Nordlys Pilot Association (NPA) and Nordlys ASA "
        "management met for the first time at the offices of the State Mediator, Anne Dahl, "
        "on Friday. The Norwegian Confederation of Trade Unions (LO), of which the NPA is "
        "not a member, said it would back a strike.\n\n"
        "The NPA wants 7.5% and said anything below 5% was out of the question. Nordlys has "
        "offered 3.9%, and the airline said it would never go above 4.4%. Transport "
        "Minister Per Lie said he would not intervene.\n"))
    names = {p.name for p in d.parties}
    assert {"Nordlys Pilot Association", "Nordlys ASA"} <= names
    assert "Nordlys Pilot Association" not in d.outside
    assert d.mediator is not None and d.mediator.party == "State Mediator"
    assert "Norway" not in names


def test_names_with_foreign_connectors_and_hyphens_an_envoy_and_a_side_led_by(
        tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "VIENNA, Austria, March 2, 2026 — Talks between Velmar and Ostrava on the enclave of "
        "Dorn resumed on Monday.\n\n"
        "Karl Lind, a former president of Sweden who was appointed special envoy by the "
        "Organization for Security and Co-operation in Europe (OSCE) in January, said a "
        "text was close.\n\n"
        "Velmar, whose delegation is led by Foreign Minister Ana Petek, wants the enclave "
        "recognised as its own. \"We will not hand over a strip of our territory,\" Petek "
        "said. Ostrava wants joint rule for ten years.\n\n"
        "Separately, the ministry met Energía Ibérica del Norte (EINSA) on a plant. The "
        "utility's chief executive, Luis Mora, said a decade was \"unworkable\" and that it "
        "would never accept less than 15 years.\n"))
    names = {p.name for p in d.parties}
    assert "Organization for Security and Co-operation in Europe" in names
    assert d.mediator is not None and d.mediator.party.startswith("Organization for Security")
    assert _speaker(d, "a strip of our territory") == "Velmar"
    assert _speaker(d, "never accept less than 15 years") == "Energía Ibérica del Norte"
    lines = d.draft.scenario["parties"]["Velmar"].get("red_lines", [])
    assert any("strip of our territory" in str(line["because"]) for line in lines)


def test_a_written_statement_speaks_for_whoever_issued_it(tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "TALLINN, Estonia, Jan. 5, 2026 — The Union of Retail Workers (URW) and the Retail "
        "Employers Council (REC) met on the minimum wage.\n\n"
        "The URW wants 1,900 euros. \"A 30% rise would ruin small shops,\" REC director "
        "Mari Tamm said in a written statement.\n\n"
        "\"Anything above 1,600 euros is something our members could not absorb,\" the "
        "statement said.\n"))
    assert _speaker(d, "could not absorb") == "Retail Employers Council"


def test_two_questions_in_percent_about_different_things_stay_apart(tmp_path: Path) -> None:
    # "12% of revenue" and "85% of the workforce" are two issues, though both are in % and
    # both sentences speak of the concession.
    d = _derive(tmp_path, (
        "LIMA, Peru, May 2, 2026 — The Port Authority of Callao (PAC) and Harbor Lines "
        "Ltd (HLL) resumed talks on the concession.\n\n"
        "The authority wants 18% of revenue from the concession and said it would never "
        "accept less than 12% of revenue. Harbor Lines has offered 9% of revenue from the "
        "concession.\n\n"
        "The authority wants 100% of the workforce kept on under the concession; Harbor "
        "Lines has offered to keep 60% of the workforce and said 85% of the workforce was "
        "out of the question.\n"))
    issues = d.draft.scenario["issues"]
    numeric = [i for i in issues.values() if any("%" in str(o) for o in i.get("options", []))]
    assert len(numeric) == 2, issues


def test_a_company_named_after_its_trade_with_no_article(tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "LIMA, Peru, May 2, 2026 — The Port Authority of Callao (PAC) and operator Harbor "
        "Lines resumed talks on the concession, as did Chilean carrier Andes Air.\n\n"
        "The authority wants 18% of revenue and said it would never accept less than 12%. "
        "Harbor Lines has offered 9% and said 15% was out of the question.\n"))
    assert "Harbor Lines" in {p.name for p in d.parties}
