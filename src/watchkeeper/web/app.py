"""The FastAPI application, built from a Runtime with no global state.

``create_app`` wires the API router, authentication, the body-size limit and the
in-process worker's life cycle; ``serve`` and the tests call it the same way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from watchkeeper import __version__
from watchkeeper.runtime import Runtime
from watchkeeper.web.api import build_router
from watchkeeper.web.auth import token_checker
from watchkeeper.web.banks_api import build_banks_router
from watchkeeper.web.limits import BodySizeLimit
from watchkeeper.worker import Worker


def create_app(runtime: Runtime, *, run_worker: bool = True) -> FastAPI:
    """An app serving ``runtime``; with ``run_worker`` it decides events in the background."""
    worker = Worker(runtime) if run_worker else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if worker is not None:
            worker.start()
        try:
            yield
        finally:
            if worker is not None:
                worker.stop()

    app = FastAPI(
        title="Watchkeeper",
        version=__version__,
        description="Trust & safety engine: events in, decisions, cases and actions out.",
        lifespan=lifespan,
        docs_url=None,  # the Swagger page loads scripts from a CDN: no surprise network calls
        redoc_url=None,
    )
    wake = worker.wake if worker is not None else (lambda: None)
    auth = token_checker(runtime.settings.api_tokens)
    app.include_router(build_router(runtime, wake, auth))
    app.include_router(build_banks_router(runtime, auth))

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok", "policy": runtime.policy.version}

    app.add_middleware(BodySizeLimit, max_bytes=runtime.settings.max_request_bytes)
    return app
