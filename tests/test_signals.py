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
    ("The singer reportedly left the tour.", True),
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
