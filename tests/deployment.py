"""Readers of the deployment samples (docs/deploiement/): systemd units, nginx
configurations and the guide's command blocks, for the tests that check them."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ROOT

SAMPLES = ROOT / "docs" / "deploiement"
GUIDE = ROOT / "docs" / "guide-de-passation.md"


@dataclass
class Unit:
    """A systemd unit: sections of (key, value) in order (keys may repeat)."""

    sections: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def get(self, section: str, key: str, default: str | None = None) -> str | None:
        values = self.all(section, key)
        return values[-1] if values else default

    def all(self, section: str, key: str) -> list[str]:
        return [v for k, v in self.sections.get(section, []) if k == key]

    def environment(self, read_file=None) -> dict[str, str]:
        """Environment= (several assignments per line, quoted or not) and
        EnvironmentFile= (read with `read_file(path)`, if given)."""
        env: dict[str, str] = {}
        for path in self.all("Service", "EnvironmentFile"):
            if read_file is not None:
                text = read_file(path.lstrip("-"))
                for line in (text or "").splitlines():
                    if "=" in line and not line.lstrip().startswith("#"):
                        key, _, value = line.partition("=")
                        env[key.strip()] = value.strip().strip('"')
        for value in self.all("Service", "Environment"):
            for assignment in shlex.split(value):
                key, _, item = assignment.partition("=")
                env[key] = item
        return env

    def paths(self, key: str) -> list[str]:
        """A space-separated list of paths (ReadWritePaths=...), prefixes - and + dropped."""
        return [p.lstrip("-+") for value in self.all("Service", key) for p in value.split()]


def parse_unit(text: str) -> Unit:
    unit, section = Unit(), None
    lines = iter(text.splitlines())
    for raw in lines:
        line = raw.strip()
        while line.endswith("\\"):  # continuation lines
            line = line[:-1] + " " + next(lines, "").strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            unit.sections.setdefault(section, [])
            continue
        key, sep, value = line.partition("=")
        assert section and sep, f"not a unit line: {raw!r}"
        unit.sections[section].append((key.strip(), value.strip()))
    return unit


def load_unit(name: str, folder: Path = SAMPLES) -> Unit:
    return parse_unit((folder / name).read_text(encoding="utf-8"))


def nginx_servers(text: str) -> list[dict[str, list[list[str]]]]:
    """The `server` blocks of an nginx configuration: directive -> [arguments...]
    (directives of nested `location` blocks are kept under « location »)."""
    text = re.sub(r"#[^\n]*", "", text)
    tokens = re.findall(r'"[^"]*"|\'[^\']*\'|[{};]|[^\s{};]+', text)
    servers, stack, words = [], [], []
    for token in tokens:
        if token == "{":
            stack.append(words)
            if words[:1] == ["server"] and len(stack) == 1:
                servers.append({})
            words = []
        elif token == "}":
            stack.pop()
            words = []
        elif token == ";":
            if words and servers and stack and stack[0][:1] == ["server"]:
                key = words[0] if len(stack) == 1 else "location"
                servers[-1].setdefault(key, []).append(words[1:] if key != "location" else words)
            words = []
        else:
            words.append(token.strip("\"'"))
    return servers


def nginx_size(value: str) -> int:
    """« 12m » -> bytes."""
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", value).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit.lower()]


def guide_sections(text: str | None = None) -> dict[str, list[tuple[str, str]]]:
    """The guide's numbered sections (« 1 », « 3 »...): their fenced blocks
    as (language, text), in order."""
    text = GUIDE.read_text(encoding="utf-8") if text is None else text
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for match in re.finditer(r"^## (\d+)\.|^```(\w*)\n(.*?)^```", text, re.M | re.S):
        if match.group(1):
            current = match.group(1)
            sections[current] = []
        elif current:
            sections[current].append((match.group(2), match.group(3)))
    return sections
