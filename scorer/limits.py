"""Every limit lvzhi puts on one report or one run, in one place (documented in the README).

Batch allowances: in a batch each report runs in a worker process; one that takes longer than
``BATCH_REPORT_SECONDS`` or grows its worker's address space by more than ``BATCH_REPORT_MEMORY`` bytes is
stopped and listed as unreadable with the limit it hit, and the batch goes on.
"""

from __future__ import annotations

# A report normally takes under a second (benchmarks/speed.py); three minutes is far past any honest file, and
# longer than a LibreOffice conversion may take (readers/libreoffice.py, 120 s), whose own message is clearer.
BATCH_REPORT_SECONDS = 180.0
# Address space a worker may add while reading and scoring one report (a normal report needs ~150 MB).
BATCH_REPORT_MEMORY = 1536 * 1024 * 1024
# After asking a worker to stop (SIGTERM), how long to wait before killing it outright.
WORKER_STOP_GRACE_SECONDS = 2.0
