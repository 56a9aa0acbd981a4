"""What the CLI prints is shown, never obeyed: control and bidi characters are escaped.

A file, coder or code name may hold ESC sequences (clear the screen, retitle the
terminal), BEL, CR (overwrite the line), U+202E (reverse what follows) or bytes that are
not UTF-8. The project keeps such names exactly; only what reaches the terminal is
escaped, as ``\\x1b``, ``\\u202e``. Newlines and tabs stay, since the CLI's own lines
need them; inside a name, `one_line` escapes them too.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

# C0 but tab and line feed, DEL, C1, the bidi embeddings, overrides and isolates, the
# marks, the line and paragraph separators, and lone surrogates (undecodable file names).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e"
                     "\u2066-\u2069\ud800-\udfff]")
_UNSAFE_IN_NAME = re.compile(f"[\n\t]|{_UNSAFE.pattern}")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str) -> str:
    """`text` safe to print: control, bidi and surrogate characters escaped."""
    return _UNSAFE.sub(_escape, text)


def one_line(name: str) -> str:
    """A name inside a line of output: newlines and tabs escaped as well."""
    return _UNSAFE_IN_NAME.sub(_escape, name)


class EscapingStream:
    """A text stream that escapes what it is given; `exact` is the stream underneath."""

    def __init__(self, stream: TextIO) -> None:
        self.exact = stream

    def write(self, text: str) -> int:
        # A progress line rewrites itself: a CR that starts a write is the CLI's own.
        if text.startswith("\r"):
            return self.exact.write("\r" + shown(text[1:]))
        return self.exact.write(shown(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.exact, name)
