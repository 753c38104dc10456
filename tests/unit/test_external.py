"""The external link checker against a real HTTP server on 127.0.0.1."""

import asyncio
import concurrent.futures
import json
import time

import pytest

from helpsite.web.client import ExternalSettings, LinkCache, check_urls, parse_retry_after
from tests.conftest import article
from tests.localserver import LocalServer, SilentServer, refused_url


@pytest.fixture
def server():
    server = LocalServer().start()
    yield server
    server.stop()


def settings(**overrides) -> ExternalSettings:
    return ExternalSettings(**{"timeout": 2.0, "retries": 2, **overrides})


def test_statuses_and_redirect_chains(server, tmp_path):
    urls = {
        "ok": server.url("/ok"),
        "missing": server.url("/status/404"),
        "gone": server.url("/status/410"),
        "chain": server.url("/redirect/301?to=/redirect/308%3Fto%3D/ok"),
        "temporary": server.url("/redirect/302?to=/ok"),
    }
    results = check_urls(urls.values(), settings(), LinkCache(tmp_path / "c.sqlite"))
    r = {name: results[url] for name, url in urls.items()}
    assert r["ok"].ok and not r["ok"].permanent_redirect
    assert (r["missing"].status, r["gone"].status) == (404, 410)
    assert r["chain"].ok and r["chain"].permanent_redirect and r["chain"].final_url == server.url("/ok")
    assert r["temporary"].ok and not r["temporary"].permanent_redirect
    assert server.requests("/status/404") == 1  # a 404 answer is final, not retried


def test_429_is_retried_after_retry_after(server):
    started = time.monotonic()
    results = check_urls([server.url("/busy-once/a")], settings(), None)
    assert results[server.url("/busy-once/a")].ok
    assert time.monotonic() - started >= 1.0
    assert server.requests("/busy-once/a") == 2


def test_503_gives_up_after_the_retries(server):
    result = check_urls([server.url("/unavailable")], settings(retries=2), None)[server.url("/unavailable")]
    assert result.status == 503 and not result.ok
    assert server.requests("/unavailable") == 3


def test_slow_refused_and_silent_servers_are_errors_not_hangs(server):
    silent = SilentServer()
    try:
        urls = [server.url("/slow"), refused_url(), silent.url()]
        started = time.monotonic()
        results = check_urls(urls, settings(timeout=0.5, retries=1), None)
        assert time.monotonic() - started < 6
    finally:
        silent.close()
    slow, refused, quiet = (results[u] for u in urls)
    assert slow.error == "no answer within 0.5 s" and quiet.error == "no answer within 0.5 s"
    assert refused.error.startswith("cannot connect")


def test_huge_body_is_not_downloaded(server):
    started = time.monotonic()
    result = check_urls([server.url("/huge")], settings(), None)[server.url("/huge")]
    assert result.ok and time.monotonic() - started < 5
    assert server.hits[("HEAD", "/huge")] == 1 and server.hits[("GET", "/huge")] == 1  # HEAD refused, GET fallback
    time.sleep(0.5)
    assert server.huge_bytes_sent < 32 * 1024 * 1024  # of 256 MB


def test_redirects_to_other_schemes_and_loops_are_not_followed(server):
    to_file = server.url("/redirect/302?to=file:///etc/passwd")
    loop = server.url("/loop")
    results = check_urls([to_file, loop], settings(max_redirects=3), None)
    assert results[to_file].error == "refused to follow a redirect to a file: URL"
    assert results[loop].error == "more than 3 redirects"
    assert server.requests("/redirect/302") == 1  # not retried
    assert server.requests("/loop") == 4  # the first request and 3 redirects, once: a loop stays a loop


def test_concurrency_is_bounded_per_host():
    server = LocalServer(latency=0.05).start()
    try:
        check_urls([server.url(f"/page/{n}") for n in range(40)], settings(per_host=4, concurrency=16), None)
        assert server.max_in_flight <= 4
        assert server.total_requests() == 40
    finally:
        server.stop()


def test_cache_answers_fresh_entries_without_a_request(server, tmp_path):
    cache_path = tmp_path / "links.sqlite"
    urls = [server.url("/ok"), server.url("/status/404")]
    first = check_urls(urls, settings(), LinkCache(cache_path))
    seen = server.total_requests()
    second = check_urls(urls, settings(), LinkCache(cache_path))
    assert server.total_requests() == seen
    assert {u: r.status for u, r in first.items()} == {u: r.status for u, r in second.items()}
    # Failures expire sooner than successes.
    check_urls(urls, settings(ttl_fail_hours=0.0), LinkCache(cache_path))
    assert server.requests("/status/404") == 2 and server.requests("/ok") == 1


def test_fragments_share_one_request(server):
    check_urls([server.url("/ok#a"), server.url("/ok#b"), server.url("/ok")], settings(), None)
    assert server.requests("/ok") == 1


@pytest.mark.parametrize("value, expected", [("2", 2.0), (None, None), ("soon", None), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)])
def test_retry_after_forms(value, expected):
    assert parse_retry_after(value) == expected


def test_check_external_end_to_end(project, server):
    body = (
        "# Links\n\n"
        f"[ok]({server.url('/ok')}) [missing]({server.url('/status/404')}#part)\n"
        f"[moved]({server.url('/redirect/308?to=/ok')}#frag) [forbidden]({server.url('/status/403')})\n"
        "[js](javascript:alert(1)) [file](file:///etc/passwd)\n"
    )
    project.write("docs/en/a.md", article(body=body))
    result = project.helpsite("check", "--external", "--format", "json", "--select", "URL")
    found = [(f["code"], f["severity"], f["line"], f["fix"]) for f in json.loads(result.stdout)]
    assert found == [
        ("URL007", "error", 6, None),
        ("URL008", "warning", 7, server.url("/ok") + "#frag"),
        ("URL007", "warning", 7, None),
        ("URL005", "error", 8, None),
        ("URL005", "error", 8, None),
    ]
    assert (project.root / ".helpsite-cache" / "links.sqlite").exists()
    seen = server.total_requests()
    again = project.helpsite("check", "--external", "--format", "json", "--select", "URL")
    assert json.loads(again.stdout) == json.loads(result.stdout)
    assert server.total_requests() == seen  # the second run is answered from the cache


def test_the_checker_works_inside_a_running_event_loop(server, tmp_path):
    """As in a notebook or beside a Playwright session: no 'asyncio.run() cannot be called' error."""

    async def inside():
        return check_urls([server.url("/ok")], ExternalSettings(), None)

    # In a thread of its own: this test process may have a loop running already (Playwright's).
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        results = pool.submit(asyncio.run, inside()).result()
    assert results[server.url("/ok")].ok
