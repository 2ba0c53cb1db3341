"""The structure holds: no import cycle, layers imported one way, small modules.

Layers: placette.model <- placette.build <- placette.publish <- bridge; the
command-line tools (placette.cli) sit on top of placette; Pelican plugins use
placette.model and placette.build only, never another plugin (what a plugin
gives others goes through the portal state). Every import counts, at module
level or inside a function, relative ones resolved: an import hidden in a
function is still a dependency, and a cycle through one breaks as soon as
someone moves it to the top.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"placette": ROOT / "placette", "bridge": ROOT / "bridge"}
PLUGINS = ROOT / "plugins"  # each folder is a top-level package (PLUGIN_PATHS)
MAX_LINES = 400


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module of the project
    line: int


def modules() -> dict[str, Path]:
    """Every module of placette/, bridge/ and plugins/ by its dotted name."""
    found = {}
    roots = list(PACKAGES.items())
    roots += [(p.name, p) for p in sorted(PLUGINS.iterdir()) if (p / "__init__.py").is_file()]
    for package, folder in roots:
        for path in sorted(folder.rglob("*.py")):
            parts = [package, *path.relative_to(folder).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _project_module(name: str, known: dict[str, Path]) -> str | None:
    """The project module an import name runs: itself, or the nearest package
    holding it (`from placette.model import card` with card a name)."""
    name = name.removeprefix("plugins.")
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports(known: dict[str, Path] | None = None) -> list[Import]:
    known = known if known is not None else modules()
    found = []
    for module, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):  # module level and inside functions
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(module, path.name == "__init__.py", node)
                names = [f"{base}.{alias.name}" for alias in node.names]
            for name in names:
                target = _project_module(name, known)
                if target and target != module:
                    found.append(Import(module, target, node.lineno))
    return found


def cycles(edges: list[Import]) -> list[list[str]]:
    """One shortest cycle through each group of modules that import each
    other (the strongly connected components of the graph, Tarjan)."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.source, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for following in sorted(graph[node]):
            if following not in index:
                visit(following)
                low[node] = min(low[node], low[following])
            elif following in stack:
                low[node] = min(low[node], index[following])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    # Through each module of a group, its shortest cycle: every loop is named
    # (app -> builder -> app and app -> pipeline -> forge -> app).
    found = {tuple(_rotated(_shortest_cycle(graph, group, start))) for group in groups for start in group}
    return sorted(list(cycle) for cycle in found)


def _rotated(cycle: list[str]) -> list[str]:
    """The same cycle written from its first module in alphabetical order."""
    ring = cycle[:-1]
    first = ring.index(min(ring))
    ring = ring[first:] + ring[:first]
    return ring + [ring[0]]


def _shortest_cycle(graph: dict[str, set[str]], group: set[str], start: str) -> list[str]:
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for following in sorted(graph[node] & group):
            if following == start:
                return paths[node] + [start]
            if following not in paths:
                paths[following] = paths[node] + [following]
                queue.append(following)
    raise AssertionError(f"no cycle through {start}")  # a strongly connected group always has one


def _layer(module: str) -> str:
    top, _, rest = module.partition(".")
    if top == "placette":
        return f"placette.{rest.partition('.')[0]}" if rest else "placette"
    return top if top == "bridge" else "plugin"


# layer -> the layers it must not import
FORBIDDEN = {
    "placette.model": {"placette.build", "placette.publish", "placette.cli", "bridge", "plugin"},
    # the interface's languages: catalogues, formats, lazy texts, used by the model's sentences
    "placette.i18n": {"placette.build", "placette.publish", "placette.cli", "bridge", "plugin"},
    "placette.build": {"placette.publish", "placette.cli", "bridge", "plugin"},
    "placette.publish": {"placette.cli", "bridge", "plugin"},
    "placette.cli": {"bridge", "plugin"},
    "placette": {"bridge", "plugin"},
    "plugin": {"placette.publish", "placette.cli", "bridge"},
    "bridge": {"plugin", "placette.cli", "placette.importer"},
    # the importer turns feeds into the bridge's proposals: it sits on top of the bridge
    "placette.importer": {"plugin", "placette.cli"},
}


def layer_violations(edges: list[Import]) -> list[str]:
    found = []
    for edge in edges:
        source, target = _layer(edge.source), _layer(edge.target)
        other_plugin = source == target == "plugin" and edge.source.split(".")[0] != edge.target.split(".")[0]
        if target in FORBIDDEN.get(source, ()) or other_plugin:
            found.append(f"{edge.source} (line {edge.line}) imports {edge.target}")
    return sorted(set(found))


def test_no_import_cycle():
    found = cycles(imports())
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in found)


def test_layers_are_imported_one_way():
    found = layer_violations(imports())
    assert not found, "imports against the layers:\n" + "\n".join(found)


def test_no_module_over_400_lines():
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules().items()}
    over = sorted(f"{name}: {lines} lines" for name, lines in sizes.items() if lines > MAX_LINES)
    assert not over, f"modules over {MAX_LINES} lines (split them by concern):\n" + "\n".join(over)


def test_the_graph_sees_every_kind_of_import(tmp_path):
    """The checker itself, on a made-up package: a cycle through a relative
    import inside a function is found, and so is a model module importing
    the bridge."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "__init__.py").write_text("")
    (tmp_path / "a" / "x.py").write_text("from . import y\n")
    (tmp_path / "a" / "y.py").write_text("def f():\n    from .sub.z import g\n")
    (tmp_path / "a" / "sub").mkdir()
    (tmp_path / "a" / "sub" / "__init__.py").write_text("")
    (tmp_path / "a" / "sub" / "z.py").write_text("import a.x\nimport os\n")
    known = {
        "a": tmp_path / "a/__init__.py",
        "a.x": tmp_path / "a/x.py",
        "a.y": tmp_path / "a/y.py",
        "a.sub": tmp_path / "a/sub/__init__.py",
        "a.sub.z": tmp_path / "a/sub/z.py",
    }
    edges = imports(known)
    assert {(e.source, e.target) for e in edges} == {("a.x", "a.y"), ("a.y", "a.sub.z"), ("a.sub.z", "a.x")}
    assert cycles(edges) == [["a.sub.z", "a.x", "a.y", "a.sub.z"]]
    wrong = [Import("placette.model.card", "bridge.app", 3), Import("placette_gazette.gazette", "placette_agenda", 9)]
    assert layer_violations(wrong + [Import("bridge.app", "placette.publish.builder", 1)]) == [
        "placette.model.card (line 3) imports bridge.app",
        "placette_gazette.gazette (line 9) imports placette_agenda",
    ]


# The tests of the bench itself; every other test uses tests/ helpers only
# (the bench uses them too: tests/clients.py, tests/load.py).
TESTS_OF_THE_BENCH = {"test_synthetic.py", "test_bench.py"}


def test_tests_do_not_depend_on_the_bench():
    found = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            if any(n == "bench" or n.startswith("bench.") for n in names) and path.name not in TESTS_OF_THE_BENCH:
                found.append(f"tests/{path.name} (line {node.lineno}) imports {', '.join(names)}")
    assert not found, "tests importing the bench (move the helper into tests/):\n" + "\n".join(found)
