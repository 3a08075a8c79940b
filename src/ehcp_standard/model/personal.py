"""Personal details, main contacts and services involved, as the national template lists them (blocks 2-4)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from .codes import SenSetting, describe
from .identifiers import KnownLaCode, NhsNumber, Ukprn, Uln, Upn, Urn
from .types import Date, ShortText, StandardModel

#: A UK postcode in its usual written form, e.g. "LS1 4AP" (a space between the two parts is optional).
POSTCODE_PATTERN = "^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$"
#: No spaces or control characters, spelled out so that every regex engine reads it alike (``\s`` differs).
_EMAIL_CHAR = (
    "[^@\\u0000-\\u0020\\u007F-\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF\\uFFFE\\uFFFF]"
)
EMAIL_PATTERN = f"^{_EMAIL_CHAR}+@{_EMAIL_CHAR}+\\.{_EMAIL_CHAR}+$"
TELEPHONE_PATTERN = "^\\+?[0-9 ()-]{6,20}$"

Postcode = Annotated[str, StringConstraints(pattern=POSTCODE_PATTERN)]
Email = Annotated[str, StringConstraints(pattern=EMAIL_PATTERN, max_length=254)]
Telephone = Annotated[str, StringConstraints(pattern=TELEPHONE_PATTERN)]


class PersonName(StandardModel):
    """A person's name: "Forename, middle names (optional), SURNAME" in the template."""

    forename: ShortText = Field(title="Forename")
    middle_names: ShortText | None = Field(None, title="Middle names (optional)")
    surname: ShortText = Field(title="Surname")


class LocalIdentifier(StandardModel):
    """An identifier from a local system (social care or case management), kept with the system it belongs to."""

    system: ShortText = Field(title="System", description='e.g. "Mosaic", "Care First", "LCS", "Capita One".')
    value: ShortText = Field(title="Identifier")


class Identifiers(StandardModel):
    """Identifiers of the child or young person. None is on the template; the SEN2 return needs UPN and ULN."""

    upn: Upn | None = Field(
        None,
        title="Unique Pupil Number (UPN)",
        description="13 characters: a check letter then 12 digits (permanent) or 11 digits and a letter "
        "(temporary). The check letter is the sum of characters 2-13 times weights 2-13, mod 23, in the "
        "alphabet ABCDEFGHJKLMNPQRTUVWXYZ (DfE UPN guidance). The library checks it; the schema checks the shape.",
    )
    uln: Uln | None = Field(
        None,
        title="Unique Learner Number (ULN)",
        description="10 digits, first non-zero; the sum of the digits times weights 10..1 is 10 mod 11 "
        "(Learning Records Service).",
    )
    upn_unknown_reason: ShortText | None = Field(
        None, title="Reason UPN and ULN are unknown", description="SEN2 upnunknown: why there is no UPN or ULN."
    )
    local: tuple[LocalIdentifier, ...] = Field((), title="Local identifiers")


class PersonalDetails(StandardModel):
    """Child or young person's personal details (template block 2)."""

    name: PersonName = Field(title="Name")
    preferred_name: ShortText | None = Field(None, title="Preferred name")
    date_of_birth: Date = Field(title="Date of birth", description="CCYY-MM-DD.")
    sex: ShortText | None = Field(None, title="Sex")
    ethnicity: ShortText | None = Field(None, title="Ethnicity")
    first_language: ShortText | None = Field(
        None,
        title="Child or young person first language",
        description="First language, or method of communication (e.g. British Sign Language, Makaton).",
    )
    parent_first_language: ShortText | None = Field(None, title="Parent or carer first language")
    identifiers: Identifiers = Field(default_factory=Identifiers, title="Identifiers")


class Address(StandardModel):
    """A home address."""

    line_1: ShortText = Field(title="Address line 1")
    line_2: ShortText | None = Field(None, title="Address line 2")
    town: ShortText | None = Field(None, title="Town or city")
    county: ShortText | None = Field(None, title="County")
    postcode: Postcode | None = Field(None, title="Postcode")


class Contact(StandardModel):
    """A main contact: name, relationship, email, telephone number and home address."""

    name: ShortText = Field(title="Name")
    relationship: ShortText | None = Field(
        None, title="Relationship to the child or young person", description='e.g. "Mother", "Foster carer", "Self".'
    )
    email: Email | None = Field(None, title="Email")
    telephone: Telephone | None = Field(None, title="Telephone number")
    address: Address | None = Field(None, title="Home address")


class MainContacts(StandardModel):
    """Main contact details (template block 3)."""

    main_contact: Contact = Field(
        title="Main contact",
        description="Parent or carer 1, or the young person if applying independently.",
    )
    young_person_applying_independently: bool = Field(
        False,
        title="Young person applying independently",
        description="True when the main contact is the young person.",
    )
    parent_or_carer_2: Contact | None = Field(
        None, title="Parent or carer 2", description="Home address only if different from the main contact's."
    )


class EducationSetting(StandardModel):
    """The education setting currently attended, with the identifier the LA inserts."""

    name: ShortText = Field(title="Education setting")
    urn: Urn | None = Field(None, title="URN", description="6-digit school Unique Reference Number (GIAS).")
    ukprn: Ukprn | None = Field(
        None, title="UKPRN", description="UK Provider Reference Number of a post-16 provider (8 digits)."
    )
    sen_setting: SenSetting | None = Field(
        None,
        title="SEN setting (SEN2)",
        description="Only where the setting has no URN or UKPRN. " + describe(SenSetting),
    )


class Professional(StandardModel):
    """A professional involved with the child or family."""

    name: ShortText | None = Field(None, title="Name")
    role: ShortText = Field(title="Role", description='e.g. "Speech and language therapist".')
    organisation: ShortText | None = Field(None, title="Organisation")
    telephone: Telephone | None = Field(None, title="Telephone number")
    email: Email | None = Field(None, title="Email")


class ServicesInvolved(StandardModel):
    """Services currently involved with this child or young person (template block 4)."""

    education_setting: EducationSetting | None = Field(None, title="Education setting")
    gp: ShortText | None = Field(None, title="GP", description="GP's name and practice.")
    key_health_professional: Professional | None = Field(
        None, title="Key health professional (where applicable)"
    )
    nhs_number: NhsNumber | None = Field(
        None,
        title="NHS number (if available)",
        description="10 digits, no spaces; the last is the Modulus 11 check digit (NHS Data Dictionary).",
    )
    known_to_social_care: bool | None = Field(None, title="Known to social care")
    other_professionals: tuple[Professional, ...] = Field(
        (), title="Other professionals involved with the child or family"
    )
    looked_after: bool | None = Field(None, title="Currently a looked-after child")
    previously_looked_after: bool | None = Field(None, title="Has been a looked-after child")
    one_page_profile_appended: bool | None = Field(
        None, title="Is there a one page profile received (append)?"
    )
    moving_from_another_la: bool | None = Field(
        None, title="Moving to the area with an EHCP from a different LA?"
    )
    previous_la: KnownLaCode | None = Field(
        None, title="Name of LA", description="DfE code of the LA the plan came from, when moving to the area."
    )
