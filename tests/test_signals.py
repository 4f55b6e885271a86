"""Credibility signals: detection with the speaker in view, inheritance along accounts, gold loading and scoring."""

from __future__ import annotations

import pytest

from sourcelens.annotate import signals
from sourcelens.annotate.attribution import annotate_article
from sourcelens.corpus.authored import CorpusError, parse_article
from sourcelens.eval.signals import signal_scores
from sourcelens.records import INHERITED, Attribution, Sentence


def words(spans):
    return [s.text for s in spans]


@pytest.mark.parametrize("text, expected", [
    ("The minister is believed to have resigned.", ["is believed to"]),
    ("The plan appears to have stalled.", ["appears to"]),
    ("It is unclear whether the talks will resume.", ["It is unclear"]),
    ("\"I think we will win,\" she said.", ["I think"]),
    ("The bank is expected to cut rates.", ["is expected to"]),
    ("Prices could rise again next year.", ["could rise"]),
    ("The rally may fade.", ["may"]),
    ("He reportedly left the country.", ["reportedly"]),
])
def test_hedges_found(text, expected):
    assert words(signals.hedges(text)) == expected


@pytest.mark.parametrize("text", [
    "The company could not be reached for comment.",
    "Talks began in May and ended in June.",
    "The vote was closer than expected.",
    "Smokers were 40 percent more likely to fall ill.",
    "Smoke could be seen across the city.",
])
def test_hedge_look_alikes_are_not_hedges(text):
    assert signals.hedges(text) == []


@pytest.mark.parametrize("mention, context, expected", [
    ("An airport official", "", True),
    ("an insider", "", True),
    ("people briefed on the talks", "", True),
    ("one legal expert", "", True),
    ("Analysts", "", True),
    ("the person", "", True),
    ("A Vantis spokesperson", "A Vantis spokesperson", False),
    ("Dr. Kwame Asante", "", False),
    ("the Foreign Ministry", "", False),
    ("Spokane County elections officials", "", False),
    ("He", "", None),
])
def test_unnamed_speaker(mention, context, expected):
    assert signals.unnamed(mention, context) is expected


@pytest.mark.parametrize("text, expected", [
    ("The union rejected the offer, Reuters reported.", True),
    ("The couple split, according to a new report by E! News.", True),
    ("\"We are tired,\" she told the BBC.", True),
    ("As reported by state television, the army fired first.", True),
    ("The singer reportedly left the tour.", False),  # a hedge, not a relay: no outlet or report is named (docs/labelling_guide.md)
    ("He told the Lakeshore Herald that he would run again.", True),
    ("He told reporters that he would run again.", False),
    ("She told the court that she was innocent.", False),
    ("The Medicines and Healthcare Safety Agency said the drug was safe.", False),
    ("In an interview on Tuesday, Ward said sales fell.", False),
])
def test_relay(text, expected):
    assert bool(signals.relays(text)) is expected


def _article(*paragraphs: str) -> list[Sentence]:
    out, at = [], 0
    for p, para in enumerate(paragraphs):
        for text in para.split("|"):
            out.append(Sentence("t", len(out), p, at, at + len(text), text))
            at += len(text) + 1
    return out


def test_anonymous_speaker_and_spokesperson_of_a_named_body():
    rows = annotate_article(_article(
        "Headline",
        "An airport official said three employees had been killed.",
        "A Vantis spokesperson, who did not wish to be named, said the data had been stolen.",
        "A person close to the singer, who asked not to be named, said there had been no drama.",
    ))
    assert words(rows[1].signals.anonymous) == ["An airport official"] and rows[1].signals.named_source is False
    assert rows[2].signals.anonymous == [] and rows[2].signals.named_source is True
    assert rows[3].signals.anonymous and rows[3].signals.named_source is False


def test_anonymity_and_relay_are_inherited_along_the_account():
    rows = annotate_article(_article(
        "Headline",
        "\"The runway is damaged,\" an airport official told the Eastern Courier.|\"We do not know when we will reopen.\"",
        "The ministry said the airport would reopen on Monday.",
    ))
    first, continued, other = rows[1].signals, rows[2].signals, rows[3].signals
    assert first.anonymous and first.relay
    assert continued.anonymous == [INHERITED] and continued.relay == [INHERITED] and continued.named_source is False
    assert other.anonymous == [] and other.relay == [] and other.named_source is True


def test_an_outlet_speaking_is_a_named_relay():
    rows = annotate_article(_article("Headline", "Reuters reported that the union had rejected a new offer.|The union wanted a 9 percent rise, the report said."))
    assert rows[1].signals.relay and rows[1].signals.named_source is True and rows[1].signals.anonymous == []
    assert rows[2].signals.relay


def test_reporter_sentence_has_no_named_source():
    rows = annotate_article(_article("Headline", "It is unclear whether the port will reopen."))
    assert rows[1].signals.named_source is None and words(rows[1].signals.hedges) == ["It is unclear"]


ROW = {"id": "sig-1", "paragraphs": [[{"text": "Headline", "label": "reporter_statement"}], [
    {"text": "People familiar with the matter told the Ledger that talks had stalled.", "label": "commentator_opinion",
     "signals": {"anonymous": ["People familiar with the matter"], "relay": ["told the Ledger"]}},
    {"text": "Those talks broke down over debt, the people said.", "label": "commentator_opinion", "signals": {"anonymous": ["the people"], "inherits": ["relay"]}},
    {"text": "The company declined to comment.", "label": "reporter_statement"},
]]}


def test_corpus_signals_load_with_inheritance_and_derived_named_source():
    gold = parse_article(ROW).sentences
    assert gold[0].signals is not None and gold[0].signals.hedges == [] and gold[0].signals.named_source is None
    assert gold[1].signals.relay[0].text == "told the Ledger" and gold[1].signals.named_source is False
    assert gold[2].signals.relay == [INHERITED] and gold[3].signals.anonymous == []
    unannotated = parse_article({"id": "x", "paragraphs": [[{"text": "Headline", "label": "reporter_statement"}]]})
    assert unannotated.sentences[0].signals is None
    checked = parse_article({"id": "x", "signals_checked": True, "paragraphs": [[{"text": "Headline", "label": "reporter_statement"}]]})
    assert checked.sentences[0].signals is not None


@pytest.mark.parametrize("bad", [{"hedge": ["nowhere"]}, {"inherits": ["hedge"]}, {"colour": []}, {"hedge": "may"}])
def test_corpus_signals_refused_when_malformed(bad):
    row = {"id": "x", "paragraphs": [[{"text": "Headline may", "label": "reporter_statement", "signals": bad}]]}
    with pytest.raises(CorpusError):
        parse_article(row)


def test_signal_scores_only_over_annotated_sentences():
    gold = parse_article(ROW).sentences + parse_article({"id": "y", "paragraphs": [[{"text": "Headline", "label": "reporter_statement"}]]}).sentences
    predicted = annotate_article([g.sentence for g in gold[:4]]) + [Attribution("reporter_statement", {})]
    scores = signal_scores(gold, predicted)
    assert scores["n"] == 4 and scores["articles"] == 1
    assert scores["per_signal"]["relay"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "gold": 2, "predicted": 2}
    assert scores["per_signal"]["anonymous"]["recall"] == 1.0


def test_officials_placed_by_country_or_rank_name_nobody():
    """ "U.S. officials", "Western diplomats", "Federal investigators": where they sit, not who they are."""
    from sourcelens.annotate.signals import unnamed

    assert unnamed("U.S. officials") is True
    assert unnamed("Western diplomats") is True
    assert unnamed("Federal investigators") is True
    assert unnamed("Spokane County elections officials") is False  # a named body's officials
    assert unnamed("Police") is False


def test_research_nobody_names_is_unnamed():
    from sourcelens.annotate.signals import unnamed

    assert unnamed("Studies") is True and unnamed("Some studies") is True and unnamed("several surveys") is True
    assert unnamed("Health's weekly surveillance reports") is False  # a named department's reports
    assert unnamed("Experts and brokerages") is True  # no conjunct names anyone
    assert unnamed("one estimate") is True and unnamed("a flash estimate from the statistics office") is False
    assert unnamed("the country's water and energy directorate") is False  # an "and" inside one body's name


def test_hedges_of_report_frames_estimates_and_beliefs():
    from sourcelens.annotate.signals import hedges

    def words(text: str) -> list[str]:
        return [s.text for s in hedges(text)]

    assert words("There are also signs that smugglers are charging less.") == ["There are also signs that"]
    assert words("At least 41 people are feared dead after the boat capsized.") == ["feared dead"]
    assert words("She estimated that the cut would add 0.3 points to inflation.") == ["estimated"]
    assert words("Quiroga expects two more cuts before the end of the year.") == ["expects"]
    assert words("Sales rose more than expected.") == []


def test_relays_through_media_quotes_and_report_frames():
    from sourcelens.annotate.signals import relays

    def words(text: str) -> list[str]:
        return [s.text for s in relays(text)]

    assert words("Two crew are missing, state media say") == ["state media say"]
    assert words("The other three were found alive, the spokesman was quoted as saying.") == ["was quoted as saying"]
    assert words("There are reports that some families have returned.") == ["There are reports"]
    assert words("In an article for a weekly magazine, Osmani wrote that the army was stretched.") == ["In an article for a weekly magazine"]
    assert words("Police told reporters that two men were held.") == []


def test_vague_groups_holding_a_view_are_anonymous():
    from sourcelens.annotate.signals import unnamed, vague_sources

    assert [s.text for s in vague_sources("Some analysts link the rise to the fighting.")] == ["Some analysts"]
    assert unnamed("Patient advocates") is True


def test_hedges_of_estimates_in_reports_and_unknowables():
    from sourcelens.annotate.signals import hedges

    assert [s.text for s in hedges("The think tank estimated in a 2023 report that one in four failed.")] == ["estimated"]
    assert [s.text for s in hedges("It was too early to say whether demand would recover.")] == ["too early to say"]
    assert [s.text for s in hedges("There are signs the public has noticed.")] == ["There are signs"]


# --- a battery of news forms (written for these tests), each with look-alikes that must not fire ---------

@pytest.mark.parametrize("text, expected", [
    ("The ceasefire appears to be holding in most of the north.", ["appears to"]),
    ("It sounded like a second blast, one resident said.", ["sounded like"]),
    ("The minister hinted that the tax would be dropped.", ["hinted that"]),
    ("It appears the files were deleted before the raid.", ["It appears"]),
    ("It was not immediately known how many people were inside.", ["It was not immediately known"]),
    ("The motive for the attack remains unclear.", ["remains unclear"]),
    ("Whether the deal survives the election remains to be seen.", ["remains to be seen"]),
    ("Officials may not be able to reopen the road before winter.", ["may not"]),
    ("The plant could close by the end of the year.", ["could close"]),
    ("A longer strike could cost the region $40 million a week.", ["could cost"]),
    ("The alleged ringleader fled to Spain.", ["alleged"]),
    ("Police said it was an apparent robbery.", ["apparent"]),
    ("Analysts expect the company to miss its target.", ["expect"]),
    ("He said he expected the bill to pass easily.", ["expected"]),
    ("The death toll is projected to rise above 100.", ["is projected to"]),
    ("The data indicate that growth slowed in March.", ["data indicate"]),
    ("Early results suggest that the vaccine works in older adults.", ["results suggest"]),
    ("The man is suspected of setting the fire.", ["is suspected"]),
    ("Rescuers found the wreck of the suspected smuggling boat.", ["suspected"]),
    ("\"I don't think the market has bottomed,\" she said.", ["I don't think"]),
    ("Hendricks thinks the merger will be blocked.", ["thinks"]),
    ("In my view, the court got this wrong.", ["In my view"]),
    ("Nobody knows how many fighters are left.", ["Nobody knows"]),
    ("The estimated cost has doubled since 2021.", ["estimated"]),
    ("Prices tend to fall after the harvest.", ["tend to"]),
    ("The claims, if confirmed, would end his career.", ["if confirmed"]),
    ("The bank will almost certainly raise rates.", ["almost certainly"]),
    ("The gunman is now thought to have acted alone.", ["is now thought to"]),
    ("It is widely believed that the vote was rigged.", ["It is widely believed that"]),
    ("\"I thought it was fireworks,\" one neighbour said.", []),  # a belief recounted (the corpus never marks it)
])
def test_hedge_battery(text, expected):
    assert words(signals.hedges(text)) == expected


@pytest.mark.parametrize("text", [
    "The two men are due to appear in court on Monday.",
    "He appeared at the hearing by video link.",
    "The name does not appear anywhere in the report.",
    "Police arrested three men suspected of smuggling cigarettes.",
    "She said she could afford the rent on her own.",
    "Before they could decide cases, new staff needed six months of training.",
    "He ran as fast as he could.",
    "The claims could not be independently verified.",
    "Neither account could be independently verified.",
    "A poll of likely Republican voters showed a tie.",
    "I believe in second chances.",
    "The vote may only be held in person.",
    "Turnout was higher than expected.",
    "The damage was worse than previously thought.",
    "She thought about the offer for a week.",
    "The board meets again in May.",
])
def test_hedge_battery_look_alikes(text):
    assert signals.hedges(text) == []


@pytest.mark.parametrize("mention, expected", [
    ("a police officer at the scene", True),
    ("a Republican senator", True),
    ("one mother", True),
    ("Protesters", True),
    ("the woman", True),
    ("Guardia Civil sources", True),
    ("Others", True),
    ("the senator", False),  # points back to a senator the article named
    ("the Hamas fighters", False),  # a named group's
    ("Analysts at Brennan Capital", False),  # a named firm's research
    ("Prosecutors", False),  # an office
    ("a patient", True),  # lay people name nobody, as residents and witnesses do
    ("the patient", True),
    ("Commuters", True),
    ("advisers to the president", True),  # the head is "advisers", not "president"
    ("an adviser to Senator Ruiz", True),  # the adviser is not named, the senator is
    ("Chinese authorities", True),  # which office, the reader is not told
    ("Forecasters", True),
    ("the plan's backers", True),
    ("White House aides", True),  # people around a body speak for themselves, not its office
    ("the president's aides", True),
    ("Spokane County elections officials", False),  # the office speaks
    ("Mercer Advisors", False),  # a firm's name
    ("a source in the company's press service", True),  # the source speaks, not the press service
])
def test_unnamed_roles_groups_and_named_bodies(mention, expected):
    assert signals.unnamed(mention) is expected


@pytest.mark.parametrize("text, expected", [
    ("The senator plans to retire, said a longtime aide who asked not to be named.", ["a longtime aide"]),
    ("A customs official who was not authorised to speak publicly said the inspector had been moved.", ["A customs official"]),
    ("The company is for sale, according to one person briefed on the talks.", ["one person briefed on"]),
    ("Many economists expect a second cut in June.", ["Many economists expect"]),
    ("The move was approved by unnamed officials in the ministry.", ["unnamed officials"]),
    ("The tariff will cost jobs, say trade experts.", ["trade experts"]),
    ("The tariff will cost jobs, said economists at two banks.", ["economists"]),
    ("According to analysts, the merger will take a year.", ["analysts"]),
    ("U.S. officials have accused the group of the attack.", ["U.S. officials have accused"]),
    ("Critics have questioned the levy.", ["Critics have questioned"]),
    ("Critics have raised concerns about the levy.", ["Critics have raised"]),
    ("Forecasters expect snow by the weekend.", ["Forecasters expect"]),
    ("Studies have shown that the drug cuts relapse rates.", ["Studies have shown"]),
    ("The market will recover by spring, by some estimates.", ["by some estimates"]),
    ("Rates will rise again this year, with forecasters predicting a slowdown.", ["with forecasters predicting"]),
    ("The merger is opposed by critics of the deal.", ["opposed by critics"]),
    ("Cheap money keeps weak firms alive, the thinking goes.", ["the thinking goes"]),
    ("It is widely believed that the vote was rigged.", ["It is widely believed that"]),
    ("Rates will fall by June, according to Wall Street.", ["Wall Street"]),
])
def test_vague_sources_in_sentences_without_a_resolved_speaker(text, expected):
    assert words(signals.vague_sources(text)) == expected


@pytest.mark.parametrize("text", [
    "Sarah Whitmore, an economist at the Southern Institute, said the cost was lower.",
    "The minister said the plan was on track.",
    "Residents of the building were evacuated on Sunday.",
    "Its chairman, Bolat Iskakov, said workers at the mine were now afraid to speak.",  # the workers are the claim's subject
    "He said officials would decide by Friday.",
    "The union said its members would strike.",
    "A poll by Harbour Opinion Research found the mayor ahead.",  # a named pollster, not "research found"
    "What the data show",
    "Local traders call for more street lighting.",
    "Rates will fall, according to Wall Street Journal reporting.",
    "Officials called the meeting for 3 p.m.",  # deeds, not views
    "Opponents raised $2 million for the campaign.",
    "Investors saw shares fall 4%.",
    "The Red Cross and other organizations raised $5 million.",
    "The story goes back to 1998.",
    "The bid was praised by analysts at Morgan Stanley.",  # a named firm's analysts
])
def test_vague_source_look_alikes(text):
    assert signals.vague_sources(text) == []


def test_anonymous_sources_in_articles():
    rows = annotate_article(_article(
        "Headline",
        "Crews battled the blaze for six hours before bringing it under control, and no injuries were reported, a fire department official told reporters.",
        "The agency's director, Mark Tate, was fired on Thursday, two people with knowledge of the decision told the Lakeshore Herald.",
        "Sarah Whitmore, an economist at the Southern Institute, put the cost at $650 million.",
        "A neighbour, who gave her name only as Margaret, said the family had lived there for a decade.",
        "A spokesman for the ministry, who asked not to be named, said the figures were accurate.",
    ))
    assert rows[1].signals.anonymous and rows[1].signals.named_source is False
    assert rows[2].signals.anonymous and rows[2].signals.relay
    assert rows[3].signals.anonymous == []
    assert rows[4].signals.anonymous == []  # a first name is a name, if a thin one
    assert rows[5].signals.anonymous == []  # a named body's spokesperson


@pytest.mark.parametrize("text, expected", [
    ("An Italian news agency reported, citing the coast guard, that 40 people were missing.", ["An Italian news agency reported"]),
    ("A regional news website, Darran Today, reported that an explosion was heard.", ["A regional news website, Darran Today, reported"]),
    ("In an interview with national television, the minister said the army was ready.", ["In an interview with national television"]),
    ("He said in a radio interview that yields had fallen.", ["in a radio interview"]),
    ("She told a farming podcast that her yields had fallen by a third.", ["told a farming podcast"]),
    ("The singer revealed to E! News that the tour was off.", ["revealed to E! News"]),
    ("Israeli media reported that the talks had stalled.", ["Israeli media reported"]),
    ("The couple split last month, per TMZ.", ["per TMZ"]),
    ("Emails obtained by The Washington Post show the plan was drafted in May.", ["obtained by The Washington Post"]),
    ("He told WSB-TV that the road would stay closed.", ["told WSB-TV"]),
    ("In comments to Reuters, the minister said talks had stalled.", ["In comments to Reuters"]),
    ("The band said in a statement given to Rolling Stone that the tour was off.", ["in a statement given to Rolling Stone"]),
    ("In a new Variety cover story, the director said the film was finished.", ["In a new Variety cover story"]),
    ("He said in an interview published Tuesday in The Atlantic that he regretted the vote.", ["in an interview published Tuesday in The Atlantic"]),
    ("In his first interview since the verdict, published in Politico, he said he would appeal.", ["In his first interview since the verdict, published in Politico"]),
    ("Writing in the Financial Times, the economist said rates would fall.", ["Writing in the Financial Times"]),
])
def test_relay_battery(text, expected):
    assert words(signals.relays(text)) == expected


@pytest.mark.parametrize("text", [
    "The ministry said, citing rising costs, that fares would rise.",
    "He spoke to the committee on Tuesday.",
    "She told a news conference that the vote would go ahead.",
    "WHO said the outbreak was over.",
    "KPMG said profits rose.",
    "The minister told this newspaper that she would not resign.",
    "She wrote on Facebook that she was recovering.",
    "In a statement to reporters, the mayor said the road would reopen.",
    "In a letter to shareholders, the chief executive said profits would fall.",
    "The findings were published in Nature on Monday.",
    "In an interview with the committee, he said he had not seen the memo.",
])
def test_relay_battery_look_alikes(text):
    assert signals.relays(text) == []


def test_the_articles_own_outlet_relays_nothing():
    texts = ["WASHINGTON (Reuters) - The Senate passed the bill on Tuesday.", "\"It is a good day,\" Senator Jane Roe told Reuters."]
    own = signals.own_outlets(texts)
    assert own == {"reuters"}
    assert signals.decide(texts[1], "Senator Jane Roe", article_outlets=own).relay == []
    assert signals.decide("Roe told the BBC the vote was close.", "Roe", article_outlets=own).relay
    assert signals.own_outlets(["The Ledger could not independently verify the footage."]) == {"ledger"}
    assert signals.own_outlets(["The footage could not be verified."]) == frozenset()


@pytest.mark.parametrize("text, expected", [
    ("Independent experts said the trial was sound.", False),  # "Independent" as an adjective, not the newspaper
    ("Hill said the bill would pass.", False),  # a person called Hill
    ("The Hill reported that the bill would pass.", True),
    ("Radio Kilele reported the attack.", True),
])
def test_outlet_names_that_are_common_words(text, expected):
    assert bool(signals.relays(text)) is expected


@pytest.mark.parametrize("metadata, expected", [
    ({"outlet": "The Ridgeway Herald", "url": "https://example.org/x"}, "The Ridgeway Herald"),
    ({"url": "https://www.cnbc.com/2019/11/05/story.html"}, "cnbc"),
    ({"url": "hosted.ap.org/dynamic/stories/x"}, "ap"),
    ({"url": "https://www.bbc.co.uk/news/world-1"}, "bbc"),
    ({"topic": "courts"}, None),
    ({"url": 7}, None),
])
def test_article_outlet_from_an_input_rows_outlet_or_url(metadata, expected):
    assert signals.article_outlet(metadata) == expected


def test_an_outlet_given_by_its_web_name_or_initials_is_the_articles_own():
    assert signals.relays("He told The Associated Press that he would run.", signals.own_outlets([], "ap")) == []
    assert signals.relays("She tells The Hollywood Reporter that she is done.", signals.own_outlets([], "hollywoodreporter")) == []
    assert signals.relays("He told Reuters that he would run.", signals.own_outlets([], "ap"))  # another outlet still relays
    assert signals.relays("She told the Times that she is done.", signals.own_outlets([], "The Ridgeway Herald"))


def test_a_body_named_after_the_press_is_no_outlet():
    """ "the Press Freedom Observatory" is a research body, "the Lakeshore Press" a paper: no relay through the first."""
    assert not signals.is_outlet("the Press Freedom Observatory") and not signals.is_outlet("Press Freedom Watch")
    assert signals.is_outlet("the Lakeshore Press") and signals.is_outlet("the Observer")
    assert signals.relays("A 2023 study by the Press Freedom Observatory found that news sites fell by a third.") == []


def test_a_document_obtained_by_an_outlet_stays_relayed_wherever_it_speaks():
    rows = annotate_article(_article(
        "Label hits back",
        "On Monday, Harbour Records issued a statement about the dispute.",
        "The statement, which was obtained by Variety, claimed that the singer had been offered a new deal.",
        "The singer's lawyers say no offer was made.",
        "\u201cWe have always acted in good faith,\u201d the statement continued.",
        "The label later answered her in a separate statement on its website.|\u201cWe wish her well,\u201d the statement read.",
    ))
    assert words(rows[2].signals.relay) == ["obtained by Variety"] and rows[2].source_name == "Harbour Records"
    assert rows[4].source_name == "Harbour Records" and rows[4].signals.relay == [INHERITED]  # the same statement, sentences later
    assert rows[6].signals.relay == []  # a new statement, posted by the label itself


@pytest.mark.parametrize("sentence, speaker", [
    ("Organizations that seek to combat political misinformation cried foul.", "Organizations"),
    ("Outside groups that have pushed for a ban welcomed the vote.", "Outside groups"),
])
def test_a_group_described_by_a_that_clause_speaks_and_names_nobody(sentence, speaker):
    row = annotate_article(_article("Party edits video", sentence))[1]
    assert row.source_name == speaker and row.signals.anonymous and row.signals.named_source is False


@pytest.mark.parametrize("sentence", [
    "Two containers had left the port before a customs inspector noticed that a consignment weighed too much.",
    "Few of the prosecutions that follow are reported in as much detail.",
    "About one in five containers passes through a scanner, a share that the government has promised to raise.",
])
def test_that_opening_a_clause_of_its_own_makes_no_speaker(sentence):
    assert annotate_article(_article("Port checks", sentence))[1].source_name is None


@pytest.mark.parametrize("sentence, expected", [
    ("It was the efforts of a family friend who spotted the car and called 911.", []),
    ("Two residents who had refused to leave were rescued by a deputy.", []),
    ("If scientists found such cells outside the nose, they wrote them off as mistakes.", []),
    ("A security official who was not authorised to speak publicly said the talks had stalled.", ["A security official"]),
    ("Scientists found signs of the receptors in the gut.", ["Scientists found"]),
])
def test_a_vague_source_must_speak_and_not_be_hypothetical(sentence, expected):
    assert words(signals.vague_sources(sentence)) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Analysts expect the number of electric cars for sale in the country to grow from 16 to 80.", ["expect"]),
    ("Carwise expects 16.6 million vehicles will be sold this year.", ["expects"]),
    ("There is no reason to believe he cannot keep that up.", []),
    ("It depends on whether he believes the deal will help him.", []),
    ("“I thought it was money trouble,” she said.", []),  # a belief recounted, no claim hedged
    ("He said he thought the campaign was meant to shock.", ["he thought"]),  # an opinion reported
    ("The ship is thought to have sunk in the storm.", ["is thought to"]),
    ("Smog has cut 3.2 years from lives in the city, according to one estimate.", ["according to one estimate"]),
    ("Research on the cell could offer a glimpse of how organs work together.", ["could offer"]),
    ("He declined to say when the network might change its strategy.", []),  # a question, no claim
])
def test_hedges_of_expectation_and_belief(sentence, expected):
    assert words(signals.hedges(sentence)) == expected
