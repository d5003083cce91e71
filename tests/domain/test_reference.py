"""Reference codes: format, normalisation of what citizens type, and unpredictability."""

import re
from uuid import uuid4

from domain.reference import ALPHABET, ReferenceIndex, new_reference_code, normalise_code

CODE = re.compile(r"^BK-2025-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$")


def test_a_code_has_the_prefix_the_year_and_ten_random_characters() -> None:
    assert CODE.match(new_reference_code("BK", 2025))


def test_a_code_never_contains_the_look_alike_letters() -> None:
    body = "".join(new_reference_code("BK", 2025)[8:] for _ in range(200))
    assert not set(body) & set("ILOU")
    assert set(body.replace("-", "")) <= set(ALPHABET)


def test_two_codes_differ() -> None:
    codes = {new_reference_code("BK", 2025) for _ in range(1000)}
    assert len(codes) == 1000


def test_a_code_typed_in_lower_case_is_normalised() -> None:
    assert normalise_code(" bk-2025-7f3k-9qxm-2a ") == "BK-2025-7F3K-9QXM-2A"


def test_the_letter_o_typed_for_zero_is_normalised() -> None:
    assert normalise_code("BK-2025-7F3K-9QXM-O2") == "BK-2025-7F3K-9QXM-02"


def test_the_letters_i_and_l_typed_for_one_are_normalised() -> None:
    assert normalise_code("BK-2025-I23L-9QXM-l2") == "BK-2025-1231-9QXM-12"


def test_look_alike_letters_in_the_prefix_are_kept() -> None:
    assert normalise_code("LIO-2025-0000-0000-00").startswith("LIO-")


def test_a_text_that_is_not_a_code_is_only_upper_cased() -> None:
    assert normalise_code(" lo-1 ") == "LO-1"


def test_a_code_maps_to_one_index_id() -> None:
    assert ReferenceIndex.create_id("BK-2025-0000-0000-00") == ReferenceIndex.create_id(
        "BK-2025-0000-0000-00"
    )


def test_different_codes_map_to_different_index_ids() -> None:
    assert ReferenceIndex.create_id("BK-2025-0000-0000-00") != ReferenceIndex.create_id(
        "BK-2025-0000-0000-01"
    )


def test_the_index_is_created_under_the_codes_id() -> None:
    case_id = uuid4()
    index = ReferenceIndex("BK-2025-0000-0000-00", case_id)
    assert (index.id, index.case_id) == (ReferenceIndex.create_id("BK-2025-0000-0000-00"), case_id)
