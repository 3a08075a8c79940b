"""Finding the council a legacy plan names: "Suffolk County Council", "Newcastle City Council", "Gateshead Council".

One compiled pattern holds every current local authority's DfE name and its everyday forms ("Newcastle" for
Newcastle upon Tyne, "Bristol" for "Bristol, City of", "Hull" for Kingston upon Hull), longest first, so that
"East Sussex County Council" is never read as Sussex and a batch of thousands of plans compiles it once.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from ..model.la_codes import current_local_authorities

_SUFFIX = r"(?:\s+(?:county|city|borough|metropolitan\s+borough|district))?\s*council"


@cache
def _forms() -> dict[str, str]:
    """Each name form (lower case) → DfE code; a short form two councils share is left out."""
    forms: list[tuple[str, str]] = []
    for code, authority in current_local_authorities().items():
        name = re.sub(r",\s*(city|county) of$", "", authority.name, flags=re.IGNORECASE)
        variants = {authority.name, name}
        if " upon " in name:
            variants.add(name.split(" upon ")[0])
        if name.startswith("City of "):
            variants.add(name[len("City of "):])
        if name == "Kingston upon Hull":
            variants.add("Hull")
        forms += [(variant.casefold(), code) for variant in variants]
    shared = Counter(form for form, _ in set(forms))
    full = {authority.name.casefold() for authority in current_local_authorities().values()}
    return {form: code for form, code in forms if shared[form] == 1 or form in full}


@cache
def _pattern(with_council: bool) -> re.Pattern[str]:
    names = "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in sorted(_forms(), key=len, reverse=True))
    suffix = _SUFFIX if with_council else f"(?:{_SUFFIX})?"
    return re.compile(rf"(?<![\w-])(?P<name>{names}){suffix}(?![\w-])", re.IGNORECASE)


def la_in(text: str, *, council: bool = False) -> tuple[str, str] | None:
    """Return ``(DfE code, the words naming it)`` for the first current council ``text`` names, or ``None``. With
    ``council`` the name must be followed by "Council" ("Leicestershire County Council"), so that a place name in
    an address or a school's name is not read as the local authority."""
    found = _pattern(council).search(text)
    if found is None:
        return None
    return _forms()[re.sub(r"\s+", " ", found.group("name").casefold())], found.group()
