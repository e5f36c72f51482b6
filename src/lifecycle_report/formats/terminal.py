"""Registry text on a terminal or in a CI log: one line, and nothing that drives it."""

from __future__ import annotations

import re

#: Line breaks and tabs fold into spaces; every other control character (ESC starts
#: the terminal's colour, title and hyperlink sequences), the C1 controls, Unicode's
#: line separators and the bidirectional overrides (text shown reordered) become U+FFFD.
_BREAKS = re.compile("[\t\n\v\f\r\x85\u2028\u2029]+")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def terminal_text(value: object) -> str:
    """``value`` as one line of inert text."""
    return _CONTROL.sub("\ufffd", _BREAKS.sub(" ", str(value)))
