"""The links of a page rendered in another interface language.

A page in Arabic is the French page's template rendered again with
`interface_lang="ar"` and written under `ar/`. Its links to other pages must
lead into the same language (`ar/agenda/`), while its links to files -- the
stylesheet, images, feeds, calendars, the search index -- stay where the files
are, shared by every language. Rather than asking every template to tell the
two apart, the page's links are shifted after rendering: an `href` or `action`
that starts with the page's SITEURL and names a page (a path ending with `/` or
`.html`, or the site's root) gets the language's folder; anything else is left
as it is, and so is every element that carries `hreflang` (the language
switcher and the alternates name their language themselves).
"""

from __future__ import annotations

import re

_TAG = re.compile(r"<(?:a|link|form|area)\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'(\s(?:href|action)=")([^"]*)(")', re.IGNORECASE)


def is_page(path: str) -> bool:
    """`agenda/`, `a/b/index.html`, `` (the root) -- not `feeds/x.xml` or `theme/x.css`."""
    path = re.split(r"[?#]", path, maxsplit=1)[0]
    return path == "" or path.endswith("/") or path.endswith(".html")


def shift_links(html: str, siteurl: str, code: str, codes: tuple[str, ...] = ()) -> str:
    """`html` with its links to pages moved into the `code/` folder.
    `siteurl`: the SITEURL the page was rendered with (relative or absolute);
    `codes`: every interface language, whose folders are never shifted again."""
    root = siteurl.rstrip("/") + "/"
    folders = tuple(f"{c}/" for c in codes or (code,))

    def attribute(match: re.Match) -> str:
        target = match.group(2)
        if target == siteurl or target == siteurl.rstrip("/"):
            target = root
        if not target.startswith(root):
            return match.group(0)
        path = target[len(root) :]
        if not is_page(path) or path.startswith(folders):
            return match.group(0)
        return f"{match.group(1)}{root}{code}/{path}{match.group(3)}"

    def tag(match: re.Match) -> str:
        text = match.group(0)
        if "hreflang=" in text.lower():
            return text
        return _ATTRIBUTE.sub(attribute, text)

    return _TAG.sub(tag, html)


BRIDGE_PARAMETER = "langue"  # the bridge reads its page's language from it (bridge/languages.py)


def bridge_link(url: str, code: str, default: str = "fr") -> str:
    """A link to the bridge (a form, the contact page) from a page in `code`:
    it opens the bridge in the same language; in the default language the
    link is left as it is (the bridge then follows the browser's languages)."""
    if not url or code == default:
        return url
    base, hash_mark, fragment = url.partition("#")
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}{BRIDGE_PARAMETER}={code}{hash_mark}{fragment}"
