"""Issue 13, items 1-8: nothing lost, nothing hangs, under any input (the local annotate job).

Real files and, where signals or limits are involved, real `sourcelens` subprocesses; the rules
backend keeps them fast.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sourcelens.annotate.inputs import InputError, read_articles
from sourcelens.annotate.locking import lock_file_for, lock_output_file
from sourcelens.annotate.segment import MAX_SENTENCE_CHARS, segment
from sourcelens.annotate.writers import resume_state
from sourcelens.cli import main

RULES = ["--backend", "rules", "-q"]
CLI = [sys.executable, "-m", "sourcelens.cli", "annotate"]
BODY = "The ministry said output rose. Analysts said it would fall, commea. " * 10
ROWS_PER_ARTICLE = 21  # the headline and twenty sentences


@pytest.fixture
def runner():
    return CliRunner()


def feed(path: Path, n: int, start: int = 0) -> Path:
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": f"Headline {i}\n{BODY}"}) + "\n" for i in range(start, start + n)), encoding="utf-8")
    return path


def run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + [str(a) for a in args] + RULES, capture_output=True, text=True, timeout=120, **kw)


def start(*args: str) -> subprocess.Popen:
    # A runner started in the background inherits SIGINT ignored: give the job the default back.
    return subprocess.Popen(CLI + [str(a) for a in args] + RULES, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def wait_for_part(directory: Path, name: str, proc: subprocess.Popen, size: int = 100_000) -> None:
    deadline = time.time() + 60
    while time.time() < deadline and not any(p.stat().st_size > size for p in directory.glob(f".{name}.*.part")):
        assert proc.poll() is None, "the job ended before the test could act on it"
        time.sleep(0.02)


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in text, text
    return lines[0]


def jsonl_ids(path: Path) -> list[str]:
    return [json.loads(line)["article_id"] for line in path.read_text(encoding="utf-8").splitlines()]


# ---------------------------------------------------------------- 1. one writer per output


def test_a_second_run_on_the_same_output_fails_at_once_naming_the_holder(tmp_path):
    big = feed(tmp_path / "big.jsonl", 5000)
    out = tmp_path / "out.jsonl"
    first = start(big, "-o", out)
    try:
        wait_for_part(tmp_path, out.name, first, size=1)
        began = time.time()
        second = run(feed(tmp_path / "small.jsonl", 1), "-o", out)
        assert time.time() - began < 30
        line = one_line(second.stderr)
        assert second.returncode == 1 and f"pid {first.pid}" in line and "another sourcelens run" in line
    finally:
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=60)
    assert first.returncode == 130
    assert set(jsonl_ids(out)) <= {f"a{i}" for i in range(5000)}  # only the first run's articles
    assert not Path(lock_file_for(str(out))).exists()  # released (and removed) at the end


def test_the_lock_is_refused_in_process_and_free_again_after_release(tmp_path, runner):
    out = tmp_path / "out.jsonl"
    lock = lock_output_file(str(out))
    try:
        result = runner.invoke(main, ["annotate", str(feed(tmp_path / "f.jsonl", 1)), "-o", str(out), *RULES])
        assert result.exit_code == 1 and f"pid {os.getpid()}" in result.output
        assert not out.exists()
    finally:
        lock.release()
    result = runner.invoke(main, ["annotate", str(tmp_path / "f.jsonl"), "-o", str(out), *RULES])
    assert result.exit_code == 0 and jsonl_ids(out) == ["a0"] * ROWS_PER_ARTICLE


def test_a_killed_holder_does_not_block_the_next_run(tmp_path):
    out = tmp_path / "out.jsonl"
    proc = start(feed(tmp_path / "big.jsonl", 5000), "-o", out)
    wait_for_part(tmp_path, out.name, proc)
    proc.kill()
    proc.communicate(timeout=60)
    assert list(tmp_path.glob(".out.jsonl.*.part"))  # SIGKILL leaves its part file behind ...
    result = run(feed(tmp_path / "small.jsonl", 2), "-o", out)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.glob(".out.jsonl.*")) == []  # ... and the next run removes it
    assert jsonl_ids(out) == ["a0"] * ROWS_PER_ARTICLE + ["a1"] * ROWS_PER_ARTICLE


def test_a_ray_output_directory_is_locked_too(tmp_path, runner):
    pytest.importorskip("ray")
    from sourcelens.annotate.locking import OutputLock
    from sourcelens.annotate.ray_engine import LOCK_FILE

    out = tmp_path / "annotated"
    out.mkdir()
    with OutputLock(str(out / LOCK_FILE), str(out)):
        result = runner.invoke(main, ["annotate", str(feed(tmp_path / "f.jsonl", 1)), "-o", str(out), "--engine", "ray", *RULES])
    assert result.exit_code == 1 and f"pid {os.getpid()}" in result.output and "another sourcelens run" in result.output
    assert sorted(os.listdir(out)) == [LOCK_FILE] or os.listdir(out) == []


# ---------------------------------------------------------------- 2. --resume keeps whole articles only


@pytest.fixture
def full_run(tmp_path):
    """A complete output of 6 articles in each format, as bytes (text formats) or a table."""
    source = feed(tmp_path / "six.jsonl", 6)
    outputs = {}
    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"full.{fmt}"
        assert run(source, "-o", out).returncode == 0
        outputs[fmt] = out
    return source, outputs


def _resume_to_full(source: Path, damaged: Path, full: Path, fmt: str) -> subprocess.CompletedProcess:
    result = run(source, "-o", damaged, "--resume")
    assert result.returncode == 0, result.stderr
    if fmt == "parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(damaged).equals(pq.read_table(full))
    else:
        assert damaged.read_bytes() == full.read_bytes()
    return result


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_resume_redoes_a_last_article_cut_between_rows(tmp_path, full_run, fmt):
    source, outputs = full_run
    lines = outputs[fmt].read_bytes().splitlines(keepends=True)
    header = 1 if fmt == "csv" else 0
    damaged = tmp_path / f"cut.{fmt}"
    damaged.write_bytes(b"".join(lines[: header + 3 * ROWS_PER_ARTICLE + 7]))  # article a3 with 7 of its 21 rows
    result = _resume_to_full(source, damaged, outputs[fmt], fmt)
    assert "article 'a3' has 7 of its 21 sentences (cut short): annotating it again" in result.stderr
    assert "annotated 3 articles" in result.stderr and "3 articles already done" in result.stderr


def test_resume_redoes_a_partial_last_article_in_parquet(tmp_path, full_run):
    import pyarrow.parquet as pq

    source, outputs = full_run
    damaged = tmp_path / "cut.parquet"
    pq.write_table(pq.read_table(outputs["parquet"]).slice(0, 2 * ROWS_PER_ARTICLE + 5), damaged)
    result = _resume_to_full(source, damaged, outputs["parquet"], "parquet")
    assert "article 'a2' has 5 of its 21 sentences" in result.stderr


@pytest.mark.parametrize("fmt, cut", [("jsonl", 40), ("csv", 40), ("csv", 7)])
def test_resume_repairs_a_torn_last_line_without_gluing(tmp_path, full_run, fmt, cut):
    source, outputs = full_run
    data = outputs[fmt].read_bytes()
    lines = data.splitlines(keepends=True)
    header = 1 if fmt == "csv" else 0
    keep = b"".join(lines[: header + 2 * ROWS_PER_ARTICLE + 4])
    damaged = tmp_path / f"torn.{fmt}"
    damaged.write_bytes(keep + lines[header + 2 * ROWS_PER_ARTICLE + 4][:cut])  # a row cut mid-line
    result = _resume_to_full(source, damaged, outputs[fmt], fmt)
    assert "cut short" in result.stderr and "dropped" in result.stderr
    assert b"commea2" not in damaged.read_bytes()


def test_resume_refuses_damage_it_cannot_repair(tmp_path, full_run):
    source, outputs = full_run
    lines = outputs["jsonl"].read_bytes().splitlines(keepends=True)
    middle = tmp_path / "middle.jsonl"
    middle.write_bytes(b"".join(lines[:5]) + b'{"article_id": "a0", "ind\n' + b"".join(lines[5:]))
    result = run(source, "-o", middle, "--resume")
    assert result.returncode == 2 and "line 6 is not valid JSON" in result.stderr and "Traceback" not in result.stderr
    gap = tmp_path / "gap.jsonl"
    gap.write_bytes(b"".join(lines[:5] + lines[6:]))  # a row missing inside the first article
    result = run(source, "-o", gap, "--resume")
    assert result.returncode == 2 and "jumps from sentence 4 to 6" in result.stderr
    torn = tmp_path / "torn.parquet"
    torn.write_bytes(outputs["parquet"].read_bytes()[:-100])
    result = run(source, "-o", torn, "--resume")
    assert result.returncode == 2 and "not a readable Parquet file" in result.stderr and "Traceback" not in result.stderr
    assert torn.read_bytes() == outputs["parquet"].read_bytes()[:-100]  # refused: left as it was


def test_resume_state_reports_the_last_article_held_back(tmp_path, full_run):
    _, outputs = full_run
    state = resume_state(str(outputs["jsonl"]), "jsonl")
    assert state.ids == ["a0", "a1", "a2", "a3", "a4"] and state.last == "a5" and state.last_rows == ROWS_PER_ARTICLE
    assert state.keep == state.last_span[0] and state.last_span[1] == outputs["jsonl"].stat().st_size


# ---------------------------------------------------------------- 3. signals and stale part files


def test_sigterm_publishes_finished_articles_like_ctrl_c(tmp_path):
    big = feed(tmp_path / "big.jsonl", 5000)
    out = tmp_path / "out.jsonl"
    proc = start(big, "-o", out)
    wait_for_part(tmp_path, out.name, proc)
    proc.terminate()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143 and "interrupted by SIGTERM" in err and "re-run with --resume" in err
    rows = jsonl_ids(out)
    assert 0 < len(rows) and len(rows) % ROWS_PER_ARTICLE == 0  # whole articles only
    assert list(tmp_path.glob(".out.jsonl.*")) == []  # no part file, no lock file
    result = run(big, "-o", out, "--resume")
    assert result.returncode == 0 and len(jsonl_ids(out)) == 5000 * ROWS_PER_ARTICLE


def test_stale_part_files_are_removed_by_the_next_run(tmp_path):
    out = tmp_path / "out.csv"
    stale = [tmp_path / ".out.csv.x1y2z3.part", tmp_path / ".out.csv.dead.part"]
    for path in stale:
        path.write_text("left by a killed run")
    other = tmp_path / ".other.csv.abc.part"  # another output's part file is not ours to remove
    other.write_text("x")
    assert run(feed(tmp_path / "f.jsonl", 1), "-o", out).returncode == 0
    assert not any(p.exists() for p in stale) and other.exists()


# ---------------------------------------------------------------- 4. what -o may be


@pytest.mark.parametrize("kind", ["symlink", "fifo", "device"])
def test_a_non_regular_output_is_refused(tmp_path, kind):
    target = tmp_path / "real.jsonl"
    target.write_text("keep me\n")
    out = tmp_path / "out.jsonl"
    if kind == "symlink":
        out.symlink_to(target)
    elif kind == "fifo":
        os.mkfifo(out)
    else:
        out = Path("/dev/null")
    result = run(feed(tmp_path / "f.jsonl", 1), "-o", out, "--format", "jsonl")
    line = one_line(result.stderr.split("\n", 2)[-1])  # after click's two usage lines
    assert result.returncode == 2 and {"symlink": "symbolic link", "fifo": "a FIFO", "device": "a device"}[kind] in line
    assert target.read_text() == "keep me\n"
    if kind != "device":
        assert {"symlink": stat.S_ISLNK, "fifo": stat.S_ISFIFO}[kind](os.lstat(out).st_mode)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "html"])
def test_a_replaced_output_keeps_its_mode(tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    source = feed(tmp_path / "f.jsonl", 1)
    assert run(source, "-o", out).returncode == 0
    out.chmod(0o600)
    assert run(source, "-o", out).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    if fmt != "html":
        out.chmod(0o640)
        assert run(feed(tmp_path / "g.jsonl", 1, start=1), "-o", out, "--resume").returncode == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o640


# ---------------------------------------------------------------- 5. crashes that used to lose the batch


def test_deep_nesting_bad_file_names_and_read_errors_are_one_line_each(tmp_path):
    deep = tmp_path / "deep.jsonl"
    deep.write_text('{"id": "deep", "text": "x", "meta": ' + "[" * 1000 + "]" * 1000 + "}\n"
                    + json.dumps({"id": "fine", "text": "Headline\nThe ministry said so."}) + "\n")
    bad_name = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(bad_name, "wb") as handle:
        handle.write(b"Headline\nThe ministry said so.\n")
    mem = tmp_path / "mem.txt"
    mem.symlink_to("/proc/self/mem")
    good = feed(tmp_path / "good.jsonl", 1)
    out = tmp_path / "out.jsonl"
    result = subprocess.run(CLI + [str(deep), os.fsdecode(bad_name), str(mem), str(good), "-o", str(out)] + RULES,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {deep}:1: JSON nested more than 100 levels deep",
        f"error: {tmp_path}/caf\\xe9.txt: the file name is not valid UTF-8; rename the file (article ids come from file names)",
        f"error: {mem}: cannot read: Input/output error",
    ]
    assert sorted(set(jsonl_ids(out))) == ["a0", "fine"]  # the rest of the batch is processed


def test_disk_full_stops_cleanly_and_keeps_the_old_output(tmp_path, runner, monkeypatch):
    from sourcelens.annotate.writers import JsonlWriter

    out = tmp_path / "out.jsonl"
    source = feed(tmp_path / "f.jsonl", 5)
    assert runner.invoke(main, ["annotate", str(source), "-o", str(out), *RULES]).exit_code == 0
    before = out.read_bytes()
    calls = []

    def full(self, article, rows):
        calls.append(article.id)
        if len(calls) == 3:
            self.handle.write("half a row")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return original(self, article, rows)

    original = JsonlWriter._write
    monkeypatch.setattr(JsonlWriter, "_write", full)
    result = runner.invoke(main, ["annotate", str(source), "-o", str(out), *RULES])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert one_line(result.output) == f"Error: {out}: cannot write it (No space left on device); the previous output is kept unchanged"
    assert out.read_bytes() == before and sorted(os.listdir(tmp_path)) == ["f.jsonl", "out.jsonl"]


def test_a_file_size_limit_is_an_error_line_not_a_crash(tmp_path):
    out = tmp_path / "out.jsonl"
    assert run(feed(tmp_path / "one.jsonl", 1), "-o", out).returncode == 0
    before = out.read_bytes()
    limit = 200_000

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(CLI + [str(feed(tmp_path / "many.jsonl", 200)), "-o", str(out)] + RULES,
                            capture_output=True, text=True, timeout=120, preexec_fn=small_files)
    assert result.returncode == 1, result.stderr
    assert one_line(result.stderr).startswith(f"Error: {out}: cannot write it (File too large)")
    assert out.read_bytes() == before and sorted(os.listdir(tmp_path)) == ["many.jsonl", "one.jsonl", "out.jsonl"]


# ---------------------------------------------------------------- 6. inputs that would hang or vanish


def test_a_fifo_input_is_refused_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = run(fifo, feed(tmp_path / "f.jsonl", 1), "--format", "jsonl")  # timeout=120 in run(): a hang fails
    assert result.returncode == 1 and f"error: {fifo}: not a regular file (a FIFO)" in result.stderr
    assert "annotated 1 articles" in result.stderr


def test_links_that_lead_nowhere_in_a_directory_are_reported(tmp_path):
    top = tmp_path / "archive"
    (top / "sub").mkdir(parents=True)
    feed(top / "sub" / "good.jsonl", 1)
    (top / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    (top / "loop_a").symlink_to(top / "loop_b")
    (top / "loop_b").symlink_to(top / "loop_a")
    (top / "sub" / "up").symlink_to(top)  # a cycle through a directory link is walked once
    os.mkfifo(top / "pipe.jsonl")
    items = [str(x) for x in read_articles([str(top)]) if isinstance(x, InputError)]
    assert items == [
        f"{top}/gone.txt: dangling symlink (its target does not exist)",
        f"{top}/loop_a: symlink loop",
        f"{top}/loop_b: symlink loop",
        f"{top}/pipe.jsonl: not a regular file (a FIFO); give a file, a directory or -",
    ]
    result = run(top, "--format", "jsonl")
    assert result.returncode == 1 and result.stdout.count('"article_id": "a0"') == ROWS_PER_ARTICLE


# ---------------------------------------------------------------- 7. ids and JSON positions


@pytest.mark.parametrize("value, kind", [({"a": 1}, "an object"), ([1], "a list"), (True, "a boolean"), ("", "an empty string"), ("  ", "an empty string"), (None, "null"), (1.5, "a number with a fraction")])
def test_an_id_that_is_not_a_string_or_integer_is_refused(tmp_path, value, kind):
    path = tmp_path / "ids.jsonl"
    path.write_text(json.dumps({"id": "ok", "text": "Fine."}) + "\n" + json.dumps({"id": value, "text": "Fine."}) + "\n")
    errors = [str(x) for x in read_articles([str(path)]) if isinstance(x, InputError)]
    assert errors == [f"{path}:2: 'id' must be a non-empty string or an integer, not {kind}"]


def test_an_integer_id_is_kept_and_json_errors_give_the_column_in_characters(tmp_path):
    path = tmp_path / "f.jsonl"
    path.write_text('{"id": 7, "text": "Fine."}\n{"id": "b", "text": "Ünïcödé", }\n', encoding="utf-8")
    items = list(read_articles([str(path)]))
    assert items[0].id == "7"
    line = '{"id": "b", "text": "Ünïcödé", }'
    assert str(items[1]) == f"{path}:2: invalid JSON: Expecting property name enclosed in double quotes (column {line.index('}') + 1})"


# ---------------------------------------------------------------- 8. memory bounded per sentence


@pytest.mark.parametrize("size", [10_000, 1_000_000])
def test_over_long_sentences_are_cut_into_bounded_pieces(size):
    from sourcelens.annotate.inputs import article_from_text
    from sourcelens.annotate.segment import presplit_article

    words = ("word " * (size // 5)).strip()
    for article in (article_from_text("x", "Headline\n" + words + "\nA short one. Another."), presplit_article("y", ["Headline", words, "End."])):
        sentences = segment(article)
        assert max(len(s.text) for s in sentences) <= MAX_SENTENCE_CHARS
        assert all(article.text[s.start : s.end] == s.text for s in sentences)
        assert [s.index for s in sentences] == list(range(len(sentences)))
        assert "".join(s.text for s in sentences).replace(" ", "") == article.text.replace(" ", "").replace("\n", "")
        assert sentences[-1].text in {"Another.", "End."}
    unbroken = article_from_text("z", "Headline\n" + "x" * 2500)
    assert [len(s.text) for s in segment(unbroken)] == [8, 1000, 1000, 500]  # no space: cut mid-word


def peak_rss_kb(path: Path, *extra: str) -> int:
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *CLI, str(path), "--format", "jsonl", *RULES, *extra], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return int(out.stdout)


def test_peak_memory_is_flat_from_10_kb_to_1_mb_lines(tmp_path):
    sizes = {}
    for size in (10_000, 1_000_000):
        path = tmp_path / f"line{size}.txt"
        path.write_text("Headline\n" + ("the council said the plan would cost more " * (size // 43 + 1))[:size] + "\n")
        sizes[size] = peak_rss_kb(path)
    assert sizes[1_000_000] < sizes[10_000] + 150_000, sizes  # kilobytes: 100x the text, not 100x the memory


# ---------------------------------------------------------------- 11. the Label Studio workspace is private


def test_the_studio_folder_is_made_private_and_spawned_files_are_600(tmp_path):
    from sourcelens.studio.server import spawn
    from sourcelens.studio.settings import private_dir, studio_dir

    home = studio_dir(tmp_path / "ws")
    (home / "data" / "media").mkdir(parents=True, mode=0o755)
    db = home / "data" / "label_studio.sqlite3"
    db.write_text("admin token")
    db.chmod(0o644)
    private_dir(home)  # what `studio up` does before it starts Label Studio, to a workspace an older version made
    for path in (home, home / "data", home / "data" / "media"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    created = home / "data" / "new.sqlite3"
    pid = spawn(["sh", "-c", f"echo token > {created}"], home / "x.json", home / "x.log", {}, umask=0o077)
    deadline = time.time() + 10
    while time.time() < deadline and not created.exists():
        time.sleep(0.05)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
    assert stat.S_IMODE(created.stat().st_mode) == 0o600 and stat.S_IMODE((home / "x.log").stat().st_mode) == 0o600


# ---------------------------------------------------------------- 12. pull state keyed by project id


def test_projects_whose_titles_share_a_slug_get_their_own_pull_folder_and_cursor(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from sourcelens.studio import pull as pull_module
    from sourcelens.studio.tasks import LABEL_CONTROL

    def task(project_id: int) -> dict:
        result = [{"from_name": LABEL_CONTROL, "value": {"choices": ["official_claim"]}}]
        annotation = {"id": 100 + project_id, "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", "completed_by": 1, "result": result}
        return {"id": project_id, "data": {"sentence_id": f"p{project_id}#0", "text": "Police said so."}, "annotations": [annotation]}

    class FakeStudio:  # the two projects, as a Label Studio with both would answer
        connection = SimpleNamespace(url="http://127.0.0.1:8080")

        def project(self, name):
            return SimpleNamespace(id={"slug test": 1, "slug-test": 2}[name])

        def annotator_names(self):
            return {1: "a@example.org"}

    monkeypatch.setattr(pull_module, "export_tasks", lambda studio, project_id: [task(project_id)])
    first = pull_module.pull(FakeStudio(), "slug test", tmp_path)
    second = pull_module.pull(FakeStudio(), "slug-test", tmp_path)
    assert first.rows == 1 and second.rows == 1  # the second project's annotation is not "nothing new"
    assert first.snapshot.parent.name == "slug-test" and second.snapshot.parent.name == "slug-test-2"
    for report, project_id in ((first, 1), (second, 2)):
        assert json.loads((report.snapshot.parent / "project.json").read_text())["project_id"] == project_id
        assert [json.loads(line)["sentence_id"] for line in (report.snapshot / "labels.jsonl").read_text().splitlines()] == [f"p{project_id}#0"]
    again = pull_module.pull(FakeStudio(), "slug-test", tmp_path)
    assert again.snapshot is None and "nothing new" in again.summary()
