"""The demo province's names: its agencies, the fields of its petitions, what they say.

A fictional province (Sơn Lâm) on the agency tree the generator knows
(`ops.history_tree`): the province's People's Committee with two departments and its
inspectorate, three districts of two communes each until 1 July 2025, then three
communes formed from them.
"""

from __future__ import annotations

from ops.history_tree import TreeNames

ENVIRONMENT = "môi trường"
CONSTRUCTION_DEPARTMENT = "department.construction"
AGENCY_NAMES: dict[str, tuple[str, str]] = {
    "province": ("UBND tỉnh Sơn Lâm", "SL"),
    "department": ("Sở Tài nguyên và Môi trường tỉnh Sơn Lâm", "STNMT"),
    CONSTRUCTION_DEPARTMENT: ("Sở Xây dựng tỉnh Sơn Lâm", "SXD"),
    "inspectorate": ("Thanh tra tỉnh Sơn Lâm", "TTT"),
    "district.0": ("UBND huyện Bắc Lâm", "HBL"),
    "district.1": ("UBND huyện Nam Lâm", "HNL"),
    "district.2": ("UBND huyện Tây Lâm", "HTL"),
    "commune.0.0": ("UBND xã Tân Phú", "TP"),
    "commune.0.1": ("UBND xã An Khánh", "AK"),
    "commune.1.0": ("UBND xã Hòa Bình", "HB"),
    "commune.1.1": ("UBND xã Phúc Thọ", "PT"),
    "commune.2.0": ("UBND xã Minh Đức", "MD"),
    "commune.2.1": ("UBND xã Quang Trung", "QT"),
    "new_commune.0": ("UBND xã Bắc Lâm", "XBL"),
    "new_commune.1": ("UBND xã Nam Lâm", "XNL"),
    "new_commune.2": ("UBND xã Tây Lâm", "XTL"),
}
NAMES = TreeNames(AGENCY_NAMES, ENVIRONMENT, (CONSTRUCTION_DEPARTMENT,))

# The fields petitions concern, with their weights; summaries say what each is about
# without saying whether it is a complaint, a denunciation or a recommendation.
FIELDS: dict[str, int] = {
    "đất đai": 45,
    ENVIRONMENT: 20,
    "chính sách xã hội": 15,
    "xây dựng": 10,
    "cán bộ, công chức": 10,
}
SUMMARIES: dict[str, tuple[str, ...]] = {
    "đất đai": (
        "Tranh chấp ranh giới thửa đất giữa hai hộ gia đình ở thôn {n}",
        "Việc bồi thường, hỗ trợ khi thu hồi đất làm đường liên xã",
        "Việc cấp giấy chứng nhận quyền sử dụng đất chậm so với quy định",
        "Quyết định thu hồi đất nông nghiệp để làm khu dân cư thôn {n}",
        "Việc giao đất tái định cư cho các hộ bị thu hồi đất",
    ),
    ENVIRONMENT: (
        "Cơ sở chăn nuôi xả nước thải ra kênh mương thôn {n}",
        "Bãi tập kết rác gây mùi, ảnh hưởng sức khỏe người dân",
        "Khai thác cát làm sạt lở bờ sông đoạn qua thôn {n}",
        "Xưởng gỗ gây tiếng ồn và bụi vào ban đêm",
    ),
    "chính sách xã hội": (
        "Việc bình xét hộ nghèo, cận nghèo chưa công khai",
        "Trợ cấp người có công chưa được chi trả đúng hạn",
        "Việc hỗ trợ nhà ở cho hộ có hoàn cảnh khó khăn ở thôn {n}",
    ),
    "xây dựng": (
        "Công trình xây dựng lấn chiếm hành lang giao thông",
        "Việc cấp phép xây dựng nhà xưởng sát khu dân cư thôn {n}",
        "Chất lượng công trình nhà văn hóa thôn {n}",
    ),
    "cán bộ, công chức": (
        "Cán bộ gây phiền hà khi giải quyết hồ sơ của người dân",
        "Thái độ tiếp dân tại bộ phận một cửa",
        "Việc thu các khoản đóng góp ngoài quy định ở thôn {n}",
    ),
}
DIALOGUE_GROUPS = (
    "Các hộ bị thu hồi đất dự án đường tỉnh",
    "Hội Nông dân xã",
    "Các hộ kinh doanh chợ trung tâm",
    "Hội Cựu chiến binh",
)
GUIDED_TO = (
    "Tòa án nhân dân khu vực",
    "Văn phòng đăng ký đất đai",
    "Bảo hiểm xã hội tỉnh",
)
FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
MIDDLE_NAMES = ("Văn", "Thị", "Minh", "Thu", "Quốc", "Thanh", "Đức", "Ngọc")
GIVEN_NAMES = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Lan", "Long", "Mai", "Nam")
