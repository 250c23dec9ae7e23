"""Datasette plugin for the export (`make browse` loads it with --plugins-dir): pages for people.

Datasette 0.65.5 as pinned needs three fixes for this database:

- Row pages show a foreign key as the bare id. `render_cell` shows it as a link labelled with
  the name of the row it points at (the table's `label_column`), the id beside it, as table
  pages already do.
- `number` columns are REAL, so 17800 shows as 17800.0. `render_cell` shows a whole REAL as an
  integer (the stored value is unchanged; the JSON API still gives 17800.0).
- A URL that matches no route (for example the versioned database name typed with its dots,
  `/gansu-ip-press-conference-2025-1.0.0`) makes Datasette print the 404 with rich outside an
  `except` block, which rich refuses: the 404 becomes a 500. The versioned name, and any served
  name written with dots, is redirected to the database's URL (`register_routes`), and any other
  such request is answered with Datasette's own 404 page (`asgi_wrapper`).

Configuration (metadata.json, written by the exports):
`"plugins": {"readable": {"aliases": {"<name>-<version>": "<name>"}}}`.
"""
from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from datasette import Response, hookimpl
from datasette.utils import tilde_encode
from markupsafe import Markup, escape

_FOREIGN_KEYS: dict[tuple[str, str], dict[str, dict]] = {}


async def foreign_keys(datasette: Any, database: str, table: str) -> dict[str, dict]:
    key = (database, table)
    if key not in _FOREIGN_KEYS:
        db = datasette.get_database(database)
        _FOREIGN_KEYS[key] = {fk["column"]: fk for fk in await db.foreign_keys_for_table(table)}
    return _FOREIGN_KEYS[key]


@hookimpl
def render_cell(value, column, table, database, datasette):
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        return str(int(value))
    if table is None or value is None or value == "" or not isinstance(value, (str, int)):
        return None  # expanded keys arrive as dicts on table pages: Datasette labels them itself

    async def labelled():
        fk = (await foreign_keys(datasette, database, table)).get(column)
        if fk is None:
            return None
        labels = await datasette.expand_foreign_keys(database, table, column, [value])
        label = labels.get((column, value))
        href = datasette.urls.row(database, fk["other_table"], tilde_encode(str(value)))
        if not label or label == value:
            return Markup('<a href="{}">{}</a>').format(href, value)
        return Markup('<a href="{}">{}</a>&nbsp;<em>{}</em>').format(href, label, value)

    return labelled()


def redirect_to(target: str) -> Callable[[Any], Awaitable[Response]]:
    """A view redirecting to the same path under the database `target` (Datasette passes only
    the arguments a view names, so the target is bound here)."""
    async def redirect(request):
        rest = request.url_vars.get("rest", "")
        query = f"?{request.query_string}" if request.query_string else ""
        return Response.redirect(f"/{tilde_encode(target)}{rest}{query}")
    return redirect


@hookimpl
def register_routes(datasette):
    aliases = dict((datasette.plugin_config("readable") or {}).get("aliases", {}))
    aliases.update({name: name for name in datasette.databases if "." in name})
    routes = []
    for alias, target in aliases.items():
        if target not in datasette.databases:
            continue

        routes.append((rf"^/{re.escape(alias)}(?P<rest>(?:[/.].*)?)$", redirect_to(target)))
    return routes


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def answer_404_instead_of_500(scope, receive, send):
            started = False

            async def tracked(message):
                nonlocal started
                started = started or message.get("type") == "http.response.start"
                await send(message)

            try:
                await app(scope, receive, tracked)
            except ValueError as error:
                if scope.get("type") != "http" or started or "not called in except" not in str(error):
                    raise
                page = await datasette.render_template(
                    "error.html", {"ok": False, "error": f"Not found: {escape(scope.get('path', ''))}",
                                   "status": 404, "title": "Not found"})
                await Response.html(page, status=404).asgi_send(send)

        return answer_404_instead_of_500
    return wrap
