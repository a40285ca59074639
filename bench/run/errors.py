"""Why a run stops before it measures anything: each says so in one line."""

from __future__ import annotations


class RunRefused(Exception):
    """The run did not start (another run holds the directory, too little free space);
    the output directory is as it was. The message is the whole explanation, one line."""
