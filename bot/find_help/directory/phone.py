"""Dutch phone numbers, written for reading and for dialling.

Sources write numbers in many ways ("033-448 11 86", "0800-2000", "+31 (0)88 043 0470"). The
data file keeps them as the source wrote them; here they get one readable form and a `tel:` link,
so a person on a phone can tap to call. Grouping follows common Dutch practice: area code, then
groups of two or three digits; free and paid service numbers (0800, 0900) as "0800-2000".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Area codes with two digits after the 0 (the rest have three). Non-geographic 085/088 and the
# big cities; from the Dutch numbering plan.
_SHORT_AREA_CODES = frozenset(
    "010 013 015 020 023 024 026 030 033 035 036 038 040 043 045 046 050 053 055 058 "
    "070 071 072 073 074 075 076 077 078 079 085 088".split()
)
_SERVICE_PREFIXES = ("0800", "0900", "0906", "0909")
_EMERGENCY = "112"


class PhoneNumberError(ValueError):
    """A number that is not a valid Dutch phone number (the data file must be fixed)."""


@dataclass(frozen=True)
class PhoneNumber:
    """One number: `digits` as dialled inside the Netherlands."""

    digits: str

    @classmethod
    def parse(cls, text: str) -> PhoneNumber:
        """Read a number as a source writes it; raises PhoneNumberError if it is not Dutch."""
        raw = text.strip()
        digits = re.sub(r"\D", "", raw.replace("(0)", ""))
        if raw.startswith("+") or raw.startswith("00"):
            digits = digits.removeprefix("00")
            if not digits.startswith("31"):
                raise PhoneNumberError(f"{text!r} is not a Dutch number")
            digits = "0" + digits[2:]
        if digits == _EMERGENCY:
            return cls(digits)
        if digits.startswith(_SERVICE_PREFIXES):
            if not 8 <= len(digits) <= 11:
                raise PhoneNumberError(f"{text!r}: a service number has 8 to 11 digits")
            return cls(digits)
        if len(digits) != 10 or not digits.startswith("0"):
            raise PhoneNumberError(f"{text!r}: a Dutch number has 10 digits and starts with 0")
        return cls(digits)

    @property
    def display(self) -> str:
        """For reading: "033 448 11 86", "0592 30 63 00", "06 81 52 10 52", "0800-2000"."""
        d = self.digits
        if d == _EMERGENCY:
            return d
        if d.startswith(_SERVICE_PREFIXES):
            return f"{d[:4]}-{d[4:]}"
        if d.startswith("06"):
            return " ".join([d[:2], d[2:4], d[4:6], d[6:8], d[8:]])
        if d[:3] in _SHORT_AREA_CODES:
            return " ".join([d[:3], d[3:6], d[6:8], d[8:]])
        return " ".join([d[:4], d[4:6], d[6:8], d[8:]])

    @property
    def tel_uri(self) -> str:
        """For dialling: "tel:+31334481186"; service numbers and 112 only work inside NL."""
        if self.digits == _EMERGENCY or self.digits.startswith(_SERVICE_PREFIXES):
            return f"tel:{self.digits}"
        return f"tel:+31{self.digits[1:]}"
