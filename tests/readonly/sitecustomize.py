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
# event -> [(index of a path written, index of its dir_fd or None)]
_PATH_EVENTS = {"os.mkdir": [(0, 2)], "os.rename": [(0, 2), (1, 3)], "os.symlink": [(1, 2)], "os.link": [(1, 3)],
                "os.remove": [(0, 1)], "os.rmdir": [(0, 1)], "os.truncate": [(0, None)], "os.chmod": [(0, 2)],
                "os.utime": [(0, 3)], "shutil.rmtree": [(0, 1)], "sqlite3.connect": [(0, None)]}  # fmt: skip
_inside = threading.local()


def _real(path, dir_fd=None) -> str:
    path = os.fsdecode(path)
    if isinstance(dir_fd, int) and dir_fd >= 0 and not os.path.isabs(path):
        path = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), path)  # shutil.rmtree works by dir_fd
    return os.path.realpath(path)


def _allowed(real: str) -> bool:
    return real.startswith(("/dev/", "/proc/", "/sys/")) or any(
        real == w or real.startswith(w.rstrip("/") + "/") for w in _WRITABLE
    )


def _hook(event: str, args: tuple) -> None:
    if getattr(_inside, "busy", False):
        return
    if event == "open":
        path, mode, flags = args
        writes = (mode is not None and any(c in mode for c in "wax+")) or (mode is None and flags & _WRITE_FLAGS)
        paths = [(path, None)] if writes else []
    elif event in _PATH_EVENTS:
        paths = [(args[i], args[fd] if fd is not None and fd < len(args) else None)
                 for i, fd in _PATH_EVENTS[event] if i < len(args)]  # fmt: skip
    else:
        return
    paths = [(p, fd) for p, fd in paths if not isinstance(p, int) and p not in (":memory:", b":memory:", "", None)]
    _inside.busy = True
    try:
        refused = [real for real in (_real(p, fd) for p, fd in paths) if not _allowed(real)]
    finally:
        _inside.busy = False
    if refused:
        os.write(_LOG, f"{_UNIT}\t{event}\t{refused[0]}\n".encode())  # os.write raises no audit event
        raise OSError(errno.EROFS, "Read-only file system", refused[0])


if _WRITABLE and _REFUSED:
    _LOG = os.open(_REFUSED, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    sys.addaudithook(_hook)
