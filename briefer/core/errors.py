"""Errors a user can act on: one line, the thing at fault, and the fix.

Exit codes (also in the README):
  0  success
  1  partial failure: some inputs failed, or nothing matched (e.g. an empty briefing window)
  2  usage or configuration error
  3  a service failed: the LLM API or the Chroma server
  4  the index is inconsistent or unusable (see `briefer doctor`)
  5  internal error (a bug: ``BRIEFER_DEBUG=1`` shows the traceback)
  75 busy: another briefer process kept writing to the index for longer than ``lock_wait``;
     try again later (sysexits' EX_TEMPFAIL, which schedulers read as "retry")
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_USAGE = 2
EXIT_SERVICE = 3
EXIT_INDEX = 4
EXIT_INTERNAL = 5
EXIT_BUSY = 75


class BrieferError(Exception):
    """Base class: ``str(err)`` is the one line the user sees."""

    exit_code = EXIT_USAGE


class ConfigError(BrieferError):
    exit_code = EXIT_USAGE


class ServiceError(BrieferError):
    exit_code = EXIT_SERVICE


class StoreError(BrieferError):
    exit_code = EXIT_INDEX


class BusyError(BrieferError):
    exit_code = EXIT_BUSY


class EmptyResult(BrieferError):
    exit_code = EXIT_PARTIAL
