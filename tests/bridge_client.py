"""Helpers to fill the bridge's forms like a browser would."""

from __future__ import annotations

import re
import subprocess


def tokens(html: str) -> dict:
    return {
        "csrf": re.search(r'name="csrf" value="([^"]+)"', html).group(1),
        "jeton": re.search(r'name="jeton" value="([^"]+)"', html).group(1),
    }


def submit(client, path: str, data: dict, files: dict | None = None):
    page = client.get(path)
    form = {**tokens(page.get_data(as_text=True)), **data}
    if files:
        form.update(files)
        return client.post(path, data=form, content_type="multipart/form-data")
    return client.post(path, data=form)


def tracking_link(html: str) -> str:
    return re.search(r'href="[^"]*(/suivi/[A-Za-z0-9_-]+)"', html).group(1)


def git(repo, *args) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def branches(app) -> list[str]:
    repo = app.extensions["placette"].pipeline.repo.git_dir
    return [
        b for b in git(repo, "for-each-ref", "--format=%(refname:short)", "refs/heads/propositions").split("\n") if b
    ]


def show(app, branch: str, path: str) -> bytes:
    repo = app.extensions["placette"].pipeline.repo.git_dir
    return subprocess.run(["git", "-C", repo, "show", f"{branch}:{path}"], capture_output=True, check=True).stdout
