"""Council layout profiles: declarative YAML files that tell the converter how one layout labels things.

A profile names the heading aliases of each target section and sub-section, the area-of-need names, table
column names, "Part N" mappings, date formats, identifier labels, the labels of the details a plan states as
"label | value" rows (``labels``: the child's details, services, metadata, contacts, section I, the sign-off,
SEN type words, kinds of advice, plan status words and the patterns of labels with free wording), no-needs
statements and page-furniture patterns. The built-in ``generic`` profile handles unseen layouts; a council
profile says ``extends: generic`` and lists only its differences (lists are added to the parent's, the child's
entries first; scalars replace the parent's; the key paths listed under ``replace`` start afresh)::

    from ehcp_standard.convert.profile import detect_profile, detection_profiles, load_profile

    profile = load_profile("per_area_tables")          # a built-in name, or a path to my-council.yaml
    profile, score, evidence = detect_profile(document)  # the best built-in profile for a BlockDocument
    profile, score, evidence = detect_profile(document, detection_profiles(["council-profiles/"]))  # or a council's

A profile for a case-management export (.csv, .xlsx) adds a ``tabular`` key: the **column map**. It names, per
field, the header texts a column may carry (matched case-insensitively with punctuation ignored, near misses
fuzzily), the codes of the section and area columns, the plan statuses, the column(s) that group rows into plans
and the workbook sheet to read. The built-in ``case_management_export`` profile holds the defaults; a council's
export profile says ``extends: case_management_export`` and lists only what differs::

    tabular:
      columns:                           # field: [header texts]; a header no field names is carried over
        plan_reference: [plan_ref, EHCP ref]
        date_of_birth: [dob, Date of birth]
        need: [need, Identified need]
      area_codes: {C&I: communication_and_interaction, Health: health, Social care: social_care}
      sections: {F: F, SEP: F, G: G, H1: H1, H2: H2}
      statuses: {Final: final, Draft: draft}
      group_by: [plan_reference, upn]    # the first of these columns the header has groups rows into plans
      sheet: [Provision]                 # the sheet of a workbook to read (else the first)

Dates in an export's text cells are read with the profile's ``date_formats``. :func:`builtin_profiles` returns
the Word layout profiles (those without a ``tabular`` key); ``builtin_profiles(tabular=True)`` the export ones.

A bad profile raises :class:`ProfileError` naming the file, the key path, what was expected and what was found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from ..errors import EhcpError
from ..model.codes import AdviceType, PlanStatus
from .blocks import BlockDocument, Heading, Paragraph, Table

#: The folder of the built-in profiles.
PROFILE_DIR = Path(__file__).parent / "profiles"

#: The four national areas of need (SEND Code of Practice 6.28–6.35), as the keys profiles use.
AREAS = (
    "communication_and_interaction",
    "cognition_and_learning",
    "social_emotional_mental_health",
    "sensory_and_physical",
)

#: The tables an export's area code may name: the four areas, and the health and social care tables.
TableArea = Literal["communication_and_interaction", "cognition_and_learning", "social_emotional_mental_health",
                    "sensory_and_physical", "health", "social_care"]
#: The provision sections an export's section code may name.
ProvisionSection = Literal["F", "G", "H1", "H2"]

_TARGET = re.compile(r"^(?:(?:A1|A2|H1|H2|[A-K])(?:\.[a-z_]+)?|personal_details|contacts|services|cover)$")


class ProfileError(EhcpError):
    """A profile cannot be found, parsed or validated. ``source`` names the file."""

    def __init__(self, message: str, *, source: str):
        super().__init__(f"{source}: {message}")
        self.source = source


def _target(value: str) -> str:
    if not _TARGET.match(value):
        raise ValueError(
            f"expected a target such as 'B', 'H1', 'A2', 'B.needs' or 'personal_details', got {value!r}"
        )
    return value


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as error:
        raise ValueError(f"expected a regular expression, got {value!r} ({error})") from error
    return value


Target = Annotated[str, AfterValidator(_target)]
Pattern = Annotated[str, AfterValidator(_regex)]
Labels = list[str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Detection(_Strict):
    """How to recognise the layout: distinctive labels, and the share of them that must be found."""

    signatures: Labels = []
    min_score: float = Field(0.4, ge=0, le=1)


class ExtraArea(_Strict):
    """An area of need with no national equivalent (e.g. "Self-care and independence"): its labels, the national
    area its content is mapped to, whether it is preparing-for-adulthood content, and the warning to raise."""

    labels: Labels
    maps_to: str
    preparing_for_adulthood: bool = False
    warning: str = ""


class LocalIdentifier(_Strict):
    """A label for a case-management system id, kept as ``{system, value}`` and never coerced into a UPN."""

    label: str
    system: str


class Identifiers(_Strict):
    """Labels of identifiers on the cover or personal-details tables."""

    upn: Labels = []
    uln: Labels = []
    nhs_number: Labels = []
    local: list[LocalIdentifier] = []


class Columns(_Strict):
    """Table column names, per kind of column."""

    need: Labels = []
    outcome: Labels = []
    provision: Labels = []
    who: Labels = []
    frequency: Labels = []
    which_need: Labels = []
    strengths: Labels = []
    reference: Labels = []
    area: Labels = []
    ratio: Labels = []
    duration: Labels = []
    advice: Labels = []
    author: Labels = []
    date: Labels = []


class TabularColumns(_Strict):
    """The header texts of each column a case-management export may hold, per field of the plan it fills."""

    plan_reference: Labels = []
    la_code: Labels = []
    status: Labels = []
    version: Labels = []
    upn: Labels = []
    uln: Labels = []
    nhs_number: Labels = []
    forename: Labels = []
    middle_names: Labels = []
    surname: Labels = []
    date_of_birth: Labels = []
    section: Labels = []
    area: Labels = []
    need_reference: Labels = []
    need: Labels = []
    outcome: Labels = []
    provision: Labels = []
    who: Labels = []
    ratio: Labels = []
    frequency: Labels = []
    duration: Labels = []
    start: Labels = []
    review_due: Labels = []
    first_issued: Labels = []
    last_review: Labels = []


class _FieldLabels(_Strict):
    """A table of labels by field: a label (as matched) may name one field only."""

    def model_post_init(self, context: Any, /) -> None:
        seen: dict[str, str] = {}
        for name, labels in self.model_dump().items():
            for label in labels:
                first = seen.setdefault(label_key(label), name)
                if first != name:
                    raise ValueError(f"expected each label under one field, got {label!r} under both {first} and "
                                     f"{name} (to move a label the parent profile has, name its list under "
                                     "'replace': see docs/converting.md)")


class PersonLabels(_FieldLabels):
    """Labels of the child's own details (in the personal details and on the cover) and of a contact's (in the
    contacts), by field."""

    name: Labels = []
    forename: Labels = []
    other_names: Labels = []
    middle_names: Labels = []
    surname: Labels = []
    preferred_name: Labels = []
    date_of_birth: Labels = []
    sex: Labels = []
    ethnicity: Labels = []
    first_language: Labels = []
    parent_first_language: Labels = []
    address: Labels = []
    relationship: Labels = []
    email: Labels = []
    telephone: Labels = []


class ServiceLabels(_FieldLabels):
    """Labels of the services currently involved, by field."""

    education_setting: Labels = []
    urn: Labels = []
    ukprn: Labels = []
    gp: Labels = []
    key_health_professional: Labels = []
    known_to_social_care: Labels = []
    looked_after: Labels = []
    previously_looked_after: Labels = []
    one_page_profile_appended: Labels = []
    moving_from_another_la: Labels = []
    previous_la: Labels = []
    professionals: Labels = []
    placement_named: Labels = []
    move_in_date: Labels = []


class MetadataLabels(_FieldLabels):
    """Labels of the plan's metadata, by field. ``plan_date`` is the date of this plan: the final, amended or draft
    issue date according to its status."""

    plan_reference: Labels = []
    status: Labels = []
    version: Labels = []
    plan_date: Labels = []
    first_issued: Labels = []
    next_review_due: Labels = []
    last_review: Labels = []
    request_received: Labels = []
    draft_issued: Labels = []
    primary_need: Labels = []
    la_code: Labels = []


class PlacementLabels(_FieldLabels):
    """Labels of section I (the setting named), by field."""

    name: Labels = []
    name_type: Labels = []
    type: Labels = []
    urn: Labels = []
    ukprn: Labels = []


class SenTypes(_Strict):
    """Words of a "Primary need" value that name an SEN2 type unambiguously, by type code."""

    ASD: Labels = []
    SPLD: Labels = []
    MLD: Labels = []
    SLD: Labels = []
    PMLD: Labels = []
    SEMH: Labels = []
    SLCN: Labels = []
    HI: Labels = []
    VI: Labels = []
    MSI: Labels = []
    PD: Labels = []
    DS: Labels = []
    OTH: Labels = []


class AdviceKinds(_Strict):
    """Regular expressions searched for in the folded wording of a section K row, by the kind of advice (Regs 6(1))
    they mean. The kinds are tried in this order; the first that matches wins, else the kind is ``other``."""

    educational_psychologist: list[Pattern] = []
    preparing_for_adulthood: list[Pattern] = []
    social_care: list[Pattern] = []
    parent_or_young_person: list[Pattern] = []
    medical: list[Pattern] = []
    educational: list[Pattern] = []


class StatusWords(_Strict):
    """Words and phrases of a plan status value ("Plan status: Final", a title's "(Draft)"), by the status
    they mean (the plan's ``metadata.status``). Each is matched as whole words in the value folded by
    :func:`normalise` ("issued" in "Issued 2024", not in "reissued"); the statuses are tried in this order and
    the first whose words the value holds wins, so "Proposed amendment" is ``proposed_amendment`` and "Amended
    final" ``amended_final``. A value over 40 characters names no status. The same words read a cover line of
    status words alone ("DRAFT EHC PLAN") and a page header or footer's marking (status words in brackets, or a
    bare word of ``draft``)."""

    draft: Labels = []
    proposed_amendment: Labels = []
    amended_final: Labels = []
    ceased: Labels = []
    final: Labels = []


def _detail_field(value: str) -> str:
    if value not in _DETAIL_FIELDS:
        raise ValueError("expected a field of labels.personal_details, labels.services or labels.metadata "
                         f"(such as first_language or gp), or contact, got {value!r}")
    return value


DetailField = Annotated[str, AfterValidator(_detail_field)]


class DetailLabels(_Strict):
    """The labels of the details a plan states as "label | value" rows or "Label: value" paragraphs: the child's
    (``personal_details``), the services involved, the plan's metadata and section I's (``placement``), by field;
    the labels that open a contact (``contacts``) and a sign-off (``sign_off``); relationship words; the words of
    each SEN type; how section K's wording and reference tags name the kind of advice; the words of each plan
    status (``statuses``); and, for labels that carry names or free wording ("Relationship to Ada"), regular
    expressions by field (``label_patterns``: searched for in the folded label when no label matched it, in
    the mapping's order, the first that matches wins; ``contact`` means the label opens a contact)."""

    personal_details: PersonLabels = PersonLabels()
    services: ServiceLabels = ServiceLabels()
    metadata: MetadataLabels = MetadataLabels()
    contacts: Labels = []
    placement: PlacementLabels = PlacementLabels()
    sign_off: Labels = []
    relationships: Labels = []
    sen_types: SenTypes = SenTypes()
    advice_kinds: AdviceKinds = AdviceKinds()
    advice_tags: dict[str, AdviceType] = {}
    statuses: StatusWords = StatusWords()
    label_patterns: dict[DetailField, list[Pattern]] = {}


#: The fields ``labels.label_patterns`` may name: those of the child's details, the services and the metadata,
#: and ``contact`` (the label opens a contact).
_DETAIL_FIELDS = frozenset({*PersonLabels.model_fields, *ServiceLabels.model_fields,
                            *MetadataLabels.model_fields, "contact"})


def label_key(text: str) -> str:
    """Return ``text`` folded as the details' labels are matched: :func:`normalise` (case, "&", dashes, spaces, end
    punctuation), then a trailing "?" or ":" removed."""
    return normalise(text).rstrip(" ?:.").strip()


def _column_field(value: str) -> str:
    if value not in TabularColumns.model_fields:
        raise ValueError(f"expected a field of tabular.columns such as plan_reference or upn, got {value!r}")
    return value


class Tabular(_Strict):
    """The column map of a case-management export: which column holds what (``columns``), the codes of its area
    and section columns (code → table, code → provision section), its plan statuses, the columns that group rows
    into plans (the first the header has) and the sheet of a workbook to read (the first of ``sheet`` found, else
    the first sheet)."""

    columns: TabularColumns = TabularColumns()
    area_codes: dict[str, TableArea] = {}
    sections: dict[str, ProvisionSection] = {}
    statuses: dict[str, PlanStatus] = {}
    group_by: list[Annotated[str, AfterValidator(_column_field)]] = ["plan_reference"]
    sheet: Labels = []


class Profile(_Strict):
    """One council layout (or the generic one), after inheritance has been resolved. ``tabular`` is the column map
    of a case-management export (``None`` for a Word layout)."""

    name: str
    description: str
    extends: str | None = None
    detection: Detection = Detection()
    headings: dict[Target, Labels] = {}
    areas: dict[str, Labels] = {}
    extra_areas: dict[str, ExtraArea] = {}
    columns: Columns = Columns()
    parts: dict[str, list[Target]] = {}
    date_formats: list[str] = []
    identifiers: Identifiers = Identifiers()
    labels: DetailLabels = DetailLabels()
    no_needs: Labels = []
    furniture: list[Pattern] = []
    fuzzy_threshold: int = Field(90, ge=50, le=100)
    tabular: Tabular | None = None
    source: str = ""

    def model_post_init(self, context: Any, /) -> None:
        unknown = sorted(set(self.areas) - set(AREAS))
        if unknown:
            raise ValueError(f"areas: expected only {', '.join(AREAS)}; got {', '.join(unknown)}")
        for key, extra in self.extra_areas.items():
            if extra.maps_to not in AREAS:
                raise ValueError(
                    f"extra_areas.{key}.maps_to: expected one of {', '.join(AREAS)}, got {extra.maps_to!r}"
                )


def builtin_profiles(*, tabular: bool = False) -> dict[str, Profile]:
    """Return the built-in Word layout profiles by name, ``generic`` first; with ``tabular=True``, the built-in
    profiles of case-management exports instead (those with a ``tabular`` column map), by name."""
    paths = sorted(PROFILE_DIR.glob("*.yaml"))
    names = sorted(path.stem for path in paths)
    names.sort(key=lambda name: name != "generic")
    signature = _signature(paths)     # one look at the folder serves every built-in name
    profiles = {name: _cached(name, signature) for name in names}
    return {name: profile for name, profile in profiles.items() if (profile.tabular is not None) == tabular}


def load_profile(name_or_path: str | Path) -> Profile:
    """Return the profile named by a built-in name (``"generic"``) or a path to a YAML file, with its ``extends``
    chain resolved. Raises :class:`ProfileError` for a missing file, bad YAML or a value of the wrong shape.

    Profiles are immutable, so a loaded one is kept and handed out again until one of the files it was read from
    (or the built-in folder) changes: detection on every document of a batch does not re-read YAML."""
    return _cached(str(name_or_path), _files_signature(name_or_path))


_LOADED: dict[tuple, Profile] = {}


def _cached(name_or_path: str, signature: tuple) -> Profile:
    """The profile loaded from ``name_or_path`` while its files have ``signature``, loading it the first time."""
    key = (name_or_path, signature)
    profile = _LOADED.get(key)
    if profile is None:
        profile = _LOADED[key] = _load(name_or_path, ())
    return profile


def _files_signature(name_or_path: str | Path) -> tuple:
    """Modification times and sizes of the built-in profiles and of the named file: a profile cache key."""
    paths = sorted(PROFILE_DIR.glob("*.yaml"))
    path = Path(name_or_path)
    if path.suffix in {".yaml", ".yml"} or path.parent != Path("."):
        paths.append(path)
    return _signature(paths)


def _signature(paths: list[Path]) -> tuple:
    """Each file's path, modification time and size; ``(None,)`` when one is missing (never cached)."""
    signature = []
    for each in paths:
        try:
            stat = each.stat()
        except OSError:
            return (None,)    # not cached: _load reports the missing file
        signature.append((str(each), stat.st_mtime_ns, stat.st_size))
    return tuple(signature)


def _load(name_or_path: str, seen: tuple[str, ...]) -> Profile:
    path = _resolve(name_or_path)
    if str(path) in seen:
        raise ProfileError(f"extends: a cycle of profiles ({' → '.join(seen + (str(path),))})", source=str(path))
    raw = _read_yaml(path)
    parent = raw.get("extends")
    replace = _replace_paths(raw.pop("replace", []), parent, path)
    if parent is not None:
        if not isinstance(parent, str):
            raise ProfileError(f"extends: expected a profile name or path, got {parent!r}", source=str(path))
        base = _load(_beside(parent, path), seen + (str(path),))
        inherited = base.model_dump(exclude={"source", "extends", "name", "description", "detection"})
        for key_path in replace:
            _drop(inherited, key_path.split("."), key_path, parent, path)
        raw = _merge(inherited, raw)
    return _validate(raw, path)


def _replace_paths(replace: Any, parent: Any, path: Path) -> list[str]:
    """The key paths of a profile's ``replace`` list: parent values the child's replace instead of adding to."""
    if not isinstance(replace, list) or not all(isinstance(each, str) for each in replace):
        raise ProfileError(f"replace: expected a list of key paths such as labels.personal_details.forename, "
                           f"got {replace!r}", source=str(path))
    if replace and parent is None:
        raise ProfileError("replace: expected only in a profile that extends another (there is nothing to replace), "
                           f"got {replace!r}", source=str(path))
    return replace


def _drop(inherited: dict, parts: list[str], key_path: str, parent: str, path: Path) -> None:
    """Remove the value at ``parts`` (a dotted key path; a key may itself hold dots, as ``A.history`` does) from
    the parent's values, so that the child's value, or none, takes its place."""
    for end in range(len(parts), 0, -1):
        key = ".".join(parts[:end])
        if key not in inherited:
            continue
        if end == len(parts) and isinstance(inherited[key], (list, dict)):
            del inherited[key]
            return
        if isinstance(inherited[key], dict):
            _drop(inherited[key], parts[end:], key_path, parent, path)
            return
    raise ProfileError(f"replace: expected the key path of a list or mapping the parent profile {parent} has "
                       f"(such as labels.personal_details.forename or headings.F), got {key_path!r}", source=str(path))


def _resolve(name_or_path: str) -> Path:
    path = Path(name_or_path)
    if path.suffix in {".yaml", ".yml"} or path.parent != Path("."):
        if not path.is_file():
            raise ProfileError("no such profile file", source=name_or_path)
        return path
    builtin = PROFILE_DIR / f"{name_or_path}.yaml"
    if not builtin.is_file():
        known = ", ".join(
            sorted((p.stem for p in PROFILE_DIR.glob("*.yaml")), key=lambda stem: (stem != "generic", stem))
        )
        raise ProfileError(f"no built-in profile of that name; expected one of {known} or a .yaml path",
                           source=name_or_path)
    return builtin


def _beside(parent: str, child: Path) -> str:
    """A relative ``extends`` path is taken relative to the child's folder; a bare name is a built-in."""
    if parent.endswith((".yaml", ".yml")) and not Path(parent).is_absolute():
        return str(child.parent / parent)
    return parent


def _read_yaml(path: Path) -> dict:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ProfileError(f"cannot be read ({error})", source=str(path)) from error
    except yaml.YAMLError as error:
        raise ProfileError(f"is not valid YAML ({error})", source=str(path)) from error
    if not isinstance(raw, dict):
        raise ProfileError(f"expected a mapping of profile keys, got {type(raw).__name__}", source=str(path))
    return raw


def _merge(base: Any, child: Any) -> Any:
    """Merge a child profile over its parent: mappings key by key, lists child-first without duplicates."""
    if isinstance(base, dict) and isinstance(child, dict):
        merged = dict(base)
        for key, value in child.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(child, list):
        return child + [item for item in base if item not in child]
    return child


def _validate(raw: dict, path: Path) -> Profile:
    try:
        return Profile.model_validate({**raw, "source": str(path)})
    except ValidationError as error:
        raise ProfileError(_describe(error), source=str(path)) from error


def _describe(error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"]) or "(top level)"
        got = problem.get("input")
        if problem["type"] == "extra_forbidden":
            reference = "case_management_export.yaml" if where.startswith("tabular.") else "generic.yaml"
            lines.append(f"{where}: unknown key (check its spelling against {reference})")
        elif isinstance(got, dict):      # a whole mapping: the message says what is wrong in it
            lines.append(f"{where}: {problem['msg']}")
        else:
            lines.append(f"{where}: {problem['msg']}; got {got!r}")
    return "; ".join(lines)


# --- detection -------------------------------------------------------------------------------------------------


@lru_cache(maxsize=65_536)
def normalise(text: str) -> str:
    """Fold a label for comparison: NFKC, casefold, curly quotes straightened, "&" → "and", dashes unified,
    punctuation at the ends and repeated spaces removed. (Memoised: labels repeat across a batch.)"""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("’", "'").replace("‘", "'").replace("&", " and ")
    text = re.sub(r"[–—‐]", "-", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(" :.-–\t")


def document_labels(document: BlockDocument) -> list[str]:
    """Return the short label-like texts of a document: headings, paragraphs under 120 characters, and the cells of
    table rows (depth first), plus the page furniture. Detection and suggestions look at these."""
    labels = []
    for block in list(document.iter_blocks()) + list(document.headers_footers):
        if isinstance(block, (Heading, Paragraph)) and 0 < len(block.text) <= 120:
            labels.append(block.text)
        elif isinstance(block, Table):
            labels.extend(cell.text for row in block.rows for cell in row.cells if 0 < len(cell.text) <= 120)
    return labels


def signature_score(profile: Profile, labels: list[str]) -> tuple[float, list[str]]:
    """Return the share of ``profile``'s signatures found in ``labels`` (contained, after :func:`normalise`) and
    the signatures found. A profile with no signatures scores 0."""
    signatures = profile.detection.signatures
    if not signatures:
        return 0.0, []
    folded = "\n".join(_normalised(labels))   # normalised text has no line breaks: no match spans two labels
    found = [s for s in signatures if normalise(s) in folded]
    return len(found) / len(signatures), found


def _normalised(labels: list[str]) -> list[str]:
    """Each label normalised, once per list however many profiles are scored against it."""
    cached = _NORMALISED.get(id(labels))
    if cached is None or cached[0] is not labels:
        _NORMALISED.clear()
        cached = _NORMALISED[id(labels)] = (labels, [normalise(label) for label in labels])
    return cached[1]


_NORMALISED: dict[int, tuple[list[str], list[str]]] = {}


def detection_profiles(council: Iterable[str | Path | Profile] = ()) -> dict[str, Profile]:
    """Return the profiles detection chooses among, by name: a council's own Word layout profiles first (each a
    loaded profile, a ``.yaml`` path, or a folder whose ``.yaml``/``.yml`` files are all read), then the built-in
    ones. A council profile named like a built-in one takes its place; export profiles (with a ``tabular`` key) are
    left out, as they describe no Word layout. Raises :class:`ProfileError` for a profile that cannot be loaded,
    or for two council profiles with one name."""
    own: dict[str, Profile] = {}
    for profile in _council_profiles(council):
        if profile.name in own:
            raise ProfileError(f"name: expected each council profile to have its own name, got {profile.name!r} "
                               f"again (also in {own[profile.name].source})", source=profile.source)
        if profile.tabular is None:
            own[profile.name] = profile
    return own | {name: profile for name, profile in builtin_profiles().items() if name not in own}


def _council_profiles(council: Iterable[str | Path | Profile]) -> Iterator[Profile]:
    for each in council:
        if isinstance(each, Profile):
            yield each
        elif Path(each).is_dir():
            yield from (load_profile(path) for path in sorted(Path(each).iterdir())
                        if path.suffix in {".yaml", ".yml"} and path.is_file())
        else:
            yield load_profile(each)


def detect_profile(
    document: BlockDocument, profiles: dict[str, Profile] | None = None
) -> tuple[Profile, float, list[str]]:
    """Return ``(profile, score, evidence)``: the profile of ``profiles`` (default: the built-in ones; see
    :func:`detection_profiles` to add a council's own) whose signatures best match ``document`` (the share found,
    0–1, and which were found); on a tie, the one listed first. Falls back to ``generic`` (score 0, no evidence)
    when no profile reaches its ``detection.min_score``."""
    profiles = profiles if profiles is not None else builtin_profiles()
    labels = document_labels(document)
    best: tuple[Profile, float, list[str]] | None = None
    for profile in profiles.values():
        score, found = signature_score(profile, labels)
        if score >= profile.detection.min_score and score > 0 and (best is None or score > best[1]):
            best = (profile, score, found)
    return best or (profiles.get("generic") or _generic(), 0.0, [])


@cache
def _generic() -> Profile:
    return load_profile("generic")
