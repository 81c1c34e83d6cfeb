"""``socius serve``: a multi-user web workspace over the library (an adapter).

Needs the ``serve`` extra (``pip install socius[serve]``): FastAPI, uvicorn, Jinja2,
SQLAlchemy 2, Alembic, psycopg, argon2-cffi, itsdangerous, python-multipart. The library
never imports this package. See docs/serve.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["app_from_env"]


def app_from_env() -> FastAPI:
    """The application configured from the environment (used by uvicorn's workers)."""
    from socius.web.app import Config, create_app

    return create_app(Config.from_env())
