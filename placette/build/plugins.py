"""What each Placette plugin provides to the others, and what it needs.

Each plugin's `__init__` holds a `DECLARATION`. The names it provides and
needs are the seams between plugins:

- "articles": news items and events read with the shared model, each article
  with its association (placette_content);
- "filters": the theme's Jinja filters (placette_filters);
- "images": `context["placette_images"]`, the published images (placette_images);
- "directory": `context["associations"]`, `["directory_facets"]`... (placette_directory);
- "directory pages": every association page written (placette_directory);
- "search index": the Pagefind index started, finished at `finalized` (placette_search);
- "agenda view": `Portal.agenda` (placette/build/agenda_view.py) (placette_agenda);
- "portraits": `context["portraits"]`, the portraits and stories shown (placette_portraits);
- "feed addresses": `context["feed_siteurl"]`, `["association_feeds"]`... (placette_feeds);
- "incremental build": the run's `state.output_build` (placette_incremental).

`needs`: read while the plugin builds its context or writes, before the
plugins after it do: the provider must be listed *before* it in PLUGINS
(Pelican runs generators, and calls signal receivers, in PLUGINS order).
`uses`: read only once every plugin has built its context (in
`generate_output`): the provider must be in PLUGINS, in any place.
`after`: when a plugin provides it, it must be listed before this one (the
provider may be absent).

`check_order` runs when Pelican starts (`initialized`) and logs an error for
each plugin in the wrong place; tests/test_plugin_order.py checks the
settings files.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from placette.build.pelican_compat import loaded_plugins

log = logging.getLogger("placette")


@dataclass(frozen=True)
class Declaration:
    provides: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


def problems(plugins: list[tuple[str, Declaration | None]]) -> list[str]:
    """What is wrong with this order of (plugin name, declaration), in French."""
    providers: dict[str, list[int]] = {}
    for index, (_, declaration) in enumerate(plugins):
        for name in declaration.provides if declaration else ():
            providers.setdefault(name, []).append(index)
    found = []
    for index, (plugin, declaration) in enumerate(plugins):
        if declaration is None:
            continue
        for name in declaration.needs + declaration.uses:
            if name not in providers:
                found.append(f"extensions : {plugin} a besoin de « {name} », qu'aucune extension de "
                             "PLUGINS ne fournit (pelicanconf.py)")  # fmt: skip
        for name in declaration.needs + declaration.after:
            late = [plugins[i][0] for i in providers.get(name, []) if i > index]
            if late:
                found.append(f"extensions : {plugin} doit venir après {', '.join(late)} dans PLUGINS "
                             f"(pelicanconf.py) : il lit « {name} »")  # fmt: skip
    return found


def declared(modules) -> list[tuple[str, Declaration | None]]:
    """(name, declaration) of loaded plugin modules, in their order."""
    return [(module.__name__, getattr(module, "DECLARATION", None)) for module in modules]


def check_order(pelican) -> None:
    """initialized: an error for each plugin listed in the wrong place."""
    for problem in problems(declared(loaded_plugins(pelican))):
        log.error("%s", problem)
