"""Choosing what people label: uncertain sentences ranked over the whole batch (no server needed)."""

from __future__ import annotations

from sourcelens.records import AnnotatedSentence, Attribution, HumanLabel, Sentence
from sourcelens.studio.interface import DISPLAY, check_config, label_config
from sourcelens.studio.tasks import read_result, select_uncertain, top_score


def row(article: str, index: int, top: float) -> AnnotatedSentence:
    """A sentence the model labels official_claim with probability `top` (the rest split evenly)."""
    text = f"Sentence {index} of {article}."
    rest = (1.0 - top) / 2
    scores = {"official_claim": top, "commentator_opinion": rest, "reporter_statement": rest}
    return AnnotatedSentence(Sentence(article, index, 0, 0, len(text), text), Attribution("official_claim", scores), "m-1")


def test_uncertain_picks_are_ranked_over_the_batch_with_a_per_article_cap():
    hard = [row("hard", i, top) for i, top in enumerate([0.40, 0.42, 0.45, 0.48, 0.50])]
    easy = [row(f"easy-{i}", 0, 0.99) for i in range(6)]  # round-robin over articles would take these first
    medium = [row("medium", 0, 0.70)]
    batch = easy + hard + medium

    picked = select_uncertain(batch, 4, per_article=3)
    assert [r.sentence.id for r in picked] == ["hard#0", "hard#1", "hard#2", "medium#0"]  # the cap sends the 4th pick to the next article
    assert max(top_score(r) for r in picked) == 0.70

    uncapped = select_uncertain(batch, 4, per_article=10)
    assert [r.sentence.id for r in uncapped] == ["hard#0", "hard#1", "hard#2", "hard#3"]

    one_article = select_uncertain(hard, 5, per_article=2)  # the cap never leaves the batch short
    assert [r.sentence.id for r in one_article] == ["hard#0", "hard#1", "hard#2", "hard#3", "hard#4"]
    assert select_uncertain(batch, 0) == []


def test_choices_show_display_names_and_store_the_schema_label():
    xml = label_config()
    assert '<Choice value="Official claim" alias="official_claim"' in xml and check_config(xml) is None
    for stored in ("commentator_opinion", DISPLAY["commentator_opinion"]):  # a config without aliases stores the display name
        result = [{"from_name": "label", "to_name": "sentence", "type": "choices", "value": {"choices": [stored]}}]
        assert read_result(result, "Analysts doubt it.").label == "commentator_opinion"
    without_alias = xml.replace(' alias="official_claim"', "")
    assert check_config(without_alias) is None  # stores "Official claim", which pull reads as official_claim


def test_an_annotation_that_did_not_start_from_the_prediction_is_not_an_acceptance():
    shown = dict(sentence_id="a#1", annotator="ana", label="official_claim", shown_label="official_claim", shown_model_version="m-1")
    assert HumanLabel(**shown, started_from="prediction").accepted is True
    assert HumanLabel(**shown, started_from="blank").accepted is None
    assert HumanLabel(**shown, started_from="annotation").accepted is None
    assert HumanLabel(**shown).accepted is True  # a snapshot pulled before started_from was recorded reads as before
    old_row = {k: v for k, v in HumanLabel(**shown).to_json().items() if k != "started_from"}
    assert HumanLabel.from_json(old_row).started_from is None
