"""Languages of the pages and of API error messages: gettext catalogues and Babel formats.

The catalogues are the `.po` files under `api/locale/<lang>/LC_MESSAGES/`; they are
compiled in memory when first used, so no build step stands between an edit and a
start. Messages with `{name}` placeholders also translate texts that were formatted
before they reached us (domain errors, pydantic's reasons): the placeholder parts
are matched and carried into the translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property, lru_cache
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale, dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES = ("vi", "en", "fr")
DEFAULT_LANGUAGE = "vi"
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English", "fr": "Français"}
LOCALE_DIR = Path(__file__).parent / "locale"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def N_(message: str) -> str:  # noqa: N802  # the conventional gettext marker
    """Mark `message` for extraction; it is translated where it is shown."""
    return message


@lru_cache(maxsize=len(LANGUAGES))
def translations(language: str) -> Translations:
    """The compiled catalogue of `language` (read from its `.po` file once)."""
    with (LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain="messages")


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Messages with placeholders, as patterns that match their formatted texts."""
    with (LOCALE_DIR / "vi" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        ids = [str(m.id) for m in read_po(po) if isinstance(m.id, str) and "{" in m.id]
    found = []
    for msgid in sorted(ids, key=len, reverse=True):
        parts = _PLACEHOLDER.split(msgid)
        regex = "".join(
            re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
        )
        found.append((re.compile(f"^{regex}$", re.DOTALL), msgid))
    return tuple(found)


def accepted_language(header: str | None) -> str | None:
    """The best of our languages in an `Accept-Language` header, or None if none fits."""
    if not header:
        return None
    weighted = []
    for position, item in enumerate(header.split(",")[:20]):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            weighted.append((-quality, position, tag.strip().replace("-", "_")))
    preferred = [tag for _, _, tag in sorted(weighted)]
    try:
        chosen = Locale.negotiate(preferred, list(LANGUAGES), sep="_")
    except ValueError:
        return None
    return str(chosen) if chosen else None


@dataclass(frozen=True)
class Language:
    """One language: its messages and its formats of dates and numbers."""

    code: str

    @cached_property
    def catalogue(self) -> Translations:
        return translations(self.code)

    def gettext(self, message: str, **values: object) -> str:
        text = self.catalogue.gettext(message)
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        text = self.catalogue.ngettext(singular, plural, n)
        return text.format(n=self.number(n), **values)

    def translate(self, text: str) -> str:
        """`text` in this language: its own entry, or a placeholder message it was made from."""
        own = self.catalogue.gettext(text)
        if own != text or not text:
            return own
        for pattern, msgid in _patterns():
            match = pattern.match(text)
            if match:
                parts = {k: self.translate(v) for k, v in match.groupdict().items()}
                translated = self.catalogue.gettext(msgid)
                return translated.format(**parts) if translated != msgid else text
        return text

    def date(self, value: date | None, style: str = "medium") -> str:
        return dates.format_date(value, style, locale=self.code) if value else ""

    def datetime(self, value: datetime | None) -> str:
        if value is None:
            return ""
        return dates.format_datetime(value, "medium", tzinfo=VIETNAM, locale=self.code)

    def number(self, value: float) -> str:
        return numbers.format_decimal(value, locale=self.code)

    def percent(self, value: float | None) -> str:
        if value is None:
            return "-"
        pattern = Locale.parse(self.code).percent_formats[None].pattern  # one decimal, locale's way
        return numbers.format_percent(value, pattern.replace("0", "0.0", 1), locale=self.code)


def language(code: str | None) -> Language:
    """The language `code`, or the default one when it is not ours."""
    return Language(code if code in LANGUAGES else DEFAULT_LANGUAGE)
