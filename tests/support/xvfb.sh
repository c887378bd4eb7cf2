# Sourced by the scripts that open the real window: `start_xvfb WORKDIR` starts a private
# Xvfb (1400x900), exports DISPLAY and sets XVFB_PID. Xvfb picks a free display itself and
# writes its number once it listens (a fixed number can collide with another X server); the
# display is trusted only once a client has connected to it, and a server that never
# answers is replaced, three times at most (a loaded CI machine once lost one). Returns 1,
# having printed what Xvfb said, when none answered.
start_xvfb() {
  local work="$1" attempt
  for attempt in 1 2 3; do
    : >"$work/display"
    Xvfb -displayfd 3 -screen 0 1400x900x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
    XVFB_PID=$!
    for _ in $(seq 300); do [ -s "$work/display" ] && break; sleep 0.1; done
    if [ -s "$work/display" ]; then
      export DISPLAY=":$(head -1 "$work/display")"
      for _ in $(seq 200); do xdpyinfo >/dev/null 2>&1 && return 0; sleep 0.1; done
    fi
    echo "Xvfb (try $attempt) did not accept connections:"
    cat "$work/xvfb.log"
    kill "$XVFB_PID" 2>/dev/null || true
    wait "$XVFB_PID" 2>/dev/null || true
    XVFB_PID=""
  done
  return 1
}
