"""The backlog templates shipped in `docs/`: every column, in order, and a few example rows.

    .venv/bin/python -m ops.importer.template docs   # writes import-template.csv and .xlsx

The examples use the agency codes TN (the province) and X1, X2 (communes) and follow
each path a register records: forwarded and settled, referred down, archived, guided,
withdrawn, and one still waiting at intake.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ops.importer.columns import NAMES

EXAMPLES: tuple[dict[str, Any], ...] = (
    {
        "import_id": "SO-2023-0001",
        "received_on": date(2023, 3, 6),
        "receiving_agency": "X1",
        "channel": "post",
        "summary": "Khiếu nại quyết định thu hồi đất ở thôn 3",
        "petitioner_name": "Trần Thị B",
        "petitioner_address": "Thôn 3, xã X1",
        "classified_on": date(2023, 3, 8),
        "kind": "complaint",
        "field": "đất đai",
        "competent_agency": "X1",
        "decision_known_on": date(2023, 2, 20),
        "accepted_on": date(2023, 3, 13),
        "complexity": "ordinary",
        "concluded_on": date(2023, 4, 7),
        "outcome": "partly_right",
        "effect_on_contested": "amended",
        "decision_ref": "QĐ 45/QĐ-UBND",
    },
    {
        "import_id": "SO-2023-0002",
        "received_on": date(2023, 5, 15),
        "receiving_agency": "TN",
        "channel": "forwarded",
        "summary": "Phản ánh đường liên xã xuống cấp",
        "petitioner_name": "Nguyễn Văn C",
        "origin_kind": "national_assembly_delegation",
        "origin_name": "Đoàn ĐBQH tỉnh",
        "dispatch_number": "125/ĐĐBQH-VP",
        "dispatch_date": date(2023, 5, 10),
        "classified_on": date(2023, 5, 17),
        "kind": "reflection",
        "field": "giao thông",
        "competent_agency": "X2",
        "referred_on": date(2023, 5, 18),
        "referred_to": "X2",
        "accepted_on": date(2023, 5, 24),
        "concluded_on": date(2023, 6, 20),
        "outcome": "accepted",
        "decision_ref": "CV 88/UBND",
    },
    {
        "import_id": "SO-2023-0003",
        "received_on": date(2023, 7, 3),
        "receiving_agency": "X2",
        "channel": "reception",
        "summary": "Đơn không ghi rõ nội dung",
        "petitioner_name": "Lê Văn D",
        "classified_on": date(2023, 7, 4),
        "kind": "recommendation",
        "field": "khác",
        "competent_agency": "X2",
        "archived_on": date(2023, 7, 6),
        "archive_grounds": "ineligible",
        "note": "Đơn không đủ điều kiện xử lý",
    },
    {
        "import_id": "SO-2024-0001",
        "received_on": date(2024, 2, 19),
        "receiving_agency": "X1",
        "channel": "post",
        "summary": "Tranh chấp hợp đồng dân sự",
        "petitioner_name": "Phạm Thị E",
        "classified_on": date(2024, 2, 21),
        "kind": "recommendation",
        "field": "dân sự",
        "competent_agency": "X1",
        "guided_on": date(2024, 2, 23),
        "guided_to": "Tòa án nhân dân",
    },
    {
        "import_id": "SO-2024-0002",
        "received_on": date(2024, 9, 9),
        "receiving_agency": "X1",
        "channel": "post",
        "summary": "Tố cáo cán bộ địa chính",
        "petitioner_name": "Hoàng Văn G",
        "classified_on": date(2024, 9, 10),
        "kind": "denunciation",
        "field": "đất đai",
        "competent_agency": "X1",
        "accepted_on": date(2024, 9, 16),
        "withdrawn_on": date(2024, 10, 1),
    },
    {
        "import_id": "SO-2024-0003",
        "received_on": date(2024, 12, 2),
        "receiving_agency": "TN",
        "channel": "post",
        "summary": "Đơn chưa phân loại",
    },
)


def write_templates(folder: Path) -> tuple[Path, Path]:
    """Write `import-template.csv` and `import-template.xlsx` into `folder`."""
    from openpyxl import Workbook  # noqa: PLC0415

    folder.mkdir(parents=True, exist_ok=True)
    rows = [[row.get(name, "") for name in NAMES] for row in EXAMPLES]
    csv_path = folder / "import-template.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(NAMES)
        writer.writerows([_text(cell) for cell in row] for row in rows)
    book = Workbook()
    sheet = book.active
    if sheet is None:
        raise RuntimeError("a new workbook has a sheet")
    sheet.title = "backlog"
    sheet.append(list(NAMES))
    for row in rows:
        sheet.append([cell if cell != "" else None for cell in row])
    xlsx_path = folder / "import-template.xlsx"
    book.save(xlsx_path)
    return csv_path, xlsx_path


def _text(cell: object) -> str:
    return cell.isoformat() if isinstance(cell, date) else str(cell)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    for path in write_templates(Path(args[0] if args else "docs")):
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
