"""Bearer-token authentication for the API.

Tokens come from settings (``WATCHKEEPER_API_TOKENS``); none configured means every
request is refused with a message saying how to set one, never an open API.
"""

from __future__ import annotations

import hmac
from collections.abc import Sequence

from fastapi import HTTPException, Request, status
from pydantic import SecretStr


def token_checker(tokens: Sequence[SecretStr]) -> object:
    """A FastAPI dependency that accepts ``Authorization: Bearer <one of tokens>``."""
    secrets = [token.get_secret_value().encode() for token in tokens]

    def check(request: Request) -> None:
        if not secrets:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "no API tokens are configured; set WATCHKEEPER_API_TOKENS",
            )
        header = request.headers.get("Authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "missing bearer token (Authorization: Bearer <token>)",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if not any(hmac.compare_digest(given.encode(), secret) for secret in secrets):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "unknown API token")

    return check
