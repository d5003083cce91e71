"""The forms' row definitions (docs/forms.md), versioned.

An issued form records the version it was computed under and is reproduced under it.
v2 (second legal re-read): row 14 counts second-instance decisions by their effect on
the first-instance decision, and row 14a how many recorded it; v1 counted their effect
on the contested decision.
"""

from __future__ import annotations

FORMS_V1 = "docs/forms.md/v1"
FORMS_V2 = "docs/forms.md/v2"
DEFINITIONS = (FORMS_V1, FORMS_V2)
CURRENT_DEFINITIONS = FORMS_V2
