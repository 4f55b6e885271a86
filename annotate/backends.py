"""Backends that label sentences, and `BackendSpec`: the one place a backend is chosen.

Both backends take a chunk of articles (each a list of sentences) at once,
so the model batches across article boundaries. The rules always run: they
supply source and cue spans and signals, and their label becomes the
baseline column. As in spaCy's pipes, the model's `predict` (scores from
the classifier) is kept apart from `set_annotations` (merging them into the
rules' records), so each can be tested and reused alone.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol, Sequence

from sourcelens.annotate import dependency_cues, lexicons
from sourcelens.annotate.attribution import RULES_VERSION, annotate_article
from sourcelens.models.context import TRACKER_FORMATS, model_inputs
from sourcelens.models.runtime import RUNTIMES
from sourcelens.records import INHERITED, Attribution, Prediction, Sentence


BACKENDS = ("auto", "model", "rules")
"""`auto`: the model when one is installed (or --model is given), else the rules."""


class Backend(Protocol):
    version: str
    parse: bool
    """Whether the speaker tracker reads the dependency parse too (`--parser`)."""
    reads_tracker: bool
    """Whether `model_inputs` needs the rules' reading of the article (speaker context formats)."""

    def attribute(self, articles: list[list[Sentence]], outlets: Sequence[str | None] | None = None) -> list[list[Attribution]]:
        """One attribution per sentence, article by article; `outlets`: each article's own outlet, when known
        (`signals.article_outlet`), which relays nothing."""
        ...

    def model_inputs(self, sentences: Sequence[Sentence], rules: Sequence[Attribution] | None) -> list[tuple[str, str]]:
        """The classifier's (sentence, context) pairs for one article (what Label Studio tasks carry)."""
        ...


class RulesBackend:
    reads_tracker = False

    def __init__(self, parse: bool = False) -> None:
        """`parse`: spaCy's dependency parse finds the speakers the patterns miss (`attribution.annotate_article`)."""
        self.parse = parse
        self.version = rules_version(parse)
        if parse:
            dependency_cues.pipeline()  # loaded here, before any worker thread: a missing extra fails at once

    def model_inputs(self, sentences: Sequence[Sentence], rules: Sequence[Attribution] | None) -> list[tuple[str, str]]:
        return model_inputs(sentences)

    def attribute(self, articles: list[list[Sentence]], outlets: Sequence[str | None] | None = None) -> list[list[Attribution]]:
        return _track(articles, self.parse, _one_per_article(articles, outlets))


def _track(articles: Sequence[Sequence[Sentence]], parse: bool, outlets: Sequence[str | None]) -> list[list[Attribution]]:
    """The speaker tracker over every article of a chunk."""
    return [annotate_article(list(sentences), parse, outlet) for sentences, outlet in zip(articles, outlets, strict=True)]


def _one_per_article(articles: Sequence[Sequence[Sentence]], outlets: Sequence[str | None] | None) -> list[str | None]:
    """Each article's own outlet (None where unknown), checked before any work is done."""
    if outlets is None:
        return [None] * len(articles)
    if len(outlets) != len(articles):
        raise ValueError(f"{len(outlets)} outlets for {len(articles)} articles: give one per article (None where unknown)")
    return list(outlets)


def with_parser(version: str, parse: bool) -> str:
    """A version string that says whether the tracker read the dependency parse."""
    return version + ("+parser" if parse else "")


def rules_version(parse: bool) -> str:
    """The tracker's version: the patterns alone, or with the parser beside them."""
    return with_parser(RULES_VERSION, parse)


class ModelBackend:
    """The classifier's label and scores over the rules' spans and signals."""

    def __init__(self, model_path: str | Path | None = None, batch_size: int = 64, runtime: str = "auto", threads: int | None = None,
                 article_decoder: bool = True, parse: bool = False) -> None:
        """`threads`: inference threads (PyTorch and ONNX Runtime); default one per core.
        `article_decoder`: use the model's article-level CRF when it has one (models/article_decoder.py).
        `parse`: the speaker tracker reads spaCy's dependency parse too (`attribution.annotate_article`)."""
        from sourcelens.models.article_decoder import ArticleDecoder
        from sourcelens.models.classifier import Classifier
        from sourcelens.models.role_classifier import RoleClassifier

        self.classifier = Classifier.load(model_path, threads=threads, runtime=runtime)
        self.decoder = ArticleDecoder.load(self.classifier.model_dir.path) if article_decoder else None
        self.roles = RoleClassifier.load(self.classifier.model_dir.path)
        self.version = with_parser(self.classifier.version, parse)
        self.parse = parse
        if parse:
            dependency_cues.pipeline()  # before the rules' worker thread first runs
        self.batch_size = batch_size
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sourcelens-rules")

    @property
    def reads_tracker(self) -> bool:
        return self.classifier.context_format in TRACKER_FORMATS

    def model_inputs(self, sentences: Sequence[Sentence], rules: Sequence[Attribution] | None) -> list[tuple[str, str]]:
        """The (sentence, context) pairs this model reads, in the context format it was trained on
        (`rules` may be None for the previous-sentence format, which does not read the tracker)."""
        return model_inputs(sentences, rules, self.classifier.context_format)

    def predict(self, articles: Sequence[Sequence[Sentence]], rules: Sequence[Sequence[Attribution]]) -> list[list[Prediction]]:
        """The classifier's (label, scores) for every sentence, article by article, given the rules' reading of each."""
        return self._decode(articles, rules, self._forward(articles, rules))

    def attribute(self, articles: list[list[Sentence]], outlets: Sequence[str | None] | None = None) -> list[list[Attribution]]:
        outlets = _one_per_article(articles, outlets)
        if not self.reads_tracker:
            # the model does not read the tracker: the rules run on a worker thread beside the forward pass (which releases the GIL)
            pending = self._pool.submit(_track, articles, self.parse, outlets)
            flat = self._forward(articles, None)
            rules = pending.result()
        else:
            rules = _track(articles, self.parse, outlets)
            flat = self._forward(articles, rules)
        decided = self._decode(articles, rules, flat)
        return [set_annotations(_typed(tracked, role), predicted, [s.text for s in sentences])
                for sentences, tracked, role, predicted in zip(articles, rules, self.role_official(rules), decided)]

    def role_official(self, rules: Sequence[Sequence[Attribution]]) -> list[list[float | None]]:
        """The role classifier's P(official) for each sentence's speaker, article by article (None without one)."""
        if self.roles is None:
            return [[None] * len(tracked) for tracked in rules]
        mentions = [a.source_role or a.source_name for tracked in rules for a in tracked if a.source_name]
        probs = iter(self.roles.official(mentions))
        return [[next(probs) if a.source_name else None for a in tracked] for tracked in rules]

    def _forward(self, articles: Sequence[Sequence[Sentence]], rules: Sequence[Sequence[Attribution]] | None) -> list[Prediction]:
        """The classifier's predictions for every sentence of the chunk, flattened (one batched pass)."""
        pairs = [p for i, sentences in enumerate(articles) for p in self.model_inputs(sentences, rules[i] if rules is not None else None)]
        return self.classifier.predict_pairs(pairs, self.batch_size)

    def _decode(self, articles: Sequence[Sequence[Sentence]], rules: Sequence[Sequence[Attribution]], flat: list[Prediction]) -> list[list[Prediction]]:
        """Per article: the classifier's predictions, or the article decoder's sequence over them."""
        out, at = [], 0
        for sentences, tracked in zip(articles, rules):
            predicted = flat[at : at + len(sentences)]
            at += len(sentences)
            if self.decoder is not None:
                from sourcelens.models.article_decoder import features

                predicted = self.decoder.decode(features(sentences, tracked, predicted))
            out.append(predicted)
        return out


def _typed(rules: Sequence[Attribution], role_official: Sequence[float | None]) -> list[Attribution]:
    """The role classifier's type for each speaker that is not an outlet (official at P >= 0.5)."""
    return [
        replace(a, source_type="official" if p >= 0.5 else "commentator") if p is not None and a.source_type != "media" else a
        for a, p in zip(rules, role_official)
    ]


def set_annotations(rules: Sequence[Attribution], predictions: Sequence[Prediction], texts: Sequence[str] | None = None) -> list[Attribution]:
    """The model's labels merged into the rules' attributions of one article.

    Where the model hears a source and the tracker found none (an account the rules did not carry on),
    the speaker is the last one the tracker saw in the article: the account continues (decision 17).
    Where the tracker carries on an account relayed by another outlet ("As reported by state television,
    ...") and the model hears the reporter, the account wins (decision 17's own case): a relayed narrative
    reads like reporting, sentence by sentence, and only the article shows whose it is. So does the article's
    layout: the text of an embedded post, a sentence inside a quotation opened earlier (`Attribution.from_layout`),
    and, given the sentences' `texts`, the items of a list a source's sentence opens with a colon ("... held on the
    following charges:" then "Jo Marsh: possession of heroin, ...").
    """
    out, last = [], None
    listing = False
    for i, (rule, (label, scores)) in enumerate(zip(rules, predictions, strict=True)):
        listing = texts is not None and i > 0 and bool(_LIST_ITEM.match(texts[i])) and (
            listing or texts[i - 1].rstrip().endswith(":") and out[-1].label != "reporter_statement")
        if label == "reporter_statement" and listing and last is not None:
            label = out[-1].label
        elif label == "reporter_statement" and (_continues_relayed_account(rule) or rule.from_layout):
            label = rule.label
        elif label == "commentator_opinion" and _company_executive(rule):
            label = "official_claim"
        elif label == "official_claim" and (_scholar(rule) or _advocate(rule) or _nobody_in_office(rule) or _outlet_alone(rule)):
            label = "commentator_opinion"
        if rule.label != "reporter_statement" and rule.source_name:
            last = rule
        elif label != "reporter_statement" and last is not None:
            signals = replace(rule.signals, named_source=last.signals.named_source)
            if last.source_type == "media" and last.signals.relay and not signals.relay:
                signals = replace(signals, relay=[INHERITED])  # another outlet's account goes on
            rule = replace(rule, source_name=last.source_name, source_type=last.source_type, source_role=last.source_role, signals=signals)
        out.append(merge(rule, label, scores))
    return out


_LIST_ITEM = re.compile(r"(?:[•▪*–-]\s*\S|[A-Z][\w.’' -]{1,60}:\s)")
"""A list item: a bullet, or a name or a heading before a colon ("Jo A. Marsh: possession of heroin, ...")."""
_EXECUTIVE = re.compile(r"\b(?:ceo|cfo|coo|cto|s?vp|evp|chief executive|executive|(?:co-)?founder|chairman|chairwoman|chief|managing director|president|director)\b", re.I)
_NOT_A_COMPANY = re.compile(r"\b(?:" + "|".join(lexicons.NOT_A_COMPANY) + r")\b", re.I)


def _company_executive(rule: Attribution) -> bool:
    """An executive the tracker typed official ("Apple CEO Tim Cook", "Its founder, ..."): the company speaks
    (decision 14), whatever the sentence's tone; not an advocacy body's officer, a former one, a rival's."""
    role = rule.source_role or rule.source_name or ""
    return rule.source_type == "official" and bool(rule.source_name) and bool(_EXECUTIVE.search(role)) and not _NOT_A_COMPANY.search(role)


_SCHOLAR = re.compile(r"\b(?:professor|(?:senior |research |visiting )?fellow|economist|analyst|researcher|scholar|think[- ]tank|fact-check(?:ing|er))\b", re.I)
_IN_OFFICE = re.compile(r"\b(?:government|ministry|minister|department|central bank|federal reserve|fed|bank of|ecb|imf|monetary fund|world bank|"
                        r"white house|agency|adviser to|advisor to|council|commission|budget office|national institutes|bureau|authority|"
                        r"administration|statistics|state|public)\b", re.I)


def _scholar(rule: Attribution) -> bool:
    """A scholar, analyst or fact-checker the tracker typed a commentator ("a senior fellow at the Peterson Institute")
    speaks for no office, whatever the sentence's tone (decision 10); not one who serves in government."""
    role = rule.source_role or rule.source_name or ""
    return rule.source_type == "commentator" and bool(_SCHOLAR.search(role)) and not _IN_OFFICE.search(role)


_CAMPAIGNING = re.compile(r"\b(?:" + "|".join(lexicons.CAMPAIGNING_BODIES) + r")\b", re.I)


def _advocate(rule: Attribution) -> bool:
    """A rights group, NGO, charity or think tank the tracker typed a commentator ("rights groups like Amnesty
    International estimate ..."): decision 14 makes it one "even when their officers speak", whatever the model hears."""
    role = rule.source_role or rule.source_name or ""
    return rule.source_type == "commentator" and bool(_CAMPAIGNING.search(role))


_LAY_HEADS = {"people", "person", "persons", "others", "consumers", "customers", "residents", "users", "shoppers", "voters", "fans", "viewers",
              "passengers", "commuters", "parents", "patients", "organizations", "organisations", "groups", "critics"}


def _nobody_in_office(rule: Attribution) -> bool:
    """An unnamed source the tracker found no office for ("Some consumers", "Others", "a person briefed on the call"):
    decision 10's "people familiar with the matter", whatever the sentence's tone; an unnamed official has an office."""
    lay = any(w in _LAY_HEADS for w in re.findall(r"[a-z]+", (rule.source_name or "").lower()))
    return rule.source_type == "unknown" and lay and bool(rule.signals.anonymous)


_CITING = re.compile(r"\b(?:citing|quoting|cited|quoted)\b", re.I)


def _outlet_alone(rule: Attribution) -> bool:
    """Another outlet is the only named source ("..., according to the Northern Gazette."): decision 15 makes the claim a
    commentator's; not when the outlet names its own source ("a business daily citing the gazette notice")."""
    return rule.source_type == "media" and not _CITING.search(rule.source_role or rule.source_name or "")


def _continues_relayed_account(rule: Attribution) -> bool:
    """The tracker carries a relayed account into this sentence: no cue of its own, the relay inherited."""
    return rule.cue is None and rule.label != "reporter_statement" and bool(rule.source_name) and INHERITED in rule.signals.relay


def merge(rule: Attribution, label: str, scores: dict[str, float]) -> Attribution:
    """One sentence: the model decides label and scores; the rules' speaker stays only where a source speaks."""
    if label == "reporter_statement":
        signals = replace(rule.signals, named_source=None)  # no speaker, so nothing to be named or not
        return replace(rule, label=label, scores=scores, source=None, source_name=None, source_type=None, source_role=None, cue=None, signals=signals,
                       baseline_label=rule.label)
    return replace(rule, label=label, scores=scores, baseline_label=rule.label)


@dataclass(frozen=True)
class BackendSpec:
    """Which annotator labels the sentences: every CLI, the Ray engine and Label Studio read choices from here."""

    name: str = "auto"
    """One of BACKENDS."""
    model: str | None = None
    """A model directory; None means the shipped default."""
    runtime: str = "auto"
    """One of models.runtime.RUNTIMES."""
    threads: int | None = None
    """Inference threads; default one per core."""
    parser: bool = False
    """The speaker tracker reads spaCy's dependency parse beside its patterns (annotate/dependency_cues.py)."""

    def __post_init__(self) -> None:
        if self.name not in BACKENDS:
            raise ValueError(f"unknown backend {self.name!r}; choose from {', '.join(BACKENDS)}")
        if self.runtime not in RUNTIMES:
            raise ValueError(f"unknown runtime {self.runtime!r}; choose from {', '.join(RUNTIMES)}")

    @property
    def uses_model(self) -> bool:
        """Whether a model labels (rules for `rules`, and for `auto` with neither --model nor a shipped model)."""
        if self.name == "rules":
            return False
        if self.name == "model" or self.model is not None:
            return True
        from sourcelens.models.model_dir import default_model_path

        return default_model_path() is not None

    def build(self) -> Backend:
        """The backend object (loads the model when one is used)."""
        if not self.uses_model:
            return RulesBackend(self.parser)
        return ModelBackend(self.model, runtime=self.runtime, threads=self.threads, parse=self.parser)

    def tag(self) -> str:
        """A name for what labels the rows, exact enough to key cached output on (version, weights, runtime)."""
        if not self.uses_model:
            return f"rules:{rules_version(self.parser)}"
        from sourcelens.models.model_dir import ModelDir
        from sourcelens.models.runtime import resolve

        model_dir = ModelDir.open(self.model)
        return with_parser(f"model:{model_dir.version}:{model_dir.digest}:{resolve(self.runtime)}", self.parser)

    def with_model_path(self) -> "BackendSpec":
        """The same choice with the model directory made absolute (for workers on other nodes)."""
        if not self.uses_model:
            return replace(self, name="rules", model=None)
        from sourcelens.models.model_dir import ModelDir

        return replace(self, name="model", model=str(ModelDir.open(self.model).path.resolve()))


def get_backend(name: str = "auto", model: str | Path | None = None, runtime: str = "auto", threads: int | None = None, parser: bool = False) -> Backend:
    """Shorthand for `BackendSpec(...).build()` (the Python API's string form)."""
    return BackendSpec(name, str(model) if model is not None else None, runtime, threads, parser).build()
