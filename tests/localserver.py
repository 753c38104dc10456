"""A real HTTP server on 127.0.0.1 for link-check tests and the benchmark; counts what it is asked."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections import Counter

from aiohttp import web


class LocalServer:
    def __init__(self, latency: float = 0.0) -> None:
        self.latency = latency
        self.hits: Counter[tuple[str, str]] = Counter()
        self.in_flight = 0
        self.max_in_flight = 0
        self.huge_bytes_sent = 0
        self.loop = asyncio.new_event_loop()
        self.port = 0
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def requests(self, path: str) -> int:
        return sum(count for (_, p), count in self.hits.items() if p == path)

    def total_requests(self) -> int:
        return sum(self.hits.values())

    # -- routes ---------------------------------------------------------------------------------
    async def ok(self, request: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def status(self, request: web.Request) -> web.Response:
        return web.Response(status=int(request.match_info["code"]))

    async def redirect(self, request: web.Request) -> web.Response:
        code, target = int(request.match_info["code"]), request.query.get("to", "/ok")
        return web.Response(status=code, headers={"Location": target})

    async def loop_forever(self, request: web.Request) -> web.Response:
        return web.Response(status=301, headers={"Location": request.path})

    async def busy_once(self, request: web.Request) -> web.Response:
        if self.requests(request.path) == 1:
            return web.Response(status=429, headers={"Retry-After": "1"})
        return web.Response(text="ok")

    async def always_unavailable(self, request: web.Request) -> web.Response:
        return web.Response(status=503, headers={"Retry-After": "0"})

    async def slow(self, request: web.Request) -> web.Response:
        await asyncio.sleep(5)
        return web.Response(text="late")

    async def huge(self, request: web.Request) -> web.StreamResponse:
        if request.method == "HEAD":
            return web.Response(status=405)
        response = web.StreamResponse()
        await response.prepare(request)
        chunk = b"x" * 65536
        try:
            for _ in range(4096):  # 256 MB if anyone read it all
                await response.write(chunk)
                self.huge_bytes_sent += len(chunk)
        except (ConnectionResetError, RuntimeError):
            pass
        return response

    async def page(self, request: web.Request) -> web.Response:
        return web.Response(text="page")

    @web.middleware
    async def count(self, request: web.Request, handler):
        self.hits[(request.method, request.path)] += 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
            return await handler(request)
        finally:
            self.in_flight -= 1

    # -- life cycle -----------------------------------------------------------------------------
    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        app = web.Application(middlewares=[self.count])
        app.router.add_route("*", "/ok", self.ok)
        app.router.add_route("*", "/status/{code}", self.status)
        app.router.add_route("*", "/redirect/{code}", self.redirect)
        app.router.add_route("*", "/loop", self.loop_forever)
        app.router.add_route("*", "/busy-once/{name}", self.busy_once)
        app.router.add_route("*", "/unavailable", self.always_unavailable)
        app.router.add_route("*", "/slow", self.slow)
        app.router.add_route("*", "/huge", self.huge)
        app.router.add_route("*", "/page/{n}", self.page)
        self.runner = web.AppRunner(app, access_log=None)
        self.loop.run_until_complete(self.runner.setup())
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        self.loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]
        self._ready.set()
        self.loop.run_forever()

    def start(self) -> LocalServer:
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        async def shutdown() -> None:
            await self.runner.cleanup()

        asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)


def refused_url() -> str:
    """A loopback URL on a port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


class SilentServer:
    """Accepts connections (the kernel does) and never answers a byte."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)

    def url(self) -> str:
        return f"http://127.0.0.1:{self.socket.getsockname()[1]}/"

    def close(self) -> None:
        self.socket.close()
