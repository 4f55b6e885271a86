"""`sourcelens compare A B` through click's CliRunner, on two small articles."""

from __future__ import annotations

from click.testing import CliRunner

from sourcelens.cli import main

MINISTRY = """Ministry says bridge will close
The bridge will close on Monday, the transport ministry said.
The ministry added that repairs would take a year.
"""
COMMENT = """Bridge closure was overdue, experts say
Analysts said the closure was overdue.
Civil engineer Dr. Pieter Okonkwo said the ministry had probably ignored warnings.
Repairs were reportedly estimated at 90 million euros, Reuters reported.
"""


def _files(tmp_path):
    a, b = tmp_path / "ministry.txt", tmp_path / "comment.txt"
    a.write_text(MINISTRY, encoding="utf-8")
    b.write_text(COMMENT, encoding="utf-8")
    return str(a), str(b)


def test_compare_prints_both_profiles_and_writes_html(tmp_path):
    a, b = _files(tmp_path)
    out = tmp_path / "compare.html"
    result = CliRunner().invoke(main, ["compare", a, b, "--backend", "rules", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "claims from official sources" in text and "100%" in text
    assert "claims resting on unnamed sources" in text and "claims relayed" in text and "claims hedged" in text
    assert "the transport ministry" in text and "Analysts" in text and "Okonkwo" in text
    page = out.read_text(encoding="utf-8")
    assert page.count("<article") == 2 and "Sourcing side by side" in page and "unnamed</span>" in page


def test_compare_help_has_an_example():
    result = CliRunner().invoke(main, ["compare", "--help"])
    assert result.exit_code == 0 and "sourcelens compare" in result.output and "-o compare.html" in result.output


def test_compare_bad_input_is_one_error_line(tmp_path):
    a, _ = _files(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    for bad in (str(tmp_path / "missing.txt"), str(empty)):
        result = CliRunner().invoke(main, ["compare", a, bad, "--backend", "rules"])
        assert result.exit_code == 1
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("Error: ") and "Traceback" not in result.output
