"""Writing output files so that an unchanged file is never touched.

Files are replaced, never rewritten in place (a new inode: hard-linked
snapshots of the site stay intact) and not touched when their bytes are the
same (mtimes survive, so a publishing step copies only what changed).
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile


class Unchanged(str):
    """Stands for a page whose file from the previous build is kept as it is:
    a ReplacingFile leaves the file alone when it receives one (Pelican's
    writer hands the rendered text to the file as it is: placette.build.pelican_compat)."""


class ReplacingFile(io.StringIO):
    """What the writer writes to: on close, the file is replaced only when its
    bytes differ (through a temporary file and a rename)."""

    def __init__(self, path: str, on_close):
        super().__init__()
        self.path, self._on_close, self.unchanged = path, on_close, False

    def write(self, text):
        if isinstance(text, Unchanged):
            self.unchanged = True
        return super().write(text)

    def close(self):
        if not self.closed:
            if not self.unchanged:
                replace_file(self.path, self.getvalue().encode("utf-8"))
            self._on_close(self.path)
        super().close()

    def __exit__(self, *exc):
        if exc[0] is None:
            self.close()
        else:
            super().close()
        return False


def replace_file(path: str, data: bytes) -> bool:
    """Write `data` at `path` unless it is already there; True when written."""
    try:
        if os.path.getsize(path) == len(data):
            with open(path, "rb") as handle:
                if handle.read() == data:
                    return False
    except OSError:
        pass
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".placette-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return True


def copy_file(source: str, target: str) -> None:
    """Copy keeping the mtime; skipped when the target has the same size and mtime."""
    status = os.stat(source)
    if stamp(target) != (status.st_size, status.st_mtime_ns):
        folder = os.path.dirname(target)
        os.makedirs(folder, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".placette-")
        os.close(handle)
        shutil.copy2(source, temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)


def stamp(path: str):
    """(size, mtime) of a file, None when it is missing: what says a file is
    still the one a build wrote."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def output_prefixes(output_path: str) -> list[str]:
    """The ways a path under the output folder may start: the folder as
    resolved and as given (Pelican joins pages to the folder it was given),
    longest first."""
    return sorted({os.path.realpath(output_path) + os.sep, os.path.abspath(output_path) + os.sep},
                  key=len, reverse=True)  # fmt: skip


def inside_output(path: str, prefixes: list[str]) -> str | None:
    """The part of `path` under the output folder, found without a system call
    (the build never makes a symbolic link inside its output: a `realpath` per
    page folder cost seconds at 20,000 pages); None when it is elsewhere."""
    path = os.path.abspath(path)
    for prefix in prefixes:
        if path.startswith(prefix):
            return path[len(prefix) :]
    return None
