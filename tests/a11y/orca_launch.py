"""Starts Orca, Debian's screen reader, with speech and braille off and its debug log
opened line-buffered (Orca opens it block-buffered: nothing would be readable until it
exits), so a test can read what Orca would have said while it runs.

    /usr/bin/python3 orca_launch.py LOG
"""

import builtins
import os
import runpy
import sys

log = sys.argv[1]
# Orca imports its own modules by name: nothing beside this script may stand in for them.
here = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != here]
_open = builtins.open


def _line_buffered(file, mode="r", buffering=-1, *args, **kwargs):
    if str(file) == log and "w" in mode:
        buffering = 1
    return _open(file, mode, buffering, *args, **kwargs)


builtins.open = _line_buffered
sys.argv = [
    "orca", "--replace",
    "--disable", "speech", "--disable", "braille", "--disable", "main-window",
    "--disable", "splash-window",
    "--debug-file", log,
]
runpy.run_path("/usr/bin/orca", run_name="__main__")
