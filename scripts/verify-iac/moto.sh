#!/usr/bin/env bash
# moto.sh: the local AWS emulator (moto_server), on loopback only.
#
#   moto.sh run [PORT] -- CMD [ARG...]   start moto, run CMD with SFU_EMULATOR_URL
#                                        set, stop moto when CMD ends (any way)
#   moto.sh start [PORT]                 start in the background; prints the URL
#   moto.sh stop [PORT]                  stop the one started by 'start'
#
# PORT defaults to a free port on 127.0.0.1 (SFU_MOTO_PORT overrides). Also
# sourceable: moto_start [PORT] sets MOTO_PID and MOTO_URL and installs an EXIT
# trap that calls moto_stop.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MOTO_HOST="127.0.0.1"
MOTO_PID=""
MOTO_URL=""

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

moto_answers() { # URL
  python3 - "$1" <<'PY' >/dev/null 2>&1
import sys, urllib.request
urllib.request.urlopen(sys.argv[1] + "/moto-api/data.json", timeout=2).read()
PY
}

moto_start() { # [PORT]
  local port="${1:-${SFU_MOTO_PORT:-}}" log i
  [[ -x "$SFU_MOTO_VENV/bin/python" ]] || die "moto_server not installed: run scripts/verify-iac/install-python-tools.sh"
  [[ -n "$port" ]] || port="$(free_port)"
  mkdir -p "$SFU_LOG_DIR"
  log="$SFU_LOG_DIR/moto-$port.log"
  MOTO_URL="http://$MOTO_HOST:$port"
  if moto_answers "$MOTO_URL"; then
    die "something already answers on $MOTO_URL; pick another port"
  fi
  log "starting moto_server $SFU_MOTO_VERSION on $MOTO_URL (log: $log)"
  # moto's server app (every service on one port; -H pins it to loopback),
  # plus the RPC v2 CBOR protocol it does not route (moto_server.py says why).
  "$SFU_MOTO_VENV/bin/python" "$SFU_VERIFY_DIR/moto_server.py" -H "$MOTO_HOST" -p "$port" >"$log" 2>&1 &
  MOTO_PID=$!
  trap moto_stop EXIT
  for i in $(seq 1 100); do
    if moto_answers "$MOTO_URL"; then
      info "moto answers on $MOTO_URL (pid $MOTO_PID, after ~$((i / 5))s)"
      export SFU_EMULATOR_URL="$MOTO_URL"
      return 0
    fi
    if ! kill -0 "$MOTO_PID" 2>/dev/null; then
      tail -n 20 "$log" >&2 || true
      die "moto_server exited before answering (log above)"
    fi
    sleep 0.2
  done
  tail -n 20 "$log" >&2 || true
  moto_stop
  die "moto_server did not answer on $MOTO_URL within 20s"
}

moto_stop() {
  if [[ -n "$MOTO_PID" ]] && kill -0 "$MOTO_PID" 2>/dev/null; then
    kill "$MOTO_PID" 2>/dev/null || true
    for _ in $(seq 1 25); do
      kill -0 "$MOTO_PID" 2>/dev/null || break
      sleep 0.2
    done
    kill -9 "$MOTO_PID" 2>/dev/null || true
    wait "$MOTO_PID" 2>/dev/null || true
    info "moto_server (pid $MOTO_PID) stopped"
  fi
  MOTO_PID=""
}

# Only dispatch when executed, not when sourced.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  cmd="${1:-}"
  shift || true
  case "$cmd" in
    run)
      port=""
      if [[ $# -gt 0 && "$1" != "--" ]]; then port="$1"; shift; fi
      [[ "${1:-}" == "--" ]] && shift
      [[ $# -gt 0 ]] || die "usage: $0 run [PORT] -- CMD [ARG...]"
      moto_start "$port"
      rc=0
      "$@" || rc=$?
      moto_stop
      exit "$rc"
      ;;
    start)
      moto_start "${1:-}"
      echo "$MOTO_PID" >"$SFU_LOG_DIR/moto-${MOTO_URL##*:}.pid"
      trap - EXIT
      echo "$MOTO_URL"
      ;;
    stop)
      port="${1:-${SFU_MOTO_PORT:-}}"
      [[ -n "$port" ]] || die "usage: $0 stop PORT"
      pidfile="$SFU_LOG_DIR/moto-$port.pid"
      [[ -f "$pidfile" ]] || die "no pid file $pidfile"
      MOTO_PID="$(cat "$pidfile")"
      rm -f "$pidfile"
      moto_stop
      ;;
    *)
      die "usage: $0 run [PORT] -- CMD... | start [PORT] | stop PORT"
      ;;
  esac
fi
