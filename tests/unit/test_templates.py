"""The theme's templates compile once per machine: a later process (a new CompiledTemplates, a new
Jinja environment) reads the compiled code back, and a changed template is compiled again."""

from __future__ import annotations

import jinja2
import pytest

from helpsite import usercache
from helpsite.mkdocs.templates import CompiledTemplates


@pytest.fixture
def theme(tmp_path, cache_home):
    """A theme of one template, its compiled code kept in an empty user's cache folder."""
    if usercache._key() is None:
        pytest.skip("no boot id on this machine: nothing is kept on disk")
    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "main.html").write_text("<h1>{{ title }}</h1>")
    return folder


def environment(folder, compiled: list[str]) -> jinja2.Environment:
    """A new process's environment, as MkDocs makes one per build: its compilations are listed in ``compiled``."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=CompiledTemplates())
    original = env.compile

    def compile_(source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return original(source, name, filename, raw, defer_init)

    env.compile = compile_  # type: ignore[method-assign]
    return env


def test_a_later_process_reads_the_compiled_template_and_a_changed_one_is_compiled_again(theme):
    first: list[str] = []
    assert environment(theme, first).get_template("main.html").render(title="Betalen") == "<h1>Betalen</h1>"
    assert first == ["main.html"]
    later: list[str] = []
    assert environment(theme, later).get_template("main.html").render(title="Betalen") == "<h1>Betalen</h1>"
    assert later == []  # read back, not compiled
    (theme / "main.html").write_text("<h2>{{ title }}</h2>")
    changed: list[str] = []
    assert environment(theme, changed).get_template("main.html").render(title="Betalen") == "<h2>Betalen</h2>"
    assert changed == ["main.html"]


def test_compiled_code_changed_on_disk_is_compiled_again_not_run(theme, cache_home):
    environment(theme, []).get_template("main.html")
    [kept] = cache_home.glob("template-*")
    data = bytearray(kept.read_bytes())
    data[-8] ^= 1
    kept.write_bytes(bytes(data))
    again: list[str] = []
    assert environment(theme, again).get_template("main.html").render(title="x") == "<h1>x</h1>"
    assert again == ["main.html"]
