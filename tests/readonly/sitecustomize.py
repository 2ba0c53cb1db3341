"""ProtectSystem=strict for the Python processes of a service run by
tests/fake_systemd.py: a write outside the unit's ReadWritePaths (and its
private /tmp) fails as on a read-only file system, and is recorded.

Python imports this module at start-up when its folder is on PYTHONPATH
(tests/fake_systemd.py puts it there, with FAKE_SYSTEMD_WRITABLE and
FAKE_SYSTEMD_REFUSED); the children of the service (Pelican started by the
builder) inherit it. git and pagefind are not Python: the walk of the guide
compares the machine's files before and after for them.
"""

import errno
import os
import sys
import threading

_WRITABLE = [p for p in os.environ.get("FAKE_SYSTEMD_WRITABLE", "").split(os.pathsep) if p]
_REFUSED = os.environ.get("FAKE_SYSTEMD_REFUSED")
_UNIT = os.environ.get("FAKE_SYSTEMD_UNIT", "?")
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_PATH_EVENTS = {"os.mkdir": (0,), "os.rename": (0, 1), "os.symlink": (1,), "os.link": (1,), "os.remove": (0,),
                "os.rmdir": (0,), "os.truncate": (0,), "os.chmod": (0,), "os.utime": (0,), "shutil.rmtree": (0,),
                "sqlite3.connect": (0,)}  # fmt: skip
_inside = threading.local()


def _allowed(path) -> bool:
    if isinstance(path, int) or path in (":memory:", b":memory:", "", None):
        return True
    real = os.path.realpath(os.fsdecode(path))
    return real.startswith(("/dev/", "/proc/", "/sys/")) or any(
        real == w or real.startswith(w.rstrip("/") + "/") for w in _WRITABLE)


def _hook(event: str, args: tuple) -> None:
    if getattr(_inside, "busy", False):
        return
    if event == "open":
        path, mode, flags = args
        writes = (mode is not None and any(c in mode for c in "wax+")) or (mode is None and flags & _WRITE_FLAGS)
        paths = [path] if writes else []
    elif event in _PATH_EVENTS:
        paths = [args[i] for i in _PATH_EVENTS[event] if i < len(args)]
    else:
        return
    _inside.busy = True
    try:
        refused = [p for p in paths if not _allowed(p)]
    finally:
        _inside.busy = False
    if refused:
        line = f"{_UNIT}\t{event}\t{os.fsdecode(refused[0])}\n".encode()
        os.write(_LOG, line)  # os.write raises no audit event
        raise OSError(errno.EROFS, "Read-only file system", os.fsdecode(refused[0]))


if _WRITABLE and _REFUSED:
    _LOG = os.open(_REFUSED, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    sys.addaudithook(_hook)
