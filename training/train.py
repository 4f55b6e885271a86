"""Fine-tune the sentence classifier with the transformers Trainer.

The classifier sees (sentence, previous sentence) pairs (models/context.py),
is weighted by class frequency, stops early on dev macro-F1, and writes a
model directory that `Classifier.load` reads: weights (safetensors), the
tokenizer, `sourcelens.json`, `metrics.json` (dev and test scores, data
fingerprint, base model and version) and a model card (README.md).
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


def fingerprint(dataset) -> str:
    """A hash of what the model learnt from (ids, texts, labels), independent of row order and seed."""
    digest = hashlib.sha256()
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
    train_split = dataset["train"].shuffle(seed=config.seed)
    if config.max_train_rows:
        train_split = train_split.select(range(min(config.max_train_rows, len(train_split))))
    trainer, tokenizer = _trainer(train_split, dataset["dev"], out, config)
    started = time.time()
    has_checkpoint = resume and any((out / "checkpoints").glob("checkpoint-*"))
    trainer.train(resume_from_checkpoint=True if has_checkpoint else None)
    train_seconds = time.time() - started
    model_dir = _save_model(trainer.model, tokenizer, out, config)
    if config.role_classifier:
        _fit_role_classifier(out, train_split)
    from sourcelens.annotate.backends import ModelBackend

    backend = ModelBackend(out, runtime="torch", article_decoder=False)  # loaded once: fits the decoder, then scores
    if config.article_decoder:
        _fit_article_decoder(backend, dataset["dev"])

    base = BASES[config.base]
    metrics = {
        "version": model_dir.version,
        "base_model": base.hub_name,
        "base_package": f"{base.package}=={base.version}",
        "data_fingerprint": fingerprint(train_split),
        "data_sources": data_sources or [],
        "corrections": corrections,
        "rows": {"train": len(train_split), "dev": len(dataset["dev"]), "test": len(dataset["test"])},
        "epochs_run": round(float(trainer.state.epoch or 0), 2),
        "best_dev_macro_f1_during_training": trainer.state.best_metric,
        "train_seconds": round(train_seconds, 1),
        "config": asdict(config),
        "dev": _scores(backend, dataset["dev"]),
        "test": _scores(backend, dataset["test"]) if len(dataset["test"]) else {},
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    model_dir.save_metrics(metrics)
    write_model_card(out, metrics)
    shutil.rmtree(out / "checkpoints", ignore_errors=True)
    return metrics


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

    base_dir = base_model_dir(config.base)
    tokenizer = AutoTokenizer.from_pretrained(base_dir)
    model = AutoModelForSequenceClassification.from_pretrained(base_dir, num_labels=len(LABELS), id2label=ID2LABEL, label2id=LABEL2ID)
    weights = _class_weights(train_split["label"]) if config.class_weights else None

    def weighted_loss(outputs, labels, num_items_in_batch=None):
        return F.cross_entropy(outputs.logits, labels, weight=weights)

    def compute_metrics(prediction):
        predicted = prediction.predictions.argmax(-1)
        return {"macro_f1": classification_scores([LABELS[i] for i in prediction.label_ids], [LABELS[i] for i in predicted])["macro_f1"]}

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
        metric_for_best_model="macro_f1",
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
