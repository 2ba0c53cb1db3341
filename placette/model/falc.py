"""Easy-to-read versions (« facile à lire et à comprendre », FALC).

The easy-to-read version of a news item, an event (any article-like kind) is a
second Markdown file beside the original, with the same name ending in
`.facile.md`: `actualites/2026-12-01-fete.md` and `actualites/2026-12-01-fete.facile.md`.
It has its own title and text; every other field it does not give (date,
place, sessions...) is the original's. Its page is the original's address
followed by `facile/`.

This module knows the pairing (by path only), merges the headers, and measures
how easy a text is to read for the review's check list (`readability`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePath

from placette.model import frontmatter, lookups
from placette.model.problems import Problem
from placette.model.yamlload import LineDict

SUFFIX = ".facile.md"
KINDS = ("news", "event", "portrait")  # the kinds (placette/model/documents.py) that may have one
URL_PART = "facile/"
# Fields of the original that are not the easy version's: its own title (required)
# and summary, and what makes a file a translation or an import.
NOT_INHERITED = frozenset({"titre", "resume", "traduction_de", "langue", "source", "source_id"})


def is_easy(path: str | PurePath) -> bool:
    """`…/x.facile.md`: the easy-to-read version of `…/x.md`."""
    return str(path).endswith(SUFFIX) and len(PurePath(path).name) > len(SUFFIX)


def original_of(path: str | PurePath) -> str | PurePath:
    """The original's path, of the same type as `path`."""
    if isinstance(path, PurePath):
        return path.with_name(path.name[: -len(SUFFIX)] + ".md")
    return path[: -len(SUFFIX)] + ".md"


def easy_of(path: str | PurePath) -> str | PurePath:
    """The easy version's path beside an original `…/x.md`."""
    if isinstance(path, PurePath):
        return path.with_name(path.name[:-3] + SUFFIX)
    return path[:-3] + SUFFIX


def stem(path: Path) -> str:
    """The name an item is known by: the original's for an easy version."""
    return path.name[: -len(SUFFIX)] if is_easy(path) else path.stem


def url(original_url: str) -> str:
    """The easy version's address, below its original's."""
    return original_url + URL_PART


def original_header(path: Path, file: str, original_file: str) -> tuple[LineDict | None, list[Problem]]:
    """The header fields an easy version takes from its original (the file
    read is noted for the reading cache: its changes change the version)."""
    original = original_of(path)
    if not lookups.is_file(original):
        return None, [
            Problem(file, None, None, f"version « facile à lire » sans original : {original_file} est absent. "
                    f"Le fichier doit avoir le nom de l'actualité ou de l'événement qu'il rend facile à lire, "
                    f"suivi de « .facile.md »")
        ]  # fmt: skip
    document, problems = frontmatter.split(lookups.read_bytes(original), original_file)
    if document is None or problems:
        return None, [
            Problem(file, None, None, f"version « facile à lire » non publiée : son original {original_file} "
                    "contient des erreurs (voir plus haut)")
        ]  # fmt: skip
    return document.header, []


def merge(own: LineDict, inherited: LineDict) -> LineDict:
    """The easy version's header: its own fields, then the original's others.
    Fields taken from the original have no line in the easy file."""
    merged = LineDict(own.line)
    merged.update(own)
    merged.lines.update(own.lines)
    for key, value in inherited.items():
        if key not in own and key not in NOT_INHERITED:
            merged[key] = value
    return merged


def one_idea_a_line(body: str) -> str:
    """The FALC rules put one idea on each line: in an easy version's text each
    line is shown as a line of its own (Markdown would join the lines of a
    paragraph)."""
    return re.sub(r"(?<=\S)[ \t]*\n(?=[ \t]*\S)", "\n\n", body)


# --- How easy a text is to read --------------------------------------------
#
# Two measures the FALC rules name themselves (Inclusion Europe, « L'information
# pour tous », 2009): short sentences (one idea a sentence, at most about 15
# words) and common words. A sentence is a line or ends with . ! ? ; a word is
# rare when it is not among the 10,000 most frequent written French words
# (data/mots-frequents.txt, from wordfreq, CC BY-SA 4.0). Names (a capital
# inside a sentence), numbers and words of one or two letters are not counted
# as rare. Acronyms (CAF, EPN) are pointed out: the rules ask to spell them out.
MAX_WORDS = 15
RARE_SHARE = 0.10  # more than one word in ten outside the list: the text is flagged as a whole
WORDS_FILE = Path(__file__).with_name("data") / "mots-frequents.txt"
_TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœÆæ]+(?:-[A-Za-zÀ-ÖØ-öø-ÿŒœÆæ]+)*|\d+(?:[.,:h]\d+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_MARKUP = re.compile(r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|https?://\S+|[*_`#>\[\]]")
_LIST_MARK = re.compile(r"^\s*(?:[-+*]|\d+[.)])\s+")
_ACRONYM = re.compile(r"^[A-ZÀ-Ö]{2,6}$")


STEM = 5  # the list has forms, not lemmas: a word whose start (all but its last 3 letters, at least 5)
# begins a frequent form is one of its forms (« apprenez » and « apprendre », « inscrivez » and « inscrire »)


@cache
def frequent_words() -> frozenset[str]:
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w and not w.startswith("#"))


@cache
def _frequent_starts() -> frozenset[str]:
    return frozenset(w[:k] for w in frequent_words() for k in range(STEM, len(w) + 1))


def is_frequent(word: str) -> bool:
    """A lower-case word is one of the frequent ones, or a form of one."""
    if word in frequent_words():
        return True
    if "-" in word:
        return all(is_frequent(part) for part in word.split("-") if part)
    return len(word) >= STEM and word[: max(STEM, len(word) - 3)] in _frequent_starts()


@dataclass
class Readability:
    words: int = 0
    sentences: int = 0
    long_sentences: list[tuple[int, str]] = field(default_factory=list)  # (words, the sentence's start)
    rare: list[str] = field(default_factory=list)  # distinct, in the order of the text
    acronyms: list[str] = field(default_factory=list)
    counted: int = 0  # words that could be rare (not names, numbers, short words)
    rare_count: int = 0

    @property
    def rare_share(self) -> float:
        return self.rare_count / self.counted if self.counted else 0.0

    def notes(self) -> list[str]:
        """French sentences for the review's check list (empty: nothing to say)."""
        found = []
        for count, start in self.long_sentences[:5]:
            found.append(f"phrase longue ({count} mots, au plus {MAX_WORDS} conseillés) : « {start} »")
        if len(self.long_sentences) > 5:
            found.append(f"… et {len(self.long_sentences) - 5} autres phrases longues")
        if self.rare:
            share = round(self.rare_share * 100)
            words = ", ".join(self.rare[:15]) + (" …" if len(self.rare) > 15 else "")
            flag = " : c'est beaucoup, cherchez des mots de tous les jours" if self.rare_share > RARE_SHARE else ""
            found.append(f"mots rares ({share} % des mots{flag}) : {words}")
        if self.acronyms:
            found.append("sigles à écrire en entier : " + ", ".join(self.acronyms))
        return found


def _plain_lines(markdown: str) -> list[str]:
    lines = []
    for line in markdown.splitlines():
        line = _MARKUP.sub(" ", _LIST_MARK.sub("", line)).strip()
        if line:
            lines.append(line)
    return lines


def readability(markdown: str) -> Readability:
    """Sentence lengths and rare words of a (Markdown) text."""
    result = Readability()
    for line in _plain_lines(markdown):
        for sentence in _SENTENCE_END.split(line):
            tokens = _TOKEN.findall(sentence)
            if not tokens:
                continue
            result.sentences += 1
            result.words += len(tokens)
            if len(tokens) > MAX_WORDS:
                result.long_sentences.append((len(tokens), " ".join(sentence.split()[:8]) + " …"))
            for index, token in enumerate(tokens):
                if token[0].isdigit():
                    continue
                if _ACRONYM.match(token):
                    if token not in result.acronyms:
                        result.acronyms.append(token)
                    continue
                if index > 0 and token[0].isupper():
                    continue  # a name
                word = token.lower()
                if len(word) <= 2:
                    continue
                result.counted += 1
                if not is_frequent(word):
                    result.rare_count += 1
                    if word not in result.rare:
                        result.rare.append(word)
    return result
