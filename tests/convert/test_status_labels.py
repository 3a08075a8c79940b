"""The wording of a plan's status and of labels with free wording is the profile's (``labels.statuses``,
``labels.label_patterns``): a council adds its own, ``replace`` starts them afresh, a pattern that is not a
regular expression is refused, and the built-in wording reads exactly as the constants it replaced did."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ehcp_standard.convert import load_profile
from ehcp_standard.convert._labels import label_index
from ehcp_standard.convert.map_details import plan_status
from ehcp_standard.convert.profile import StatusWords, label_key, normalise
from ehcp_standard.model.codes import PlanStatus

from .docx_fixtures import p
from .test_map_details import heading, mapped, rows
from .test_profiles import error_of, write

# --- the oracle: the constants of _details_read.py before the wording moved into generic.yaml --------------

OLD_STATUS_WORDS = [
    (r"\bdraft\b", "draft"),
    (r"\bproposed\b|\bamendment notice\b", "proposed_amendment"),
    (r"\bamended\b|\bamendment\b", "amended_final"),
    (r"\bceased\b", "ceased"),
    (r"\bfinal\b", "final"),
]
OLD_LABEL_PATTERNS = [
    (r"^relationship to\b", "relationship"),
    (r"^home address\b", "address"),
    (r"^person with parental responsibility\b|^parent or carer [12]\b|^parent/carer [12]\b", "contact"),
    (r"^parent/?guardian\b", "contact"),
    (r"\bmoved into .+ with an existing ehcp\b|\bmoving to the area with an ehcp\b",
     "moving_from_another_la"),
    (r"^(is there (is )?a )?one page profile\b", "one_page_profile_appended"),
    (r"^gp\b", "gp"),
    (r"\bfirst language\b.*\b(parent|carer)|\b(parent|carer)\b.*\bfirst language\b", "parent_first_language"),
    (r"\b(first|home) language", "first_language"),
]


def old_plan_status(text: str) -> str | None:
    folded = normalise(text)
    if not folded or len(folded) > 40:
        return None
    return next((status for pattern, status in OLD_STATUS_WORDS if re.search(pattern, folded)), None)


def old_pattern_field(key: str) -> str | None:
    return next((name for pattern, name in OLD_LABEL_PATTERNS if re.search(pattern, key)), None)


def generic_details():
    return label_index(load_profile("generic")).details


STATUS_WORDINGS = [
    "Final", "FINAL", "final.", "Final ", "(Final)", "Draft", "DRAFT", "draft plan", "Draft EHC Plan",
    "Proposed", "Proposed amendment", "Proposed amendments", "Amendment notice", "Amendment Notice issued",
    "amendment  notice", "amendment\nnotice", "amendment\u00a0notice", "amendment-notice", "amendment–notice",
    "Amended", "Amended final", "Amended Final EHC Plan", "Final (amended)", "Final - amended", "Amendment",
    "Amendments", "Ceased", "Ceased – moved away", "Final - ceased", "Draft / Final", "Draft & Final",
    "Final, draft", "pre-draft", "draft-final", "Finalised", "Finally", "redrafted", "Non-final",
    "final_version", "final2", "2final", "finals", "Ｆｉｎａｌ", "ﬁnal", "Dräft", "draftée", "DRAFT—v2",
    "Draft\u200b", "", "   ", "-", "Choose an item", "Status", "Issued", "Interim", "Final" + " x" * 17,
    "Final" + " x" * 18, "Final" + "x" * 36, "x" * 35 + " final", "x" * 36 + " final", "   Final" + " " * 60,
    "Proposed final", "Ceased draft", "amended-proposed",
]
LABEL_KEYS = [
    "relationship to child", "relationship to the young person", "relationship to", "relationships to",
    "my relationship to", "relationship", "home address", "home address (if different)", "home addresses",
    "the home address", "person with parental responsibility", "person with parental responsibility 2",
    "parent or carer 1", "parent or carer 2", "parent or carer 3", "parent or carer 12", "parent or carer1",
    "parent/carer 1", "parent/carer 2 (father)", "parent/guardian", "parentguardian", "parent guardian",
    "parent/guardians", "moved into rutland with an existing ehcp", "moved into with an existing ehcp",
    "has the child moved into the area with an existing ehcp", "moving to the area with an ehcp",
    "moving to the area with an ehcp from a different la", "is there a one page profile",
    "is there is a one page profile received (append)", "one page profile", "one-page profile",
    "is there one page profile", "gp", "gp surgery", "gps", "g.p", "the gp", "gp and practice",
    "first language", "home language", "home languages spoken", "first languages",
    "first language of parent or carer", "parent or carer first language", "carer's first language",
    "parental first language", "first language (parent)", "first language parents",
    "parent first language or method of communication", "child first language", "first-language",
    "home-language", "language", "my first language is", "relationship to child first language",
    "gp first language", "home address parent or carer 1", "",
]


# --- the built-in wording reads as the constants did -----------------------------------------------------


@pytest.mark.parametrize("wording", STATUS_WORDINGS)
def test_the_built_in_status_words_read_a_wording_as_the_old_regular_expressions_did(wording):
    assert plan_status(wording) == old_plan_status(wording)
    assert plan_status(wording, load_profile("generic")) == old_plan_status(wording)


@pytest.mark.parametrize("key", LABEL_KEYS)
def test_the_built_in_label_patterns_read_a_label_as_the_old_regular_expressions_did(key):
    assert generic_details().pattern_field(key) == old_pattern_field(key)


STATUS_PIECES = ["draft", "final", "amended", "amendment", "amendments", "notice", "proposed", "ceased",
                 "ehc", "plan", "issued", "finalised", "re", "non", "x", "2", "_", "Ｆｉｎａｌ", "DRAFT",
                 "Amendment"]
SEPARATORS = [" ", "  ", "", "-", "–", "_", "/", "(", ")", ".", ",", "&", "\u00a0", "\n"]
LABEL_PIECES = ["relationship", "to", "home", "address", "person", "with", "parental", "responsibility",
                "parent", "or", "carer", "1", "2", "3", "parent/carer", "parent/guardian", "guardian",
                "moved", "into", "an", "existing", "ehcp", "moving", "the", "area", "is", "there", "a", "one",
                "page", "profile", "gp", "first", "language", "languages", "my", "child", "rutland"]


def wordings(pieces: list[str]):
    return st.lists(st.tuples(st.sampled_from(pieces), st.sampled_from(SEPARATORS)), max_size=8).map(
        lambda parts: "".join(piece + separator for piece, separator in parts))


@settings(max_examples=400, deadline=None)
@given(st.one_of(wordings(STATUS_PIECES), st.text(max_size=50)))
def test_any_status_wording_reads_as_the_old_regular_expressions_did(wording):
    assert plan_status(wording) == old_plan_status(wording)


@settings(max_examples=400, deadline=None)
@given(st.one_of(wordings(LABEL_PIECES), st.text(max_size=50)))
def test_any_label_reads_with_the_built_in_patterns_as_with_the_old_regular_expressions(text):
    key = label_key(text)
    assert generic_details().pattern_field(key) == old_pattern_field(key)


def test_the_statuses_are_the_five_of_the_model_tried_in_the_old_order():
    assert list(StatusWords.model_fields) == [status for _, status in OLD_STATUS_WORDS]
    assert set(StatusWords.model_fields) == {status.value for status in PlanStatus}
    assert list(load_profile("generic").labels.statuses.model_dump()) == list(StatusWords.model_fields)


def test_the_wording_is_compiled_once_per_profile_and_never_per_call(monkeypatch):
    details = generic_details()
    assert label_index(load_profile("generic")).details is details
    normalise("Amended Final (v3)")       # folding (memoised) is not what this test is about

    def compile_again(*args, **kwargs):
        raise AssertionError("a pattern was compiled while reading a wording")

    monkeypatch.setattr(re, "compile", compile_again)
    monkeypatch.setattr(re, "_compile", compile_again)      # what re.search(pattern_text, …) goes through
    assert details.plan_status("Amended Final (v3)") == "amended_final"
    assert details.pattern_field("relationship to zoë") == "relationship"


# --- a council's own wording -------------------------------------------------------------------------------

OURS = r"""name: ours
description: Our council's layout ("Issued", "Languages spoken at home by…", "Significant adult").
extends: generic
labels:
  statuses:
    final: [Issued]
    draft: [Interim]
  label_patterns:
    first_language: ['^languages? spoken at home\b']
    contact: ['^significant adult\b']
"""
OUR_PLAN = (
    heading("Ada Quill’s Education, Health and Care Plan (Issued)")
    + heading("Personal details") + rows(("Name", "Ada Quill"), ("Languages spoken at home by Ada", "Polish"))
    + p("Plan status: Issued")
    + heading("Contact details")
    + rows(("Parent or carer 1", "Mo Quill"), ("Significant adult: Gran", "Jo Quill"),
           ("Relationship", "Grandmother"))
)


@pytest.fixture
def ours(tmp_path):
    return str(write(tmp_path, OURS))


def test_a_status_word_a_council_adds_gives_the_plans_status(ours):
    draft = mapped(OUR_PLAN, profile=ours)
    assert draft.get("/metadata/status") == "final"
    assert mapped(OUR_PLAN).get("/metadata/status") is None


def test_a_label_pattern_a_council_adds_maps_a_label_with_free_wording(ours):
    draft, generic = mapped(OUR_PLAN, profile=ours), mapped(OUR_PLAN)
    assert draft.get("/personal_details/first_language") == "Polish"
    assert draft.get("/main_contacts") == {
        "main_contact": {"name": "Mo Quill"},
        "parent_or_carer_2": {"name": "Jo Quill", "relationship": "Grandmother"}}
    assert generic.get("/personal_details/first_language") is None
    assert generic.get("/main_contacts") == {
        "main_contact": {"name": "Mo Quill", "relationship": "Grandmother"}}


def test_a_councils_status_words_keep_the_order_of_the_statuses(ours):
    profile = load_profile(ours)
    assert profile.labels.statuses.final == ["Issued", "final"]
    wordings = ("Issued", "Interim", "Issued draft", "Amended (issued)", "Interim final", "Final", "Reissued")
    assert [plan_status(wording, profile) for wording in wordings] == [
        "final", "draft", "draft", "amended_final", "draft", "final", None]


def test_a_councils_label_patterns_come_first_in_their_field_and_the_fields_keep_their_order(ours):
    profile, generic = load_profile(ours), load_profile("generic")
    patterns = profile.labels.label_patterns
    assert list(patterns) == list(generic.labels.label_patterns)
    assert patterns["first_language"] == [r"^languages? spoken at home\b", r"\b(first|home) language"]
    details = label_index(profile).details
    assert details.pattern_field("languages spoken at home by parent or carer") == "first_language"
    assert details.pattern_field("parent or carer first language") == "parent_first_language"


def test_replace_starts_status_words_and_label_patterns_afresh(tmp_path):
    path = write(tmp_path, "name: x\ndescription: y\nextends: generic\n"
                           "replace: [labels.statuses.final, labels.label_patterns.gp]\n"
                           "labels:\n  statuses:\n    final: [Issued]\n")
    profile = load_profile(path)
    assert profile.labels.statuses.final == ["Issued"]
    assert (plan_status("Issued", profile), plan_status("Final", profile), plan_status("Draft", profile)) == (
        "final", None, "draft")
    assert "gp" not in profile.labels.label_patterns
    assert label_index(profile).details.pattern_field("gp surgery") is None
    path = write(tmp_path, "name: x\ndescription: y\nextends: generic\nreplace: [labels.label_patterns]\n"
                           "labels:\n  label_patterns:\n    address: ['^where .+ lives$']\n")
    details = label_index(load_profile(path)).details
    assert (details.pattern_field("where ada lives"), details.pattern_field("relationship to ada")) == (
        "address", None)


def refusal(tmp_path, labels: str) -> str:
    """The error of loading a council profile whose ``labels`` key holds ``labels`` (YAML, indented)."""
    return error_of(write(tmp_path, f"name: x\ndescription: y\nextends: generic\nlabels:\n{labels}"))


def test_a_label_pattern_that_is_not_a_regular_expression_is_refused_naming_the_file_and_key(tmp_path):
    assert refusal(tmp_path, "  label_patterns:\n    first_language: ['(home language']\n") == (
        f"{tmp_path / 'my-council.yaml'}: labels.label_patterns.first_language.0: Value error, expected a "
        "regular expression, got '(home language' (missing ), unterminated subpattern at position 0); "
        "got '(home language'")


def test_a_label_pattern_for_an_unknown_field_and_an_unknown_status_are_refused(tmp_path):
    message = refusal(tmp_path, "  label_patterns:\n    nickname: ['^known to friends as\\b']\n"
                                "  statuses:\n    interim: [Interim]\n")
    assert "labels.statuses.interim: unknown key (check its spelling against generic.yaml)" in message
    assert ("labels.label_patterns.nickname.[key]: Value error, expected a field of labels.personal_details, "
            "labels.services or labels.metadata (such as first_language or gp), or contact, got 'nickname'"
            ) in message


# --- a cover line of status words, and a marking in the page furniture --------------------------------------

OLD_COVER_LINE = r"(draft|final|amended|amended final|proposed)( ehc)?( plan)?"


def old_cover_status(text: str) -> str | None:
    """The cover line's status as it was read before the words came from the profile."""
    return old_plan_status(text) if re.fullmatch(OLD_COVER_LINE, label_key(text)) else None


@settings(max_examples=400, deadline=None)
@given(st.one_of(wordings(STATUS_PIECES), st.text(max_size=50)))
def test_every_cover_line_the_old_expression_read_reads_the_same(text):
    if old_cover_status(text) is not None:
        assert generic_details().cover_status(text) == old_cover_status(text)


@pytest.mark.parametrize(("line", "status"), [
    ("DRAFT EHC PLAN", "draft"), ("Final", "final"), ("Amended Final:", "amended_final"),
    ("Proposed", "proposed_amendment"),
    # read now, with every status word of the profile
    ("Ceased", "ceased"), ("Amendment notice", "proposed_amendment"), ("Proposed amendment", "proposed_amendment"),
    ("Final EHCP", "final"), ("Amended final EHCP", "amended_final"),
    # not a line of status words alone
    ("Final decision", None), ("Draft / Final", None), ("Plan", None), ("The final plan", None), ("Finalised", None),
    ("", None),
])
def test_a_cover_line_of_status_words_alone_gives_the_status(line, status):
    assert generic_details().cover_status(line) == status


@pytest.mark.parametrize(("marking", "status", "as_before"), [
    ("Newcastle City Council – Education, Health and Care Plan (Draft)", "draft", True),
    ("DRAFT", "draft", True), ("Ada Quill – EHCP (Amended Final) – page 3", "amended_final", True),
    ("(Final)", "final", True), ("(Proposed)", "proposed_amendment", True),
    ("Page 1 of 12", None, True), ("Draftsman and Co", None, True), ("Final version 3", None, True),
    # read now: any status wording of the profile in brackets, spaces inside them allowed
    ("Plan (Ceased)", "ceased", False), ("( Final )", "final", False),
    ("EHC Plan (Proposed amendment)", "proposed_amendment", False),
    ("EHC Plan (Amendment notice)", "proposed_amendment", False),
])
def test_a_marking_in_the_page_furniture_gives_the_status(marking, status, as_before):
    assert generic_details().marking_status(marking) == status
    old = re.search(r"\((draft|final|amended(?: final)?|proposed)\)|\bdraft\b", marking, re.IGNORECASE)
    assert ((plan_status(old.group(1) or old.group()) if old else None) == status) is as_before


NO_STATUS = heading("Personal details") + rows(("Name", "Ada Quill"))


def test_a_status_word_a_council_adds_reads_a_cover_line_and_a_header_marking(ours):
    assert mapped(p("INTERIM EHC PLAN") + NO_STATUS, profile=ours).get("/metadata/status") == "draft"
    assert mapped(p("Issued") + NO_STATUS, profile=ours).get("/metadata/status") == "final"
    assert mapped(p("INTERIM EHC PLAN") + NO_STATUS).get("/metadata/status") is None
    for header in ("Rutland County Council – EHC Plan (Issued)", "Interim", "(Interim) Ada Quill"):
        draft = mapped(NO_STATUS, headers=[p(header)], profile=ours)
        assert draft.get("/metadata/status") == ("final" if "Issued" in header else "draft"), header
        assert any("read from the page furniture" in note.message for note in draft.notes)
        assert mapped(NO_STATUS, headers=[p(header)]).get("/metadata/status") is None


def test_only_the_draft_words_mark_a_status_outside_brackets(ours):
    details = label_index(load_profile(ours)).details
    assert (details.marking_status("INTERIM COPY"), details.marking_status("Issued 3 March 2025")) == ("draft", None)
