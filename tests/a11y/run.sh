#!/usr/bin/env bash
# The window on a private accessibility bus: run inside `dbus-run-session`. Starts the AT-SPI
# bus and says assistive technology is listening, unlocks a fresh gnome-keyring, opens the
# window (the binary given) under its own Xvfb with an empty config, focuses it, then runs the
# screen-reader script given, and closes everything it started.
#   dbus-run-session -- bash tests/a11y/run.sh BINARY SCRIPT.py
set -euo pipefail
bin="$1"
script="$2"
work="$(mktemp -d)"
export GSETTINGS_BACKEND=memory XDG_DATA_HOME="$work/data" XDG_RUNTIME_DIR="$work/run" \
  HOME="$work/home" TOKENBENCH_CONFIG_DIR="$work/config"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" "$HOME" && chmod 700 "$XDG_RUNTIME_DIR"
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; }
trap cleanup EXIT

/usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 &
pids+=($!)
sleep 1
dbus-send --session --dest=org.a11y.Bus --type=method_call /org/a11y/bus \
  org.freedesktop.DBus.Properties.Set string:org.a11y.Status string:IsEnabled variant:boolean:true
printf 'a11y' | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || true

# shellcheck source=../support/xvfb.sh
source "$(dirname "$0")/../support/xvfb.sh"
# The window, on a fresh Xvfb; when the X server turns the window away (seen once on a loaded
# machine with several servers starting at once), a new server and one more try.
win=""
for attempt in 1 2; do
  start_xvfb "$work" || { echo "Xvfb did not start"; exit 1; }
  pids+=("$XVFB_PID")
  "$bin" >"$work/app.log" 2>&1 &
  app=$!
  pids+=($app)
  for _ in $(seq 200); do
    win="$(xdotool search --onlyvisible --pid "$app" 2>/dev/null | head -1 || true)"
    [ -n "$win" ] && break
    kill -0 "$app" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$win" ] && break
  grep -q "connection to X server" "$work/app.log" || break
  echo "try $attempt: the X server refused the window; starting another"
  kill "$app" "$XVFB_PID" 2>/dev/null || true
done
[ -n "$win" ] || { echo "the window did not open"; cat "$work/app.log"; exit 1; }
xdotool windowfocus --sync "$win"
sleep 1
TOKENBENCH_BIN="$bin" TOKENBENCH_APP_PID="$app" /usr/bin/python3 "$script"
