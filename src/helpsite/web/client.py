"""Checking external URLs: an async client with bounded concurrency, and a SQLite cache.

Stages, as in lychee: the caller collects URLs, ``check_urls`` answers each from the cache or the
network, and the caller turns results into findings. Concurrency, retries and caching live here
and nowhere else.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import email.utils
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from helpsite.content.config import ExternalSettings

REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
RETRY_STATUSES = frozenset({429, 503})
HEAD_REFUSED = frozenset({400, 403, 405, 501})  # servers that answer HEAD badly but GET fine
USER_AGENT = "helpsite-linkcheck/0.1 (+https://helpsite.invalid)"


@dataclass(frozen=True, slots=True)
class UrlResult:
    url: str
    status: int | None  # the final status, None when no answer came
    final_url: str
    permanent_redirect: bool = False
    error: str | None = None
    checked_at: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300


def cache_key(url: str) -> str:
    """The fragment never reaches the server, so URLs differing only there are one entry."""
    return url.split("#", 1)[0]


class LinkCache:
    """Results by URL in SQLite (WAL: concurrent runs and killed runs leave it usable)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            self.db = self._open(path)
        except sqlite3.DatabaseError:
            # Not a database (a truncated copy, another program's file): it is only a cache, so it
            # is set aside, where it can be looked at, and a new one started.
            path.replace(path.with_name(path.name + ".corrupt"))
            for suffix in ("-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
            self.db = self._open(path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS results (url TEXT PRIMARY KEY, status INTEGER, final_url TEXT,"
                " permanent INTEGER, error TEXT, checked_at REAL)"
            )
            db.execute("SELECT count(*) FROM results").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def fresh(self, urls: Iterable[str], settings: ExternalSettings, now: float) -> dict[str, UrlResult]:
        found: dict[str, UrlResult] = {}
        wanted = list(urls)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self.db.execute(
                f"SELECT url, status, final_url, permanent, error, checked_at FROM results WHERE url IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for url, status, final_url, permanent, error, checked_at in rows:
                result = UrlResult(url, status, final_url, bool(permanent), error, checked_at)
                ttl = settings.ttl_ok_hours if result.ok else settings.ttl_fail_hours
                if now - checked_at < ttl * 3600:
                    found[url] = result
        return found

    def store(self, results: Iterable[UrlResult]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?)",
                [(r.url, r.status, r.final_url, int(r.permanent_redirect), r.error, r.checked_at) for r in results],
            )

    def close(self) -> None:
        self.db.close()


ProgressCallback = Callable[[int, int], None]


def _run(coroutine):
    """asyncio.run, also from a thread whose event loop is already running (a notebook, a
    Playwright session, an async MkDocs server): there the checker gets a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def check_urls(
    urls: Iterable[str], settings: ExternalSettings, cache: LinkCache | None, progress: ProgressCallback | None = None
) -> dict[str, UrlResult]:
    """Answer every URL (keys as given, fragments dropped) from the cache or the network."""
    keys = sorted({cache_key(u) for u in urls})
    now = time.time()
    results = cache.fresh(keys, settings, now) if cache else {}
    missing = [url for url in keys if url not in results]
    if missing:
        fetched = _run(_check_all(missing, settings, progress))
        if cache:
            cache.store(fetched.values())
        results.update(fetched)
    return results


async def _check_all(urls: list[str], settings: ExternalSettings, progress: ProgressCallback | None) -> dict[str, UrlResult]:
    import aiohttp  # only runs that check external links pay for importing it

    overall = asyncio.Semaphore(settings.concurrency)
    per_host: dict[str, asyncio.Semaphore] = {}
    connector = aiohttp.TCPConnector(limit=settings.concurrency, limit_per_host=settings.per_host, ttl_dns_cache=300)
    timeout = aiohttp.ClientTimeout(total=settings.timeout, sock_connect=settings.timeout)
    done = 0
    results: dict[str, UrlResult] = {}
    async with aiohttp.ClientSession(connector=connector, timeout=timeout, headers={"User-Agent": USER_AGENT}) as session:

        async def one(url: str) -> None:
            nonlocal done
            host = (urlsplit(url).hostname or "").lower()
            limit = per_host.setdefault(host, asyncio.Semaphore(settings.per_host))
            results[url] = await _with_retries(session, url, settings, overall, limit)
            done += 1
            if progress:
                progress(done, len(urls))

        await asyncio.gather(*(one(url) for url in urls))
    return results


async def _with_retries(session, url: str, settings: ExternalSettings, overall, limit) -> UrlResult:
    import aiohttp

    attempt = 0
    while True:
        wait: float | None = None
        # The host's slot first: a host with a queue must not hold overall slots others could use.
        # A request waiting out a back-off holds neither.
        async with limit, overall:
            try:
                result, retry_after = await _follow(session, url, settings)
                unanswered = False
            except (TimeoutError, aiohttp.ClientError, OSError, ValueError) as exc:
                result, retry_after = _failure(url, exc, settings), None
                unanswered = True
        # A network failure may pass; an answer (a refused redirect, a redirect loop) will be the same.
        if (unanswered or result.status in RETRY_STATUSES) and attempt < settings.retries:
            wait = retry_after if retry_after is not None else 0.25 * 2**attempt
            attempt += 1
            await asyncio.sleep(min(wait, settings.max_retry_after))
            continue
        return result


async def _follow(session, url: str, settings: ExternalSettings) -> tuple[UrlResult, float | None]:
    current, permanent = url, False
    for _ in range(settings.max_redirects + 1):
        scheme = urlsplit(current).scheme.lower()
        if scheme not in ("http", "https"):
            return UrlResult(url, None, current, permanent, f"refused to follow a redirect to a {scheme}: URL", time.time()), None
        status, location, retry_after = await _request(session, "HEAD", current)
        if status in HEAD_REFUSED:
            status, location, retry_after = await _request(session, "GET", current)
        if status in REDIRECTS and location:
            permanent = permanent or status in PERMANENT
            current = urljoin(current, location)
            continue
        return UrlResult(url, status, current, permanent and current != url, None, time.time()), retry_after
    return UrlResult(url, None, current, permanent, f"more than {settings.max_redirects} redirects", time.time()), None


async def _request(session, method: str, url: str) -> tuple[int, str | None, float | None]:
    # The body is never read: closing the response drops the connection, so a huge body costs
    # nothing beyond what the kernel already buffered.
    async with session.request(method, url, allow_redirects=False) as response:
        status = response.status
        location = response.headers.get("Location")
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        response.close()
    return status, location, retry_after


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait, from either form of Retry-After (delay-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _failure(url: str, exc: BaseException, settings: ExternalSettings) -> UrlResult:
    import aiohttp

    if isinstance(exc, asyncio.TimeoutError):
        reason = f"no answer within {settings.timeout:g} s"
    elif isinstance(exc, aiohttp.ClientConnectorError):
        reason = f"cannot connect: {exc.os_error.strerror or exc.os_error}" if exc.os_error else "cannot connect"
    else:
        reason = f"{type(exc).__name__}: {exc}"
    return UrlResult(url, None, url, False, reason, time.time())
