"""Code lists of the standardised plan and of the SEN2 return (EHCP-STANDARD.md §8).

Every list is a ``StrEnum`` whose values are what the JSON holds. ``LABELS`` gives each code its wording for
people, and ``describe`` turns a list into the text used in the JSON Schema.
"""

from __future__ import annotations

from enum import StrEnum


class AreaOfNeed(StrEnum):
    """The four broad areas of need, in the template's order (CoP 6.28–6.35)."""

    COMMUNICATION_INTERACTION = "communication_interaction"
    COGNITION_LEARNING = "cognition_learning"
    SEMH = "semh"
    SENSORY_PHYSICAL = "sensory_physical"


class SenType(StrEnum):
    """SEN type (``SENtype``) used by the SEN2 return and the school census. ``NSA`` is not valid for an EHCP."""

    SPLD = "SPLD"
    MLD = "MLD"
    SLD = "SLD"
    PMLD = "PMLD"
    SEMH = "SEMH"
    SLCN = "SLCN"
    HI = "HI"
    VI = "VI"
    MSI = "MSI"
    PD = "PD"
    ASD = "ASD"
    DS = "DS"
    OTH = "OTH"


class SenSetting(StrEnum):
    """SEN2 ``SENsetting``: where a person is educated when the placement has no URN or UKPRN."""

    OLA = "OLA"
    OPA = "OPA"
    EHE = "EHE"
    EYP = "EYP"
    OTH = "OTH"
    NEET = "NEET"
    NIEC = "NIEC"
    NIEO = "NIEO"


class CeaseReason(StrEnum):
    """SEN2 ``CeaseReason``: why a plan ended (s.45)."""

    MAX_AGE = "1"
    NEEDS_MET = "2"
    HIGHER_EDUCATION = "3"
    PAID_EMPLOYMENT = "4"
    TRANSFERRED_IN_ENGLAND = "5"
    DISENGAGED = "6"
    MOVED_OUTSIDE_ENGLAND = "7"
    DECEASED = "8"
    OTHER = "9"


class ReviewOutcome(StrEnum):
    """SEN2 ``ReviewOutcome``: the decision after an annual review."""

    AMEND = "A"
    CEASE = "C"
    MAINTAIN = "M"


class PfaDomain(StrEnum):
    """The four Preparing for Adulthood domains (CoP chapter 8)."""

    EMPLOYMENT = "employment"
    INDEPENDENT_LIVING = "independent_living"
    COMMUNITY = "community"
    HEALTH = "health"


class PlanStatus(StrEnum):
    """Where the plan stands in its statutory life."""

    DRAFT = "draft"
    FINAL = "final"
    PROPOSED_AMENDMENT = "proposed_amendment"
    AMENDED_FINAL = "amended_final"
    CEASED = "ceased"


class BudgetMechanism(StrEnum):
    """How a personal budget is held (CFA s.49; SEN (Personal Budgets) Regulations 2014)."""

    DIRECT_PAYMENT = "direct_payment"
    ARRANGEMENT = "arrangement"
    THIRD_PARTY = "third_party"


class AttendancePattern(StrEnum):
    """Attendance pattern, part of the type of placement in section I."""

    DAILY = "daily"
    WEEKLY_RESIDENTIAL = "weekly_residential"
    TERMLY_RESIDENTIAL = "termly_residential"
    FIFTY_TWO_WEEK_RESIDENTIAL = "52_week_residential"
    OTHER = "other"


class FrequencyPeriod(StrEnum):
    """The period a provision's count is given over ("how often")."""

    DAY = "day"
    WEEK = "week"
    FORTNIGHT = "fortnight"
    MONTH = "month"
    HALF_TERM = "half_term"
    TERM = "term"
    YEAR = "year"
    ONE_OFF = "one_off"


class BudgetPeriod(StrEnum):
    """The period a personal budget amount covers."""

    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    ONE_OFF = "one_off"


class AdviceType(StrEnum):
    """The advice the LA must seek under regulation 6(1), as listed in section K."""

    PARENT_OR_YOUNG_PERSON = "parent_or_young_person"
    EDUCATIONAL = "educational"
    MEDICAL = "medical"
    EDUCATIONAL_PSYCHOLOGIST = "educational_psychologist"
    SOCIAL_CARE = "social_care"
    LA_OTHER = "la_other"
    PREPARING_FOR_ADULTHOOD = "preparing_for_adulthood"
    PARENT_REQUESTED = "parent_requested"
    OTHER = "other"


class TimescaleExceptionReason(StrEnum):
    """Exceptions to the 20-week limit under regulation 10(4), applied by regulation 13(3)."""

    SCHOOL_CLOSURE = "school_closure"
    EARLY_YEARS_CLOSURE = "early_years_closure"
    EXCEPTIONAL_PERSONAL_CIRCUMSTANCES = "exceptional_personal_circumstances"
    ABSENT_FROM_AREA = "absent_from_area"


class MediaKind(StrEnum):
    """Kinds of media a digital plan may attach to A2."""

    DRAWING = "drawing"
    PHOTO = "photo"
    VIDEO = "video"
    AUDIO = "audio"
    DOCUMENT = "document"


_LABEL_LIST: list[tuple[StrEnum, str]] = [
    (AreaOfNeed.COMMUNICATION_INTERACTION, "Communication and interaction"),
    (AreaOfNeed.COGNITION_LEARNING, "Cognition and learning"),
    (AreaOfNeed.SEMH, "Social, emotional and mental health difficulties"),
    (AreaOfNeed.SENSORY_PHYSICAL, "Sensory and/or physical needs"),
    (SenType.SPLD, "Specific learning difficulty"),
    (SenType.MLD, "Moderate learning difficulty"),
    (SenType.SLD, "Severe learning difficulty"),
    (SenType.PMLD, "Profound and multiple learning difficulty"),
    (SenType.SEMH, "Social, emotional and mental health"),
    (SenType.SLCN, "Speech, language and communication needs"),
    (SenType.HI, "Hearing impairment"),
    (SenType.VI, "Vision impairment"),
    (SenType.MSI, "Multi-sensory impairment"),
    (SenType.PD, "Physical disability"),
    (SenType.ASD, "Autistic spectrum disorder"),
    (SenType.DS, "Down syndrome"),
    (SenType.OTH, "Other difficulty"),
    (SenSetting.OLA, "Other LA arrangements, including EOTAS (s.61)"),
    (SenSetting.OPA, "Other parent/person arrangements (s.42(5)), excluding elective home education"),
    (SenSetting.EHE, "Elective home education"),
    (SenSetting.EYP, "Early years provider with no GIAS URN"),
    (SenSetting.OTH, "Other, e.g. only a type of setting is named"),
    (SenSetting.NEET, "Not in education, employment or training (16-25)"),
    (SenSetting.NIEC, "Not in education or training, notice to cease issued"),
    (SenSetting.NIEO, "Not in education or training, other (e.g. awaiting placement)"),
    (CeaseReason.MAX_AGE,
     "Max age: end of the academic year in which the young person turned 25 (19 in the adult estate)"),
    (CeaseReason.NEEDS_MET, "Needs met without a plan (ongoing education or training)"),
    (CeaseReason.HIGHER_EDUCATION, "Moved to higher education"),
    (CeaseReason.PAID_EMPLOYMENT, "Paid employment, excluding apprenticeships"),
    (CeaseReason.TRANSFERRED_IN_ENGLAND, "Transferred to another LA in England"),
    (CeaseReason.DISENGAGED, "Young person no longer wishes to engage in education or training"),
    (CeaseReason.MOVED_OUTSIDE_ENGLAND, "Moved outside England"),
    (CeaseReason.DECEASED, "Deceased"),
    (CeaseReason.OTHER, "Other"),
    (ReviewOutcome.AMEND, "Amend"),
    (ReviewOutcome.CEASE, "Cease"),
    (ReviewOutcome.MAINTAIN, "Maintain"),
    (PfaDomain.EMPLOYMENT, "Higher education and/or employment"),
    (PfaDomain.INDEPENDENT_LIVING, "Independent living"),
    (PfaDomain.COMMUNITY, "Participating in society: friends, relationships, community"),
    (PfaDomain.HEALTH, "Being as healthy as possible in adult life"),
    (PlanStatus.DRAFT, "Draft"),
    (PlanStatus.FINAL, "Final"),
    (PlanStatus.PROPOSED_AMENDMENT, "Proposed amendment"),
    (PlanStatus.AMENDED_FINAL, "Amended final"),
    (PlanStatus.CEASED, "Ceased"),
    (BudgetMechanism.DIRECT_PAYMENT, "Direct payment"),
    (BudgetMechanism.ARRANGEMENT, "Arrangement (notional budget held by the LA, school or college)"),
    (BudgetMechanism.THIRD_PARTY, "Third-party arrangement"),
    (AttendancePattern.DAILY, "Daily"),
    (AttendancePattern.WEEKLY_RESIDENTIAL, "Weekly residential"),
    (AttendancePattern.TERMLY_RESIDENTIAL, "Termly residential"),
    (AttendancePattern.FIFTY_TWO_WEEK_RESIDENTIAL, "52-week residential"),
    (AttendancePattern.OTHER, "Other"),
    (AdviceType.PARENT_OR_YOUNG_PERSON, "Parent or young person"),
    (AdviceType.EDUCATIONAL, "Educational advice"),
    (AdviceType.MEDICAL, "Medical advice"),
    (AdviceType.EDUCATIONAL_PSYCHOLOGIST, "Educational psychologist"),
    (AdviceType.SOCIAL_CARE, "Social care"),
    (AdviceType.LA_OTHER, "Any other person the LA thinks appropriate"),
    (AdviceType.PREPARING_FOR_ADULTHOOD, (
        "Provision to help children and young people in Year 9 and above prepare for independence in adulthood"
    )),
    (AdviceType.PARENT_REQUESTED, "Any person the parent or young person reasonably asks the LA to seek advice from"),
    (AdviceType.OTHER, "Other advice and information"),
    (TimescaleExceptionReason.SCHOOL_CLOSURE, "School or college closed for at least 4 weeks"),
    (TimescaleExceptionReason.EARLY_YEARS_CLOSURE, "Early years provider closed"),
    (TimescaleExceptionReason.EXCEPTIONAL_PERSONAL_CIRCUMSTANCES, (
        "Exceptional personal circumstances of the child, young person or parent"
    )),
    (FrequencyPeriod.DAY, "per day"),
    (FrequencyPeriod.WEEK, "per week"),
    (FrequencyPeriod.FORTNIGHT, "per fortnight"),
    (FrequencyPeriod.MONTH, "per month"),
    (FrequencyPeriod.HALF_TERM, "per half term"),
    (FrequencyPeriod.TERM, "per term"),
    (FrequencyPeriod.YEAR, "per year"),
    (FrequencyPeriod.ONE_OFF, "once only"),
    (BudgetPeriod.WEEK, "per week"),
    (BudgetPeriod.MONTH, "per month"),
    (BudgetPeriod.YEAR, "per year"),
    (BudgetPeriod.ONE_OFF, "one-off payment"),
    (MediaKind.DRAWING, "Drawing"),
    (MediaKind.PHOTO, "Photograph"),
    (MediaKind.VIDEO, "Video recording"),
    (MediaKind.AUDIO, "Sound recording"),
    (MediaKind.DOCUMENT, "Document"),
    (TimescaleExceptionReason.ABSENT_FROM_AREA, "Child or young person away from the LA area for at least 4 weeks"),
]

#: Wording for people, keyed by (code list, value): values repeat across lists (``OTH``, ``other``).
LABELS: dict[tuple[type[StrEnum], str], str] = {(type(code), code.value): text for code, text in _LABEL_LIST}


def label(code: StrEnum) -> str:
    """Return the wording people read for ``code`` (its value if it has none)."""
    return LABELS.get((type(code), code.value), str(code.value))


def describe(codes: type[StrEnum]) -> str:
    """Return "value = label; ..." for every member of a code list, for field descriptions."""
    return "; ".join(f"{member.value} = {label(member)}" for member in codes)


class SectionLetter(StrEnum):
    """The statutory sections, each separately identified by its letter (Regs 12(1))."""

    A = "A"
    A1 = "A1"
    A2 = "A2"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"
    G = "G"
    H1 = "H1"
    H2 = "H2"
    I = "I"
    J = "J"
    K = "K"
    PERSONAL_DETAILS = "personal_details"
    OTHER = "other"
