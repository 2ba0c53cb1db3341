"""`make deploy-pages`: the built site as the single commit of a « pages »
branch (GitLab, Codeberg or GitHub Pages), pushed without touching your
working tree.

    python -m placette.publish.pages output origin pages
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile


def publish(folder: str, remote: str, branch: str) -> str:
    with tempfile.TemporaryDirectory(prefix="placette-pages-") as tmp:
        env = {**os.environ, "GIT_INDEX_FILE": os.path.join(tmp, "index"), "GIT_WORK_TREE": os.path.abspath(folder)}

        def run(*args: str) -> str:
            return subprocess.run(["git", *args], env=env, capture_output=True, text=True, check=True).stdout.strip()

        open(os.path.join(folder, ".nojekyll"), "a").close()  # serve folders starting with _ as they are
        run("add", "--all", "--force", ".")
        tree = run("write-tree")
        commit = run("commit-tree", tree, "-m", "Site publié")
        subprocess.run(["git", "push", "--force", remote, f"{commit}:refs/heads/{branch}"], check=True)
        return commit


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage : python -m placette.publish.pages DOSSIER DÉPÔT BRANCHE")
    print(f"Publié sur {sys.argv[2]} {sys.argv[3]} : {publish(*sys.argv[1:])[:10]}")
