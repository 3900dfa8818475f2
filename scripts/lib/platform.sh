# shellcheck shell=bash
# Starting and stopping the whole platform on this machine (scripts/up, and the platform hook of scripts/test):
# the topology and the PostgreSQL roles, the development identity provider, every service of services.yaml, the
# bridge and the partner simulators, each in the background with its log in $LOG_DIR. Needs the infrastructure
# up, `eval "$(scripts/infra env)"` done and the binaries built; sets BIN_PATH, SERVICES_TSV, LOG_DIR and PIDS.

platform_prepare() {
    BIN_PATH="${BIN_PATH:-$(swift build --show-bin-path | tail -n 1)}"
    [[ -x "$BIN_PATH/passerelle" ]] || die "no passerelle executable in $BIN_PATH: build first"
    step "Applying the broker topology (passerelle topology apply)"
    "$BIN_PATH/passerelle" topology apply --yes || die "the topology could not be applied"
    step "Provisioning the services' PostgreSQL roles (passerelle db provision)"
    "$BIN_PATH/passerelle" db provision || die "the services' PostgreSQL roles could not be provisioned"
    step "Preparing the development identity provider (passerelle token keygen)"
    "$BIN_PATH/passerelle" token keygen || die "the development signing key could not be created"
    export PASSERELLE_IDENTITY_JWKS="${PASSERELLE_IDENTITY_JWKS:-$PASSERELLE_HOME/secrets/identity/jwks.json}"
    SERVICES_TSV="$("$BIN_PATH/passerelle" services list --tsv)" || die "services.yaml could not be read (see above)"
    [[ -n "$SERVICES_TSV" ]] || die "services.yaml lists no service"
    local name variable port secrets
    while IFS=$'\t' read -r name _ variable port secrets _; do
        export "$variable=$port"
        platform_create_secrets "$name" "$secrets"
    done <<<"$SERVICES_TSV"
    export PASSERELLE_BRIDGE_HTTP_PORT="${PASSERELLE_BRIDGE_HTTP_PORT:-8090}"
    export PASSERELLE_SIRENE_STUB_PORT="${PASSERELLE_SIRENE_STUB_PORT:-8095}"
    export PASSERELLE_SIRENE_URL="${PASSERELLE_SIRENE_URL:-http://127.0.0.1:$PASSERELLE_SIRENE_STUB_PORT}"
    LOG_DIR="${LOG_DIR:-$PASSERELLE_HOME/logs}"
    mkdir -p "$LOG_DIR"
    PIDS=()
}

platform_create_secrets() {
    local name="$1" list="$2" file key_file
    local -a files
    [[ "$list" != - ]] || return 0
    IFS=, read -r -a files <<<"$list"
    for file in "${files[@]}"; do
        key_file="$PASSERELLE_HOME/secrets/$file"
        [[ ! -s "$key_file" ]] || continue
        mkdir -p "$(dirname "$key_file")"
        (umask 077 && head -c 32 /dev/urandom | base64 >"$key_file")
        ok "$name secret created in $key_file"
    done
}

# platform_start_process NAME PRODUCT PORT: starts it and waits for /health/ready.
platform_start_process() {
    local name="$1" product="$2" port="$3"
    [[ -x "$BIN_PATH/$product" ]] || die "no $product executable in $BIN_PATH (services.yaml names it for $name)"
    step "Starting $name (http://127.0.0.1:$port, log $LOG_DIR/$name.log)"
    "$BIN_PATH/$product" </dev/null >>"$LOG_DIR/$name.log" 2>&1 &
    PIDS+=("$!")
    local waited=0
    until curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
        sleep 0.5
        waited=$((waited + 1))
        kill -0 "${PIDS[-1]}" 2>/dev/null || die "$name exited; see $LOG_DIR/$name.log"
        ((waited < 120)) || die "$name is not ready after 60 s; see $LOG_DIR/$name.log"
    done
    ok "$name ready"
}

# The partner simulators keep their journal where their other subcommands (send-letter) read it by default
# ($PASSERELLE_HOME/partners/<p>/log.jsonl) and read their control file before each message (control.json there).
platform_start_simulator() {
    local partner="$1"
    step "Starting the $partner simulator (log $LOG_DIR/$partner-simulator.log, journal $PASSERELLE_HOME/partners/$partner/log.jsonl)"
    mkdir -p "$PASSERELLE_HOME/partners/$partner"
    /usr/bin/python3 "partners/$partner/simulator.py" run --control "$PASSERELLE_HOME/partners/$partner/control.json" \
        </dev/null >>"$LOG_DIR/$partner-simulator.log" 2>&1 &
    PIDS+=("$!")
    sleep 1
    kill -0 "${PIDS[-1]}" 2>/dev/null || die "the $partner simulator exited; see $LOG_DIR/$partner-simulator.log"
    ok "$partner simulator running"
}

# The local stand-in for INSEE's Sirene API (the desk looks SIRETs up there): recorded answers from
# partners/sirene/recordings, the same key file as the desk (secrets/sirene.key). Skipped when PASSERELLE_SIRENE_URL
# points elsewhere (a real Sirene).
platform_start_sirene_stub() {
    [[ "$PASSERELLE_SIRENE_URL" == "http://127.0.0.1:$PASSERELLE_SIRENE_STUB_PORT" ]] || return 0
    step "Starting the Sirene stub ($PASSERELLE_SIRENE_URL, log $LOG_DIR/sirene-stub.log)"
    "$BIN_PATH/passerelle" sirene stub --port "$PASSERELLE_SIRENE_STUB_PORT" --recordings partners/sirene/recordings \
        --key-file "$PASSERELLE_HOME/secrets/sirene.key" </dev/null >>"$LOG_DIR/sirene-stub.log" 2>&1 &
    PIDS+=("$!")
    local waited=0
    until curl -s -o /dev/null "$PASSERELLE_SIRENE_URL/siret/00000000000000"; do
        sleep 0.5
        waited=$((waited + 1))
        kill -0 "${PIDS[-1]}" 2>/dev/null || die "the Sirene stub exited; see $LOG_DIR/sirene-stub.log"
        ((waited < 40)) || die "the Sirene stub is not answering after 20 s; see $LOG_DIR/sirene-stub.log"
    done
    ok "Sirene stub running"
}

platform_start() {
    local name product port
    platform_start_sirene_stub
    while IFS=$'\t' read -r name product _ port _ _; do
        platform_start_process "$name" "$product" "$port"
    done <<<"$SERVICES_TSV"
    platform_start_process bridge passerelle-bridge "$PASSERELLE_BRIDGE_HTTP_PORT"
    platform_start_simulator prefecture
    platform_start_simulator treasury
}

platform_stop() {
    local pid
    step "Stopping the services"
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    PIDS=()
    ok "services stopped"
}
