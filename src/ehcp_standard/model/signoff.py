"""Sign-off by the local authority officer (template block 13)."""

from __future__ import annotations

from pydantic import Field

from .types import Date, ShortText, StandardModel


class SignOff(StandardModel):
    """Local authority officer name, signature and date."""

    officer_name: ShortText = Field(
        title="Local authority officer name", description='"SURNAME, FIRST NAME (optional middle name or initial)".'
    )
    role: ShortText | None = Field(None, title="Role")
    signature: ShortText | None = Field(
        None, title="Signature", description="Reference to the digital signature."
    )
    date: Date | None = Field(None, title="Date (CCYY-MM-DD)")
