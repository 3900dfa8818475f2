# shellcheck shell=bash
# Shared helpers for scripts/infra, scripts/test and scripts/up.
# Sourced, never executed. Expects `set -euo pipefail` in the caller.

# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------
if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
    _c_bold=$'\e[1m' _c_red=$'\e[31m' _c_yellow=$'\e[33m' _c_green=$'\e[32m' _c_off=$'\e[0m'
else
    _c_bold='' _c_red='' _c_yellow='' _c_green='' _c_off=''
fi

step() { printf '%s==>%s %s\n' "$_c_bold" "$_c_off" "$*"; }
ok() { printf '%s ok%s %s\n' "$_c_green" "$_c_off" "$*"; }
note() { printf '    %s\n' "$*"; }
warn() { printf '%swarning:%s %s\n' "$_c_yellow" "$_c_off" "$*" >&2; }
err() { printf '%serror:%s %s\n' "$_c_red" "$_c_off" "$*" >&2; }
die() {
    err "$*"
    exit 1
}

# ---------------------------------------------------------------------------------------------
# Configuration (all of it comes from the environment, with defaults)
# ---------------------------------------------------------------------------------------------
PASSERELLE_ROOT="${PASSERELLE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"

passerelle_load_config() {
    PASSERELLE_HOME="${PASSERELLE_HOME:-$PASSERELLE_ROOT/.passerelle}"
    # Make it absolute: it ends up in config files and wrapper scripts.
    case "$PASSERELLE_HOME" in
        /*) ;;
        *) PASSERELLE_HOME="$PWD/$PASSERELLE_HOME" ;;
    esac
    PASSERELLE_HOME="${PASSERELLE_HOME%/}"

    PASSERELLE_AMQP_PORT="${PASSERELLE_AMQP_PORT:-5672}"
    PASSERELLE_AMQPS_PORT="${PASSERELLE_AMQPS_PORT:-5671}"
    PASSERELLE_MANAGEMENT_PORT="${PASSERELLE_MANAGEMENT_PORT:-15672}"
    PASSERELLE_PROMETHEUS_PORT="${PASSERELLE_PROMETHEUS_PORT:-15692}"
    PASSERELLE_RABBIT_DIST_PORT="${PASSERELLE_RABBIT_DIST_PORT:-25672}"
    PASSERELLE_PG_PORT="${PASSERELLE_PG_PORT:-5432}"
    PASSERELLE_RABBIT_NODE="${PASSERELLE_RABBIT_NODE:-passerelle@localhost}"
    PASSERELLE_PG_PASSWORD="${PASSERELLE_PG_PASSWORD:-passerelle}"
    PASSERELLE_RABBIT_START_TIMEOUT="${PASSERELLE_RABBIT_START_TIMEOUT:-60}"
    # Every server listens on this IPv4 address only: loopback by default, so nothing is reachable from
    # another machine. 0.0.0.0 means every interface.
    PASSERELLE_BIND_ADDRESS="${PASSERELLE_BIND_ADDRESS:-127.0.0.1}"

    local var
    for var in PASSERELLE_AMQP_PORT PASSERELLE_AMQPS_PORT PASSERELLE_MANAGEMENT_PORT \
        PASSERELLE_PROMETHEUS_PORT PASSERELLE_RABBIT_DIST_PORT PASSERELLE_PG_PORT; do
        if ! [[ "${!var}" =~ ^[0-9]+$ ]] || ((${!var} < 1 || ${!var} > 65535)); then
            die "$var='${!var}' is not a valid TCP port"
        fi
    done
    [[ -n "$PASSERELLE_PG_PASSWORD" ]] || die "PASSERELLE_PG_PASSWORD must not be empty"
    [[ "$PASSERELLE_RABBIT_NODE" == *@* ]] || die "PASSERELLE_RABBIT_NODE='$PASSERELLE_RABBIT_NODE' must look like name@host"
    local octet
    if ! [[ "$PASSERELLE_BIND_ADDRESS" =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ ]]; then
        die "PASSERELLE_BIND_ADDRESS='$PASSERELLE_BIND_ADDRESS' must be an IPv4 address (default 127.0.0.1)"
    fi
    for octet in ${PASSERELLE_BIND_ADDRESS//./ }; do
        ((10#$octet <= 255)) || die "PASSERELLE_BIND_ADDRESS='$PASSERELLE_BIND_ADDRESS' is not an IPv4 address"
    done
    # Where the scripts (and `scripts/infra env`) connect: the bind address, or loopback for 0.0.0.0.
    if [[ "$PASSERELLE_BIND_ADDRESS" == 0.0.0.0 ]]; then
        PASSERELLE_CONNECT_HOST=127.0.0.1
    else
        PASSERELLE_CONNECT_HOST="$PASSERELLE_BIND_ADDRESS"
    fi

    PASSERELLE_TLS_DIR="$PASSERELLE_HOME/tls"
    PASSERELLE_BIN_DIR="$PASSERELLE_HOME/bin"
    PG_BIN="/usr/lib/postgresql/15/bin"
    RABBIT_BIN="/usr/lib/rabbitmq/bin"
    export LC_ALL=C.UTF-8 LANG=C.UTF-8
}

# ---------------------------------------------------------------------------------------------
# Privileges and packages
# ---------------------------------------------------------------------------------------------
is_root() { [[ "$(id -u)" == 0 ]]; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if is_root; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "'$*' needs root and sudo is not installed"
    fi
}

package_installed() {
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == installed ]]
}

# ensure_packages PKG...: installs the packages dpkg does not list as installed.
# On a fresh machine the apt lists are empty, so `apt-get update` runs first.
# Services are not started by the packages (policy-rc.d), so Debian's own PostgreSQL cluster and
# RabbitMQ node never grab our ports.
ensure_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        package_installed "$pkg" || missing+=("$pkg")
    done
    if ((${#missing[@]} == 0)); then
        ok "Debian packages present"
        return 0
    fi
    step "Installing Debian packages: ${missing[*]}"
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install ${missing[*]} by hand"

    local policy=/usr/sbin/policy-rc.d added_policy=0 rc=0
    if [[ ! -e "$policy" ]]; then
        printf '#!/bin/sh\n# temporary, written by passerelle scripts/infra\nexit 101\n' |
            as_root tee "$policy" >/dev/null
        as_root chmod 755 "$policy"
        added_policy=1
    fi
    {
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
                --no-install-recommends "${missing[@]}"
    } || rc=$?
    if ((added_policy)); then
        as_root rm -f "$policy"
    fi
    ((rc == 0)) || die "apt-get failed (exit $rc) while installing: ${missing[*]}"
    for pkg in "${missing[@]}"; do
        package_installed "$pkg" || die "package $pkg is still not installed after apt-get install"
    done
    ok "Installed ${missing[*]}"
}

# ---------------------------------------------------------------------------------------------
# Ports
# ---------------------------------------------------------------------------------------------
have_ss() { command -v ss >/dev/null 2>&1; }

# port_listening PORT: true when something listens on TCP PORT (any address).
port_listening() {
    local port="$1"
    if have_ss; then
        [[ -n "$(ss -H -ltn "sport = :$port" 2>/dev/null)" ]]
    else
        timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null
    fi
}

# port_open PORT: true when a TCP connection to $PASSERELLE_CONNECT_HOST:PORT (default 127.0.0.1) succeeds.
port_open() {
    timeout 2 bash -c "exec 3<>/dev/tcp/${PASSERELLE_CONNECT_HOST:-127.0.0.1}/$1" 2>/dev/null
}

# bind_erlang_tuple ADDRESS: an IPv4 address as an Erlang tuple, 127.0.0.1 -> {127,0,0,1}.
bind_erlang_tuple() {
    local a b c d
    IFS=. read -r a b c d <<<"$1"
    printf '{%d,%d,%d,%d}' "$((10#$a))" "$((10#$b))" "$((10#$c))" "$((10#$d))"
}

# exposed_listeners PORT...: prints the TCP listeners on those ports whose address is neither loopback nor
# $PASSERELLE_BIND_ADDRESS (with the default 127.0.0.1: 0.0.0.0, *, [::] or an interface's address), one
# "address:port" per line. Prints nothing without ss.
exposed_listeners() {
    local port local_address address
    have_ss || return 0
    for port in "$@"; do
        while read -r local_address; do
            [[ -n "$local_address" ]] || continue
            address="${local_address%:*}"
            case "$address" in
                127.* | "[::1]" | "[::ffff:127."*) ;;
                "$PASSERELLE_BIND_ADDRESS") ;;
                *) echo "$local_address" ;;
            esac
        done < <(ss -H -ltn "sport = :$port" 2>/dev/null | awk '{print $4}')
    done
}

# port_holder PORT: prints a description of the process listening on PORT, if ss can tell.
port_holder() {
    local port="$1" line pid cmd
    have_ss || return 0
    line="$(ss -H -ltnp "sport = :$port" 2>/dev/null | head -n 1)"
    [[ -n "$line" ]] || return 0
    pid="$(sed -n 's/.*pid=\([0-9]*\).*/\1/p' <<<"$line")"
    if [[ -n "$pid" && -r "/proc/$pid/cmdline" ]]; then
        cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" | cut -c1-160)"
        printf 'pid %s: %s' "$pid" "${cmd% }"
    else
        sed -n 's/.*users:(\(.*\))$/\1/p' <<<"$line"
    fi
}

# check_ports_free COMPONENT "PORT:ENVVAR"...: exits 1 naming every port already taken.
check_ports_free() {
    local component="$1" spec port var holder bad=0
    shift
    for spec in "$@"; do
        port="${spec%%:*}"
        var="${spec#*:}"
        if port_listening "$port"; then
            holder="$(port_holder "$port")"
            err "$component cannot start: TCP port $port is already in use${holder:+ by $holder}."
            printf '       Stop that process, or choose another port: %s=<free port> %s up\n' \
                "$var" "${PASSERELLE_INFRA_CMD:-scripts/infra}" >&2
            bad=1
        fi
    done
    ((bad == 0)) || exit 1
}

# ---------------------------------------------------------------------------------------------
# Misc
# ---------------------------------------------------------------------------------------------
# pid_alive PID: true when PID is a live process (not a zombie).
pid_alive() {
    local pid="$1" state
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [[ -r "/proc/$pid/stat" ]] || return 1
    state="$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)"
    [[ -n "$state" && "$state" != Z && "$state" != X ]]
}

# urlencode STRING: percent-encodes every byte except RFC 3986 unreserved characters.
urlencode() {
    local hex out='' byte
    hex="$(printf '%s' "$1" | od -An -v -tx1 | tr -s ' \n' ' ')"
    for byte in $hex; do
        case "$byte" in
            3[0-9] | 4[1-9a-f] | 5[0-9a] | 6[1-9a-f] | 7[0-9a] | 2d | 2e | 5f | 7e)
                out+="$(printf "\\x$byte")" ;;
            *) out+="%${byte^^}" ;;
        esac
    done
    printf '%s' "$out"
}

# elapsed SECONDS: 1m05s / 42s
format_duration() {
    local s="$1"
    if ((s >= 60)); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

# tail_file FILE [LINES]: indented tail of a log file, for error messages.
tail_file() {
    local file="$1" lines="${2:-25}"
    if [[ -s "$file" ]]; then
        printf '    --- last %s lines of %s ---\n' "$lines" "$file" >&2
        tail -n "$lines" "$file" | sed 's/^/    /' >&2
    fi
}
