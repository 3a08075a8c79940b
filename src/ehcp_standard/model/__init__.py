"""The typed model of the standardised EHC plan. It imports nothing from Word, templates or legacy formats."""

from .advice import AdviceEntry, SectionK
from .budget import BudgetItem, SectionJ
from .carried_over import CarriedOverItem, SourceLocation
from .codes import (
    AdviceType,
    AreaOfNeed,
    AttendancePattern,
    BudgetMechanism,
    BudgetPeriod,
    CeaseReason,
    FrequencyPeriod,
    MediaKind,
    PfaDomain,
    PlanStatus,
    ReviewOutcome,
    SectionLetter,
    SenSetting,
    SenType,
    TimescaleExceptionReason,
    label,
)
from .metadata import (
    CessationEvent,
    PlanDates,
    PlanMetadata,
    ReviewDecisionEvent,
    StatutoryEvent,
    TimescaleException,
    TransferEvent,
    VersionRecord,
)
from .needs import (
    NO_NEEDS_SENTENCE,
    AreaOfNeedTable,
    HealthSection,
    Need,
    SocialCareSection,
    SpecialEducationalNeeds,
)
from .outcomes import Outcome, TimeFrame
from .personal import (
    Address,
    Contact,
    EducationSetting,
    Identifiers,
    LocalIdentifier,
    MainContacts,
    PersonalDetails,
    PersonName,
    Professional,
    ServicesInvolved,
)
from .placement import Placement, SectionI
from .plan import CrossReferenceError, Plan
from .provision import CommissionerAgreement, Frequency, HealthProvision, Hours, Provision, StaffRatio
from .section_a import A1History, A2Views, MediaItem, SectionA
from .signoff import SignOff
from .version import SCHEMA_ID, SCHEMA_VERSION

__all__ = [
    "NO_NEEDS_SENTENCE", "SCHEMA_ID", "SCHEMA_VERSION",
    "A1History", "A2Views", "Address", "AdviceEntry", "AdviceType", "AreaOfNeed", "AreaOfNeedTable",
    "AttendancePattern", "BudgetItem", "BudgetMechanism", "BudgetPeriod", "CarriedOverItem", "CeaseReason",
    "CessationEvent", "CommissionerAgreement", "Contact", "CrossReferenceError", "EducationSetting", "Frequency",
    "FrequencyPeriod", "HealthProvision", "HealthSection", "Hours", "Identifiers", "LocalIdentifier", "MainContacts",
    "MediaItem", "MediaKind", "Need", "Outcome", "PersonName", "PersonalDetails", "PfaDomain", "Placement", "Plan",
    "PlanDates", "PlanMetadata", "PlanStatus", "Professional", "Provision", "ReviewDecisionEvent", "ReviewOutcome",
    "SectionA", "SectionI", "SectionJ", "SectionK", "SectionLetter", "SenSetting", "SenType", "ServicesInvolved",
    "SignOff", "SocialCareSection", "SourceLocation", "SpecialEducationalNeeds", "StaffRatio", "StatutoryEvent",
    "TimeFrame", "TimescaleException", "TimescaleExceptionReason", "TransferEvent", "VersionRecord", "label",
]
