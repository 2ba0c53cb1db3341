"""One Pelican build, timed stage by stage.

    python -m bench.stages TIMINGS.json -- <pelican arguments>

Runs Pelican in this process with each generator's `generate_context` and
`generate_output`, the template rendering of the writer, and the receivers of
the `finalized` signal (the search index) wrapped in timers. The build itself
is unchanged; only the clock and the incremental build's counters are read
around it. Besides TIMINGS.json, TIMINGS-fichiers.json says, per generator, how
many pages were rendered or reused and how many other files (feeds, .ics...)
were produced or kept. Used by `make bench`.
"""

from __future__ import annotations

import json
import sys
import time
import weakref
from collections import defaultdict
from pathlib import Path

TIMES: dict[str, float] = defaultdict(float)
# What each stage wrote through the incremental build: pages rendered again or
# reused, other files (feeds, .ics...) computed again or kept.
COUNTERS = ("rendered", "reused", "produced", "kept")
COUNTS: dict[str, dict[str, int]] = {}


def _counted(label: str, function):
    """Record how many outputs `generate_output` rendered, reused, produced or kept."""

    def wrapper(self, *args, **kwargs):
        from placette.build.state import output_build

        build = output_build(self.context)
        before = [getattr(build, name) for name in COUNTERS] if build is not None else None
        try:
            return function(self, *args, **kwargs)
        finally:
            if build is not None:
                counts = COUNTS.setdefault(label, dict.fromkeys(COUNTERS, 0))
                for name, value in zip(COUNTERS, before, strict=True):
                    counts[name] += getattr(build, name) - value

    return wrapper


def _timed(label: str, function):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            TIMES[label] += time.perf_counter() - start

    return wrapper


def _stage_name(cls) -> str:
    return cls.__name__.replace("Generator", "") or cls.__name__


def instrument() -> None:
    import pelican
    from pelican import signals
    from pelican.writers import Writer

    original = pelican.Pelican._get_generator_classes
    wrapped: set = set()

    def generator_classes(self):
        classes = original(self)
        for cls in classes:
            if cls in wrapped:
                continue
            wrapped.add(cls)
            for method, label in (("generate_context", "lecture"), ("generate_output", "écriture")):
                if method in cls.__dict__:
                    function = _timed(f"{_stage_name(cls)} : {label}", cls.__dict__[method])
                    if method == "generate_output":
                        function = _counted(_stage_name(cls), function)
                    setattr(cls, method, function)
        return classes

    pelican.Pelican._get_generator_classes = generator_classes
    # Rendering: the time spent inside Writer.write_file, whatever the generator.
    Writer.write_file = _timed("rendu des gabarits (compris dans l'écriture)", Writer.write_file)

    # Signals: every receiver of the signals that do real work, by plugin.
    for signal_name in ("initialized", "all_generators_finalized", "article_generator_finalized",
                        "page_generator_finalized", "finalized"):  # fmt: skip
        signal = getattr(signals, signal_name)
        for key, receiver in list(signal.receivers.items()):
            function = receiver() if isinstance(receiver, weakref.ref) else receiver
            if function is None:
                continue
            module = getattr(function, "__module__", "?").split(".")[0]
            signal.receivers[key] = _timed(f"{module} : signal {signal_name}", function)


def main(argv: list[str]) -> int:
    target, rest = Path(argv[0]), argv[2:] if argv[1:2] == ["--"] else argv[1:]
    import pelican

    start = time.perf_counter()
    original_init_plugins = pelican.Pelican.init_plugins

    def init_plugins(self):
        original_init_plugins(self)
        instrument()  # after the plugins have connected their receivers

    pelican.Pelican.init_plugins = init_plugins
    try:
        pelican.main(rest)
    except SystemExit as exc:
        if exc.code:
            raise
    TIMES["total"] = time.perf_counter() - start
    target.write_text(json.dumps(dict(TIMES), ensure_ascii=False, indent=1))
    counts = target.with_name(target.stem + "-fichiers.json")
    counts.write_text(json.dumps(COUNTS, ensure_ascii=False, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
