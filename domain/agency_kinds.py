"""Kinds of public body beside their level, and which kind may sit under which.

A province has its People's Committee (UBND tỉnh), its departments (Sở) and its
inspectorate at the same level; the departments and the inspectorate answer to
the People's Committee, which answers to the Government. The kind is what tells
them apart: the level alone cannot (Law on Organisation of Local Government
2025, art. 4-5; Decree 24/2014 and 150/2025 on specialised bodies of the
People's Committee).
"""

from __future__ import annotations

from enum import StrEnum


class AgencyKind(StrEnum):
    """What kind of body an agency is; the level says where it stands."""

    PEOPLES_COMMITTEE = "peoples_committee"  # Ủy ban nhân dân
    DEPARTMENT = "department"  # Sở (province) or Phòng (district), specialised bodies
    INSPECTORATE = "inspectorate"  # Thanh tra
    MINISTRY = "ministry"  # Bộ, ministerial-level body
    GOVERNMENT_BODY = "government_body"  # Chính phủ, Thanh tra Chính phủ and other central bodies
    # Ban tiếp công dân: receives citizens and petitions for its People's Committee.
    RECEPTION_OFFICE = "reception_office"
    OTHER = "other"


# Bodies that head a level: another body may sit under them at their own level.
HEADS_OF_LEVEL = frozenset({AgencyKind.PEOPLES_COMMITTEE, AgencyKind.GOVERNMENT_BODY})

# Bodies that may have bodies of their own under them at their own level: a department
# its sub-departments (chi cục, art. 20 of the Law on Complaints), a ministry its general
# departments and inspectorate (arts. 22-23).
HEADS_OF_BODIES = frozenset({AgencyKind.DEPARTMENT, AgencyKind.MINISTRY})
SUB_BODY_KINDS = frozenset({AgencyKind.DEPARTMENT, AgencyKind.INSPECTORATE, AgencyKind.OTHER})

# Bodies that receive for the People's Committee they belong to: a petition they receive
# counts as received by that People's Committee, vượt cấp included.
RECEIVES_FOR_PARENT = frozenset({AgencyKind.RECEPTION_OFFICE})

DEFAULT_KIND = AgencyKind.PEOPLES_COMMITTEE
