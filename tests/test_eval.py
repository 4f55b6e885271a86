"""Evaluation: metrics against scikit-learn, deterministic bootstrap, agreement on
hand-made annotation sets, the report end to end on a tiny model, the registry."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sourcelens.annotate.attribution import RULES_VERSION
from scipy.stats import binomtest
from sklearn.metrics import accuracy_score, cohen_kappa_score, f1_score

from sourcelens.eval.agreement import acceptance_rate, inter_annotator, majority, model_vs_majority
from sourcelens.eval.metrics import classification_scores
from sourcelens.eval.spans import span_scores
from sourcelens.eval.stats import bootstrap_macro_f1, calibration, mcnemar, paired_bootstrap_difference
from sourcelens.records import LABELS, HumanLabel, Span

O, C, R = LABELS
GOLD = [O, O, O, C, C, C, R, R, R, R, O, C]
PRED = [O, O, C, C, C, R, R, R, R, O, O, C]
OTHER = [O, C, O, C, O, R, R, R, O, O, O, C]


def test_classification_scores_match_scikit_learn():
    scores = classification_scores(GOLD, PRED)
    assert scores["macro_f1"] == round(f1_score(GOLD, PRED, average="macro", labels=list(LABELS)), 4)
    assert scores["accuracy"] == round(accuracy_score(GOLD, PRED), 4)
    assert scores["kappa"] == round(cohen_kappa_score(GOLD, PRED), 4)
    assert scores["confusion"]["matrix"] == [[3, 1, 0], [0, 3, 1], [1, 0, 3]]
    assert scores["per_class"][R]["support"] == 4


def test_bootstrap_is_deterministic_under_a_seed():
    a = bootstrap_macro_f1(GOLD, PRED, samples=300, seed=7)
    b = bootstrap_macro_f1(GOLD, PRED, samples=300, seed=7)
    c = bootstrap_macro_f1(GOLD, PRED, samples=300, seed=8)
    assert a == b and (a.low, a.high) != (c.low, c.high)
    assert a.estimate == pytest.approx(f1_score(GOLD, PRED, average="macro"))
    assert a.low <= a.estimate <= a.high
    d1 = paired_bootstrap_difference(GOLD, PRED, OTHER, samples=300, seed=7)
    assert d1 == paired_bootstrap_difference(GOLD, PRED, OTHER, samples=300, seed=7)
    assert d1["estimate"] == pytest.approx(f1_score(GOLD, PRED, average="macro") - f1_score(GOLD, OTHER, average="macro"), abs=1e-4)


def test_mcnemar_counts_discordant_pairs():
    result = mcnemar(GOLD, PRED, OTHER)
    only_pred = sum(g == p != o for g, p, o in zip(GOLD, PRED, OTHER))
    only_other = sum(g == o != p for g, p, o in zip(GOLD, PRED, OTHER))
    assert (result["only_a_correct"], result["only_b_correct"]) == (only_pred, only_other) == (3, 1)
    assert result["p_value"] == pytest.approx(binomtest(3, 4, 0.5).pvalue)


def test_calibration_on_a_hand_computed_case():
    # two bins used: 0.9-1.0 holds confidences .95 and .95 (one right) and 0.5-0.6 holds .55 (right)
    result = calibration([O, O, C], [O, C, C], [0.95, 0.95, 0.55], bins=10)
    assert [b["count"] for b in result["bins"]] == [1, 2]
    assert result["ece"] == pytest.approx((1 / 3) * abs(1 - 0.55) + (2 / 3) * abs(0.5 - 0.95), abs=1e-4)


def test_span_scores_exact_and_overlap():
    gold = [Span(0, 12, "The ministry"), Span(4, 8, "Dr X"), None, Span(0, 2, "He")]
    pred = [Span(0, 12, "The ministry"), Span(0, 8, "Our Dr X"), Span(0, 3, "Who"), None]
    scores = span_scores(gold, pred)
    assert scores["exact"] == {"precision": round(1 / 3, 4), "recall": round(1 / 3, 4), "f1": round(1 / 3, 4)}
    assert scores["overlap"]["precision"] == round(2 / 3, 4) and scores["overlap"]["recall"] == round(2 / 3, 4)


def human(sentence: str, annotator: str, label: str, shown: str | None = None, version: str | None = None) -> HumanLabel:
    return HumanLabel(sentence, annotator, label, shown_label=shown, shown_model_version=version)


def test_agreement_for_two_annotators_matches_hand_computed_kappa_and_alpha():
    pairs = [(O, O), (C, C), (R, R), (O, C), (R, R), (C, C)]
    labels = [human(f"a#{i}", who, lab) for i, (x, y) in enumerate(pairs) for who, lab in (("ann1", x), ("ann2", y))]
    result = inter_annotator(labels)
    # kappa: po = 5/6, pe = (2*1 + 2*3 + 2*2)/36 = 1/3 -> (5/6 - 1/3) / (2/3) = 0.75
    assert result["cohen_kappa"] == 0.75
    # alpha (nominal): Do = 2/12, De = 2*(3*5 + 3*4 + 5*4)/(12*11) -> 1 - Do/De = 0.7660
    assert result["krippendorff_alpha"] == pytest.approx(1 - (2 / 12) / (94 / 132), abs=1e-4)


def test_three_annotators_majority_ties_and_acceptance():
    labels = [
        human("s#0", "a", O, O, "m-1"), human("s#0", "b", O, O, "m-1"), human("s#0", "c", C, O, "m-1"),
        human("s#1", "a", R, R, "m-2"), human("s#1", "b", R, R, "m-2"), human("s#1", "c", R, R, "m-2"),
        human("s#2", "a", O, C, "m-2"), human("s#2", "b", C, C, "m-2"),
    ]
    assert majority(labels) == {"s#0": O, "s#1": R, "s#2": None}  # the 1-1 tie is flagged, not guessed
    result = inter_annotator(labels)
    assert result["annotators"] == 3 and "cohen_kappa" not in result
    assert -1 <= result["krippendorff_alpha"] <= 1
    assert model_vs_majority({"s#0": O, "s#1": C, "s#2": O}, labels) == {"sentences": 2, "agreement": 0.5, "cohen_kappa": pytest.approx(cohen_kappa_score([O, R], [O, C], labels=list(LABELS)), abs=1e-4)}
    rates = acceptance_rate(labels)
    assert rates["m-1"] == {"shown": 3, "accepted": 2, "rate": round(2 / 3, 4)}
    assert rates["m-2"] == {"shown": 5, "accepted": 4, "rate": 0.8}


@pytest.fixture(scope="module")
def report_dir(tiny_model, tmp_path_factory):
    from sourcelens.annotate.backends import ModelBackend, RulesBackend
    from sourcelens.corpus.splits import test_articles
    from sourcelens.eval.evaluate import evaluate
    from sourcelens.eval.report import write_report

    articles = test_articles()[:4]
    evaluations = [evaluate(ModelBackend(tiny_model[0], runtime="torch"), articles, bootstrap=200), evaluate(RulesBackend(), articles, bootstrap=200)]
    first = articles[0].sentences
    labels = [human(first[0].sentence.id, "ann1", first[0].label), human(first[0].sentence.id, "ann2", first[0].label, first[0].label, "tiny-1")]
    out = tmp_path_factory.mktemp("report")
    write_report(evaluations, articles, out, human=labels, bootstrap=200)
    return out


def test_report_end_to_end_on_a_tiny_model(report_dir):
    metrics = json.loads((report_dir / "metrics.json").read_text())
    assert set(metrics["models"]) == {"tiny-1", RULES_VERSION}
    for scores in metrics["models"].values():
        assert {"macro_f1", "macro_f1_ci", "kappa", "calibration", "spans", "confusion"} <= set(scores)
    (comparison,) = metrics["comparisons"]
    assert comparison["a"] == "tiny-1" and "p_value" in comparison["mcnemar"]
    assert metrics["human"]["acceptance_rate"]["tiny-1"]["rate"] == 1.0
    assert f"tiny-1 vs {RULES_VERSION}" in (report_dir / "summary.md").read_text()
    assert (report_dir / f"errors-{RULES_VERSION}.csv").read_text().startswith("id,gold,predicted")
    page = (report_dir / "report.html").read_text()
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page  # no CDN: opens offline


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHECK = """<script>window.addEventListener('load', () => {
  const imgs = [...document.images];
  const ok = imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0);
  const rows = document.querySelectorAll('#scores-table tr').length;
  document.body.setAttribute('data-check', `images=${imgs.length} loaded=${ok} score-rows=${rows}`);
});</script></body>"""


def test_report_renders_tables_and_images_in_headless_chromium(report_dir, tmp_path):
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium not installed (apt-get install chromium); CI runs this test")
    page = tmp_path / "checked.html"
    page.write_text((report_dir / "report.html").read_text().replace("</body>", CHECK), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120).stdout
    assert 'data-check="images=' in dom, dom[-500:]
    check = dom.split('data-check="', 1)[1].split('"', 1)[0]
    images = int(check.split("images=")[1].split()[0])
    assert images >= 5 and "loaded=true" in check and int(check.split("score-rows=")[1]) >= 12
    shot = tmp_path / "report.png"
    subprocess.run([CHROMIUM, *flags, "--window-size=1280,1600", f"--screenshot={shot}", (report_dir / "report.html").as_uri()], capture_output=True, timeout=120)
    from PIL import Image

    dark = sum(Image.open(shot).convert("L").histogram()[:200])
    assert dark > 20_000  # text, tables and figures, not a blank page


def test_registry_list_and_refused_promotion(tiny_model, runner, tmp_path):
    from sourcelens.cli import main

    from sourcelens.models.model_dir import ModelDir

    shipped = ModelDir.open().version
    before = Path("models/registry.json").read_text()
    listed = runner.invoke(main, ["models", "list"])
    assert listed.exit_code == 0 and f"* {shipped}" in listed.output
    result = runner.invoke(main, ["models", "promote", str(tiny_model[0]), "--report", str(tmp_path / "promo")])
    assert result.exit_code == 1 and "not promoted" in result.output
    assert (tmp_path / "promo" / "report.html").exists()
    assert Path("models/registry.json").read_text() == before  # nothing was installed


def test_install_as_default_archives_the_old_default(tiny_model, tmp_path):
    from sourcelens.eval.registry import entry_for, install_as_default, load, save
    from sourcelens.models.model_dir import DEFAULT_DIR, ModelDir

    default_dir = tmp_path / "models" / "default"
    shutil.copytree(DEFAULT_DIR, default_dir)
    registry = tmp_path / "models" / "registry.json"
    old = entry_for(default_dir)
    old.default = True
    shipped = old.name
    save([old], registry)
    entry = install_as_default(tiny_model[0], tmp_path / "archive", registry, default_dir)
    assert entry.name == "tiny-1" and entry.default
    assert json.loads((default_dir / "sourcelens.json").read_text())["version"] == "tiny-1"
    assert (tmp_path / "archive" / shipped / "model.safetensors").exists()
    assert [(e.name, e.default) for e in load(registry)] == [(shipped, False), ("tiny-1", True)]
    assert not (default_dir / "article_crf.crfsuite").exists() or (tiny_model[0] / "article_crf.crfsuite").exists()  # the candidate's files, not the old ones
    assert ModelDir.open(default_dir).onnx_file(quantize=True).is_relative_to(default_dir)  # its fp16 weights' own export
