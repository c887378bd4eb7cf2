"""Helpers for driving the window over AT-SPI as a screen reader does: find by role and name,
press, type, read text and states, send keys; announcements are collected in `announced`.
Imported by the scripts beside it (flow.py, theme.py)."""

import sys
import time

import subprocess

import pyatspi

# What the window announced (live regions), in order.
announced = []


def on_event(event):
    if "announcement" in event.type:
        announced.append(str(event.any_data))


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def ok(msg):
    print("ok: " + msg)


def app():
    desk = pyatspi.Registry.getDesktop(0)
    for _ in range(100):
        for i in range(desk.childCount):
            a = desk.getChildAtIndex(i)
            if a is not None and a.name == "tokenbench":
                return a
        time.sleep(0.1)
    fail("tokenbench is not on the accessibility bus")


def walk(acc):
    yield acc
    for i in range(acc.childCount):
        child = acc.getChildAtIndex(i)
        if child is not None:
            yield from walk(child)


def find(role, name=None, starts=None, contains=None, timeout=5.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for acc in walk(app()):
            try:
                if acc.getRoleName() != role:
                    continue
                n = acc.name or ""
                if name is not None and n != name:
                    continue
                if starts is not None and not n.startswith(starts):
                    continue
                if contains is not None and contains not in n:
                    continue
                return acc
            except Exception:
                continue
        time.sleep(0.1)
    fail(f"no [{role}] named {name or starts or contains!r}")


def text(acc):
    t = acc.queryText()
    return t.getText(0, -1)


def press(acc):
    acc.queryAction().doAction(0)
    time.sleep(0.4)


def focus(acc):
    """Moves the keyboard focus to `acc` (as Tab would reach it)."""
    acc.queryComponent().grabFocus()
    time.sleep(0.4)


def set_text(acc, value):
    acc.queryEditableText().setTextContents(value)
    time.sleep(0.4)


def has(acc, state):
    return acc.getState().contains(state)


def key(name):
    """A key press, as the keyboard sends it (the window has the X focus)."""
    subprocess.run(["xdotool", "key", name], check=True)
    time.sleep(0.5)
