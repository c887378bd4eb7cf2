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

# Xvfb picks a free display itself and writes its number once it accepts connections (a
# fixed or random number can collide with another X server; a loaded machine can take a
# while to start one).
Xvfb -displayfd 3 -screen 0 1400x900x24 -nolisten tcp 3>"$work/display" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 300); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || { echo "Xvfb did not start"; exit 1; }
export DISPLAY=":$(head -1 "$work/display")"
for _ in $(seq 100); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

"$bin" >"$work/app.log" 2>&1 &
app=$!
pids+=($app)
win=""
for _ in $(seq 200); do
  win="$(xdotool search --onlyvisible --pid "$app" 2>/dev/null | head -1 || true)"
  [ -n "$win" ] && break
  sleep 0.1
done
[ -n "$win" ] || { echo "the window did not open"; cat "$work/app.log"; exit 1; }
xdotool windowfocus --sync "$win"
sleep 1
/usr/bin/python3 "$script"
