"""annotate/inputs.py on real files: good articles and located errors, in order."""

from __future__ import annotations

import json

from sourcelens.annotate.inputs import InputError, article_from_text, read_articles
from sourcelens.records import Article


def test_read_articles_from_a_directory_yields_articles_and_located_errors(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    story = folder / "a_story.txt"
    story.write_text("Tram line approved\nThe council approved the line on Tuesday.\n", encoding="utf-8")
    feed = folder / "b_feed.jsonl"
    feed.write_text(
        json.dumps({"id": "j1", "title": "Port strike", "text": "Dock workers stayed out on Monday."}) + "\n"
        + '{"id": "j2", "text": "unterminated\n'
        + json.dumps({"id": "j3", "title": "No body"}) + "\n",
        encoding="utf-8",
    )
    latin = folder / "c_latin1.txt"
    latin.write_bytes("Cafe reopens\nThe café on Main Street reopened.\n".encode("latin-1"))

    results = list(read_articles([str(folder)]))
    assert [type(r) for r in results] == [Article, Article, InputError, InputError, InputError]
    first, second, bad_json, no_text, not_utf8 = results

    assert first.id == "a_story" and first.title == "Tram line approved"
    assert second.id == "j1" and "Dock workers" in second.text

    assert (bad_json.path, bad_json.line) == (str(feed), 2)
    assert bad_json.message.startswith("invalid JSON")
    assert str(bad_json) == f"{feed}:2: {bad_json.message}"

    assert (no_text.path, no_text.line) == (str(feed), 3)
    assert "'text'" in no_text.message
    assert str(no_text) == f"{feed}:3: {no_text.message}"

    assert (not_utf8.path, not_utf8.line) == (str(latin), 2)  # the bad byte is on line 2
    assert "UTF-8" in not_utf8.message
    assert str(not_utf8) == f"{latin}:2: {not_utf8.message}"


def test_article_from_text_takes_the_first_non_blank_line_as_title():
    text = "\n   \n  Bridge to close for a year  \r\nThe minister said so.\r\n"
    article = article_from_text("b1", text, {"desk": "city"})
    assert article.title == "Bridge to close for a year"
    assert article.id == "b1" and article.metadata == {"desk": "city"}
    assert "\r" not in article.text and "The minister said so." in article.text
    assert article_from_text("b2", "Only line").title == "Only line"
