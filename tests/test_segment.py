import json
from pathlib import Path

import pytest

from sourcelens.annotate.segment import presplit_article, segment, split_paragraph
from sourcelens.records import Article

CASES = [json.loads(line)["sentences"] for line in (Path(__file__).parent / "data" / "segmentation_cases.jsonl").read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("expected", CASES, ids=[c[0][:30] for c in CASES])
def test_tricky_paragraphs_split_as_written(expected):
    text = " ".join(expected)
    assert [text[a:b] for a, b in split_paragraph(text)] == expected


def test_offsets_point_into_the_article_text_with_paragraphs():
    text = "Headline without a full stop\nBRUSSELS, March 4\n  The Commission said it would act. Mr. Varga disagreed.\n\nBy Ana Lee\n"
    sentences = segment(Article(id="x", text=text))
    assert [s.text for s in sentences] == [
        "Headline without a full stop",
        "BRUSSELS, March 4",
        "The Commission said it would act.",
        "Mr. Varga disagreed.",
        "By Ana Lee",
    ]
    assert [s.paragraph for s in sentences] == [0, 1, 2, 2, 3]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert [s.index for s in sentences] == list(range(5))


def test_presplit_sentences_are_kept_exactly():
    given = ["One. Two.", "Three", "Dr. Who said so."]
    article = presplit_article("p", given)
    sentences = segment(article)
    assert [s.text for s in sentences] == given
    assert all(article.text[s.start : s.end] == s.text for s in sentences)
