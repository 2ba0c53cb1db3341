"""One Pelican build, timed stage by stage.

    python -m bench.stages TIMINGS.json -- <pelican arguments>

Runs Pelican in this process with each generator's `generate_context` and
`generate_output`, the template rendering of the writer, and the receivers of
the `finalized` signal (the search index) wrapped in timers. The build itself
is unchanged; only the clock is read around it. Used by `make bench`.
"""

from __future__ import annotations

import json
import sys
import time
import weakref
from collections import defaultdict
from pathlib import Path

TIMES: dict[str, float] = defaultdict(float)


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
                    setattr(cls, method, _timed(f"{_stage_name(cls)} : {label}", cls.__dict__[method]))
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
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
