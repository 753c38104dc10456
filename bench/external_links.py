"""Benchmark: the external link checker against a local server with added latency.

    .venv/bin/python bench/external_links.py [--urls 2000] [--latency 0.02]

Checks N distinct URLs on a server on 127.0.0.1 that waits LATENCY seconds before each answer,
twice with the same cache: the first run (cold) asks the server, the second (warm) must not.
Target (issue 3): at least 200 URLs/s cold; warm sends no request and takes under 1 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpsite.web.client import ExternalSettings, LinkCache, check_urls
from tests.localserver import LocalServer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.02)
    args = parser.parse_args()
    server = LocalServer(latency=args.latency).start()
    settings = ExternalSettings()
    urls = [server.url(f"/page/{n}") for n in range(args.urls)]
    try:
        with tempfile.TemporaryDirectory() as folder:
            cache_path = Path(folder) / "links.sqlite"
            rows = []
            for run in ("cold", "warm"):
                before = server.total_requests()
                started = time.perf_counter()
                cache = LinkCache(cache_path)
                results = check_urls(urls, settings, cache)
                cache.close()
                seconds = time.perf_counter() - started
                assert all(r.ok for r in results.values()), "a URL failed"
                rows.append((run, seconds, args.urls / seconds, server.total_requests() - before))
    finally:
        server.stop()
    print(f"{args.urls} URLs, {args.latency * 1000:.0f} ms latency, concurrency {settings.concurrency}, per host {settings.per_host}")
    print(f"{'run':6} {'seconds':>8} {'URLs/s':>9} {'requests':>9}")
    for run, seconds, rate, requests in rows:
        print(f"{run:6} {seconds:8.3f} {rate:9.0f} {requests:9d}")
    cold, warm = rows
    ok = cold[2] >= 200 and warm[3] == 0 and warm[1] < 1.0
    print("targets met" if ok else "TARGETS MISSED: >= 200 URLs/s cold, warm: no request and < 1 s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
