"""Reading section J's personal budget items from a legacy plan's wording, only where it is stated clearly.

A budget item (:class:`~ehcp_standard.model.budget.BudgetItem`) needs how the budget is held, and what it funds;
the amount and its period are read when given. Two shapes are read:

- a **statement**, one paragraph or a "label | value" row: "Direct payment: £2,400 per year for a personal
  assistant", "A direct payment of £1,200 per year has been agreed for a personal assistant…", "A personal budget of
  £600 per year … for software licences. The school will hold the budget; no direct payment is made.";
- a **table row** under a header naming the columns ("Provision | Amount | Mechanism"), see :func:`budget_columns`.

Clearly means: exactly one way of holding the budget is named (a negated one, "no direct payment is made", does not
count), exactly one sum of money outside brackets ("£5,460 per year (6 hours at £17.50 an hour)" gives £5,460), a
period the standard has (per week, month or year, or one-off) or none, and what it funds. Anything else gives
``None``: the wording stays in J's details, where it always is (the mapper keeps every line there).

Each reading keeps the fragments it was read from, verbatim, for the converter's ledger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.codes import BudgetMechanism, BudgetPeriod

__all__ = ["BudgetReading", "budget_columns", "read_row", "read_statement"]

_HOLDER = r"(?:the\s+)?(?:local\s+authority|LA|council|school|college|setting|academy)"
_HOLDS = r"(?:hold|holds|manage|manages|organise|organises|organize|organizes|arrange|arranges)"
#: The wording of each way of holding a budget (EHCP-STANDARD §8.8).
MECHANISM_WORDS = {
    BudgetMechanism.DIRECT_PAYMENT: re.compile(r"\bdirect[\s-]+payments?\b", re.IGNORECASE),
    BudgetMechanism.THIRD_PARTY: re.compile(r"\bthird[\s-]+party(?:\s+(?:arrangement|payment|provider))?\b",
                                            re.IGNORECASE),
    BudgetMechanism.ARRANGEMENT: re.compile(
        rf"\bnotional(?:\s+(?:budget|arrangement))?\b|\borgani[sz]ed\s+arrangement\b"
        rf"|\b(?:held|managed|organi[sz]ed|arranged|commissioned)\s+by\s+{_HOLDER}\b"
        rf"|\b{_HOLDER}\s+(?:will\s+)?{_HOLDS}\s+(?:the\s+)?(?:budget|funding|money)\b"
        r"|^\s*(?:an?\s+)?(?:LA\s+|school\s+)?arrangement\s*$", re.IGNORECASE),
}
_NEGATED = re.compile(r"\b(?:no|not|never|without)\b[^.;,]{0,20}$", re.IGNORECASE)
_MONEY = re.compile(r"£\s?(?P<pounds>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<pence>\d{2}))?(?!\d)")
#: A period right after the amount: one the standard has, or one it has not ("per hour", "per term").
_PERIOD = re.compile(
    r"\s*(?:(?P<year>(?:per|a|an|each|every)\s+(?:year|annum)|annually|yearly|p\.?a\.?(?!\w))"
    r"|(?P<month>(?:per|a|each|every)\s+month|monthly)|(?P<week>(?:per|a|each|every)\s+week|weekly)"
    r"|(?P<one_off>(?:as\s+a\s+)?(?:one[\s-]off|single)(?:\s+payment)?)"
    r"|(?P<other>(?:per|a|an|each|every)\s+(?:hour|day|session|term|half[\s-]?term|fortnight)"
    r"|hourly|daily|termly|fortnightly))(?!\w)", re.IGNORECASE)
_FUNDS = re.compile(r"\b(?:for|towards|to\s+(?:fund|pay\s+for|buy|purchase|cover))\s+(?P<funds>[^.;]*[^.;\s])",
                    re.IGNORECASE)
#: Header words of a budget table's columns.
COLUMN_WORDS = {
    "funds": re.compile(r"^(?:provision|what (?:it|the budget|the payment) (?:funds|is for|pays for)|funds|"
                        r"purpose|service|support|description|item|what for)$"),
    "amount": re.compile(r"^(?:amount|cost|value|sum|budget|annual amount|amount \(£\)|£)$"),
    "mechanism": re.compile(r"^(?:mechanism|type|budget type|how (?:it is|the budget is) (?:held|managed|paid)|"
                            r"how held|how managed|arrangement|payment type|method)$"),
    "period": re.compile(r"^(?:period|per|frequency|how often)$"),
    "provider": re.compile(r"^(?:paid to|provider|third party|managed by)$"),
}


@dataclass(frozen=True)
class BudgetReading:
    """A budget item as the wording states it: each value with the fragment (verbatim) it was read from.
    ``amount_pence``, ``period`` and ``provider`` are ``None`` where not stated."""

    mechanism: BudgetMechanism
    mechanism_text: str
    funds: str
    amount_pence: int | None = None
    amount_text: str | None = None
    period: BudgetPeriod | None = None
    period_text: str | None = None
    provider: str | None = None


def mechanism_of(text: str) -> tuple[BudgetMechanism, str] | None:
    """Return the one way of holding the budget ``text`` names, with its words; ``None`` for none or several."""
    found: dict[BudgetMechanism, str] = {}
    for mechanism, pattern in MECHANISM_WORDS.items():
        for match in pattern.finditer(text):
            if not _NEGATED.search(text[: match.start()]):
                found.setdefault(mechanism, match.group().strip())
    return next(iter(found.items())) if len(found) == 1 else None


def _outside_brackets(text: str, at: int) -> bool:
    return text.count("(", 0, at) == text.count(")", 0, at)


def money_of(text: str) -> tuple[int, re.Match[str], re.Match[str] | None] | None:
    """Return the one sum of money outside brackets in ``text`` (in pence), its match and the period right after
    it; ``None`` for none, several, or a period the standard has not ("£18 per hour")."""
    sums = [m for m in _MONEY.finditer(text) if _outside_brackets(text, m.start())]
    if len(sums) != 1:
        return None
    found = sums[0]
    period = _PERIOD.match(text, found.end())
    if period is not None and period["other"]:
        return None
    pence = int(found["pounds"].replace(",", "")) * 100 + int(found["pence"] or 0)
    return pence, found, period


def _period(period: re.Match[str] | None) -> tuple[BudgetPeriod | None, str | None]:
    if period is None:
        return None, None
    kind = next(name for name in ("year", "month", "week", "one_off") if period[name])
    return BudgetPeriod(kind), period.group().strip()


def read_statement(text: str) -> BudgetReading | None:
    """Return the budget item one statement gives ("Direct payment: £2,400 per year for a personal assistant"),
    or ``None`` when the statement does not say clearly how it is held, how much and what it funds."""
    mechanism = mechanism_of(text)
    money = money_of(text)
    if mechanism is None or money is None:
        return None
    pence, amount, period = money
    after = period.end() if period is not None else amount.end()
    funds = _FUNDS.search(text, after)
    if funds is None or len(funds["funds"]) < 3:
        return None
    period_value, period_text = _period(period)
    return BudgetReading(mechanism[0], mechanism[1], funds["funds"].strip(), pence, amount.group(), period_value,
                         period_text)


def budget_columns(headers: list[str]) -> tuple[str | None, ...] | None:
    """Return the kind of each header cell ("funds", "amount", "mechanism", "period", "provider", ``None``) when
    they head a budget table (they name what it funds and how it is held); ``None`` otherwise."""
    kinds = tuple(next((kind for kind, words in COLUMN_WORDS.items()
                        if words.match(_fold(header))), None) for header in headers)
    return kinds if {"funds", "mechanism"} <= set(kinds) else None


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(":").strip().casefold()


def read_row(cells: dict[str, str]) -> BudgetReading | None:
    """Return the budget item of one table row, its cells' texts by column kind; ``None`` unless the mechanism cell
    names one way of holding the budget, the funds cell says something, and an amount cell (if filled) holds one
    sum with a period the standard has (read from the period cell when the amount has none)."""
    mechanism = mechanism_of(cells.get("mechanism", ""))
    funds = cells.get("funds", "").strip()
    if mechanism is None or not funds:
        return None
    reading = BudgetReading(mechanism[0], mechanism[1], funds, provider=cells.get("provider", "").strip() or None)
    amount_text = cells.get("amount", "").strip()
    if not amount_text:
        return reading
    money = money_of(amount_text)
    if money is None:
        return None
    pence, amount, period = money
    if period is None and cells.get("period", "").strip():
        period = _PERIOD.fullmatch(" " + cells["period"].strip())
        if period is None or period["other"]:
            return None
    period_value, period_text = _period(period)
    return BudgetReading(reading.mechanism, reading.mechanism_text, funds, pence, amount.group(), period_value,
                         period_text, reading.provider)
