"""Writes placette/model/data/mots-frequents.txt, the list of frequent French
words the easy-to-read check uses (placette/model/falc.py).

Run once by a maintainer, with wordfreq installed (it is not a dependency of
the portal: the list is committed): `python -m placette.model.falc_words`.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

WORDS = Path(__file__).with_name("data") / "mots-frequents.txt"
COUNT = 10_000
_WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ]+(?:-[a-zàâäçéèêëîïôöùûüÿœæ]+)*")

HEADER = """\
# Les {count} mots les plus fréquents du français (formes écrites, pas des lemmes : « venez » et
# « venir » sont deux lignes), du plus fréquent au moins fréquent. Sert au contrôle « facile à lire »
# de la relecture (placette/model/falc.py) : un mot absent de cette liste est signalé comme rare.
# Source : wordfreq {version} (https://github.com/rspeer/wordfreq), `top_n_list("fr", {asked})`,
# gardés les mots faits de lettres (et de traits d'union). Les données de wordfreq sont sous licence
# Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0) : cette liste, qui en est tirée, est
# sous la même licence, et cite sa source ici. Refaire la liste : python -m placette.model.falc_words
"""


def main() -> None:
    import wordfreq

    asked = COUNT + 2_000  # room for the numbers, names with digits and punctuation dropped
    words: list[str] = []
    for word in wordfreq.top_n_list("fr", asked):
        if _WORD.fullmatch(word) and word not in words:
            words.append(word)
        if len(words) == COUNT:
            break
    header = HEADER.format(count=f"{COUNT:,}".replace(",", " "), version=version("wordfreq"), asked=asked)
    WORDS.write_text(header + "\n".join(words) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
