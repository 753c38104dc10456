import json
import re

from tests.conftest import article

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d{3}) \[(?P<sev>\w+)\] .+$")


def test_text_output_is_path_line_col_code_message(project):
    project.write("docs/en/a.md", article(ms_topic="artcle"))
    result = project.helpsite("check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "docs/en/a.md:3:1: META003 [error] 'ms.topic' is 'artcle'; allowed: "
        + ", ".join(json.loads((project.root / "schema/article.schema.json").read_text())["properties"]["ms.topic"]["enum"])
        + " (did you mean 'article'?)"
    ]
    assert "1 articles checked" in result.stderr and "1 errors" in result.stderr


def test_json_output(project):
    project.write("docs/en/a.md", article(title="T" * 66))
    result = project.helpsite("check", "--format", "json")
    assert result.returncode == 0  # warnings alone do not fail
    [finding] = json.loads(result.stdout)
    assert finding == {
        "code": "META006",
        "severity": "warning",
        "path": "docs/en/a.md",
        "line": 2,
        "column": 1,
        "message": "'title' has 66 characters; at most 65 allowed",
        "fix": None,
    }


def test_select_and_ignore_take_prefixes(project):
    project.write("docs/en/a.md", article(ms_topic="artcle", ms_date="1/1/2020"))

    def codes(*args):
        return sorted(f["code"] for f in json.loads(project.helpsite("check", "--format", "json", *args).stdout))

    assert codes() == ["META003", "META004"]
    assert codes("--select", "META004") == ["META004"]
    assert codes("--ignore", "META00") == []
    assert codes("--select", "META", "--ignore", "META003") == ["META004"]


def test_usage_errors_exit_2(project):
    assert project.helpsite("check", "--select", "NOPE").returncode == 2
    assert project.helpsite("check", "does/not/exist").returncode == 2
    assert project.helpsite("check", "--format", "xml").returncode == 2
    assert project.helpsite("frobnicate").returncode == 2


def test_broken_locales_are_a_clear_usage_error(project):
    (project.root / "locales" / "nl.yml").write_text("code: nl\ntag: [broken\n")
    result = project.helpsite("check")
    assert result.returncode == 2
    assert re.search(r"locales/nl\.yml:\d+: not valid YAML", result.stderr) and "Traceback" not in result.stderr


def test_rules_lists_and_explains(project):
    listing = project.helpsite("rules").stdout
    assert "META003" in listing and "LOC004" in listing and "PARSE006" in listing
    explained = project.helpsite("rules", "loc004").stdout
    assert explained.startswith("LOC004 wrong-language (warning)") and "min_letters" in explained


def test_every_bad_input_is_a_finding_and_the_rest_is_still_checked(project):
    bad = {
        "docs/en/broken-yaml.md": b"---\ntitle: [oops\n---\n",
        "docs/en/no-front-matter.md": b"# Hello\n",
        "docs/en/empty.md": b"",
        "docs/en/invalid-utf8.md": b"---\ntitle: t\n---\n\xff\xfe\n",
        "docs/en/bom.md": b"\xef\xbb\xbf---\ntitle: t\n---\n",
        "docs/en/crlf.md": b"---\r\ntitle: t\r\n---\r\n",
        "docs/en/python-tag.md": b"---\ntitle: !!python/object/apply:os.system ['touch pwned']\n---\n",
        "docs/en/bomb.md": (
            b"---\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
            b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n---\n"
        ),
    }
    for path, data in bad.items():
        project.write(path, data)
    (project.root / "docs/en/folder.md").mkdir()
    with (project.root / "docs/en/huge.md").open("wb") as handle:
        handle.write(b"---\ntitle: t\n---\n" + b"word " * (11 * 1024 * 1024))
    project.write("docs/en/good-but-wrong-topic.md", article(ms_topic="artcle"))

    result = project.helpsite("check")
    assert "Traceback" not in result.stderr and result.returncode == 1
    found = {}
    for line in result.stdout.splitlines():
        match = LINE.match(line)
        assert match, line
        found.setdefault(match["path"], set()).add(match["code"])
    assert found == {
        "docs/en/bom.md": {"PARSE009"},
        "docs/en/bomb.md": {"PARSE006"},
        "docs/en/broken-yaml.md": {"PARSE003"},
        "docs/en/crlf.md": {"PARSE010"},
        "docs/en/empty.md": {"META001"},
        "docs/en/folder.md": {"PARSE001"},
        "docs/en/good-but-wrong-topic.md": {"META003"},
        "docs/en/huge.md": {"PARSE005"},
        "docs/en/invalid-utf8.md": {"PARSE002"},
        "docs/en/no-front-matter.md": {"META001"},
        "docs/en/python-tag.md": {"PARSE007"},
    }
    assert not (project.root / "pwned").exists()


def test_terminal_control_characters_are_escaped(project):
    # An escape sequence in a file name and (YAML's \e) in a value must not reach the terminal raw.
    project.write("docs/en/\x1b[31mred.md", article(ms_topic='"\\e[31mred"'))
    result = project.helpsite("check")
    assert result.returncode == 1
    assert "\x1b" not in result.stdout and result.stdout.count("\\x1b[31mred") == 2


def test_progress_bar_on_a_terminal_only(project):
    import os
    import pty
    import subprocess
    import sys

    for index in range(260):
        project.write(f"docs/en/a{index}.md", article())
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "helpsite.cli", "check"],
        cwd=project.root,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "100"},
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=120) == 0
    text = output.decode("utf-8", "replace")
    assert "260/260" in text and ("reading" in text or "checking" in text)
    assert "260 articles checked" in text
    piped = project.helpsite("check")  # not a terminal: no bar
    assert "260/260" not in piped.stderr and piped.stderr.startswith("260 articles checked")


def test_check_of_a_file_outside_the_docs_tree_is_a_usage_error_not_a_walk(project):
    project.write("README.md", "# Read me\n")
    result = project.helpsite("check", "README.md")
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        "helpsite: README.md: not in the docs folder (docs/) nor in a locale folder; articles are checked against their docs tree"
    ]


def test_review_mark_refuses_an_empty_reviewer(project):
    path = project.write("docs/nl/a.md", article(ms_contentlocale="nl-NL"))
    before = path.read_bytes()
    for reviewer in ("", "   "):
        result = project.helpsite("review", "mark", "docs/nl/a.md", "--reviewer", reviewer)
        assert result.returncode == 2 and "reviewer's name" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_every_command_and_action_has_a_help_line_and_a_description():
    import argparse

    from helpsite.cli import build_parser

    def walk(parser, name):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                helps = {choice.dest: choice.help for choice in action._choices_actions}
                for command, sub in action.choices.items():
                    assert helps.get(command), f"{name} {command}: no help line"
                    assert sub.description, f"{name} {command}: no description"
                    yield command
                    yield from walk(sub, f"{name} {command}")

    commands = set(walk(build_parser(), "helpsite"))
    assert {"status", "build", "merge-sites", "review", "list", "mark", "report", "merge"} <= commands


def test_rules_prints_text_without_raw_double_backticks(capsys):
    from helpsite.checks.registry import RULES
    from helpsite.cli import main

    assert main(["rules"]) == 0
    assert "``" not in capsys.readouterr().out
    for code in RULES:
        assert main(["rules", code]) == 0
        outside_examples = re.sub(r"^```.*?^```", "", capsys.readouterr().out, flags=re.M | re.S)
        assert "``" not in outside_examples, code
