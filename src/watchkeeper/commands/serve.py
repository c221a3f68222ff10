"""``watchkeeper serve``: the HTTP API and in-process worker under uvicorn."""

from __future__ import annotations

import uvicorn
from rich.console import Console

from watchkeeper.config import Settings
from watchkeeper.runtime import Runtime
from watchkeeper.web.app import create_app


def make_server(runtime: Runtime, host: str, port: int, *, worker: bool = True) -> uvicorn.Server:
    config = uvicorn.Config(
        create_app(runtime, run_worker=worker), host=host, port=port, log_level="warning"
    )
    return uvicorn.Server(config)


def run_serve(settings: Settings, host: str, port: int, *, worker: bool, console: Console) -> None:
    runtime = Runtime.build(settings)
    if not settings.api_tokens:
        console.print(
            "[yellow]no API tokens configured: every /v1 request will be refused. "
            "Set WATCHKEEPER_API_TOKENS='[\"<token>\"]'.[/yellow]"
        )
    console.print(
        f"Watchkeeper on http://{host}:{port} — database {settings.database_url}, "
        f"policy {runtime.policy.version}, detectors "
        f"{', '.join(d.name for d in runtime.detectors)}",
        highlight=False,
    )
    try:
        make_server(runtime, host, port, worker=worker).run()
    finally:
        runtime.close()
