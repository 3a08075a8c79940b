"""The label | value blocks of the layout: plan details, personal details, main contacts, services, A1, A2, the
shorter-term targets of E, and the sign-off.

Each block is described by rows of (label as printed, where the value goes in the plan, how to read it); the
labels are the template's own (``render.layout``), copied here as the reader's side of the contract.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..model.codes import CeaseReason, MediaKind, PlanStatus, SenSetting, SenType
from . import contract, values
from .cells import (
    FieldLine,
    Sheet,
    field_groups,
    field_lines,
    label_cells,
    line_value,
    pointer,
    put,
    text_value,
)
from .wordml import Cell, Table

Path = tuple[str, ...]


@dataclass(frozen=True)
class Line:
    """A one-line value: read the cell's text with ``parse`` (``None``: the text as it is) and put it at
    ``path``."""

    label: str
    path: Path
    parse: Callable[[str], Any] | None = None


@dataclass(frozen=True)
class Text:
    """A free-text value put at ``path``."""

    label: str
    path: Path


@dataclass(frozen=True)
class Fields:
    """Labelled lines read by ``read`` (which gets the lines, the sheet and the data to fill)."""

    label: str
    read: Callable[[list[FieldLine], Sheet, dict], None]


@dataclass(frozen=True)
class Groups:
    """Groups of labelled lines (one per professional or media item): each group read by ``read`` into an item
    of the list at ``path``."""

    label: str
    path: Path
    read: Callable[[list[FieldLine], Sheet, str], dict]


RowSpec = Line | Text | Fields | Groups


def read_label_table(table: Table, rows: list[RowSpec], sheet: Sheet, data: dict) -> None:
    """Fill ``data`` from a label | value table described by ``rows``."""
    cells = label_cells(table, sheet, [spec.label for spec in rows])
    for spec in rows:
        if spec.label in cells:
            _read_row(spec, cells[spec.label], sheet, data)


def _read_row(spec: RowSpec, cell: Cell, sheet: Sheet, data: dict) -> None:
    if isinstance(spec, Line):
        where = pointer(*spec.path)
        text = line_value(cell, sheet, where)
        value = sheet.parse(spec.parse, text, cell.where, where) if spec.parse else (text or None)
        put(data, spec.path, value)
    elif isinstance(spec, Text):
        put(data, spec.path, text_value(cell.paragraphs))
    elif isinstance(spec, Fields):
        spec.read(field_lines(cell.paragraphs), sheet, data)
    else:
        base = pointer(*spec.path)
        items = [spec.read(group, sheet, f"{base}/{i}") for i, group in enumerate(field_groups(cell.paragraphs))]
        put(data, spec.path, items)


def read_fields(lines: list[FieldLine], specs: dict[str, tuple[Path, Callable[[str], Any] | None]], sheet: Sheet,
                base: str) -> dict:
    """Return a dict filled from labelled ``lines``: ``specs`` maps each label to (path, parser). Unknown labels
    are reported, with their text."""
    data: dict[str, Any] = {}
    for line in lines:
        spec = specs.get(line.label)
        if spec is None:
            sheet.warn(f"the line {line.label!r} is not part of the layout; its text {line.value!r} was not read",
                       line.where, base)
            continue
        path, parse = spec
        where = f"{base}{pointer(*path)}"
        value = sheet.parse(parse, line.value, line.where, where) if parse else (line.value or None)
        put(data, path, value)
    return data


# -- plan details and personal details -------------------------------------------------------------------------------


def _schema_version(text: str) -> str:
    if not text.startswith(contract.DATA_STANDARD_PREFIX):
        raise ValueError(f"expected '{contract.DATA_STANDARD_PREFIX}<version>', found {text!r}")
    return text.removeprefix(contract.DATA_STANDARD_PREFIX)


def _date_row(label: str, key: str) -> Line:
    return Line(label, ("metadata", "dates", key), values.date)


PLAN_DETAILS: list[RowSpec] = [
    Line("Local authority", ("metadata", "la_code"), values.authority),
    Line("Plan reference", ("metadata", "plan_reference")),
    Line("Plan status", ("metadata", "status"), lambda text: values.code(PlanStatus, text)),
    Line("Version number", ("metadata", "version"), values.integer),
    _date_row("Date original EHCP issued (CCYY-MM-DD)", "first_issued"),
    _date_row("Draft plan issued", "draft_issued"),
    _date_row("Final plan issued", "final_issued"),
    _date_row("This version issued", "version_issued"),
    _date_row("Request for assessment received", "request_received"),
    _date_row("Decision to assess", "decision_to_assess"),
    _date_row("Last review meeting", "last_review"),
    _date_row("Next review due", "next_review_due"),
    _date_row("Date the plan ceased", "cease_date"),
    Line("Cease reason", ("metadata", "cease_reason"), lambda text: values.code(CeaseReason, text)),
    Line("Primary need (SEN type)", ("metadata", "primary_need"), lambda text: values.code_with_value(SenType, text)),
    Line("Secondary needs (SEN type)", ("metadata", "secondary_needs"),
         lambda text: values.codes_with_values(SenType, text)),
    Line("Plan data standard", ("schema_version",), _schema_version),
]


def _local_identifiers(lines: list[FieldLine], sheet: Sheet, data: dict) -> None:
    local = [{"system": line.label, "value": line.value} for line in lines]
    put(data, ("personal_details", "identifiers", "local"), local)


def _person(key: str) -> Path:
    return ("personal_details", key)


PERSONAL_DETAILS: list[RowSpec] = [
    Line("Forename", ("personal_details", "name", "forename")),
    Line("Middle names (optional)", ("personal_details", "name", "middle_names")),
    Line("Surname", ("personal_details", "name", "surname")),
    Line("Preferred name", _person("preferred_name")),
    Line("Date of birth (CCYY-MM-DD)", _person("date_of_birth"), values.date),
    Line("Sex", _person("sex")),
    Line("Ethnicity", _person("ethnicity")),
    Line("Child or young person first language", _person("first_language")),
    Line("Parent or carer first language", _person("parent_first_language")),
    Line("Unique Pupil Number (UPN)", ("personal_details", "identifiers", "upn")),
    Line("Unique Learner Number (ULN)", ("personal_details", "identifiers", "uln")),
    Line("Reason UPN and ULN are unknown", ("personal_details", "identifiers", "upn_unknown_reason")),
    Fields("Local identifiers", _local_identifiers),
]


# -- main contacts -------------------------------------------------------------------------------------------------

CONTACT_ROWS = {
    "Name": ("name",),
    "Relationship to the child or young person": ("relationship",),
    "Email": ("email",),
    "Telephone number": ("telephone",),
    "Home address line 1": ("address", "line_1"),
    "Address line 2": ("address", "line_2"),
    "Town or city": ("address", "town"),
    "County": ("address", "county"),
    "Postcode": ("address", "postcode"),
}
INDEPENDENTLY = "Young person applying independently (YES/NO)"


def read_main_contacts(table: Table, sheet: Sheet) -> dict | None:
    """Return the main contacts block, or ``None`` when it shows nobody."""
    main: dict[str, Any] = {}
    second: dict[str, Any] = {}
    independently = None
    for row in table.rows:
        label = row.cells[0].text.strip() if row.cells else ""
        if label in CONTACT_ROWS and len(row.cells) >= 3:
            base = CONTACT_ROWS[label]
            put(main, base, line_value(row.cells[1], sheet, pointer("main_contacts", "main_contact", *base)) or None)
            put(second, base, line_value(row.cells[2], sheet, pointer("main_contacts", "parent_or_carer_2", *base))
                or None)
        elif label == INDEPENDENTLY:
            text = line_value(row.cells[-1], sheet, "/main_contacts/young_person_applying_independently")
            independently = sheet.parse(values.yes_no, text, row.cells[-1].where,
                                        "/main_contacts/young_person_applying_independently")
        elif label and not row.header:
            sheet.warn(f"the row {label!r} is not part of the layout; it was not read", row.where)
    if not main and not second:
        return None
    contacts: dict[str, Any] = {"main_contact": main, "young_person_applying_independently": bool(independently)}
    put(contacts, ("parent_or_carer_2",), second or None)
    return contacts


# -- services ------------------------------------------------------------------------------------------------------

PROFESSIONAL_FIELDS = {
    "Name": (("name",), None),
    "Role": (("role",), None),
    "Organisation": (("organisation",), None),
    "Telephone": (("telephone",), None),
    "Email": (("email",), None),
}
SETTING_ID_FIELDS = {
    "URN": (("urn",), None),
    "UKPRN": (("ukprn",), None),
    "SEN setting (SEN2)": (("sen_setting",), lambda text: values.code_with_value(SenSetting, text)),
}


def _setting_ids(lines: list[FieldLine], sheet: Sheet, data: dict) -> None:
    found = read_fields(lines, SETTING_ID_FIELDS, sheet, "/services/education_setting")
    for key, value in found.items():
        put(data, ("services", "education_setting", key), value)


def _key_professional(lines: list[FieldLine], sheet: Sheet, data: dict) -> None:
    found = read_fields(lines, PROFESSIONAL_FIELDS, sheet, "/services/key_health_professional")
    put(data, ("services", "key_health_professional"), found or None)


def _professional(lines: list[FieldLine], sheet: Sheet, base: str) -> dict:
    return read_fields(lines, PROFESSIONAL_FIELDS, sheet, base)


def _flag(label: str, key: str) -> Line:
    return Line(label, ("services", key), values.yes_no)


SERVICES: list[RowSpec] = [
    Line("Education setting", ("services", "education_setting", "name")),
    Fields("LA to insert setting unique identifier (URN or UKPRN)", _setting_ids),
    Line("GP", ("services", "gp")),
    Fields("Key health professional (where applicable)", _key_professional),
    Line("NHS number (if available)", ("services", "nhs_number")),
    _flag("Known to social care (YES/NO)", "known_to_social_care"),
    Groups("Other professionals involved with the child or family", ("services", "other_professionals"),
           _professional),
    _flag("Currently a looked-after child? (YES/NO)", "looked_after"),
    _flag("Has been a looked-after child? (YES/NO)", "previously_looked_after"),
    _flag("Is there a one page profile received (append)? (YES/NO)", "one_page_profile_appended"),
    _flag("Moving to the area with an EHCP from a different LA? (YES/NO)", "moving_from_another_la"),
    Line("Name of LA", ("services", "previous_la"), values.authority),
]


# -- section A -----------------------------------------------------------------------------------------------------

A1: list[RowSpec] = [
    Text("Summary of the child or young person's history", ("section_a", "a1", "history")),
    Text("How to communicate with the child or young person and involve them in decisions",
         ("section_a", "a1", "communication")),
]

MEDIA_FIELDS = {
    "Kind": (("kind",), lambda text: values.code(MediaKind, text)),
    "Title": (("title",), None),
    "Where it is kept": (("reference",), None),
    "Length": (("duration_seconds",), values.seconds),
}


def _media(lines: list[FieldLine], sheet: Sheet, base: str) -> dict:
    return read_fields(lines, MEDIA_FIELDS, sheet, base)


def _a2(key: str) -> Path:
    return ("section_a", "a2", key)


A2: list[RowSpec] = [
    Text("Views", _a2("views")),
    Text("How the views were gathered", _a2("views_gathered")),
    Line("Who gave the views", _a2("views_given_by")),
    Line("Given on the child's or young person's behalf (YES/NO)", _a2("views_on_behalf"), values.yes_no),
    Text("Interests", _a2("interests")),
    Text("Strengths", _a2("strengths")),
    Text("Aspirations", _a2("aspirations")),
    Text("Parent or carer aspirations", _a2("parent_aspirations")),
    Groups("Attached drawings, photos and recordings", _a2("media"), _media),
]


# -- E targets and sign-off ----------------------------------------------------------------------------------------

TARGETS: list[RowSpec] = [
    Text("How the setting will set shorter-term targets towards the outcomes (CoP 9.66)", ("shorter_term_targets",)),
]

SIGN_OFF: list[RowSpec] = [
    Line('Local authority officer name ("SURNAME, FIRST NAME (optional middle name or initial)")',
         ("sign_off", "officer_name")),
    Line("Role", ("sign_off", "role")),
    Line("Signature", ("sign_off", "signature")),
    Line("Date (CCYY-MM-DD)", ("sign_off", "date"), values.date),
]
