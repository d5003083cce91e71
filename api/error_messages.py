"""Texts of errors the API passes on, marked for the catalogues (see `api.i18n`).

Domain errors and pydantic's reasons are formatted before they reach the API; a
message here with `{name}` placeholders translates any text formatted from it, and
the placeholder parts are translated in turn when they are messages themselves.
"""

from __future__ import annotations

from api.i18n import N_

DOMAIN = (
    N_("legal date {date} is in the future"),
    N_("legal date {date} is before the {what} ({earlier})"),
    N_("cannot {action} a case that is {status}"),
    N_("cannot {action} a petition that is not classified"),
    N_("a {kind} ends as one of: {allowed}"),
    N_("a reason is required for this act"),
    N_("{name} is required"),
    N_("{name} is longer than {limit} characters"),
    N_("{name} contains control characters"),
    N_("no extension is allowed for a {kind} as {complexity}"),
    N_("an extension is 1 to {days} days"),
    N_("effect_on_contested is required exactly for complaints"),
    N_("effect_on_first: only a second-instance complaint decision acts on the first"),
    N_("effect_on_first: there is no first-instance decision to annul, amend or uphold"),
    N_(
        "effect_on_first: a decision recognising the first leaves the contested decision "
        "{first}, not {second}"
    ),
    N_("a {kind} is not suspended under rule book {version}"),
    N_("the case is at version {version}, not {expected}"),
    N_("the case is held by another agency"),
    N_("no case {id}"),
    N_("no such agency"),
    N_("no such user"),
    N_("not an officer of the handling agency"),
    N_("invalid username or password"),
    N_("a valid bearer token is required"),
    N_("the token has expired or was revoked"),
    N_("no case has this reference code"),
    N_("too many requests from this address; try again later"),
    N_("this needs the role {roles}"),
    N_("the agency is outside your scope"),
    N_("the read models have not reached position {position} yet"),
    N_("the users directory has not reached accounts position {position} yet"),
    N_("the users directory is not available"),
    N_("only the agency holding the petition can accept it"),
    N_("decision_known_on is required to accept a complaint"),
)
ACTIONS = (
    N_("accept"),
    N_("archive"),
    N_("assign"),
    N_("classify"),
    N_("conclude"),
    N_("extend the deadline of"),
    N_("extend"),
    N_("guide"),
    N_("notify the citizen of"),
    N_("publish the decision of"),
    N_("re-open"),
    N_("refer"),
    N_("resume"),
    N_("suspend"),
    N_("terminate"),
    N_("verify"),
    N_("withdraw"),
    N_("received"),
    N_("classified"),
    N_("referred"),
    N_("archived"),
    N_("guided"),
    N_("in_progress"),
    N_("suspended"),
    N_("concluded"),
    N_("withdrawn"),
    N_("terminated"),
    N_("complaint"),
    N_("denunciation"),
    N_("recommendation"),
    N_("reflection"),
)
PYDANTIC = (
    N_("Field required"),
    N_("Extra inputs are not permitted"),
    N_("Value error, {message}"),
    N_("must not contain control characters"),
    N_("Value error, must be a date written YYYY-MM-DD"),
    N_("must be a date written YYYY-MM-DD"),
    N_("Input should be {expected}"),
    N_("Input should be a valid date or datetime, {reason}"),
    N_("Input should be a valid date in the format YYYY-MM-DD, {reason}"),
    N_("Input should be a valid UUID, {reason}"),
    N_("Input should be a valid integer, unable to parse string as an integer"),
    N_("Input should be a valid boolean, unable to interpret input"),
    N_("Input should be greater than or equal to {limit}"),
    N_("Input should be less than or equal to {limit}"),
    N_("String should have at least {n} character"),
    N_("String should have at least {n} characters"),
    N_("String should have at most {n} characters"),
    N_("String should match pattern '{pattern}'"),
)
