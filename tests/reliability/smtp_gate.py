"""Hold a real SMTP server (tests.integration.smtp) at one command until released.

A worker killed while the server holds it drops the connection: aiosmtpd then
cancels the handler, as a real server abandons a transaction it never answered.
"""

import asyncio
import threading
from typing import Any

from ..integration.smtp import SMTPSink


class Gate:
    """While installed, the server stops at ``command`` ("DATA" or "QUIT").

    With ``after``, the first ``after`` commands go through as usual and the gate
    holds the next one: a bulk send is stopped half-way, the earlier messages received.
    """

    def __init__(self, sink: SMTPSink, command: str, *, after: int = 0) -> None:
        self.command = command
        self.after = after
        self.passed = 0  # commands let through before the gate closed
        self.reached = threading.Event()  # the client is waiting for the server's answer
        self.released = threading.Event()
        self.cut = threading.Event()  # the client went away while held
        self.held: list[bytes] = []  # what DATA carried when it was held
        self._sink = sink
        self._original = getattr(sink, f"handle_{command}", None)
        setattr(sink, f"handle_{command}", self._hook)

    async def _hook(self, server: Any, session: Any, envelope: Any, *args: Any) -> Any:
        if self.passed < self.after:
            self.passed += 1
            return await self._answer(server, session, envelope, *args)
        if self.command == "DATA":
            self.held.append(envelope.original_content)
        self.reached.set()
        try:
            while not self.released.is_set():
                await asyncio.sleep(0.02)
        except asyncio.CancelledError:
            self.cut.set()
            raise
        return await self._answer(server, session, envelope, *args)

    async def _answer(self, server: Any, session: Any, envelope: Any, *args: Any) -> Any:
        if self._original is not None:
            return await self._original(server, session, envelope, *args)
        return "221 Bye"

    def wait_reached(self, timeout: float = 30.0) -> None:
        assert self.reached.wait(timeout), f"the client never reached {self.command}"

    def wait_cut(self, timeout: float = 10.0) -> None:
        assert self.cut.wait(timeout), "the server did not see the client go away"

    def remove(self) -> None:
        self.released.set()
        delattr(self._sink, f"handle_{self.command}")  # back to the class's own handler
