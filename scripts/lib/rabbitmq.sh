# shellcheck shell=bash
# Project-local RabbitMQ nodes. Sourced by scripts/infra after common.sh and tls.sh.
#
# Two profiles share this code; every rabbit_* function works on the node of $RABBIT_PROFILE:
#   hub       (the default) the hub's broker: node $PASSERELLE_RABBIT_NODE, state in $PASSERELLE_HOME/rabbitmq,
#             wrappers $PASSERELLE_HOME/bin/rabbitmqctl, …
#   partners  the node standing for the partners' own brokers (the prefecture's and the treasury's): node
#             $PASSERELLE_PARTNER_NODE, state in $PASSERELLE_HOME/rabbitmq-partners, wrappers
#             $PASSERELLE_HOME/bin/partner-rabbitmqctl, …, ports PASSERELLE_PARTNER_* (partners_load_config in
#             partners.sh sets them). Its own HOME gives it its own Erlang cookie.
# `rabbit_with partners rabbit_up` runs one function on the partners' node.
#
# A node runs as the invoking user (root here) from Debian's real start script
# /usr/lib/rabbitmq/bin/rabbitmq-server (not the /usr/sbin wrapper, which switches to the
# `rabbitmq` user and then cannot write into a root-owned state folder). Every path points into
# its state folder, so nothing under /etc/rabbitmq or /var/lib/rabbitmq is used.
#
# Every listener is bound to $PASSERELLE_BIND_ADDRESS (127.0.0.1 by default): AMQP, AMQPS, management and
# Prometheus in rabbitmq.conf, the Erlang distribution with -kernel inet_dist_use_interface (for the node and
# for the CLI tools, which are Erlang nodes too), and epmd with ERL_EPMD_ADDRESS (for whichever of them starts
# it). An epmd already running on every interface (started earlier without ERL_EPMD_ADDRESS) is stopped
# before the node starts, unless other Erlang nodes are registered with it. Both nodes share that one epmd.

RABBIT_CLI_TOOLS=(rabbitmqctl rabbitmq-diagnostics rabbitmq-plugins rabbitmq-queues rabbitmq-upgrade rabbitmq-streams)
RABBIT_PROFILE=hub

# rabbit_with PROFILE CMD...: runs CMD with the rabbit_* functions working on PROFILE's node (hub or partners).
rabbit_with() {
    # shellcheck disable=SC2034 # read by _rabbit_profile through bash's dynamic scoping
    local RABBIT_PROFILE="$1"
    shift
    "$@"
}

# Sets the RABBIT_* settings of the node of $RABBIT_PROFILE: node name, ports and the variables that move them,
# state folder, wrapper prefix, plugins, certificate, and the words its messages use.
_rabbit_profile() {
    case "$RABBIT_PROFILE" in
        hub)
            RABBIT_LABEL=RabbitMQ
            RABBIT_STATUS_LABEL="RabbitMQ   :"
            RABBIT_NODE="$PASSERELLE_RABBIT_NODE"
            RABBIT_AMQP_PORT="$PASSERELLE_AMQP_PORT"
            RABBIT_AMQPS_PORT="$PASSERELLE_AMQPS_PORT"
            RABBIT_MANAGEMENT_PORT="$PASSERELLE_MANAGEMENT_PORT"
            RABBIT_PROMETHEUS_PORT="$PASSERELLE_PROMETHEUS_PORT"
            RABBIT_DIST_PORT="$PASSERELLE_RABBIT_DIST_PORT"
            RABBIT_NODE_VAR=PASSERELLE_RABBIT_NODE
            RABBIT_PORT_VARS=(PASSERELLE_AMQP_PORT PASSERELLE_AMQPS_PORT PASSERELLE_MANAGEMENT_PORT
                PASSERELLE_PROMETHEUS_PORT PASSERELLE_RABBIT_DIST_PORT)
            RABBIT_STATE_NAME=rabbitmq
            RABBIT_WRAPPER_PREFIX=
            RABBIT_CERT=server
            RABBIT_PLUGINS=(rabbitmq_management rabbitmq_prometheus rabbitmq_shovel rabbitmq_shovel_management)
            RABBIT_TLS_RENEWED="${TLS_RENEWED:-0}"
            RABBIT_STOP_CMD="scripts/infra down"
            RABBIT_RESTART_CMD="scripts/infra down && scripts/infra up"
            ;;
        partners)
            [[ -n "${PASSERELLE_PARTNER_NODE:-}" ]] || die "internal: partners_load_config was not called"
            RABBIT_LABEL="RabbitMQ (partners)"
            RABBIT_STATUS_LABEL="Partners   :"
            RABBIT_NODE="$PASSERELLE_PARTNER_NODE"
            RABBIT_AMQP_PORT="$PASSERELLE_PARTNER_AMQP_PORT"
            RABBIT_AMQPS_PORT="$PASSERELLE_PARTNER_AMQPS_PORT"
            RABBIT_MANAGEMENT_PORT="$PASSERELLE_PARTNER_MANAGEMENT_PORT"
            RABBIT_PROMETHEUS_PORT="$PASSERELLE_PARTNER_PROMETHEUS_PORT"
            RABBIT_DIST_PORT="$PASSERELLE_PARTNER_DIST_PORT"
            RABBIT_NODE_VAR=PASSERELLE_PARTNER_NODE
            RABBIT_PORT_VARS=(PASSERELLE_PARTNER_AMQP_PORT PASSERELLE_PARTNER_AMQPS_PORT
                PASSERELLE_PARTNER_MANAGEMENT_PORT PASSERELLE_PARTNER_PROMETHEUS_PORT PASSERELLE_PARTNER_DIST_PORT)
            RABBIT_STATE_NAME=rabbitmq-partners
            RABBIT_WRAPPER_PREFIX=partner-
            RABBIT_CERT=partner-server
            RABBIT_PLUGINS=(rabbitmq_management rabbitmq_prometheus rabbitmq_shovel rabbitmq_shovel_management)
            # The partners' certificate is renewed with the whole material or on its own.
            RABBIT_TLS_RENEWED=$((${TLS_RENEWED:-0} || ${TLS_PARTNER_RENEWED:-0}))
            RABBIT_STOP_CMD="scripts/infra stop-partners"
            RABBIT_RESTART_CMD="scripts/infra stop-partners && scripts/infra start-partners"
            ;;
        *) die "internal: unknown RabbitMQ profile '$RABBIT_PROFILE'" ;;
    esac
}

rabbit_init_paths() {
    _rabbit_profile
    RABBIT_DIR="$PASSERELLE_HOME/$RABBIT_STATE_NAME"
    RABBIT_LOG_DIR="$RABBIT_DIR/log"
    RABBIT_RUN_DIR="$RABBIT_DIR/run"
    RABBIT_PID_FILE="$RABBIT_RUN_DIR/rabbit.pid"        # written by the node (beam.smp)
    RABBIT_LAUNCHER_PID_FILE="$RABBIT_RUN_DIR/launcher.pid" # the rabbitmq-server script
    RABBIT_LOG_FILE="$RABBIT_LOG_DIR/$RABBIT_NODE.log"
    RABBIT_CONF="$RABBIT_DIR/rabbitmq.conf"
    local dist_interface
    dist_interface="-kernel inet_dist_use_interface $(bind_erlang_tuple "$PASSERELLE_BIND_ADDRESS")"
    # Everything the server and the CLI tools need to find this node and nothing else.
    RABBIT_ENV=(
        "HOME=$RABBIT_DIR/home"
        "RABBITMQ_NODENAME=$RABBIT_NODE"
        "RABBITMQ_NODE_IP_ADDRESS=$PASSERELLE_BIND_ADDRESS"
        "RABBITMQ_NODE_PORT=$RABBIT_AMQP_PORT"
        "RABBITMQ_DIST_PORT=$RABBIT_DIST_PORT"
        "RABBITMQ_MNESIA_BASE=$RABBIT_DIR/mnesia"
        "RABBITMQ_LOG_BASE=$RABBIT_LOG_DIR"
        "RABBITMQ_PID_FILE=$RABBIT_PID_FILE"
        "RABBITMQ_ENABLED_PLUGINS_FILE=$RABBIT_DIR/enabled_plugins"
        "RABBITMQ_CONFIG_FILE=$RABBIT_CONF"
        "RABBITMQ_ADVANCED_CONFIG_FILE=$RABBIT_DIR/advanced.config"
        "RABBITMQ_CONF_ENV_FILE=$RABBIT_DIR/rabbitmq-env.conf"
        "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=$dist_interface"
        "RABBITMQ_CTL_ERL_ARGS=$dist_interface"
        "ERL_EPMD_ADDRESS=$PASSERELLE_BIND_ADDRESS"
        "LC_ALL=C.UTF-8"
        "LANG=C.UTF-8"
    )
}

_rabbit_conf_content() {
    cat <<CONF
# Generated by scripts/infra up; edits are overwritten.
# node: $RABBIT_NODE, distribution port: $RABBIT_DIST_PORT on $PASSERELLE_BIND_ADDRESS
listeners.tcp.1 = $PASSERELLE_BIND_ADDRESS:$RABBIT_AMQP_PORT
listeners.ssl.1 = $PASSERELLE_BIND_ADDRESS:$RABBIT_AMQPS_PORT
ssl_options.cacertfile = $PASSERELLE_TLS_DIR/ca.pem
ssl_options.certfile = $PASSERELLE_TLS_DIR/$RABBIT_CERT.pem
ssl_options.keyfile = $PASSERELLE_TLS_DIR/$RABBIT_CERT.key
ssl_options.verify = verify_peer
ssl_options.fail_if_no_peer_cert = false
management.tcp.ip = $PASSERELLE_BIND_ADDRESS
management.tcp.port = $RABBIT_MANAGEMENT_PORT
prometheus.tcp.ip = $PASSERELLE_BIND_ADDRESS
prometheus.tcp.port = $RABBIT_PROMETHEUS_PORT
log.file.level = info
CONF
}

# Pids (launcher and node) that belong to *this* state folder: identified by the
# RABBITMQ_MNESIA_BASE in their environment, never by process name.
_rabbit_owns_pid() {
    local pid="$1"
    pid_alive "$pid" || return 1
    tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -Fxq "RABBITMQ_MNESIA_BASE=$RABBIT_DIR/mnesia"
}

rabbit_pids() {
    local f pid
    for f in "$RABBIT_PID_FILE" "$RABBIT_LAUNCHER_PID_FILE"; do
        [[ -s "$f" ]] || continue
        pid="$(tr -dc '0-9' <"$f")"
        if _rabbit_owns_pid "$pid"; then echo "$pid"; fi
    done
}

rabbit_ready() {
    port_open "$RABBIT_AMQP_PORT" &&
        port_open "$RABBIT_AMQPS_PORT" &&
        port_open "$RABBIT_PROMETHEUS_PORT" &&
        curl -fsS -o /dev/null --max-time 3 -u guest:guest \
            "http://$PASSERELLE_CONNECT_HOST:$RABBIT_MANAGEMENT_PORT/api/overview" 2>/dev/null
}

_rabbit_cli() {
    local tool="$1"
    shift
    env "${RABBIT_ENV[@]}" "$RABBIT_BIN/$tool" -n "$RABBIT_NODE" "$@"
}

# Executable wrappers in $PASSERELLE_HOME/bin that talk to this node (rabbitmqctl, …; partner-rabbitmqctl, …).
rabbit_write_wrappers() {
    local tool file assignment
    mkdir -p "$PASSERELLE_BIN_DIR"
    for tool in "${RABBIT_CLI_TOOLS[@]}"; do
        file="$PASSERELLE_BIN_DIR/$RABBIT_WRAPPER_PREFIX$tool"
        {
            echo '#!/usr/bin/env bash'
            echo "# Generated by scripts/infra up: $tool for the project-local node $RABBIT_NODE."
            for assignment in "${RABBIT_ENV[@]}"; do
                printf 'export %s=%q\n' "${assignment%%=*}" "${assignment#*=}"
            done
            printf 'exec %q -n %q "$@"\n' "$RABBIT_BIN/$tool" "$RABBIT_NODE"
        } >"$file.tmp"
        chmod 755 "$file.tmp"
        mv -f "$file.tmp" "$file"
    done
}

_rabbit_show_logs() {
    tail_file "$RABBIT_LOG_FILE" 30
    tail_file "$RABBIT_LOG_DIR/startup_err" 15
    tail_file "$RABBIT_LOG_DIR/startup_log" 15
}

_rabbit_epmd() {
    if command -v epmd >/dev/null 2>&1; then
        echo epmd
    else
        compgen -G '/usr/lib/erlang/erts-*/bin/epmd' | head -n 1
    fi
}

# True when another Erlang node already registered our node name with epmd.
_rabbit_name_taken() {
    local epmd name="${RABBIT_NODE%@*}"
    epmd="$(_rabbit_epmd)"
    [[ -n "$epmd" ]] || return 1
    "$epmd" -names 2>/dev/null | grep -q "^name $name at port "
}

# The port epmd listens on (ERL_EPMD_PORT, default 4369).
rabbit_epmd_port() {
    echo "${ERL_EPMD_PORT:-4369}"
}

# An epmd started earlier without ERL_EPMD_ADDRESS listens on every interface, and a new node only registers
# with it. Stop it (`epmd -kill`, which epmd refuses while a node is registered) so that the node starts
# one bound to $PASSERELLE_BIND_ADDRESS; when other nodes use it, leave it and say so.
_rabbit_epmd_rebind() {
    local epmd exposed registered
    exposed="$(exposed_listeners "$(rabbit_epmd_port)")"
    [[ -n "$exposed" ]] || return 0
    epmd="$(_rabbit_epmd)"
    [[ -n "$epmd" ]] || return 0
    registered="$("$epmd" -names 2>/dev/null | grep -c '^name ' || true)"
    if ((registered > 0)); then
        warn "epmd listens on $(paste -sd, <<<"$exposed") and $registered other Erlang node(s) use it; it stays (restart it with ERL_EPMD_ADDRESS=$PASSERELLE_BIND_ADDRESS to bind it to loopback)"
        return 0
    fi
    step "Stopping the idle epmd listening on $(paste -sd, <<<"$exposed"): the node starts one on $PASSERELLE_BIND_ADDRESS"
    "$epmd" -kill >/dev/null 2>&1 || warn "epmd -kill failed; epmd keeps listening on $(paste -sd, <<<"$exposed")"
    local deadline=$((SECONDS + 5))
    while [[ -n "$(exposed_listeners "$(rabbit_epmd_port)")" ]] && ((SECONDS < deadline)); do sleep 0.2; done
}

# rabbit_preflight: checks, without starting anything, that the node can be (or already is) up.
# Sets RABBIT_ACTION to "running", "wait" or "start".
rabbit_preflight() {
    rabbit_init_paths
    local pids
    pids="$(rabbit_pids)"
    if [[ -n "$pids" ]]; then
        if [[ "$(cat "$RABBIT_CONF" 2>/dev/null)" != "$(_rabbit_conf_content)" ]]; then
            die "$RABBIT_LABEL ($RABBIT_DIR) is running with other settings (ports, node name or PASSERELLE_BIND_ADDRESS changed). Run: $RABBIT_RESTART_CMD"
        fi
        RABBIT_ACTION=running
        return 0
    fi
    RABBIT_ACTION=start
    local var specs=()
    for var in "${RABBIT_PORT_VARS[@]}"; do
        specs+=("${!var}:$var")
    done
    check_ports_free "$RABBIT_LABEL" "${specs[@]}"
    if _rabbit_name_taken; then
        die "$RABBIT_LABEL cannot start: another Erlang node already uses the name '${RABBIT_NODE%@*}' (see 'epmd -names'). Stop it, or set $RABBIT_NODE_VAR=<name>@localhost"
    fi
}

rabbit_up() {
    rabbit_preflight
    if [[ "$RABBIT_ACTION" == running ]] && ((RABBIT_TLS_RENEWED)); then
        warn "TLS material was renewed: restarting $RABBIT_LABEL so it loads the new certificates"
        rabbit_down
        rabbit_preflight
    fi

    if [[ "$RABBIT_ACTION" == running ]]; then
        rabbit_write_wrappers
        if rabbit_ready; then
            ok "$RABBIT_LABEL already running (node $RABBIT_NODE, pid $(rabbit_pids | paste -sd,))"
            return 0
        fi
        step "$RABBIT_LABEL process is up but not answering yet; waiting"
    else
        # A crash leaves pid files behind; they name processes that are gone.
        rm -f "$RABBIT_PID_FILE" "$RABBIT_LAUNCHER_PID_FILE"
        step "Starting $RABBIT_LABEL node $RABBIT_NODE on $PASSERELLE_BIND_ADDRESS (AMQP $RABBIT_AMQP_PORT, AMQPS $RABBIT_AMQPS_PORT, management $RABBIT_MANAGEMENT_PORT)"
        mkdir -p "$RABBIT_DIR/home" "$RABBIT_DIR/mnesia" "$RABBIT_LOG_DIR" "$RABBIT_RUN_DIR"
        chmod 700 "$RABBIT_DIR/home"
        _rabbit_conf_content >"$RABBIT_CONF"
        printf '[%s].\n' "$(
            IFS=,
            echo "${RABBIT_PLUGINS[*]}"
        )" >"$RABBIT_DIR/enabled_plugins"
        echo '# Intentionally empty: keeps /etc/rabbitmq/rabbitmq-env.conf out of this node.' \
            >"$RABBIT_DIR/rabbitmq-env.conf"
        rabbit_write_wrappers
        _rabbit_epmd_rebind
        echo "=== $(date -Is) scripts/infra up ===" |
            tee -a "$RABBIT_LOG_DIR/startup_log" >>"$RABBIT_LOG_DIR/startup_err"
        (
            cd "$RABBIT_DIR"
            env "${RABBIT_ENV[@]}" setsid "$RABBIT_BIN/rabbitmq-server" \
                </dev/null >>"$RABBIT_LOG_DIR/startup_log" 2>>"$RABBIT_LOG_DIR/startup_err" 9>&- &
            echo $! >"$RABBIT_LAUNCHER_PID_FILE"
        )
    fi

    local deadline=$((SECONDS + PASSERELLE_RABBIT_START_TIMEOUT))
    while ! rabbit_ready; do
        if [[ -z "$(rabbit_pids)" ]]; then
            err "$RABBIT_LABEL exited during startup"
            _rabbit_show_logs
            exit 1
        fi
        if ((SECONDS >= deadline)); then
            err "$RABBIT_LABEL did not become ready within ${PASSERELLE_RABBIT_START_TIMEOUT}s (set PASSERELLE_RABBIT_START_TIMEOUT to wait longer); it is still running, stop it with: $RABBIT_STOP_CMD"
            _rabbit_show_logs
            exit 1
        fi
        sleep 1
    done
    ok "$RABBIT_LABEL ready (node $RABBIT_NODE, pid $(rabbit_pids | head -n 1), log $RABBIT_LOG_FILE)"
}

rabbit_down() {
    rabbit_init_paths
    local pids pid deadline
    pids="$(rabbit_pids)"
    if [[ -z "$pids" ]]; then
        rm -f "$RABBIT_PID_FILE" "$RABBIT_LAUNCHER_PID_FILE"
        ok "$RABBIT_LABEL not running"
        return 0
    fi
    step "Stopping $RABBIT_LABEL node $RABBIT_NODE"
    if ! _rabbit_cli rabbitmqctl stop >>"$RABBIT_LOG_DIR/stop.log" 2>&1; then
        warn "rabbitmqctl stop failed (see $RABBIT_LOG_DIR/stop.log); sending SIGTERM to pid $(paste -sd, <<<"$pids")"
        for pid in $pids; do kill -TERM "$pid" 2>/dev/null || true; done
    fi
    deadline=$((SECONDS + 60))
    while [[ -n "$(rabbit_pids)" ]]; do
        if ((SECONDS >= deadline)); then
            pids="$(rabbit_pids)"
            warn "$RABBIT_LABEL still running after 60s; sending SIGKILL to pid $(paste -sd, <<<"$pids")"
            for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
            sleep 1
            break
        fi
        sleep 0.5
    done
    rm -f "$RABBIT_PID_FILE" "$RABBIT_LAUNCHER_PID_FILE"
    ok "$RABBIT_LABEL stopped"
}

# Prints one line; returns 0 when the node runs and answers.
rabbit_status() {
    rabbit_init_paths
    local pids
    pids="$(rabbit_pids)"
    if [[ -z "$pids" ]]; then
        echo "$RABBIT_STATUS_LABEL stopped"
        return 1
    fi
    if rabbit_ready; then
        echo "$RABBIT_STATUS_LABEL running (node $RABBIT_NODE, pid $(paste -sd, <<<"$pids"), AMQP $RABBIT_AMQP_PORT, AMQPS $RABBIT_AMQPS_PORT, management $RABBIT_MANAGEMENT_PORT, prometheus $RABBIT_PROMETHEUS_PORT)"
        return 0
    fi
    echo "$RABBIT_STATUS_LABEL process up (pid $(paste -sd, <<<"$pids")) but not answering on its ports (log $RABBIT_LOG_FILE)"
    return 1
}
