"""Fixed limits of validate.py and how they are enforced on the process.

Every input is judged within these bounds (docs/when-validation-fails.md lists them for users):
files are refused from their size before they are read, cells and rows are capped while the
CSV text is scanned, and the process itself is capped in memory and CPU time by
`apply_resource_limits()`, which validate.py calls first.
"""
from __future__ import annotations

import csv
import signal
import sys

from dataset_tools.guard import apply_wall_clock_limit, stop

MAX_DESCRIPTOR_BYTES = 5 * 2**20      # datapackage.json: 5 MiB (the real one is ~12 KB)
MAX_SCHEMA_BYTES = 1 * 2**20          # each schemas/*.json: 1 MiB
MAX_FILE_BYTES = 50 * 2**20           # each data file: 50 MiB, refused from its size, unread
MAX_CELL_CHARS = 2**20                # one CSV cell: 1,048,576 characters (csv.field_size_limit)
MAX_ROWS = 100_000                    # data rows of one CSV file: the ×1000 benchmark's largest
                                      # table has ~75,000; the real package fewer than 100 per file
MAX_TOTAL_ROWS = 250_000              # data rows of all CSV files together (×1000 benchmark: 221,032)
MAX_TABLE_ERRORS = 100_000            # frictionless errors kept per resource (then it stops, and says so)
MAX_RESOURCES = 100                   # resource entries in datapackage.json (the package has 9)
MAX_FIELDS = 200                      # fields of one Table Schema (the widest has 30)
MAX_CUE_CHARS = 16                    # one word of a field's `cues` (the longest, 最高人民法院, has 6)
MEMORY_LIMIT_BYTES = 2**30            # address space of the validate.py process: 1 GiB
CPU_LIMIT_SECONDS = 120               # CPU time of the validate.py process
WALL_CLOCK_SECONDS = 300              # real time of one run of validate.py, the exports or the release
PATTERN_SECONDS = 10                  # CPU time for every constraints.pattern over every cell, together
SAMPLE_BYTES = 64 * 2**10             # bytes given to charset-normalizer to name an encoding
SHOWN = 5                             # line numbers listed in one problem before "and N more"

DESCRIPTOR, FILES = "descriptor", "files"
GUIDE = "docs/when-validation-fails.md"



def _stop(message: str) -> None:
    """Print a one-line reason on stderr and end the process with exit code 2, no traceback."""
    stop("validate.py", message, GUIDE)


def _memory_hook(previous):
    """An excepthook that turns an uncaught MemoryError into a calm message and exit 2."""
    def hook(kind, value, traceback):
        if issubclass(kind, MemoryError):
            _stop(f"the memory limit of {MEMORY_LIMIT_BYTES // 2**20} MiB was reached")
        previous(kind, value, traceback)
    return hook


def _lower_limit(kind: int, soft: int, hard: int) -> None:
    """Set a resource limit to (soft, hard) unless the current one is already lower."""
    import resource
    current_soft, current_hard = resource.getrlimit(kind)
    if current_hard != resource.RLIM_INFINITY:
        hard = min(hard, current_hard)
        soft = min(soft, hard)
    if current_soft != resource.RLIM_INFINITY and current_soft <= soft:
        return
    resource.setrlimit(kind, (soft, hard))


def apply_resource_limits() -> None:
    """Cap the process: 1 GiB of address space, 120 s of CPU, 300 s of real time, cells of
    1,048,576 characters.

    Where the OS has no `resource` module (Windows) or refuses a limit, that limit is skipped.
    Reaching the CPU limit (SIGXCPU), the real-time limit (SIGALRM, which also ends a system call
    that blocks) or the memory limit (an uncaught MemoryError) prints one line on stderr and
    exits 2; the hard CPU limit 10 s later kills the process regardless.
    """
    csv.field_size_limit(MAX_CELL_CHARS)
    apply_wall_clock_limit(WALL_CLOCK_SECONDS, "validate.py", GUIDE)
    try:
        import resource
    except ImportError:
        return
    for kind, soft, hard in ((resource.RLIMIT_AS, MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES),
                             (resource.RLIMIT_CPU, CPU_LIMIT_SECONDS, CPU_LIMIT_SECONDS + 10)):
        try:
            _lower_limit(kind, soft, hard)
        except (ValueError, OSError):
            continue
    if hasattr(signal, "SIGXCPU"):
        signal.signal(signal.SIGXCPU,
                      lambda *_: _stop(f"the CPU time limit of {CPU_LIMIT_SECONDS} s was reached"))
    sys.excepthook = _memory_hook(sys.excepthook)
