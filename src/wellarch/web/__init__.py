"""The web UI and JSON API: a FastAPI app with server-rendered pages (``wellarch serve``).

The layer is thin, as the CLI is: each route parses its input, calls
:class:`wellarch.review.service.Reviews` and renders the result. Pages work without JavaScript;
``static/app.js`` only enhances them. The JSON API lives under ``/api/`` and describes itself at
``/api/openapi.json``.

Example:
    >>> from wellarch.lens.catalog import BuiltinLensSource
    >>> from wellarch.review.service import InMemoryRepository, Reviews
    >>> app = create_app(Reviews(InMemoryRepository(), [BuiltinLensSource()]))
    >>> app.openapi_url
    '/api/openapi.json'
"""

from wellarch.web.app import create_app

__all__ = ["create_app"]
