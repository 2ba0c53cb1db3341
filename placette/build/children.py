"""Child processes that never outlive the process that started them.

A build starts long child processes (Pelican in the publishing builder, the
Pagefind indexer in a build), which write into folders (the output, a staging
folder in the cache). If the parent dies -- `kill -9`, a crash, a service
stopped -- an orphan would go on writing there while the next build runs, or
while the folder is being removed ("Directory not empty"). On Linux the kernel
kills the child when its parent dies (PR_SET_PDEATHSIG); elsewhere, callers
still join or cancel their children before removing what those write into.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import signal
import subprocess
import sys

PR_SET_PDEATHSIG = 1


def _prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _prctl()  # looked up once, before any fork: the child only calls it


def _die_with_parent() -> None:
    _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL)


def popen(command: list[str], **options) -> subprocess.Popen:
    """`subprocess.Popen`, the child killed by the kernel if this process dies."""
    if _PRCTL is not None:
        options.setdefault("preexec_fn", _die_with_parent)
    return subprocess.Popen(command, **options)


def stop(process: subprocess.Popen | None, grace: float = 5.0, streams: bool = True) -> None:
    """Ask a child to stop, kill it if it does not, and wait until it is gone
    (only then may what it writes into be removed); then close its pipes,
    unless another thread is still reading them (`streams=False`)."""
    if process is None:
        return
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for stream in (process.stdin, process.stdout, process.stderr) if streams else ():
        if stream is not None:
            stream.close()
