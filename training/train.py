"""Fine-tune the sentence classifier with the transformers Trainer.

The classifier sees (sentence, previous sentence) pairs (models/context.py),
is weighted by class frequency, stops early on dev macro-F1, and writes a
model directory that `Classifier.load` reads: weights (safetensors), the
tokenizer, `sourcelens.json`, `metrics.json` (dev and test scores per
runtime, data fingerprint, base model and version) and a model card (README.md).

A warm start (`TrainConfig.warm_start`) begins from a trained model's weights
instead of the base weights, on a small train split (the corrected rows and
a seeded replay sample of the corpus, training/training_data.py), for a few
epochs at a lower learning rate: minutes instead of the full run's half hour.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from sourcelens.eval.metrics import classification_scores
from sourcelens.models.base import BASES, base_model_dir
from sourcelens.corpus.labelled_files import articles_from_dataset
from sourcelens.models.labels import ID2LABEL, LABEL2ID
from sourcelens.models.model_dir import ModelDir, ModelInfo
from sourcelens.records import LABELS
from sourcelens.training.model_card import write_model_card


@dataclass
class TrainConfig:
    """Everything that decides a training run; saved into metrics.json."""

    base: str = "minilm"
    context: str = "previous-sentence"
    """The input format (models/context.py); the dataset's context column must be built in it."""
    epochs: float = 8.0
    learning_rate: float = 8e-5
    batch_size: int = 32
    max_length: int = 160
    weight_decay: float = 0.01
    warmup_fraction: float = 0.1
    patience: int = 2
    """Epochs without a better dev macro-F1 before stopping."""
    seed: int = 13
    class_weights: bool = True
    article_decoder: bool = True
    """Fit the article-level CRF on the dev split after training (models/article_decoder.py)."""
    role_classifier: bool = False
    """Also fit the speaker role classifier (models/role_classifier.py) for `source_type`. Off by default:
    it types speakers better on the corpus but did not help real news, and loading scikit-learn
    adds 0.75 s to a cold start."""
    half: bool = False
    """Save fp16 weights (half the size; loaded back as fp32 for CPU speed)."""
    max_train_rows: int | None = None
    """Train on a slice only (tests, quick experiments)."""
    name: str | None = None
    """The model_version written into predictions; defaults to the output folder name."""
    warm_start: str | None = None
    """A trained model directory to start from (its weights and tokenizer) instead of the base weights;
    its base, context format and max length are kept (`TrainConfig.warm`)."""
    replay: int = 0
    """With warm_start: corpus train rows replayed beside the corrected rows (drawn with `seed`; `warm` makes it 400).
    0 without a warm start, which trains on the whole train split."""
    score_runtimes: tuple[str, ...] = ("torch", "onnx-int8")
    """The runtimes (models/runtime.py) the saved model is scored on, each reported under its own name."""

    @classmethod
    def warm(cls, model_dir: str | Path, **settings) -> "TrainConfig":
        """A warm start from `model_dir`: 3 epochs at lr 3e-5 with patience 1 unless `settings` say otherwise,
        and the model's own base, context format and max length (a different context would not match its weights)."""
        info = ModelDir.open(model_dir).info
        base = next((key for key, b in BASES.items() if b.hub_name == info.base), None)
        if base is None:
            raise ValueError(f"{model_dir}: its base model {info.base!r} is not one sourcelens trains from ({', '.join(BASES)})")
        context = settings.pop("context", None)
        if context is not None and context != info.context:
            raise ValueError(f"{model_dir} reads the {info.context} context; a warm start keeps it (drop --context {context})")
        defaults = {"epochs": 3.0, "learning_rate": 3e-5, "patience": 1, "replay": 400}
        return cls(**{**defaults, **settings, "base": base, "context": info.context, "max_length": info.max_length, "warm_start": str(model_dir)})


RUNTIME_NAMES = {"torch": "torch fp32", "torch-int8": "torch-int8", "onnx": "onnx fp32", "onnx-int8": "onnx-int8"}
DURING_TRAINING = "torch fp32, classifier alone, best epoch"
"""The name of the dev score the Trainer logs each epoch (no article decoder, the weights before saving)."""


def runtime_name(runtime: str, decoder: bool) -> str:
    """How a score names the runtime it was computed on (and the article CRF when it decided)."""
    return RUNTIME_NAMES.get(runtime, runtime) + (" + article CRF" if decoder else "")


def fingerprint(dataset, parent: str | None = None) -> str:
    """A hash of what the model learnt from (ids, texts, labels), independent of row order and seed;
    a warm-started model's includes its parent's fingerprint."""
    digest = hashlib.sha256()
    if parent:
        digest.update(f"warm-start from {parent}\n".encode("utf-8"))
    for line in sorted(f"{i}\t{h}\t{l}\n" for i, h, l in zip(dataset["id"], dataset["text_hash"], dataset["label"])):
        digest.update(line.encode("utf-8"))
    return digest.hexdigest()[:16]


def _class_weights(labels: list[int]):
    import torch

    counts = torch.bincount(torch.tensor(labels), minlength=len(LABELS)).float().clamp(min=1)
    return counts.sum() / (len(LABELS) * counts)


def _tokenize(dataset, tokenizer, max_length: int):
    def encode(batch):
        return tokenizer(batch["text"], batch["context"], truncation="longest_first", max_length=max_length)

    keep = {"label"}
    return dataset.map(encode, batched=True, remove_columns=[c for c in dataset.column_names if c not in keep], desc="tokenising")


def _scores(backend, split) -> dict:
    """Scores of the saved model as users run it (speaker tracker, classifier, article decoder) on a split's articles."""
    articles = articles_from_dataset(split)
    predicted = [a.label for attributions in backend.attribute([[g.sentence for g in art.sentences] for art in articles]) for a in attributions]
    return classification_scores([g.label for art in articles for g in art.sentences], predicted)


def _fit_role_classifier(model_dir: Path, train_split) -> None:
    """The speaker role classifier on the train split's speakers (models/role_classifier.py)."""
    from sourcelens.annotate.attribution import annotate_article
    from sourcelens.models.role_classifier import RoleClassifier

    mentions, types = [], []
    for art in articles_from_dataset(train_split):
        for g, a in zip(art.sentences, annotate_article([g.sentence for g in art.sentences])):
            if g.label != "reporter_statement" and a.source_name:
                mentions.append(a.source_role or a.source_name)
                types.append("official" if g.label == "official_claim" else "commentator")
    if len(set(types)) == 2:
        RoleClassifier.fit(mentions, types).save(model_dir)


def _fit_article_decoder(backend, dev_split) -> None:
    """The article-level CRF on the dev split's predictions (models/article_decoder.py); `backend` has no decoder yet."""
    from sourcelens.annotate.attribution import annotate_article
    from sourcelens.models.article_decoder import DECODER_FILE, ArticleDecoder, features, train_decoder

    articles = articles_from_dataset(dev_split)
    sentences = [[g.sentence for g in art.sentences] for art in articles]
    rules = [annotate_article(s) for s in sentences]
    predictions = backend.predict(sentences, rules)
    sequences = [(features(s, r, p), [g.label for g in art.sentences]) for s, r, p, art in zip(sentences, rules, predictions, articles)]
    path = train_decoder(sequences, backend.classifier.model_dir.path / DECODER_FILE)
    backend.decoder = ArticleDecoder.load(path.parent)


def train(dataset, out_dir: str | Path, config: TrainConfig, resume: bool = False, data_sources: list[str] | None = None, corrections: dict | None = None) -> dict:
    """Train on dataset['train'], select on dataset['dev'], report dataset['test']; returns metrics.

    `corrections` ({"snapshots": [...], "report": {...}}, from training/corrections.py)
    is recorded as given in metrics.json and the model card.
    """
    from transformers import set_seed

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    set_seed(config.seed)
    run_started = time.time()
    train_split = dataset["train"].shuffle(seed=config.seed)
    if config.max_train_rows:
        train_split = train_split.select(range(min(config.max_train_rows, len(train_split))))
    trainer, tokenizer = _trainer(train_split, dataset["dev"], out, config)
    started = time.time()
    has_checkpoint = resume and any((out / "checkpoints").glob("checkpoint-*"))
    trainer.train(resume_from_checkpoint=True if has_checkpoint else None)
    train_seconds = time.time() - started
    model_dir = _save_model(trainer.model, tokenizer, out, config)
    parent = ModelDir.open(config.warm_start) if config.warm_start else None
    parent_metrics = parent.metrics() if parent else {}  # read once
    if config.role_classifier:
        _fit_role_classifier(out, train_split)
    elif parent is not None:
        from sourcelens.models.role_classifier import ROLE_FILE

        if (parent.path / ROLE_FILE).exists():  # it reads speakers' role words, which the corrections do not change
            shutil.copy(parent.path / ROLE_FILE, out / ROLE_FILE)
    scores, by_runtime, scored = fit_and_score(out, dataset, config.article_decoder, config.score_runtimes)
    by_runtime["dev"] = {DURING_TRAINING: trainer.state.best_metric, **by_runtime["dev"]}

    base = BASES[config.base]
    metrics = {
        "version": model_dir.version,
        "base_model": base.hub_name,
        "base_package": f"{base.package}=={base.version}",
        "data_fingerprint": fingerprint(train_split, parent_metrics.get("data_fingerprint", parent.version) if parent else None),
        "warm_start": None if parent is None else {"from": parent.version, "path": str(parent.path), "data_fingerprint": parent_metrics.get("data_fingerprint")},
        "data_sources": data_sources or [],
        "corrections": corrections,
        "rows": {"train": len(train_split), "dev": len(dataset["dev"]), "test": len(dataset["test"])},
        "epochs_run": round(float(trainer.state.epoch or 0), 2),
        "best_dev_macro_f1_during_training": trainer.state.best_metric,
        "train_seconds": round(train_seconds, 1),
        "run_seconds": round(time.time() - run_started, 1),
        "config": asdict(config),
        "scored_runtime": scored,
        "dev": scores[scored]["dev"],
        "test": scores[scored]["test"],
        "macro_f1_by_runtime": by_runtime,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    model_dir.save_metrics(metrics)
    write_model_card(out, metrics)
    shutil.rmtree(out / "checkpoints", ignore_errors=True)
    return metrics


def fit_and_score(out: Path, dataset, article_decoder: bool, runtimes: tuple[str, ...]) -> tuple[dict, dict, str]:
    """Fit the article CRF on the dev split (when asked), then score the saved model on dev and test per runtime.

    Returns (scores by runtime name, {"dev"|"test": {runtime name: macro-F1}}, the first runtime's name). Shared by
    training and by soups (training/soup.py), whose weights change and so need their own CRF and figures.
    """
    from sourcelens.annotate.backends import ModelBackend

    backend = ModelBackend(out, runtime="torch", article_decoder=False)  # loaded once: fits the decoder, then scores
    if article_decoder:
        _fit_article_decoder(backend, dataset["dev"])
    # One figure per runtime, each named: the Trainer's epoch score is the classifier alone in fp32, while
    # users run the saved weights with the article CRF, by default on int8 ONNX Runtime (they differ).
    by_runtime: dict = {"dev": {}, "test": {}}
    scores = {}
    for runtime in runtimes or ("torch",):
        scorer = backend if runtime == "torch" else ModelBackend(out, runtime=runtime)
        if runtime.startswith("onnx"):  # the directory carries the export it was scored on (ModelDir.onnx_file)
            scorer.classifier.model_dir.ship_onnx(quantize=runtime == "onnx-int8")
        name = runtime_name(runtime, scorer.decoder is not None)
        scores[name] = {"dev": _scores(scorer, dataset["dev"]), "test": _scores(scorer, dataset["test"]) if len(dataset["test"]) else {}}
        by_runtime["dev"][name] = scores[name]["dev"]["macro_f1"]
        if scores[name]["test"]:
            by_runtime["test"][name] = scores[name]["test"]["macro_f1"]
    return scores, by_runtime, next(iter(scores))


METRIC = "macro_f1_torch_fp32"
"""The dev metric the Trainer logs (as eval_macro_f1_torch_fp32) and selects the best epoch on: the classifier alone."""


def _trainer(train_split, dev_split, out: Path, config: TrainConfig):
    """The transformers Trainer for one run: class-weighted loss, early stopping on dev macro-F1."""
    import torch.nn.functional as F
    from transformers import (
        AutoModelForSequenceClassification,
        AutoTokenizer,
        DataCollatorWithPadding,
        EarlyStoppingCallback,
        Trainer,
        TrainingArguments,
    )

    import torch

    start = Path(config.warm_start) if config.warm_start else base_model_dir(config.base)
    tokenizer = AutoTokenizer.from_pretrained(start)
    model = AutoModelForSequenceClassification.from_pretrained(start, num_labels=len(LABELS), id2label=ID2LABEL, label2id=LABEL2ID, dtype=torch.float32)
    weights = _class_weights(train_split["label"]) if config.class_weights else None

    def weighted_loss(outputs, labels, num_items_in_batch=None):
        return F.cross_entropy(outputs.logits, labels, weight=weights)

    def compute_metrics(prediction):
        predicted = prediction.predictions.argmax(-1)
        return {METRIC: classification_scores([LABELS[i] for i in prediction.label_ids], [LABELS[i] for i in predicted])["macro_f1"]}

    steps_per_epoch = max(1, -(-len(train_split) // config.batch_size))
    args = TrainingArguments(
        output_dir=str(out / "checkpoints"),
        num_train_epochs=config.epochs,
        learning_rate=config.learning_rate,
        per_device_train_batch_size=config.batch_size,
        per_device_eval_batch_size=64,
        weight_decay=config.weight_decay,
        warmup_steps=int(config.warmup_fraction * steps_per_epoch * config.epochs),
        eval_strategy="epoch",
        save_strategy="epoch",
        save_total_limit=2,
        load_best_model_at_end=True,
        metric_for_best_model=METRIC,
        greater_is_better=True,
        logging_strategy="epoch",
        seed=config.seed,
        data_seed=config.seed,
        train_sampling_strategy="group_by_length",
        use_cpu=True,
        report_to="none",
    )
    trainer = Trainer(
        model=model,
        args=args,
        train_dataset=_tokenize(train_split, tokenizer, config.max_length),
        eval_dataset=_tokenize(dev_split, tokenizer, config.max_length),
        processing_class=tokenizer,
        data_collator=DataCollatorWithPadding(tokenizer),
        compute_metrics=compute_metrics,
        compute_loss_func=weighted_loss,
        callbacks=[EarlyStoppingCallback(early_stopping_patience=config.patience)],
    )
    return trainer, tokenizer


def _save_model(model, tokenizer, out: Path, config: TrainConfig) -> ModelDir:
    """Weights, tokenizer and sourcelens.json: a directory `Classifier.load` reads."""
    if config.half:
        model = model.half()
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    base = BASES[config.base]
    info = ModelInfo(version=config.name or out.name, base=base.hub_name, base_package=base.package, base_version=base.version,
                     max_length=config.max_length, context=config.context)
    info.save(out)
    return ModelDir(out, info)
