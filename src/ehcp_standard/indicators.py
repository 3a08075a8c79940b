"""Key indicators of a caseload of plans, and a self-contained HTML report of them.

``compute_indicators(plans, as_of=...)`` returns an ``Indicators``; ``indicators_html`` draws it as one HTML page
with inline CSS and inline SVG bar charts (no scripts, no external resources). The report shows plan references,
never names. Each figure, and exactly how it is counted ([DESIGN] choices, stated so that a test or an analyst can
recount it independently):

- **By status**: every plan given, by ``metadata.status``. **By primary need**: the current caseload (every plan
  not ceased), by ``metadata.primary_need`` ("not recorded" where it is missing).
- **New plans finalised within 20 weeks** (Regs 13(2)): plans with both ``dates.request_received`` and
  ``dates.final_issued``, the final issued on or before ``as_of``; within means at most 140 days (20 weeks) after
  the request, as rule EHCP-T001 counts. Two rates, as DfE publishes them: *including exceptions* (every such
  plan) and *excluding exceptions* (only plans with no reg 10(4) exception recorded). Plans over 20 weeks with an
  exception recorded are counted separately.
- **Annual reviews on time** (CFA s.44): maintained plans (final, amended final, proposed amendment) whose first
  review has fallen due by ``as_of``, or that have had one. Counting from the final issue (``final_issued``, else
  ``first_issued``), each review meeting must fall within the 12 months starting with the one before (or, after a
  transfer in, within the 3 months starting with the transfer if later, as rule EHCP-R001 allows [UNVERIFIED]),
  and the next one must not be overdue on ``as_of``. A plan is on time when every review so far was.
- **Naming a mainstream setting**: maintained plans whose section I names at least one placement; mainstream when
  the placement's type says "mainstream", or names a general school or college ("primary school", "academy",
  "general further education college", ...) and nothing specialist ("special", "alternative provision", "pupil
  referral", ...). An SEN unit or resourced provision in a mainstream school counts as mainstream. A type that
  says neither, or only an SEN2 setting code, does not count (``is_mainstream``; see ``MAINSTREAM_TYPES``).
- **Provision fully quantified** (CoP 9.69): every provision entry (F, G, H1, H2) of the current caseload; fully
  quantified when its structured fields give how often (``frequency``) and how long (``duration_minutes`` or
  ``hours``), or when ``quantity.parse_quantity`` reads both from its description with nothing refused.
- **Compliance rules most often failed**: ``rules.check_plan`` on every plan, judged on ``as_of``; for each rule,
  the number of plans with at least one finding and the number of findings.
- **Deadlines in the next 30 days** (``as_of`` to ``as_of`` + 30 days, inclusive): the next review
  (``dates.next_review_due``) of a maintained plan; a review decision 4 weeks after a meeting with none recorded;
  an amended plan 8 weeks after proposed amendments with none issued; a draft's final plan 20 weeks after the
  request (unless an exception is recorded); and, after a transfer in, telling the family within 6 weeks whether
  the council will review or reassess [UNVERIFIED].
"""

from __future__ import annotations

import datetime as _dt
import html
import re
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from .model import Placement, Plan, PlanStatus, SenType
from .model.codes import SectionLetter, label
from .quantity import parse_quantity
from .rules import REGISTRY, check_plan
from .rules.facts import last_day_of_months_starting

FINAL_PLAN_DAYS = 140
REVIEW_DECISION_DAYS = 28
AMENDMENT_DAYS = 56
TRANSFER_DECISION_DAYS = 42
HORIZON_DAYS = 30
#: The fewest plans worth checking in several processes.
PARALLEL_FROM = 200
MAINTAINED = (PlanStatus.FINAL, PlanStatus.AMENDED_FINAL, PlanStatus.PROPOSED_AMENDMENT)
NOT_RECORDED = "not recorded"
#: Words in a placement type that mark a general (mainstream) school or college.
MAINSTREAM_TYPES = (
    "mainstream", "primary school", "secondary school", "infant school", "junior school", "middle school",
    "all-through school", "academy", "free school", "community school", "voluntary aided", "voluntary controlled",
    "foundation school", "grammar school", "sixth form", "general further education", "further education college",
    "fe college", "college of further education",
)
#: Words that mark a specialist setting, which is never counted as mainstream unless the type says "mainstream".
SPECIALIST_TYPES = (
    "special", "alternative provision", "pupil referral", "hospital school", "secure", "specialist",
    "non-maintained", "residential school",
)


@dataclass(frozen=True)
class Ratio:
    """A count out of a total; ``percent`` is ``None`` when the total is 0."""

    count: int
    total: int

    @property
    def percent(self) -> float | None:
        """Return the count as a percentage of the total, to one decimal place, or ``None`` for no total."""
        return round(100 * self.count / self.total, 1) if self.total else None

    def as_dict(self) -> dict[str, Any]:
        return {"count": self.count, "total": self.total, "percent": self.percent}


@dataclass(frozen=True)
class RuleCount:
    """How often one compliance rule failed: plans with a finding, and findings in all."""

    rule_id: str
    title: str
    severity: str
    plans: int
    findings: int


@dataclass(frozen=True)
class UpcomingDeadline:
    """A deadline of one plan that falls in the next 30 days."""

    plan_reference: str
    what: str
    due: _dt.date
    days_left: int
    unverified: bool = False


@dataclass(frozen=True)
class Indicators:
    """The indicators of a caseload on ``as_of`` (see the module docstring for how each is counted)."""

    as_of: _dt.date
    plans: int
    by_status: dict[str, int]
    by_primary_need: dict[str, int]
    within_20_weeks: Ratio
    within_20_weeks_excluding_exceptions: Ratio
    late_with_exception: int
    reviews_on_time: Ratio
    mainstream: Ratio
    no_placement: int
    quantified: Ratio
    quantified_by_section: dict[str, Ratio]
    rules_failed: tuple[RuleCount, ...]
    upcoming: tuple[UpcomingDeadline, ...]

    def as_dict(self) -> dict[str, Any]:
        """Return the indicators as JSON-ready data."""
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        for name in ("within_20_weeks", "within_20_weeks_excluding_exceptions", "reviews_on_time", "mainstream",
                     "quantified"):
            data[name] = getattr(self, name).as_dict()
        data["quantified_by_section"] = {k: v.as_dict() for k, v in self.quantified_by_section.items()}
        data["upcoming"] = [{**asdict(d), "due": d.due.isoformat()} for d in self.upcoming]
        return data


# -- counting ----------------------------------------------------------------------------------------------------


def _status_counts(plans: list[Plan]) -> dict[str, int]:
    counts = Counter(plan.metadata.status.value for plan in plans)
    return {status.value: counts[status.value] for status in PlanStatus}


def _need_counts(plans: list[Plan]) -> dict[str, int]:
    counts = Counter(p.metadata.primary_need.value if p.metadata.primary_need else NOT_RECORDED for p in plans)
    return {key: counts[key] for key in [*(need.value for need in SenType), NOT_RECORDED]}


def _timeliness(plans: list[Plan], as_of: _dt.date) -> tuple[Ratio, Ratio, int]:
    timed = [p for p in plans if p.metadata.dates.request_received and p.metadata.dates.final_issued
             and p.metadata.dates.final_issued <= as_of]
    within = [p for p in timed if (p.metadata.dates.final_issued - p.metadata.dates.request_received).days
              <= FINAL_PLAN_DAYS]
    plain = [p for p in timed if not p.metadata.timescale_exceptions]
    late_excused = sum(1 for p in timed if p not in within and p.metadata.timescale_exceptions)
    plain_within = sum(1 for p in within if not p.metadata.timescale_exceptions)
    return Ratio(len(within), len(timed)), Ratio(plain_within, len(plain)), late_excused


def review_deadline_after(plan: Plan, previous: _dt.date) -> _dt.date:
    """Return the last day the review after ``previous`` (an issue or a meeting) may be held: the last day of the 12
    months starting with it, or of the 3 months starting with a later transfer in if that is later [UNVERIFIED]."""
    deadline = last_day_of_months_starting(previous, 12)
    transfers = [e.date for e in plan.metadata.events if e.type == "transfer_in" and e.date > previous]
    if transfers:
        deadline = max(deadline, last_day_of_months_starting(max(transfers), 3))
    return deadline


def review_status(plan: Plan, as_of: _dt.date) -> bool | None:
    """Return whether a maintained plan's annual reviews are on time on ``as_of``: ``True`` on time, ``False``
    late or overdue, ``None`` when no review has fallen due yet (or the plan is not maintained or has no issue
    date)."""
    dates = plan.metadata.dates
    start = dates.final_issued or dates.first_issued
    if plan.metadata.status not in MAINTAINED or start is None:
        return None
    meetings = sorted({e.date for e in plan.metadata.events if e.type == "review_meeting"}
                      | ({dates.last_review} if dates.last_review else set()))
    meetings = [day for day in meetings if start < day <= as_of]
    previous, on_time = start, True
    for meeting in meetings:
        on_time = on_time and meeting <= review_deadline_after(plan, previous)
        previous = meeting
    overdue = review_deadline_after(plan, previous) < as_of
    if not meetings and not overdue:
        return None
    return on_time and not overdue


def _reviews(plans: list[Plan], as_of: _dt.date) -> Ratio:
    judged = [status for status in (review_status(p, as_of) for p in plans) if status is not None]
    return Ratio(sum(judged), len(judged))


def is_mainstream(placement: Placement) -> bool:
    """Return whether a placement names a mainstream setting, judged from its type (see the module docstring)."""
    text = " ".join((placement.type or "").lower().split())
    if "mainstream" in text:
        return True
    if any(word in text for word in SPECIALIST_TYPES):
        return False
    return any(word in text for word in MAINSTREAM_TYPES)


def _mainstream(plans: list[Plan]) -> tuple[Ratio, int]:
    maintained = [p for p in plans if p.metadata.status in MAINTAINED]
    placed = [p for p in maintained if p.placement and p.placement.placements]
    naming = sum(1 for p in placed if any(is_mainstream(pl) for pl in p.placement.placements))
    return Ratio(naming, len(placed)), len(maintained) - len(placed)


@lru_cache(maxsize=20_000)
def _text_quantified(text: str) -> bool:
    """Return whether ``quantity.parse_quantity`` reads a full quantity from ``text`` (cached: wording repeats)."""
    return parse_quantity(text).quantified


def is_quantified(item: Any) -> bool:
    """Return whether a provision entry says how often and how long: in its structured fields, or in its
    description as ``quantity.parse_quantity`` reads it with nothing refused."""
    if item.frequency is not None and (item.duration_minutes is not None or item.hours is not None):
        return True
    return _text_quantified(item.description)


def _quantified(current: list[Plan]) -> tuple[Ratio, dict[str, Ratio]]:
    seen: dict[str, list[bool]] = {}
    for plan in current:
        for _, letter, item in plan.provision():
            seen.setdefault(letter.value, []).append(is_quantified(item))
    order = [letter.value for letter in SectionLetter]
    by_section = {letter: Ratio(sum(seen[letter]), len(seen[letter])) for letter in sorted(seen, key=order.index)}
    total = Ratio(sum(r.count for r in by_section.values()), sum(r.total for r in by_section.values()))
    return total, by_section


def _rule_ids(plans: list[Plan], as_of: _dt.date) -> list[list[str]]:
    """Return, for each plan, the rule id of each of its findings on ``as_of``."""
    return [[finding.rule_id for finding in check_plan(plan, as_of=as_of)] for plan in plans]


def _rule_ids_in_parallel(plans: list[Plan], as_of: _dt.date, workers: int) -> list[list[str]]:
    """Return ``_rule_ids`` computed by ``workers`` processes, each checking a share of the plans in order."""
    size = -(-len(plans) // (workers * 4))
    chunks = [plans[start:start + size] for start in range(0, len(plans), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        done = pool.map(_rule_ids, chunks, [as_of] * len(chunks))
        return [ids for chunk in done for ids in chunk]


def _rules_failed(plans: list[Plan], as_of: _dt.date, workers: int) -> tuple[RuleCount, ...]:
    plans_per_rule: Counter[str] = Counter()
    findings_per_rule: Counter[str] = Counter()
    parallel = workers > 1 and len(plans) >= PARALLEL_FROM
    for ids in _rule_ids_in_parallel(plans, as_of, workers) if parallel else _rule_ids(plans, as_of):
        findings_per_rule.update(ids)
        plans_per_rule.update(set(ids))
    counts = [RuleCount(rule_id, REGISTRY[rule_id].title, REGISTRY[rule_id].severity.value, plans_per_rule[rule_id],
                        findings_per_rule[rule_id]) for rule_id in plans_per_rule]
    return tuple(sorted(counts, key=lambda c: (-c.plans, -c.findings, c.rule_id)))


# -- deadlines ---------------------------------------------------------------------------------------------------


def _open_after(plan: Plan, start_type: str, end_types: tuple[str, ...], days: int) -> list[_dt.date]:
    """Return the due dates (start + ``days``) of ``start_type`` events not followed by one of ``end_types``."""
    ends = [e.date for e in plan.metadata.events if e.type in end_types]
    starts = [e.date for e in plan.metadata.events if e.type == start_type]
    return [day + _dt.timedelta(days=days) for day in starts if not any(end >= day for end in ends)]


def plan_deadlines(plan: Plan) -> list[tuple[str, _dt.date, bool]]:
    """Return (what, due date, unverified) for the statutory deadlines of ``plan`` still open on its record."""
    meta, found = plan.metadata, []
    if meta.status in MAINTAINED and meta.dates.next_review_due:
        found.append(("annual review due", meta.dates.next_review_due, False))
    for due in _open_after(plan, "review_meeting", ("review_decision",), REVIEW_DECISION_DAYS):
        found.append(("review decision due (4 weeks after the meeting)", due, False))
    for due in _open_after(plan, "proposed_amendment_issued", ("amended_final_issued",), AMENDMENT_DAYS):
        found.append(("amended final plan due (8 weeks after the proposed amendments)", due, False))
    request = meta.dates.request_received
    if meta.status is PlanStatus.DRAFT and request and not meta.timescale_exceptions:
        found.append(("final plan due (20 weeks after the request)", request + _dt.timedelta(days=FINAL_PLAN_DAYS),
                      False))
    for event in (e for e in meta.events if e.type == "transfer_in"):
        found.append(("tell the family: review or reassess (6 weeks after the transfer in)",
                      event.date + _dt.timedelta(days=TRANSFER_DECISION_DAYS), True))
    return found


def _upcoming(plans: list[Plan], as_of: _dt.date) -> tuple[UpcomingDeadline, ...]:
    last = as_of + _dt.timedelta(days=HORIZON_DAYS)
    found = [UpcomingDeadline(p.metadata.plan_reference, what, due, (due - as_of).days, unverified)
             for p in plans if p.metadata.status is not PlanStatus.CEASED
             for what, due, unverified in plan_deadlines(p) if as_of <= due <= last]
    return tuple(sorted(found, key=lambda d: (d.due, d.plan_reference, d.what)))


def compute_indicators(plans: Iterable[Plan], *, as_of: _dt.date, workers: int = 1) -> Indicators:
    """Return the indicators of the caseload ``plans`` (each plan's latest version) on ``as_of``. With ``workers``
    above 1 and at least ``PARALLEL_FROM`` plans, the compliance rules (most of the time taken) run in that many
    processes; the result is the same."""
    plans = list(plans)
    current = [p for p in plans if p.metadata.status is not PlanStatus.CEASED]
    within, excluding, excused = _timeliness(plans, as_of)
    mainstream, unplaced = _mainstream(plans)
    quantified, by_section = _quantified(current)
    return Indicators(
        as_of=as_of, plans=len(plans), by_status=_status_counts(plans), by_primary_need=_need_counts(current),
        within_20_weeks=within, within_20_weeks_excluding_exceptions=excluding, late_with_exception=excused,
        reviews_on_time=_reviews(plans, as_of), mainstream=mainstream, no_placement=unplaced,
        quantified=quantified, quantified_by_section=by_section, rules_failed=_rules_failed(plans, as_of, workers),
        upcoming=_upcoming(plans, as_of),
    )


# -- the HTML report ---------------------------------------------------------------------------------------------

_CSS = """
body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;margin:2rem auto;
max-width:60rem;padding:0 1rem;line-height:1.4}
h1{font-size:1.8rem;margin-bottom:.2rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid #1d70b8}
.lede{color:#505a5f;margin-top:0}.tiles{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}
.tile{border-left:5px solid #1d70b8;background:#f3f2f1;padding:.6rem 1rem;min-width:11rem;flex:1}
.tile b{display:block;font-size:1.8rem}table{border-collapse:collapse;width:100%;margin:.8rem 0;font-size:.95rem}
th,td{text-align:left;border-bottom:1px solid #b1b4b6;padding:.35rem .5rem}td.n,th.n{text-align:right}
.note{color:#505a5f;font-size:.9rem}.tag{background:#fff7bf;padding:0 .3rem;font-size:.8rem}
svg text{font-family:Arial,Helvetica,sans-serif;font-size:13px;fill:#0b0c0c}
"""
_CSS_ONE_LINE = re.sub(r"\s*\n\s*", "", _CSS)
_BAR_COLOURS = ("#1d70b8", "#4c2c92", "#00703c", "#d4351c", "#f47738", "#5694ca")


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _pct(ratio: Ratio) -> str:
    return "n/a" if ratio.percent is None else f"{ratio.percent:.1f}%"


def bar_chart(title: str, bars: list[tuple[str, float]], *, maximum: float | None = None, unit: str = "",
              colour: str = _BAR_COLOURS[0]) -> str:
    """Return an inline SVG horizontal bar chart of (label, value) pairs, each bar labelled with its value."""
    width, label_width, row = 720, 260, 26
    top = max([maximum or 0.0, *(value for _, value in bars)]) or 1.0
    span = width - label_width - 70
    height = row * max(len(bars), 1) + 10
    parts = [(f'<svg role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" aria-label="{_e(title)}"><title>{_e(title)}</title>')]
    for index, (name, value) in enumerate(bars):
        y = 5 + index * row
        length = round(span * value / top, 1)
        shown = f"{value:g}{unit}"
        parts.append(f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end">{_e(_clip(name, 38))}</text>'
                     f'<rect x="{label_width}" y="{y + 3}" width="{length}" height="{row - 8}" fill="{colour}">'
                     f'<title>{_e(name)}: {_e(shown)}</title></rect>'
                     f'<text x="{label_width + length + 6}" y="{y + 16}">{_e(shown)}</text>')
    if not bars:
        parts.append(f'<text x="{label_width}" y="20">nothing to show</text>')
    parts.append("</svg>")
    return "".join(parts)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _table(headers: list[str], rows: Iterable[list[Any]], numeric: set[int] = frozenset()) -> str:
    head = "".join(f'<th{" class=n" if i in numeric else ""}>{_e(h)}</th>' for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f'<td{" class=n" if i in numeric else ""}>{_e(c)}</td>' for i, c in enumerate(row))
                   + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body or _empty_row(len(headers))}</tbody></table>"


def _empty_row(columns: int) -> str:
    return f'<tr><td colspan="{columns}">none</td></tr>'


def _rates(ind: Indicators) -> list[tuple[str, Ratio]]:
    return [("New plans finalised within 20 weeks", ind.within_20_weeks),
            ("... excluding plans with an exception", ind.within_20_weeks_excluding_exceptions),
            ("Annual reviews on time", ind.reviews_on_time),
            ("Plans naming a mainstream setting", ind.mainstream),
            ("Provision items fully quantified", ind.quantified)]


def _tiles(ind: Indicators) -> str:
    tiles = [("Plans", str(ind.plans))] + [(name, _pct(ratio)) for name, ratio in _rates(ind)]
    cells = "".join(f'<div class="tile"><b>{_e(v)}</b>{_e(k)}</div>' for k, v in tiles)
    return f'<div class="tiles">{cells}</div>'


def _rates_section(ind: Indicators) -> str:
    bars = [(name, ratio.percent or 0.0) for name, ratio in _rates(ind)]
    rows = [[name, ratio.count, ratio.total, _pct(ratio)] for name, ratio in _rates(ind)]
    note = (f"{ind.late_with_exception} plan(s) took over 20 weeks with a reg 10(4) exception recorded. "
            f"{ind.no_placement} maintained plan(s) name no placement and are left out of the mainstream rate.")
    return ("<h2>Timeliness and quality</h2>" + bar_chart("Indicators, per cent", bars, maximum=100, unit="%")
            + _table(["Indicator", "Count", "Out of", "Per cent"], rows, {1, 2, 3}) + f'<p class="note">{_e(note)}</p>')


def _counts_section(title: str, counts: dict[str, int], names: dict[str, str], colour: str) -> str:
    bars = [(names.get(key, key), float(value)) for key, value in counts.items() if value]
    rows = [[names.get(key, key), value] for key, value in counts.items()]
    column = title.split(" by ")[-1].capitalize()
    return f"<h2>{_e(title)}</h2>" + bar_chart(title, bars, colour=colour) + _table([column, "Plans"], rows, {1})


def _quantified_section(ind: Indicators) -> str:
    bars = [(f"Section {letter}", ratio.percent or 0.0) for letter, ratio in ind.quantified_by_section.items()]
    rows = [[f"Section {letter}", r.count, r.total, _pct(r)] for letter, r in ind.quantified_by_section.items()]
    return ("<h2>Provision fully quantified, by section</h2>"
            + bar_chart("Provision fully quantified, per cent", bars, maximum=100, unit="%", colour=_BAR_COLOURS[2])
            + _table(["Section", "Quantified", "Items", "Per cent"], rows, {1, 2, 3}))


def _rules_section(ind: Indicators, top: int = 10) -> str:
    shown = ind.rules_failed[:top]
    bars = [(f"{r.rule_id} ({r.severity})", float(r.plans)) for r in shown]
    rows = [[r.rule_id, r.severity, r.title, r.plans, r.findings] for r in ind.rules_failed]
    return ("<h2>Compliance rules most often failed</h2>" + bar_chart("Plans failing each rule", bars,
                                                                       colour=_BAR_COLOURS[3])
            + _table(["Rule", "Severity", "Check", "Plans", "Findings"], rows, {3, 4}))


def _deadlines_section(ind: Indicators) -> str:
    rows = [[d.plan_reference, d.what + (" [UNVERIFIED rule]" if d.unverified else ""), d.due.isoformat(), d.days_left]
            for d in ind.upcoming]
    return (f"<h2>Deadlines in the next {HORIZON_DAYS} days</h2>"
            + _table(["Plan reference", "Deadline", "Due", "Days left"], rows, {3}))


def indicators_html(ind: Indicators) -> str:
    """Return the indicators as one self-contained HTML page: inline CSS and SVG charts, no scripts and no external
    resources; plans are shown by reference only."""
    need_names = {need.value: f"{need.value} - {label(need)}" for need in SenType}
    status_names = {status.value: label(status) for status in PlanStatus}
    body = [
        (f"<h1>EHC plan indicators</h1><p class=\"lede\">{ind.plans} plans, judged on {ind.as_of.isoformat()}. "
        "Plans are shown by reference only.</p>"), _tiles(ind), _rates_section(ind),
        _counts_section("Plans by status", ind.by_status, status_names, _BAR_COLOURS[0]),
        _counts_section("Current plans by primary need", ind.by_primary_need, need_names, _BAR_COLOURS[1]),
        _quantified_section(ind), _rules_section(ind), _deadlines_section(ind),
        ('<p class="note">How each figure is counted: see the docstring of <code>ehcp_standard.indicators</code>. '
        'Rules marked <span class="tag">[UNVERIFIED]</span> rest on a source not checked against the law.</p>'),
    ]
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>EHC plan indicators '
            f"{_e(ind.as_of.isoformat())}</title>"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<style>{_CSS_ONE_LINE}</style></head><body>{''.join(body)}</body></html>\n")
