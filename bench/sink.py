"""A real SMTP server that accepts and counts every message (aiosmtpd), in its own process.

``python -m bench.sink PORT STATUS_FILE``: listens on 127.0.0.1:PORT and, every 0.1 s,
writes ``{"messages": …, "recipients": …, "bytes": …}`` to STATUS_FILE ("recipients" is
the number of distinct addresses, so a duplicate shows). It keeps nothing else: its cost
per message is the SMTP dialogue itself. Stops on SIGTERM.
"""

import json
import logging
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"
STATUS_EVERY = 0.1


class Counter:
    def __init__(self) -> None:
        self.messages = 0
        self.bytes = 0
        self.recipients: set[str] = set()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages += 1
        self.bytes += len(envelope.original_content or b"")
        self.recipients.update(envelope.rcpt_tos)
        return "250 Message accepted for delivery"

    def status(self) -> dict[str, int]:
        return {
            "messages": self.messages,
            "recipients": len(self.recipients),
            "bytes": self.bytes,
        }


def write_status(path: Path, status: dict[str, int]) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(status))
    os.replace(temporary, path)


def main(port: int, status_file: Path) -> None:
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # one INFO line per command
    counter = Counter()
    controller = Controller(counter, hostname=HOST, port=port, ready_timeout=10)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.set())
    signal.signal(signal.SIGINT, lambda _signum, _frame: stop.set())
    write_status(status_file, counter.status())
    try:
        while not stop.wait(STATUS_EVERY):
            write_status(status_file, counter.status())
    finally:
        controller.stop()
        write_status(status_file, counter.status())


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))
