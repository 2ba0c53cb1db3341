"""vCard 3.0 (RFC 2426): the format every phone's contacts app imports."""

from __future__ import annotations

from placette.model.card import Association


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode("utf-8")) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def vcard(association: Association, siteurl: str, url: str) -> str:
    a = association
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{_escape(a.name)}",
        f"N:{_escape(a.name)};;;;",
        f"ORG:{_escape(a.name)}",
    ]
    if a.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:+33{a.phone.replace(' ', '')[1:]}")
    if a.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{a.email}")
    if a.address:
        parts = ["", a.address.extra or "", a.address.street, a.address.city or "", "",
                 a.address.postcode or "", "France"]  # fmt: skip
        lines.append("ADR;TYPE=WORK:" + ";".join(_escape(p) for p in parts))
    if a.coordinates:
        lines.append(f"GEO:{a.coordinates[0]};{a.coordinates[1]}")
    if a.website:
        lines.append(f"URL:{a.website}")
    elif siteurl:
        lines.append(f"URL:{siteurl}/{url}")
    lines.append(f"NOTE:{_escape(a.summary)}")
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)
