"""``watchkeeper demo``: the service on SQLite with the shipped demo stream flowing in.

A new operator sees real flags in seconds: the 2014 campaign hashtags, a doxxed
address beside a threat, reports from a trusted flagger. Events go in through the
same pipeline a platform would use, a few at a time, while the API answers on
localhost with a one-off token printed for curl.
"""

from __future__ import annotations

import secrets
import threading
import time
from itertools import islice

from pydantic import SecretStr
from rich.console import Console

from watchkeeper.commands.serve import make_server
from watchkeeper.commands.tables import cases_table, decisions_table
from watchkeeper.config import Settings
from watchkeeper.demo import iter_demo_events
from watchkeeper.demo.banks import bank_demo_events, seed_demo_bank
from watchkeeper.runtime import Runtime
from watchkeeper.store.repository import Store

DEMO_BATCH = 25


def run_demo(
    settings: Settings, port: int, *, exit_after_feed: bool, pace: float, console: Console
) -> None:
    token = (
        settings.api_tokens[0].get_secret_value()
        if settings.api_tokens
        else secrets.token_urlsafe(18)
    )
    if not settings.api_tokens:
        settings = settings.model_copy(update={"api_tokens": [SecretStr(token)]})
    with Store.open(settings.database_url) as store:  # before the detectors load the banks
        store.migrate()
        seed_demo_bank(store)
    runtime = Runtime.build(settings)
    server = make_server(runtime, "127.0.0.1", port)
    console.print(
        f"[bold]Watchkeeper demo[/bold] on http://127.0.0.1:{port} (database "
        f"{settings.database_url}, policy {runtime.policy.version})\n"
        f"API token for this run: [bold]{token}[/bold]\n"
        f"  curl -H 'Authorization: Bearer {token}' http://127.0.0.1:{port}/v1/cases\n"
        f"  curl -H 'Authorization: Bearer {token}' "
        f"http://127.0.0.1:{port}/v1/decisions/<event id>",
        highlight=False,
    )

    def feed() -> None:
        while not server.started:
            time.sleep(0.02)
        events = iter_demo_events()
        fed = 0
        while batch := list(islice(events, DEMO_BATCH)):
            fed += len(runtime.pipeline.submit(batch).accepted)
            time.sleep(pace)
        fed += len(runtime.pipeline.submit(bank_demo_events()).accepted)
        runtime.pipeline.drain()
        flagged = [
            decision
            for decision in runtime.store.recent_decisions(limit=5_000)
            if decision.verdict != "allow"
        ]
        console.print(decisions_table(flagged[:25], f"{len(flagged)} events flagged (first 25)"))
        console.print(cases_table(runtime.store.list_cases(limit=15)))
        console.print(f"fed {fed} new demo events; stats: {runtime.store.stats()}", highlight=False)
        if exit_after_feed:
            server.should_exit = True
        else:
            console.print("The API keeps answering; press Ctrl-C to stop.")

    feeder = threading.Thread(target=feed, name="demo-feed", daemon=True)
    feeder.start()
    try:
        server.run()
    finally:
        feeder.join(timeout=5)
        runtime.close()
