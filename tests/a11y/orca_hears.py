"""What Orca, Debian's screen reader, says of the window (its speech, read from its debug
log with speech itself off): a dialog opened with F1 is heard with the focus inside it (not
"unfocused"), the countdown is never read as a percentage, and a vendor row says one short
sentence, not its rules.

Run by tests/screen_reader.rs through run.sh (a private accessibility bus, the window open
under Xvfb). Prints what it checked; exits 1 on the first failure.
"""

import os
import subprocess
import tempfile
import time

from atspi import fail, find, focus, key, ok, press, set_text

SECRET = "kJ6n8sWcQ1bYd3lT0pZxR2vA9mE4uH7gF5iK8oL1jN0="
HERE = os.path.dirname(os.path.abspath(__file__))


class Orca:
    """Orca running with its speech written to a log we read as it goes."""

    def __init__(self):
        self.log = os.path.join(tempfile.mkdtemp(), "orca.log")
        self.proc = subprocess.Popen(
            ["/usr/bin/python3", os.path.join(HERE, "orca_launch.py"), self.log],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self.seen = 0

    def said(self):
        """Everything Orca has said so far, one utterance a line."""
        try:
            with open(self.log, encoding="utf-8", errors="replace") as f:
                lines = f.read().splitlines()
        except FileNotFoundError:
            return []
        return [l.split("SPEECH OUTPUT: ", 1)[1] for l in lines if "SPEECH OUTPUT: " in l]

    def since(self):
        """What Orca said since the last call."""
        said = self.said()
        new, self.seen = said[self.seen:], len(said)
        return new

    def wait_for(self, text, seconds=15):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if any(text in s for s in self.said()):
                return
            time.sleep(0.2)
        fail(f"Orca never said {text!r}; it said: {self.said()[-8:]}")

    def expect(self, action, until, said, never):
        """Does `action`, waits until Orca says `until`, then checks that what it said
        includes `said` and never `never`."""
        self.since()
        action()
        self.wait_for(until)
        time.sleep(1)
        heard = self.since()
        if any(never in s for s in heard):
            fail(f"Orca said {never!r}: {heard!r}")
        if not any(said in s for s in heard):
            fail(f"Orca did not say {said!r}: {heard!r}")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def main():
    orca = Orca()
    try:
        orca.wait_for("tokenbench frame", seconds=30)
        ok("Orca is running and hears the window")

        # A vendor row, focused, says its name and one short sentence, not its rules.
        row = find("toggle button", starts="Amazon Connect — hosted chat widget")
        orca.expect(
            lambda: focus(row),
            until="Amazon Connect — hosted chat widget",
            said="HS256 over the widget's security key.",
            never="attributes are strings only",
        )
        ok("a vendor row says one short sentence")
        press(row)

        # F1: the dialog is heard, with the focus inside it.
        orca.expect(
            lambda: key("F1"),
            until="Keyboard shortcuts dialog",
            said="Close push button",
            never="unfocused",
        )
        ok("F1: Orca hears the dialog and its Close button, focused")
        key("Escape")

        # A token with a countdown, left ticking for longer than Orca's progress-bar
        # interval (10 s): no percentage is ever said.
        set_text(find("password text", name="Secret"), SECRET)
        set_text(find("entry", name="Widget ID"), "a1b2c3d4-5678-90ab-cdef-000000000001")
        find("document frame", name="Minted token")
        orca.since()
        time.sleep(12)
        percent = [s for s in orca.said() if "percent" in s.lower()]
        if percent:
            fail("Orca read a percentage: " + percent[0])
        ok("twelve seconds of countdown, no percentage said")
    finally:
        orca.stop()
    print("PASS")


main()
