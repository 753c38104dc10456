"""META: front matter against the site owner's JSON Schema."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from helpsite.content.site import display_path
from helpsite.errors import ConfigError
from helpsite.model import Article, Finding, RuleSet, Severity

RULESET = RuleSet()

NO_FRONT_MATTER = RULESET.rule(
    "META001",
    "no-front-matter",
    Severity.ERROR,
    "The article has no front matter",
    """
    Every article needs a YAML front-matter block with at least a title; translations also carry
    the hand-off keys. Without it the page has no metadata at all.""",
)
REQUIRED = RULESET.rule(
    "META002",
    "required-key",
    Severity.ERROR,
    "A required front-matter key is missing",
    """
    The schema (``schema/article.schema.json``) lists this key under ``required`` or
    ``dependentRequired``. The finding points at the start of the front matter, or at the key
    that needs the missing one.""",
)
NOT_ALLOWED = RULESET.rule(
    "META003",
    "value-not-allowed",
    Severity.ERROR,
    "A front-matter value is not one of the allowed values",
    """
    The schema restricts the key to an ``enum`` of values (for example ``ms.topic`` or
    ``ms.translationtype``). Extend the schema when the list really grew.""",
)
BAD_DATE = RULESET.rule(
    "META004",
    "invalid-date",
    Severity.ERROR,
    "A date is not a real, zero-padded MM/DD/YYYY date",
    """
    Dates in Microsoft-style front matter are ``MM/DD/YYYY`` with two-digit month and day, and
    must exist (``02/30/2021`` does not). An empty, impossible or unreadable date is an error; a
    real date written without its zeros (``8/6/2019``) is a warning whose fix is the padded form
    (``08/06/2019``): Learn reads it, other tools may not. The schema sets the second severity
    with ``x-severity-padding`` on the date's definition.""",
)
WRONG_TYPE = RULESET.rule(
    "META005",
    "wrong-type",
    Severity.ERROR,
    "A front-matter value has the wrong type",
    """
    For example a list where the schema expects text, or an empty value where text is needed.""",
)
LENGTH = RULESET.rule(
    "META006",
    "length",
    Severity.WARNING,
    "A front-matter value is too long or too short",
    """
    Titles beyond about 60 characters are cut in search results and tabs; descriptions have
    limits too. The limits are ``maxLength``/``minLength`` in the schema.""",
)
UNKNOWN_KEY = RULESET.rule(
    "META007",
    "unknown-key",
    Severity.INFO,
    "A front-matter key the schema does not know",
    """
    Not an error: sites add their own keys. Add it to the schema's ``properties`` to silence this.""",
)
MISSPELLED_KEY = RULESET.rule(
    "META008",
    "misspelled-key",
    Severity.WARNING,
    "A front-matter key looks like a misspelling of a known key",
    """
    An unknown key that differs from a known one only in letter case or separators
    (``ms-reviewer`` for ``ms.reviewer``, ``MS.technology``), or by one or two typed characters
    (``ms,.custom`` for ``ms.custom``), is almost always a typo, and the value it carries is lost
    to every tool. A key that adds or drops a whole part of a known key (``keywords`` beside
    ``f1.keywords``) is another key, not a typo; and keys the schema knows are never suspects,
    even when two of them differ only in separators (``f1_keywords`` and ``f1.keywords`` are
    both real Learn keys).""",
)
PATTERN = RULESET.rule(
    "META009",
    "pattern",
    Severity.ERROR,
    "A front-matter value does not have the required form",
    """
    The value does not match the ``pattern`` the schema gives (for example a 40 or 64 digit hex
    hash).""",
)
SCHEMA_OTHER = RULESET.rule(
    "META010",
    "schema",
    Severity.ERROR,
    "The front matter breaks another schema rule",
    """
    Any schema violation that none of the more specific META codes covers.""",
)
SCHEMA_BROKEN = RULESET.rule(
    "META011",
    "schema-invalid",
    Severity.ERROR,
    "The metadata schema itself is not valid",
    """
    ``schema/article.schema.json`` could not be read or is not a valid JSON Schema (draft
    2020-12). No metadata is checked until it is fixed.""",
)


if TYPE_CHECKING:
    from jsonschema import FormatChecker
    from jsonschema.exceptions import ValidationError

_US_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


def is_us_date(value: object) -> bool:
    if not isinstance(value, str):
        return True  # the type keyword reports non-strings
    match = _US_DATE.fullmatch(value)
    if not match:
        return False
    month, day, year = map(int, match.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


@functools.cache
def format_checker() -> FormatChecker:
    from jsonschema import FormatChecker  # jsonschema loads only when a schema is used, not for a cached run

    checker = FormatChecker()
    checker.checks("mm/dd/yyyy")(is_us_date)
    return checker


_CODE_FOR_KEYWORD = {
    "required": REQUIRED,
    "dependentRequired": REQUIRED,
    "enum": NOT_ALLOWED,
    "const": NOT_ALLOWED,
    "format": BAD_DATE,
    "type": WRONG_TYPE,
    "maxLength": LENGTH,
    "minLength": LENGTH,
    "maxItems": LENGTH,
    "minItems": LENGTH,
    "pattern": PATTERN,
}


class MetadataSchema:
    """A compiled schema plus what helpsite needs to know of it (known keys, severity overrides)."""

    def __init__(self, schema: dict[str, Any], source: str = "schema") -> None:
        from jsonschema import Draft202012Validator

        problem = _schema_problem(json.dumps(schema, sort_keys=True, default=str))
        if problem is not None:
            raise ConfigError(f"{source}: not a valid JSON Schema: {problem}")
        self.source = source
        self.schema = schema
        # Unknown keys are reported one by one, at their own line, by this module.
        self.closed = schema.get("additionalProperties") is False
        checked = {k: v for k, v in schema.items() if k != "additionalProperties"}
        self.validator = Draft202012Validator(checked, format_checker=format_checker())
        self.accepts = _acceptor(checked, self.validator)
        self.known = set(schema.get("properties", {}))
        self.patterns = [re.compile(p) for p in schema.get("patternProperties", {})]

    @classmethod
    def load(cls, path: Path) -> MetadataSchema:
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the metadata schema: {exc.strerror}") from None
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}:{exc.lineno}:{exc.colno}: the metadata schema is not valid JSON: {exc.msg}") from None
        if not isinstance(schema, dict):
            raise ConfigError(f"{path}: the metadata schema must be a JSON object")
        return cls(schema, str(path))

    @classmethod
    def for_project(cls, path: Path) -> tuple[MetadataSchema | None, list[Finding]]:
        """The site's schema, or None and the finding that says why it cannot be used."""
        try:
            return cls.load(path), []
        except ConfigError as exc:
            # A JSON syntax error knows its line and column: the finding points there, and names
            # the file once (not again, absolute, in its message).
            syntax = exc.__context__ if isinstance(exc.__context__, json.JSONDecodeError) else None
            line, column = (syntax.lineno, syntax.colno) if syntax else (None, None)
            message = re.sub(rf"^{re.escape(str(path))}(?::\d+:\d+)?: ", "", str(exc))
            return None, [SCHEMA_BROKEN.finding(display_path(path), line, column, message)]

    def is_known(self, key: str) -> bool:
        return key in self.known or any(p.search(key) for p in self.patterns)


@functools.lru_cache(maxsize=8)
def _schema_problem(schema_json: str) -> str | None:
    """Why a schema is not valid JSON Schema, or None. Checking it against the meta-schema takes
    tens of milliseconds: a process that loads one schema again (``helpsite serve``, the test
    suite's many small projects) checks it once."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    try:
        Draft202012Validator.check_schema(json.loads(schema_json))
    except SchemaError as exc:
        return exc.message
    return None


# The keywords _acceptor compiles; a schema that validates with any other gets no fast path. Keys
# jsonschema does not validate with (title, $defs, x-severity ...) are ignored, as jsonschema does.
_COMPILED_KEYWORDS = frozenset(
    {"type", "enum", "const", "minLength", "maxLength", "pattern", "format", "items", "minItems", "maxItems", "properties", "required"}
    | {"dependentRequired", "$ref"}
)
_SCALARS = (str, int, float, bool, type(None))
_TYPES = frozenset({"array", "boolean", "integer", "null", "number", "object", "string"})
Accepts = Callable[[Any], bool]


def _acceptor(schema: dict[str, Any], validator: Any) -> Accepts | None:
    """A test that front matter is valid, for the common shapes of schema (types, enums, lengths,
    patterns, formats, properties, required keys and local ``$ref``s): most articles are valid,
    and jsonschema takes a quarter of a millisecond to say so. It answers True only where
    jsonschema finds nothing (it uses jsonschema's own type and format checkers); False sends the
    article to jsonschema, which says what is wrong. None: the schema uses a keyword it does not
    compile, and every article goes to jsonschema."""
    try:
        return _Compiler(schema, validator).build(schema)
    except _Unsupported:
        return None


class _Unsupported(Exception):
    pass


class _Compiler:
    def __init__(self, schema: dict[str, Any], validator: Any) -> None:
        from jsonschema import Draft202012Validator

        self.schema = schema
        self.validating = set(Draft202012Validator.VALIDATORS)
        self.is_type, self.conforms = validator.is_type, validator.format_checker.conforms
        self.compiled: dict[str, Accepts] = {}
        self.compiling: set[str] = set()

    def resolve(self, ref: Any) -> Accepts:
        if not isinstance(ref, str) or not ref.startswith("#/") or "~" in ref or "%" in ref:
            raise _Unsupported(ref)
        if ref not in self.compiled:
            if ref in self.compiling:
                raise _Unsupported(ref)  # a recursive schema
            self.compiling.add(ref)
            target: Any = self.schema
            for part in ref[2:].split("/"):
                if not isinstance(target, dict) or part not in target:
                    raise _Unsupported(ref)
                target = target[part]
            self.compiled[ref] = self.build(target)
        return self.compiled[ref]

    def build(self, node: Any) -> Accepts:
        if node is True:
            return lambda value: True
        if node is False:
            return lambda value: False
        if not isinstance(node, dict) or {"$anchor", "$dynamicAnchor"} & set(node) or ("$id" in node and node is not self.schema):
            raise _Unsupported(node)  # another base for references, or anchors to them
        if (self.validating & set(node)) - _COMPILED_KEYWORDS:
            raise _Unsupported(node)
        tests = [self._keyword(keyword, node[keyword]) for keyword in _COMPILED_KEYWORDS if keyword in node]
        if len(tests) == 1:
            return tests[0]  # most nodes test one thing: no loop around it

        def passes_all(value: Any) -> bool:
            # A loop, not all() over a generator (a third of the time): this runs for every value of every page.
            for test in tests:  # noqa: SIM110
                if not test(value):
                    return False
            return True

        return passes_all

    def _keyword(self, keyword: str, argument: Any) -> Accepts:
        is_type = self.is_type
        if keyword == "type":
            types = [argument] if isinstance(argument, str) else list(argument)
            if not set(types) <= _TYPES:
                raise _Unsupported(types)
            if len(types) == 1:
                (only,) = types
                return lambda value: is_type(value, only)
            return lambda value: any(is_type(value, name) for name in types)
        if keyword in ("enum", "const"):
            allowed = list(argument) if keyword == "enum" else [argument]

            def allowed_value(value: Any) -> bool:  # scalars of one Python type compare as in jsonschema (True is not 1)
                return type(value) in _SCALARS and any(type(a) is type(value) and a == value for a in allowed)

            return allowed_value
        if keyword in ("minLength", "maxLength", "minItems", "maxItems"):
            kind = str if keyword.endswith("Length") else list
            if keyword.startswith("min"):
                return lambda value: not isinstance(value, kind) or len(value) >= argument
            return lambda value: not isinstance(value, kind) or len(value) <= argument
        if keyword == "pattern":
            return lambda value: not isinstance(value, str) or re.search(argument, value) is not None
        if keyword == "format":
            conforms = self.conforms
            return lambda value: conforms(value, argument)
        if keyword == "items":
            each = self.build(argument)
            return lambda value: not isinstance(value, list) or all(each(item) for item in value)
        if keyword == "properties":
            properties = {key: self.build(sub) for key, sub in argument.items()}

            def valid_properties(value: Any) -> bool:
                if not isinstance(value, dict):
                    return True
                for key, test in properties.items():  # noqa: SIM110  (as above)
                    if key in value and not test(value[key]):
                        return False
                return True

            return valid_properties
        if keyword == "required":
            required = list(argument)
            return lambda value: not isinstance(value, dict) or all(key in value for key in required)
        if keyword == "dependentRequired":
            dependent = {key: list(needed) for key, needed in argument.items()}

            def dependencies_present(value: Any) -> bool:
                return not isinstance(value, dict) or all(o in value for key, needed in dependent.items() if key in value for o in needed)

            return dependencies_present
        return self.resolve(argument)  # $ref


def check_metadata(article: Article, schema: MetadataSchema) -> Iterator[Finding]:
    if not article.readable:
        return
    if not article.has_front_matter:
        yield NO_FRONT_MATTER.finding(article.display_path, 1, 1, "no front matter: the file must start with a '---' line")
        return
    if any(p.code.startswith("PARSE") and p.severity is Severity.ERROR for p in article.problems):
        return  # the block could not be read; PARSE findings already say why
    instance = {key: _jsonable(value) for key, value in article.meta.items()}
    reported_required: set[str] = set()
    if schema.accepts is None or not schema.accepts(instance):  # jsonschema says what is wrong
        for error in schema.validator.iter_errors(instance):
            yield from _to_findings(error, article, reported_required)
    if schema.closed:
        yield from _unknown_keys(article, schema)


def _to_findings(error: ValidationError, article: Article, reported_required: set[str]) -> Iterator[Finding]:
    # iter_errors fills these in; their types allow "unset" only for errors made by hand.
    keyword, keyword_value, value = cast(str, error.validator), cast(Any, error.validator_value), cast(Any, error.instance)
    rule = _CODE_FOR_KEYWORD.get(keyword, SCHEMA_OTHER)
    key = str(error.path[0]) if error.path else None
    severity = _severity_override(error)
    path = article.display_path
    if keyword == "required":
        for missing in keyword_value:
            if missing not in value and missing not in reported_required:
                reported_required.add(missing)
                yield rule.finding(path, article.line_of(""), 1, f"required key '{missing}' is missing", severity=severity)
        return
    if keyword == "dependentRequired":
        for dependent, needed in keyword_value.items():
            if dependent in value:
                for other in needed:
                    if other not in value:
                        yield rule.finding(
                            path,
                            article.line_of(dependent),
                            article.column_of(dependent),
                            f"'{dependent}' needs '{other}' as well",
                            severity=severity,
                        )
        return
    line, column = (article.line_of(key), article.column_of(key)) if key else (article.line_of(""), 1)
    where = f"'{key}'" if key else "front matter"
    fix = None
    if keyword == "enum":
        allowed = [str(v) for v in keyword_value]
        message = f"{where} is {_show(value)}; allowed: {', '.join(allowed)}"
        fix = _closest(str(value), allowed)
        if fix:
            message += f" (did you mean '{fix}'?)"
    elif keyword == "format":
        message, fix = _date_problem(where, value, keyword_value)
        if fix is not None:  # a real date, only not zero-padded: the schema's x-severity-padding
            severity = _severity_override(error, "padding") or Severity.WARNING
    elif keyword == "type":
        expected = keyword_value if isinstance(keyword_value, str) else " or ".join(keyword_value)
        message = f"{where} is empty; it needs a {expected}" if value is None else f"{where} should be {expected}, not {_kind(value)}"
    elif keyword in ("maxLength", "minLength"):
        if keyword == "minLength" and keyword_value == 1:
            message = f"{where} is empty"
        else:
            bound = "at most" if keyword == "maxLength" else "at least"
            message = f"{where} has {len(value)} characters; {bound} {keyword_value} allowed"
    elif keyword == "pattern":
        message = f"{where} is {_show(value)}, which does not have the form {keyword_value}"
    else:
        message = f"{where}: {error.message}"
    yield rule.finding(path, line, column, message, severity=severity, fix=fix)


def _date_problem(where: str, value: Any, form: str) -> tuple[str, str | None]:
    if value in ("", None):
        return f"{where} is empty; write a date as {form.upper()}", None
    loose = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", str(value))
    if loose:
        padded = f"{int(loose.group(1)):02d}/{int(loose.group(2)):02d}/{loose.group(3)}"
        if padded != value and is_us_date(padded):
            return f"{where} is {_show(value)}; write it as {padded} ({form.upper()})", padded
        return f"{where} is {_show(value)}, a date that does not exist", None
    return f"{where} is {_show(value)}, not a date in the form {form.upper()}", None


def _unknown_keys(article: Article, schema: MetadataSchema) -> Iterator[Finding]:
    for key, meta_key in article.meta_keys.items():
        if schema.is_known(key):
            continue
        near = misspelling_of(key, schema.known)
        at = (article.display_path, meta_key.line, meta_key.column)
        if len(near) == 1:
            yield MISSPELLED_KEY.finding(*at, f"unknown key '{key}' looks like '{near[0]}'; its value is ignored", fix=near[0])
        elif near:
            shown = " or ".join(f"'{k}'" for k in near)
            yield MISSPELLED_KEY.finding(*at, f"unknown key '{key}' looks like {shown}; its value is ignored")
        else:
            yield UNKNOWN_KEY.finding(*at, f"key '{key}' is not in the schema")


_KEY_SEPARATORS = re.compile(r"[\s._,:-]+")


def _key_parts(key: str) -> list[str]:
    return [part for part in _KEY_SEPARATORS.split(key.lower()) if part]


def misspelling_of(key: str, known: Iterable[str]) -> list[str]:
    """The known keys ``key`` is a typo of: the same words in another case or with other
    separators, else one or two typed characters away (never a key with a part more or less)."""
    parts = _key_parts(key)
    same_words = sorted(k for k in known if _key_parts(k) == parts)
    if same_words:
        return same_words
    lowered = key.lower()
    limit = 1 if len(lowered) <= 5 else 2
    near = []
    for candidate in known:
        other = _key_parts(candidate)
        if len(other) != len(parts) and (set(other) < set(parts) or set(parts) < set(other)):
            continue  # keywords / f1.keywords: a part added or dropped makes another key
        distance = _typing_distance(lowered, candidate.lower(), limit)
        if distance <= limit:
            near.append((distance, candidate))
    best = min((d for d, _ in near), default=None)
    return sorted(c for d, c in near if d == best)


def _typing_distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from a to b; anything over limit is limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def _severity_override(error: ValidationError, narrower: str | None = None) -> Severity | None:
    """The schema's severity for this finding: ``x-severity-CASE`` for a narrower case of the
    keyword (``padding`` of ``format``), else ``x-severity-KEYWORD``, else ``x-severity``."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    names = [f"x-severity-{narrower}"] if narrower else []
    name = next((schema[n] for n in [*names, f"x-severity-{error.validator}", "x-severity"] if n in schema), None)
    return Severity.parse(name) if isinstance(name, str) else None


def _closest(value: str, options: list[str], cutoff: float = 0.6) -> str | None:
    lowered = {o.lower(): o for o in options}
    if value.lower() in lowered:
        return lowered[value.lower()]
    match = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=cutoff)
    return lowered[match[0]] if match else None


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return value


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", bool: "true/false", int: "a number", float: "a number", str: "text"}.get(
        type(value), type(value).__name__
    )
