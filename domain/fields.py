"""Fields of state management (lĩnh vực) a petition concerns: one vocabulary for every rule.

Classification stores a field's code; the competence books map codes to the ministries
that manage them (Law on Complaints 02/2011/QH13 art. 23(3)). Officers type the field
in Vietnamese or English, with or without diacritics ("đất đai", "Dat dai", "Land"):
`normalise_field` turns any known label or alias into its code, and keeps unknown text
as typed (trimmed), so petitions classified before the vocabulary existed still read.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """A field's code, its Vietnamese and English labels, and other words officers use."""

    code: str
    vi: str
    en: str
    aliases: tuple[str, ...] = ()


FIELDS: tuple[Field, ...] = (
    Field(
        "land",
        "đất đai",
        "land",
        ("đất", "thu hồi đất", "bồi thường, giải phóng mặt bằng", "site clearance"),
    ),
    Field("environment", "môi trường", "environment"),
    Field(
        "natural_resources",
        "tài nguyên",
        "natural resources",
        ("tài nguyên nước", "khoáng sản", "water resources", "minerals"),
    ),
    Field(
        "agriculture",
        "nông nghiệp",
        "agriculture",
        ("lâm nghiệp", "thủy sản", "forestry", "fisheries", "rural development"),
    ),
    Field(
        "construction",
        "xây dựng",
        "construction",
        ("nhà ở", "quy hoạch đô thị", "housing", "urban planning"),
    ),
    Field("transport", "giao thông vận tải", "transport", ("giao thông", "transportation")),
    Field("finance", "tài chính", "finance", ("thuế", "ngân sách", "tax", "budget", "customs")),
    Field(
        "planning_investment",
        "kế hoạch và đầu tư",
        "planning and investment",
        ("đầu tư", "investment", "business registration"),
    ),
    Field(
        "industry_trade",
        "công thương",
        "industry and trade",
        ("thương mại", "công nghiệp", "trade", "industry", "energy"),
    ),
    Field(
        "labour",
        "lao động, việc làm",
        "labour and employment",
        ("lao động", "việc làm", "bảo hiểm xã hội", "labour", "employment", "social insurance"),
    ),
    Field(
        "meritorious_persons",
        "người có công",
        "meritorious persons",
        ("chính sách người có công", "war invalids"),
    ),
    Field(
        "social_protection",
        "bảo trợ xã hội",
        "social protection",
        ("trẻ em", "children", "social assistance"),
    ),
    Field("education", "giáo dục", "education", ("giáo dục và đào tạo", "training")),
    Field(
        "vocational_training",
        "giáo dục nghề nghiệp",
        "vocational training",
        ("dạy nghề", "vocational education"),
    ),
    Field("health", "y tế", "health"),
    Field(
        "culture_sports_tourism",
        "văn hóa, thể thao và du lịch",
        "culture, sports and tourism",
        ("văn hóa", "thể thao", "du lịch", "culture", "sports", "tourism"),
    ),
    Field(
        "press_publishing",
        "báo chí, xuất bản",
        "press and publishing",
        ("báo chí", "xuất bản", "press", "publishing"),
    ),
    Field(
        "telecommunications",
        "thông tin và truyền thông",
        "information and communications",
        ("viễn thông", "bưu chính", "telecommunications", "post", "information technology"),
    ),
    Field("science_technology", "khoa học và công nghệ", "science and technology"),
    Field(
        "home_affairs",
        "nội vụ",
        "home affairs",
        ("cán bộ, công chức", "tổ chức bộ máy", "civil service", "public servants"),
    ),
    Field("religion", "tôn giáo", "religion", ("tín ngưỡng", "belief")),
    Field("ethnic_affairs", "dân tộc", "ethnic affairs", ("công tác dân tộc", "ethnic minorities")),
    Field(
        "justice",
        "tư pháp",
        "justice",
        ("hộ tịch", "công chứng", "thi hành án dân sự", "civil status", "notary"),
    ),
    Field("banking", "ngân hàng", "banking", ("tiền tệ", "monetary")),
    Field("public_security", "an ninh, trật tự", "public security", ("an ninh", "trật tự")),
    Field("defence", "quốc phòng", "defence", ("defense",)),
    Field("foreign_affairs", "ngoại giao", "foreign affairs"),
)
FIELD_CODES = frozenset(f.code for f in FIELDS)


def fold(text: str) -> str:
    """Lower case without diacritics or punctuation runs: "Đất  đai" and "dat dai" agree."""
    decomposed = unicodedata.normalize("NFD", text.strip().lower().replace("đ", "d"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in bare).split()
    return " ".join(words)


_BY_WORDS: dict[str, str] = {
    fold(word): field.code
    for field in FIELDS
    for word in (field.code.replace("_", " "), field.vi, field.en, *field.aliases)
}


def normalise_field(text: str) -> str:
    """The code of the field `text` names, or `text` trimmed when it names none we know."""
    return _BY_WORDS.get(fold(text), text.strip())


def is_known_field(text: str) -> bool:
    return normalise_field(text) in FIELD_CODES


def field_label(code: str, language: str = "vi") -> str:
    """The field's label in `language` ("vi" or "en"), or the text itself for a legacy one."""
    for field in FIELDS:
        if field.code == code:
            return field.en if language == "en" else field.vi
    return code
