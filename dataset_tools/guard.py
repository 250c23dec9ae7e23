"""Process guards shared by validate.py, the exports and the release (docs/security.md).

- `forbid_network()`: an audit hook (PEP 578) that refuses every socket connection, name lookup
  and bind in this process, so no library can reach the network silently.
- `apply_wall_clock_limit()`: a real-time alarm that ends the process with one line and exit 2,
  so blocked I/O (a named pipe, a slow mount) cannot hang a run.
- `stop()`: that one line and exit 2, without a traceback.
- `visible()`: text with control and format characters shown as escapes (\\x1b, \\u202e), for
  everything printed to a terminal.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypedDict

NETWORK_EVENTS = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
                  "socket.bind", "socket.sendto", "socket.sendmsg")
INVISIBLE = ("Cc", "Cf", "Cs", "Zl", "Zp")   # control, format (bidi, zero-width), surrogates, separators


class NetworkRefused(PermissionError):
    """Raised (by the audit hook) in place of any network access while the guard is on."""


class _State(TypedDict):
    installed: bool
    depth: int            # how many forbid_network() / no_network() are in force
    refused: list[str]    # the audit events refused so far


_state: _State = {"installed": False, "depth": 0, "refused": []}
_lock = threading.Lock()


def _audit(event: str, args: tuple) -> None:
    if _state["depth"] and event in NETWORK_EVENTS:
        _state["refused"].append(event)
        raise NetworkRefused(f"network access is disabled ({event}): the tools read only files inside "
                             "the package (see docs/security.md)")


def _install() -> None:
    with _lock:
        if not _state["installed"]:
            sys.addaudithook(_audit)   # audit hooks cannot be removed: the hook is switched by depth
            _state["installed"] = True


def forbid_network() -> None:
    """Refuse network access for the rest of this process (entry points call this first)."""
    _install()
    _state["depth"] += 1


@contextmanager
def no_network() -> Iterator[None]:
    """Refuse network access inside the block (e.g. the exports before `--browse` serves)."""
    _install()
    _state["depth"] += 1
    try:
        yield
    finally:
        _state["depth"] -= 1


def refused_attempts() -> list[str]:
    """The audit events refused so far in this process (for tests and reports)."""
    return list(_state["refused"])


def stop(program: str, message: str, guide: str = "docs/security.md") -> None:
    """Print one line `PROGRAM stopped: MESSAGE (see GUIDE)` on stderr and exit 2, no traceback."""
    try:
        sys.stdout.flush()
        sys.stderr.write(f"{program} stopped: {visible(message)} (see {guide})\n")
        sys.stderr.flush()
    finally:
        os._exit(2)


def apply_wall_clock_limit(seconds: float, program: str, guide: str = "docs/security.md") -> None:
    """End the process with one line and exit 2 once `seconds` of real time have passed.

    SIGALRM also interrupts system calls that block (opening a named pipe, reading a stalled
    file) and long regular-expression matches, which a CPU limit does not see.
    """
    if not hasattr(signal, "setitimer"):
        return
    signal.signal(signal.SIGALRM, lambda *_: stop(program, f"the time limit of {seconds:g} s (wall clock) "
                                                  "was reached", guide))
    signal.setitimer(signal.ITIMER_REAL, seconds)


def cancel_wall_clock_limit() -> None:
    """Switch the real-time limit off (before serving in the foreground, e.g. `make browse`)."""
    if hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_REAL, 0)


def visible(text: object) -> str:
    """`text` with every control or format character written as a visible escape.

    Escape sequences (\\x1b), bidirectional overrides (\\u202e), zero-width characters (\\u200b),
    line breaks (\\n) and other invisible characters cannot change what a terminal shows.
    """
    text = str(text)
    if text.isprintable():
        return text
    return "".join(_escape(ch) if unicodedata.category(ch) in INVISIBLE else ch for ch in text)


def visible_lines(text: object) -> str:
    """`visible()` for a text of several lines: its line breaks are kept, all else is escaped."""
    return "\n".join(visible(line) for line in str(text).split("\n"))


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch == "\n":
        return "\\n"
    if ch == "\t":
        return "\\t"
    return f"\\x{code:02x}" if code < 0x100 else (f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
