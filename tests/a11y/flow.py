"""The window as a screen reader sees it (AT-SPI), driven without sight or a mouse: mint an
Amazon Connect token and read it, break a field and hear why, inspect a pasted token and
hear why it fails, save a profile through a modal dialog, open the shortcuts with F1.

Run by tests/screen_reader.rs inside a private D-Bus session with the AT-SPI bus enabled,
the window already open under Xvfb. Prints what it checked; exits 1 on the first failure.
"""

import time

import pyatspi

from atspi import announced, app, fail, find, has, key, ok, on_event, press, set_text, text, walk

SECRET = "kJ6n8sWcQ1bYd3lT0pZxR2vA9mE4uH7gF5iK8oL1jN0="
EXPIRED_TILEDESK = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJzdWIiOiJ1c2VyZXh0ZXJuYWwiLCJfaWQiOiJwMV91MSIsImF1ZCI6Imh0dHBzOi8vdGlsZWRlc2suY29tL3Byb2plY3RzL3AxIiwicm9sZSI6Im93bmVyIiwiZXhwIjoxNzAwMDAwMDAwfQ"
    ".c2ln"
)


def main():
    pyatspi.Registry.registerEventListener(on_event, "object")
    frame = find("frame", name="tokenbench")
    ok("the window is named: " + frame.name)

    # Mint: the vendor, the key, the widget id; then read the token.
    press(find("toggle button", starts="Amazon Connect — hosted chat widget"))
    secret = find("password text", name="Secret")
    set_text(secret, SECRET)
    widget = find("entry", name="Widget ID")
    if not has(widget, pyatspi.STATE_REQUIRED):
        fail("Widget ID is not marked required")
    ok("Widget ID is marked required")
    set_text(widget, "a1b2c3d4-5678-90ab-cdef-000000000001")
    token = find("document frame", name="Minted token")
    value = text(token)
    if value.count(".") != 2 or not value.startswith("eyJ"):
        fail("the minted token can't be read: " + repr(value))
    ok("the minted token reads as text: " + value[:24] + "…")
    header = find("label", starts="Header part: ")
    if not value.startswith(header.name[len("Header part: "):]):
        fail("the header part is not the token's: " + header.name)
    ok("the token's parts read one by one")
    payload = find("document frame", name="Payload JSON")
    if "a1b2c3d4-5678-90ab-cdef-000000000001" not in text(payload):
        fail("the decoded payload can't be read")
    ok("the decoded payload reads as text")
    find("label", starts="✔ Passes every check")
    ok("the vendor checks read: passes every check")

    # A field that can't be read: the reason is its description, and it is announced.
    set_text(find("entry", name="iat"), "tomorrow-ish")
    iat = find("entry", name="iat")
    if "is not a time" not in (iat.description or ""):
        fail("iat does not say why it is wrong: " + repr(iat.description))
    ok("the broken field says why: " + iat.description)
    time.sleep(0.5)
    if not any("is not a time" in a for a in announced):
        fail("the field's error was not announced: " + repr(announced[-5:]))
    ok("the error was announced")
    set_text(find("entry", name="iat"), "")

    # Save a profile through a modal dialog: the rest can't be reached meanwhile.
    press(find("push button", name="Save as profile…"))
    dialog = find("dialog", name="Name the profile")
    if not has(dialog, pyatspi.STATE_MODAL):
        fail("the dialog is not modal")
    behind = find("toggle button", name="Inspect")
    if has(behind, pyatspi.STATE_SENSITIVE):
        fail("a control behind the dialog can still be used")
    ok("the dialog is named, modal, and the window behind it can't be used")
    set_text(find("entry", name="Profile name"), "Acme — Connect")
    press(find("push button", name="Save"))
    find("label", name="Profile: Acme — Connect")
    ok("the profile was saved")

    # Inspect a pasted token and hear why it fails.
    press(find("toggle button", name="Inspect"))
    set_text(find("entry", name="Token to inspect"), EXPIRED_TILEDESK)
    verdict = find("label", starts="Invalid: ")
    if "expired" not in verdict.name or "does not verify" not in verdict.name:
        fail("the verdict does not say why: " + verdict.name)
    ok("the verdict reads: " + verdict.name)
    time.sleep(0.5)
    if not any(a.startswith("Invalid: ") for a in announced):
        fail("the verdict was not announced")
    ok("the verdict was announced")

    # The shortcuts, from the keyboard.
    press(find("toggle button", name="Mint"))
    key("F1")
    find("dialog", name="Keyboard shortcuts")
    find("label", name="Ctrl+Shift+C")
    ok("F1 opens the shortcuts")
    key("Escape")
    deadline = time.time() + 3
    while time.time() < deadline:
        if not any(a.getRoleName() == "dialog" for a in walk(app())):
            break
        time.sleep(0.1)
    else:
        fail("Escape did not close the shortcuts")
    ok("Escape closes them")
    print("PASS")


main()
