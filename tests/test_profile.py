"""The sourcing profile on an article built for the purpose: every number known in advance."""

from __future__ import annotations

import pytest

from sourcelens.annotate.pipeline import annotate_texts
from sourcelens.annotate.profile import NO_SPEAKER, profile_lines, sourcing_profile
from sourcelens.records import AnnotatedSentence, Attribution, Sentence, Signals, Span

ARTICLE = """Port strike enters its second week
The port of Veldhaven has been closed since Monday.
The transport ministry said on Tuesday that talks would resume on Friday. The ministry added that the army could be called in.
An airport official said flights were likely to be cancelled. The official said fuel was running low.
Reuters reported that the union had rejected a new offer. The union wanted a 9 percent rise, the report said.
Analyst Mara Quist said the strike would probably last another week.
Dock workers are paid less than at rival ports. It is unclear whether they will strike again."""
# 11 sentences; 7 claims: the ministry (2, official, one hedged), an airport official (1, official, unnamed, hedged),
# "the official" (1, official, unnamed), Reuters (2, media, relayed), Mara Quist (1, commentator, hedged);
# the reporter hedges once ("It is unclear whether").


@pytest.fixture(scope="module")
def profile():
    return sourcing_profile(annotate_texts(ARTICLE, backend="rules"))


def test_counts_and_shares(profile):
    assert profile.sentences == 11 and profile.claims == 7
    assert profile.type_share == pytest.approx({"official": 4 / 7, "commentator": 1 / 7, "media": 2 / 7})
    assert (profile.unnamed, profile.relayed, profile.hedged, profile.reporter_hedged) == (2, 2, 3, 1)
    assert profile.unnamed_share == pytest.approx(2 / 7) and profile.relayed_share == pytest.approx(2 / 7)
    assert profile.hedged_share == pytest.approx(3 / 7)
    assert profile.largest_source_share == pytest.approx(2 / 7)


def test_speakers_ranked_by_claims(profile):
    ranked = [(s.name, s.type, s.sentences, s.unnamed, s.relayed, s.hedged) for s in profile.sources]
    assert ranked == [
        ("The transport ministry", "official", 2, 0, 0, 1),
        ("Reuters", "media", 2, 0, 2, 0),
        ("An airport official", "official", 1, 1, 0, 1),
        ("The official", "official", 1, 1, 0, 0),
        ("Analyst Mara Quist", "commentator", 1, 0, 0, 1),
    ]


def test_terminal_lines(profile):
    text = "\n".join(profile_lines(profile))
    assert "claims 7 (64%)" in text and "unnamed sources: 2 (29%)" in text and "relayed: 2 (29%)" in text
    assert "hedged: 3 (43%)" in text and "  2  The transport ministry [official]" in text


def test_claims_without_a_speaker_and_the_model_label_decides_the_type():
    s = Sentence("a", 0, 0, 0, 10, "x")
    rows = [
        AnnotatedSentence(s, Attribution("official_claim", {}, source_type="commentator", source_name="Liu"), "m"),
        AnnotatedSentence(s, Attribution("commentator_opinion", {}, signals=Signals(anonymous=[Span(0, 1, "x")], named_source=False)), "m"),
        AnnotatedSentence(s, Attribution("reporter_statement", {}), "m"),
    ]
    p = sourcing_profile(rows)
    assert p.claims == 2 and p.type_share["official"] == 0.5 and p.unnamed == 1
    assert [(x.name, x.type) for x in p.sources] == [("Liu", "official"), (NO_SPEAKER, "commentator")]
    with pytest.raises(ValueError):
        sourcing_profile([])
