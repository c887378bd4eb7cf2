"""The theme chosen with the buttons is the theme after a restart: press "Light theme" (as a
screen reader would), see the window turn light, quit with Ctrl+Q, open the window again and
see it light from its first frame, the button still selected.

Run by tests/screen_reader.rs through run.sh, which gives the binary ($TOKENBENCH_BIN) and
the running window's process ($TOKENBENCH_APP_PID). Prints what it checked; exits 1 on the
first failure.
"""

import os
import subprocess
import time

import pyatspi

from atspi import fail, find, has, key, ok, press


def brightness():
    """The window's mean brightness (0-255), from a screenshot of the screen it fills."""
    out = subprocess.run(
        ["import", "-window", "root", "-crop", "1280x820+0+0", "-resize", "1x1!",
         "-depth", "8", "txt:-"],
        capture_output=True, text=True, check=True,
    ).stdout
    # "0,0: (34,35,36)  #222324  srgb(34,35,36)"
    rgb = out.splitlines()[-1].split("(")[1].split(")")[0].split(",")
    return sum(float(c) for c in rgb[:3]) / 3


def brightness_reaching(done, seconds=10):
    """The brightness once `done(brightness)` holds, or the last one read after `seconds`
    (a loaded machine may take a while to draw the next frame)."""
    deadline = time.time() + seconds
    while True:
        now = brightness()
        if done(now) or time.time() > deadline:
            return now
        time.sleep(0.1)


def wait_exit(pid, seconds=15):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        # A child of run.sh, not ours: it is gone once /proc no longer has it (or it is a
        # zombie waiting for run.sh).
        try:
            with open(f"/proc/{pid}/stat") as f:
                if f.read().split(")")[1].split()[0] == "Z":
                    return
        except FileNotFoundError:
            return
        time.sleep(0.1)
    fail("the window did not close on Ctrl+Q")


def wait_window(pid):
    for _ in range(300):
        out = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid)],
                             capture_output=True, text=True).stdout.split()
        if out:
            subprocess.run(["xdotool", "windowfocus", "--sync", out[0]], check=False)
            return
        time.sleep(0.1)
    fail("the window did not open again")


def main():
    before = brightness()
    ok(f"the window opens in the system's theme (brightness {before:.0f})")
    light = find("toggle button", name="Light theme")
    press(light)
    lit = brightness_reaching(lambda b: b >= before + 60)
    if lit < before + 60:
        fail(f"pressing Light theme did not make the window light ({before:.0f} -> {lit:.0f})")
    ok(f"Light theme makes it light (brightness {lit:.0f})")

    key("ctrl+q")
    wait_exit(int(os.environ["TOKENBENCH_APP_PID"]))
    ok("Ctrl+Q closes the window")

    again = subprocess.Popen([os.environ["TOKENBENCH_BIN"]], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        wait_window(again.pid)
        # Light from the first frame drawn: wait only for a frame at all (black before).
        after = brightness_reaching(lambda b: b > 5)
        if after < lit - 30:
            fail(f"after a restart the window is not light ({after:.0f}, was {lit:.0f})")
        ok(f"after a restart it is light from the start (brightness {after:.0f})")
        button = find("toggle button", name="Light theme")
        if not (has(button, pyatspi.STATE_CHECKED) or has(button, pyatspi.STATE_PRESSED)
                or has(button, pyatspi.STATE_SELECTED)):
            fail("the Light theme button is not shown as chosen")
        ok("and the Light theme button is the chosen one")
    finally:
        again.terminate()
        again.wait(timeout=10)
    print("PASS")


main()
