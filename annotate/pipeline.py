"""Articles in, annotated sentences out: the streaming core and the Python API."""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, Sequence

from sourcelens.annotate.backends import Backend, get_backend
from sourcelens.annotate.inputs import InputError, article_from_text, read_articles
from sourcelens.annotate.segment import segment
from sourcelens.annotate.signals import article_outlet
from sourcelens.records import AnnotatedSentence, Article, Attribution, Sentence

CHUNK_SENTENCES = 512
"""Sentences gathered before a backend call: enough to batch well, small enough to stay flat in memory."""


def segment_article(article: Article) -> list[Sentence] | InputError:
    """The article's sentences, or the error reported for an article without any."""
    sentences = segment(article)
    return sentences if sentences else InputError(article.id, None, "empty article: no sentences found")


class Chunker:
    """Where a backend chunk ends: after the article that brings it to `limit` sentences.

    The local engine flushes here and the Ray planner cuts shards here, so both
    send the model the very same batches (int8 ONNX quantises activations per
    batch: another batching could move a score).
    """

    def __init__(self, limit: int = CHUNK_SENTENCES) -> None:
        self.limit = limit
        self.size = 0

    def add(self, sentences: int) -> bool:
        """Count one article; True when the chunk is full (and a new one starts)."""
        self.size += sentences
        if self.size >= self.limit:
            self.size = 0
            return True
        return False


Segmenter = Callable[[Article], "list[Sentence] | InputError"]


def attribute(backend: Backend, articles: Sequence[Article], sentences: list[list[Sentence]]) -> list[list[Attribution]]:
    """`backend.attribute` over the articles' sentences, told each article's own outlet when its input names one
    (`signals.article_outlet`; a backend written before `outlets` existed still works on inputs that name none)."""
    outlets = [article_outlet(article.metadata) for article in articles]
    return backend.attribute(sentences, outlets=outlets) if any(outlets) else backend.attribute(sentences)


def annotate_stream(
    items: Iterable[Article | InputError], backend: Backend, chunk_sentences: int = CHUNK_SENTENCES, segmenter: Segmenter = segment_article
) -> Iterator[tuple[Article, list[AnnotatedSentence]] | InputError]:
    """Annotate articles lazily, in order; errors pass through where they occur.

    `segmenter` turns an article into sentences (the Ray workers pass the
    planner's boundaries instead of segmenting again).
    """
    chunk: list[tuple[Article, list]] = []
    chunker = Chunker(chunk_sentences)

    def flush() -> Iterator[tuple[Article, list[AnnotatedSentence]]]:
        attributions = attribute(backend, [article for article, _ in chunk], [sentences for _, sentences in chunk])
        for (article, sentences), attrs in zip(chunk, attributions):
            yield article, [AnnotatedSentence(s, a, backend.version) for s, a in zip(sentences, attrs)]

    for item in items:
        if isinstance(item, InputError):
            yield item
            continue
        sentences = segmenter(item)
        if isinstance(sentences, InputError):
            yield sentences
            continue
        chunk.append((item, sentences))
        if chunker.add(len(sentences)):
            yield from flush()
            chunk = []
    if chunk:
        yield from flush()


class AnnotationError(ValueError):
    """Raised by the Python API when some inputs could not be read."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


def _collect(items: Iterable[Article | InputError], backend: str | Backend, model: str | None) -> list[AnnotatedSentence]:
    backend = get_backend(backend, model) if isinstance(backend, str) else backend
    rows: list[AnnotatedSentence] = []
    errors: list[InputError] = []
    for result in annotate_stream(items, backend):
        if isinstance(result, InputError):
            errors.append(result)
        else:
            rows.extend(result[1])
    if errors:
        raise AnnotationError(errors)
    return rows


def annotate_texts(texts: str | Iterable[str], backend: str | Backend = "auto", model: str | None = None) -> list[AnnotatedSentence]:
    """Annotate article texts (first line = headline). For notebooks: no files, no subprocess."""
    if isinstance(texts, str):
        texts = [texts]
    return _collect((article_from_text(f"text-{i}", t) for i, t in enumerate(texts)), backend, model)


def annotate_files(paths: str | Iterable[str], backend: str | Backend = "auto", model: str | None = None) -> list[AnnotatedSentence]:
    """Annotate .txt/.jsonl files or directories; raises AnnotationError listing unreadable inputs."""
    if isinstance(paths, str):
        paths = [paths]
    return _collect(read_articles(list(paths)), backend, model)
