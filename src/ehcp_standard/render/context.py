"""Turns a ``Plan`` into the context the template is filled with.

Every string in the context is ``markupsafe.Markup`` made by ``text.xml_text`` (escaped once, ready for a run's
text), and every free text is a list of ``text.Paragraph``. Nothing else in the package builds template values.
The context has one key per part of the template: ``header``, ``cover``, ``person``, ``contacts``, ``services``,
``a1``, ``a2``, ``areas``, ``health``, ``social_care``, ``targets``, ``placement``, ``budget``, ``advice``,
``sign_off``, ``record`` and ``appendix``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._wording import DATA_STANDARD_PREFIX
from ..model.codes import PlanStatus
from ..model.la_codes import la_name
from ..model.personal import Contact, PersonalDetails
from ..model.plan import Plan
from .context_needs import needs_contexts
from .context_sections import (
    advice_context,
    appendix_context,
    budget_context,
    placement_context,
    record_context,
    sign_off_context,
)
from .fields import authority_text, code_text, date_text, field_list, yes_no_if
from .logo import Logo
from .text import paragraphs, xml_text, yes_no

#: The status marking in the running header (none for a final or amended final plan).
STATUS_MARKINGS = {
    PlanStatus.DRAFT: "DRAFT PLAN",
    PlanStatus.PROPOSED_AMENDMENT: "PROPOSED AMENDMENTS",
    PlanStatus.CEASED: "CEASED PLAN",
}
#: The status banner on the cover.
STATUS_BANNERS = {
    PlanStatus.DRAFT: "DRAFT PLAN – for comment; not yet final",
    PlanStatus.FINAL: "Final plan",
    PlanStatus.PROPOSED_AMENDMENT: "Proposed amendments to the plan",
    PlanStatus.AMENDED_FINAL: "Amended final plan",
    PlanStatus.CEASED: "This plan has ceased",
}


@dataclass(frozen=True)
class RenderOptions:
    """Presentation options that never change the document's structure: the council's name as it should appear
    (default: the DfE name of the plan's local authority) and its logo (default: none)."""

    la_name: str | None = None
    logo: Logo | None = None


#: No council name or logo given: the DfE name of the plan's authority, and no logo.
DEFAULT_OPTIONS = RenderOptions()


def plan_context(plan: Plan, options: RenderOptions = DEFAULT_OPTIONS) -> dict[str, Any]:
    """Return the whole template context for ``plan``."""
    record = record_context(plan)
    return {
        "header": header_context(plan, options),
        "cover": cover_context(plan, options),
        "person": person_context(plan.personal_details),
        "contacts": contacts_context(plan),
        "services": services_context(plan),
        **section_a_context(plan),
        **needs_contexts(plan),
        "targets": paragraphs(plan.shorter_term_targets),
        "placement": placement_context(plan),
        "budget": budget_context(plan),
        "advice": advice_context(plan),
        "sign_off": sign_off_context(plan),
        "record": record,
        "appendix": appendix_context(plan, record),
    }


def full_name(details: PersonalDetails) -> str:
    """Return the child's or young person's name: forename, middle names, surname."""
    name = details.name
    return " ".join(part for part in (name.forename, name.middle_names, name.surname) if part)


def display_la_name(plan: Plan, options: RenderOptions) -> str:
    """Return the council's name as the header shows it."""
    return options.la_name or la_name(plan.metadata.la_code) or plan.metadata.la_code


def header_context(plan: Plan, options: RenderOptions) -> dict[str, Any]:
    """The running header and footer: name, date of birth, council, logo size, markings, reference, version."""
    status = plan.metadata.status
    cx, cy = options.logo.extent() if options.logo else (1, 1)
    return {
        "child_name": xml_text(full_name(plan.personal_details)),
        "date_of_birth": xml_text(date_text(plan.personal_details.date_of_birth)),
        "la_name": xml_text(display_la_name(plan, options)),
        "marking": xml_text(STATUS_MARKINGS.get(status)),
        "draft": status is PlanStatus.DRAFT,
        "logo": {"cx": cx, "cy": cy},
        "reference": xml_text(plan.metadata.plan_reference),
        "version": xml_text(plan.metadata.version),
    }


def cover_context(plan: Plan, options: RenderOptions) -> dict[str, Any]:
    """The cover: title name, status banner and the plan details table."""
    meta, dates = plan.metadata, plan.metadata.dates
    local_authority = authority_text(meta.la_code)
    if options.la_name:
        local_authority = f"{options.la_name} (DfE code {meta.la_code})"
    values = {
        "child_name": full_name(plan.personal_details),
        "banner": STATUS_BANNERS[meta.status],
        "local_authority": local_authority,
        "reference": meta.plan_reference,
        "status": code_text(meta.status),
        "version": meta.version,
        "cease_reason": code_text(meta.cease_reason),
        "primary_need": code_text(meta.primary_need, with_code=True),
        "secondary_needs": "; ".join(code_text(code, with_code=True) for code in meta.secondary_needs),
        "data_standard": f"{DATA_STANDARD_PREFIX}{plan.schema_version}",
    }
    for key in ("first_issued", "draft_issued", "final_issued", "version_issued", "request_received",
                "decision_to_assess", "last_review", "next_review_due", "cease_date"):
        values[key] = date_text(getattr(dates, key))
    context: dict[str, Any] = {key: xml_text(value) for key, value in values.items()}
    context["draft"] = meta.status is PlanStatus.DRAFT
    return context


def person_context(details: PersonalDetails) -> dict[str, Any]:
    """Personal details, with identifiers and local identifiers."""
    name, ids = details.name, details.identifiers
    values = {
        "forename": name.forename, "middle_names": name.middle_names, "surname": name.surname,
        "preferred_name": details.preferred_name, "date_of_birth": date_text(details.date_of_birth),
        "sex": details.sex, "ethnicity": details.ethnicity, "first_language": details.first_language,
        "parent_first_language": details.parent_first_language, "upn": ids.upn, "uln": ids.uln,
        "upn_unknown_reason": ids.upn_unknown_reason,
    }
    context: dict[str, Any] = {key: xml_text(value) for key, value in values.items()}
    context["local_identifiers"] = field_list([(local.system, local.value) for local in ids.local])
    return context


CONTACT_KEYS = ("name", "relationship", "email", "telephone", "line_1", "line_2", "town", "county", "postcode")


def contact_context(contact: Contact | None) -> dict[str, Any]:
    """One contact's name, relationship, email, telephone and home address lines."""
    values = dict.fromkeys(CONTACT_KEYS)
    if contact is not None:
        values.update(name=contact.name, relationship=contact.relationship, email=contact.email,
                      telephone=contact.telephone)
        if contact.address is not None:
            values.update(contact.address.model_dump(include=set(CONTACT_KEYS)))
    return {key: xml_text(value) for key, value in values.items()}


def contacts_context(plan: Plan) -> dict[str, Any]:
    """Main contact details: the main contact and parent or carer 2."""
    contacts = plan.main_contacts
    return {
        "main": contact_context(contacts.main_contact if contacts else None),
        "second": contact_context(contacts.parent_or_carer_2 if contacts else None),
        "independently": yes_no(contacts.young_person_applying_independently) if contacts else xml_text(None),
    }


def _professional(professional: Any) -> list[tuple[str, Any]]:
    if professional is None:
        return []
    return [("Name", professional.name), ("Role", professional.role), ("Organisation", professional.organisation),
            ("Telephone", professional.telephone), ("Email", professional.email)]


def services_context(plan: Plan) -> dict[str, Any]:
    """Services currently involved: setting and its identifier, GP, health, social care, looked after…"""
    s = plan.services
    setting = s.education_setting if s else None
    ids = [("URN", setting.urn), ("UKPRN", setting.ukprn),
           ("SEN setting (SEN2)", code_text(setting.sen_setting, with_code=True))] if setting else []
    others = [field_list(_professional(professional)) for professional in (s.other_professionals if s else ())]
    flags = ("known_to_social_care", "looked_after", "previously_looked_after", "one_page_profile_appended",
             "moving_from_another_la")
    flag = {key: xml_text(yes_no_if(getattr(s, key))) if s else xml_text(None) for key in flags}
    return {
        "setting": xml_text(setting.name if setting else None),
        "setting_ids": field_list(ids),
        "gp": xml_text(s.gp if s else None),
        "key_health_professional": field_list(_professional(s.key_health_professional if s else None)),
        "nhs_number": xml_text(s.nhs_number if s else None),
        "other_professionals": others,
        "known_to_social_care": flag["known_to_social_care"],
        "looked_after": flag["looked_after"],
        "previously_looked_after": flag["previously_looked_after"],
        "one_page_profile": flag["one_page_profile_appended"],
        "moving": flag["moving_from_another_la"],
        "previous_la": xml_text(authority_text(s.previous_la if s else None)),
    }


def section_a_context(plan: Plan) -> dict[str, Any]:
    """A1 and A2."""
    a = plan.section_a
    a1, a2 = (a.a1, a.a2) if a else (None, None)
    text = {key: paragraphs(getattr(a2, key) if a2 else None) for key in
            ("views", "views_gathered", "interests", "strengths", "aspirations", "parent_aspirations")}
    media = [field_list(_media(item)) for item in (a2.media if a2 else ())]
    return {
        "a1": {"history": paragraphs(a1.history if a1 else None),
               "communication": paragraphs(a1.communication if a1 else None)},
        "a2": {
            **text,
            "views_given_by": xml_text(a2.views_given_by if a2 else None),
            "views_on_behalf": xml_text(yes_no_if(a2.views_on_behalf) if a2 else None),
            "media": media,
        },
    }


def _media(item: Any) -> list[tuple[str, Any]]:
    length = f"{item.duration_seconds} seconds" if item.duration_seconds is not None else None
    return [("Kind", code_text(item.kind)), ("Title", item.title), ("Where it is kept", item.reference),
            ("Length", length)]
