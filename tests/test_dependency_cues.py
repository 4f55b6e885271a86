"""`--parser`: spaCy's dependency parse finds the speakers the tracker's patterns miss (real pipeline, real files)."""

from __future__ import annotations

import json

from sourcelens.annotate import dependency_cues
from sourcelens.annotate.attribution import annotate_article
from sourcelens.annotate.cues import find_cue
from sourcelens.annotate.segment import segment

from sourcelens.cli import main
from sourcelens.records import Article

ARTICLE = (
    "Council backs new tram line\n"
    "The city council voted 9 to 2 on Tuesday to fund a tram line to the airport.\n"
    "Councillor Ines Marlow, who has opposed every transit budget since 2019, forecast a cost overrun of 40 percent.\n"
    "The line is due to open in 2029.\n"
    "The drivers' union also highlighted that the timetable had not been published before the vote.\n"
)


def test_speakers_the_patterns_miss():
    texts = [
        "Tan also highlighted that the bank had underestimated inflation.",
        "Councillor Ines Marlow, who has opposed every transit budget since 2019, forecast a cost overrun of 40 percent.",
        "An officer of the counterintelligence service, identified in court only as \u201cWitness K.,\u201d testified that the "
        "service first flagged him in April.",
    ]
    assert [find_cue(t) for t in texts] == [None, None, None]  # the patterns miss all three
    cues = dependency_cues.find_cues(texts, [False] * len(texts))
    assert [c.source.text for c in cues] == ["Tan", "Councillor Ines Marlow", "An officer of the counterintelligence service"]
    assert [c.cue.text.split()[0] for c in cues] == ["highlighted", "forecast", "testified"]


def test_the_subject_keeps_its_role_in_the_context():
    cue = dependency_cues.find_cues(["Dr. Paolo Marchetti, a TB specialist who advises aid groups, pointed out that 14% never returned."], [False])[0]
    assert cue.source.text == "Dr. Paolo Marchetti" and "a TB specialist" in cue.context


def test_nobody_speaks_in_passives_quotes_or_plain_sentences():
    texts = [
        "The company was asked to recall every batch made since July.",
        "No illnesses linked to the formula have been confirmed.",
        "\u201cWe said it would work, and it did.\u201d",
        "A classmate noticed the camera and reported it to the police.",
        "The line is due to open in 2029.",
    ]
    assert dependency_cues.find_cues(texts, [False] * len(texts)) == [None] * len(texts)


def test_verbs_of_doing_speak_only_with_a_reported_clause():
    texts = [
        "Police charged a 34-year-old man with murder.",
        "Real Madrid defended its title with a 2-0 win.",
        "The company reported revenue of 4 billion euros.",
        "Prosecutors charged that the mayor took bribes.",
        "Schools Minister Daniel Osei defended the tables, saying parents had a right to know.",
    ]
    cues = dependency_cues.find_cues(texts, [False] * len(texts))
    assert cues[:3] == [None, None, None]
    assert [c.source.text for c in cues[3:]] == ["Prosecutors", "Schools Minister Daniel Osei"]


def test_the_tracker_with_the_parser_names_more_speakers():
    sentences = segment(Article(id="tram", text=ARTICLE))
    plain, parsed = annotate_article(sentences), annotate_article(sentences, parse=True)
    assert [a.source_name for a in plain][2::2] == [None, None]
    assert [a.source_name for a in parsed][2::2] == ["Councillor Ines Marlow", "The drivers' union"]
    assert parsed[2].label == "official_claim" and parsed[4].signals.named_source  # the role and the named body follow
    assert [a.label for a in parsed][1::2] == ["reporter_statement", "reporter_statement"]


def test_cli_parser_flag(runner, tmp_path):
    article = tmp_path / "tram.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(main, ["annotate", str(article), "-o", str(out), "--backend", "rules", "--parser", "-q"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[2]["source_name"] == "Councillor Ines Marlow" and rows[2]["model_version"].endswith("+parser")


def test_cli_parser_flag_without_the_pipeline_is_one_line(runner, tmp_path, monkeypatch):
    monkeypatch.setattr(dependency_cues, "PIPELINES", ("no_such_spacy_pipeline",))
    article = tmp_path / "tram.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(main, ["annotate", str(article), "--backend", "rules", "--parser", "-q"])
    assert result.exit_code == 2 and "pip install 'sourcelens[parser]'" in result.output and "Traceback" not in result.output


def test_the_label_studio_backend_reads_the_parse_it_reports():
    from sourcelens.annotate.backends import RulesBackend
    from sourcelens.studio.ml_backend import Predictor

    predictor = Predictor(RulesBackend(parse=True))
    task = {"id": 7, "data": {"text": "Tan also pointed out that the bank had underestimated inflation.", "previous": "Rates were held."}}
    [result] = predictor.predict([task])
    assert predictor.version.endswith("+parser") and result["model_version"] == predictor.version
    assert result["result"][0]["value"]["choices"] == ["commentator_opinion"]  # Tan speaks (the patterns alone: the reporter)


def test_eval_scores_every_backend_with_the_parser(runner, tiny_model):
    result = runner.invoke(main, ["eval", "--model", str(tiny_model[0]), "--parser", "--bootstrap", "50"])
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if line.startswith("| metric"))
    assert "tiny-1+parser" in header and "rules-2+parser" in header
    assert "speaker accuracy" in result.output
