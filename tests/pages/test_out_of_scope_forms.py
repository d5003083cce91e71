"""An officer's form on a case outside their scope answers as on an unknown case."""

from __future__ import annotations

import re
from uuid import uuid4

from pages.actions import BY_KEY
from tests.api.conftest import World
from tests.api.test_out_of_scope_commands import cases_in_every_state
from tests.pages.conftest import browser_for


def test_every_form_out_of_scope_answers_as_on_an_unknown_case(world: World) -> None:
    w = world
    cases = cases_in_every_state(w)
    browser = browser_for(w, "other-officer")
    csrf = {"csrf_token": browser.cookies["petitions_csrf"]}

    def answer(case_id: str, key: str) -> tuple[int, str]:
        response = browser.post(f"/case/{case_id}/act/{key}", data=csrf, follow_redirects=False)
        page = response.text.replace(case_id, "<id>")
        return response.status_code, re.sub(r"[0-9a-f]{32}", "<request>", page)

    for key in BY_KEY:
        unknown = answer(str(uuid4()), key)
        assert unknown[0] == 404, key
        for state, case_id in cases.items():
            assert answer(case_id, key) == unknown, (key, state)
