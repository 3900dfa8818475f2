# shellcheck shell=bash
# The local SMTP sink: scripts/lib/smtp_sink.py on Debian's python3-aiosmtpd. Sourced by scripts/infra
# after common.sh.
#
# The sink is a background /usr/bin/python3 process (not the `python3` first on PATH, which may lack
# aiosmtpd). It is identified by its pid file and by its command line, which names this state
# folder's mail directory, never by process name: other sinks (tests, other worktrees) may run too.
# Accepted mail lands in $PASSERELLE_HOME/mail (see docs/mail.md).

SMTP_PYTHON=/usr/bin/python3

smtp_init_paths() {
    PASSERELLE_SMTP_PORT="${PASSERELLE_SMTP_PORT:-2525}"
    if ! [[ "$PASSERELLE_SMTP_PORT" =~ ^[0-9]+$ ]] || ((PASSERELLE_SMTP_PORT < 1 || PASSERELLE_SMTP_PORT > 65535)); then
        die "PASSERELLE_SMTP_PORT='$PASSERELLE_SMTP_PORT' is not a valid TCP port"
    fi
    SMTP_DIR="$PASSERELLE_HOME/smtp"
    SMTP_PID_FILE="$SMTP_DIR/smtp.pid"
    SMTP_LOG_FILE="$SMTP_DIR/smtp.log"
    SMTP_SINK="$PASSERELLE_ROOT/scripts/lib/smtp_sink.py"
    PASSERELLE_MAIL_DIR="$PASSERELLE_HOME/mail"
}

# True when PID is a live sink serving this state folder's mail directory.
_smtp_owns_pid() {
    local pid="$1"
    pid_alive "$pid" || return 1
    tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -Fxq "$PASSERELLE_MAIL_DIR"
}

# Prints the pid of this state folder's sink, if it runs.
smtp_pid() {
    local pid
    [[ -s "$SMTP_PID_FILE" ]] || return 0
    pid="$(tr -dc '0-9' <"$SMTP_PID_FILE")"
    if _smtp_owns_pid "$pid"; then echo "$pid"; fi
}

# The port the running sink was started with (the argument after --port).
_smtp_running_port() {
    local pid="$1"
    tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | sed -n '/^--port$/{n;p;q}'
}

# True when $PASSERELLE_CONNECT_HOST:$PASSERELLE_SMTP_PORT greets with an SMTP 220 reply.
smtp_ready() {
    local greeting
    greeting="$(timeout 3 bash -c 'exec 3<>"/dev/tcp/$2/$1"; head -c 3 <&3; printf "QUIT\r\n" >&3' _ \
        "$PASSERELLE_SMTP_PORT" "$PASSERELLE_CONNECT_HOST" 2>/dev/null)" || return 1
    [[ "$greeting" == 220 ]]
}

# smtp_preflight: checks, without starting anything, that the sink can be (or already is) up.
# Sets SMTP_ACTION to "running" or "start".
smtp_preflight() {
    smtp_init_paths
    [[ -x "$SMTP_PYTHON" ]] || die "$SMTP_PYTHON not found (install python3-aiosmtpd)"
    [[ -f "$SMTP_SINK" ]] || die "$SMTP_SINK is missing"
    "$SMTP_PYTHON" -c 'import aiosmtpd' 2>/dev/null ||
        die "$SMTP_PYTHON cannot import aiosmtpd: install the Debian package python3-aiosmtpd"
    local pid port
    pid="$(smtp_pid)"
    if [[ -n "$pid" ]]; then
        port="$(_smtp_running_port "$pid")"
        if [[ "$port" != "$PASSERELLE_SMTP_PORT" ]]; then
            die "The SMTP sink (pid $pid) runs on port ${port:-?}, not $PASSERELLE_SMTP_PORT. Run: scripts/infra stop-smtp && scripts/infra start-smtp"
        fi
        SMTP_ACTION=running
        return 0
    fi
    SMTP_ACTION=start
    check_ports_free "SMTP sink" "$PASSERELLE_SMTP_PORT:PASSERELLE_SMTP_PORT"
}

smtp_up() {
    smtp_preflight
    if [[ "$SMTP_ACTION" == running ]] && smtp_ready; then
        ok "SMTP sink already running (pid $(smtp_pid), $PASSERELLE_CONNECT_HOST:$PASSERELLE_SMTP_PORT)"
        return 0
    fi
    if [[ "$SMTP_ACTION" == start ]]; then
        rm -f "$SMTP_PID_FILE"
        mkdir -p "$SMTP_DIR" "$PASSERELLE_MAIL_DIR"
        step "Starting the SMTP sink on $PASSERELLE_BIND_ADDRESS:$PASSERELLE_SMTP_PORT (mail in $PASSERELLE_MAIL_DIR)"
        echo "=== $(date -Is) scripts/infra ===" >>"$SMTP_LOG_FILE"
        (
            cd "$SMTP_DIR"
            setsid "$SMTP_PYTHON" "$SMTP_SINK" --host "$PASSERELLE_BIND_ADDRESS" --port "$PASSERELLE_SMTP_PORT" \
                --mail-dir "$PASSERELLE_MAIL_DIR" </dev/null >>"$SMTP_LOG_FILE" 2>&1 9>&- &
            echo $! >"$SMTP_PID_FILE"
        )
    else
        step "SMTP sink process is up but not answering yet; waiting"
    fi
    local deadline=$((SECONDS + 15))
    while ! smtp_ready; do
        if [[ -z "$(smtp_pid)" ]]; then
            err "The SMTP sink exited during startup"
            tail_file "$SMTP_LOG_FILE" 20
            exit 1
        fi
        if ((SECONDS >= deadline)); then
            err "The SMTP sink did not answer within 15s; it is still running, stop it with: scripts/infra stop-smtp"
            tail_file "$SMTP_LOG_FILE" 20
            exit 1
        fi
        sleep 0.2
    done
    ok "SMTP sink ready (pid $(smtp_pid), log $SMTP_LOG_FILE)"
}

smtp_down() {
    smtp_init_paths
    local pid deadline
    pid="$(smtp_pid)"
    if [[ -z "$pid" ]]; then
        rm -f "$SMTP_PID_FILE"
        ok "SMTP sink not running"
        return 0
    fi
    step "Stopping the SMTP sink (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 10))
    while _smtp_owns_pid "$pid"; do
        if ((SECONDS >= deadline)); then
            warn "SMTP sink still running after 10s; sending SIGKILL to pid $pid"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.5
            break
        fi
        sleep 0.2
    done
    rm -f "$SMTP_PID_FILE"
    ok "SMTP sink stopped"
}

# Prints one line; returns 0 when the sink runs and answers.
smtp_status() {
    smtp_init_paths
    local pid
    pid="$(smtp_pid)"
    if [[ -z "$pid" ]]; then
        echo "SMTP sink  : stopped"
        return 1
    fi
    if smtp_ready; then
        echo "SMTP sink  : running (pid $pid, smtp://$PASSERELLE_CONNECT_HOST:$PASSERELLE_SMTP_PORT, mail $PASSERELLE_MAIL_DIR)"
        return 0
    fi
    echo "SMTP sink  : process up (pid $pid) but not answering on $PASSERELLE_CONNECT_HOST:$PASSERELLE_SMTP_PORT (log $SMTP_LOG_FILE)"
    return 1
}
