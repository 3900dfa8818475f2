# shellcheck shell=bash
# The partners' RabbitMQ node: a second project-local broker standing for the ones the prefecture and the
# treasury run, which the hub bridges to. Sourced by scripts/infra after common.sh, tls.sh and rabbitmq.sh;
# the node itself is rabbitmq.sh's `partners` profile (docs/infrastructure-partners.md).
#
# After the node is ready, partners_provision makes it hold exactly this (idempotent, on every up):
#   vhosts       prefecture, treasury
#   prefecture   the prefecture's own user: configure/write/read .* on vhost prefecture, nothing elsewhere
#   treasury     the same on vhost treasury
#   hub-P        the hub's bridge account for partner P: on vhost P only, configure/write/read limited to
#                ^(P\.commands|P\.events|bridge\.P\..*)$
#   guest        kept (loopback only): the node's administrator, .* on both vhosts
#   svc-*        none (hub service users have no account here; any found is deleted)
# Passwords come from PASSERELLE_SECRET_<NAME> (NAME upper case, - as _) when set, else from the file
# $PASSERELLE_HOME/secrets/<NAME> (mode 0600 in a 0700 folder; the password alone, no newline), generated once:
# NAME is partner-prefecture, partner-treasury, hub-prefecture, hub-treasury. The same rule as the runtime's
# SecretStore. Each up sets them again on the node (rabbitmqctl change_password), so file and broker agree.
# Passwords are never printed, and never passed on a command line (rabbitmqctl reads them from standard input).

PARTNERS=(prefecture treasury)

partners_load_config() {
    PASSERELLE_PARTNER_NODE="${PASSERELLE_PARTNER_NODE:-passerelle-partners@localhost}"
    PASSERELLE_PARTNER_AMQP_PORT="${PASSERELLE_PARTNER_AMQP_PORT:-5682}"
    PASSERELLE_PARTNER_AMQPS_PORT="${PASSERELLE_PARTNER_AMQPS_PORT:-5681}"
    PASSERELLE_PARTNER_MANAGEMENT_PORT="${PASSERELLE_PARTNER_MANAGEMENT_PORT:-15682}"
    PASSERELLE_PARTNER_PROMETHEUS_PORT="${PASSERELLE_PARTNER_PROMETHEUS_PORT:-15702}"
    PASSERELLE_PARTNER_DIST_PORT="${PASSERELLE_PARTNER_DIST_PORT:-25682}"
    PARTNER_SECRETS_DIR="$PASSERELLE_HOME/secrets"

    local var
    local -A taken=()
    for var in PASSERELLE_PARTNER_AMQP_PORT PASSERELLE_PARTNER_AMQPS_PORT PASSERELLE_PARTNER_MANAGEMENT_PORT \
        PASSERELLE_PARTNER_PROMETHEUS_PORT PASSERELLE_PARTNER_DIST_PORT; do
        if ! [[ "${!var}" =~ ^[0-9]+$ ]] || ((${!var} < 1 || ${!var} > 65535)); then
            die "$var='${!var}' is not a valid TCP port"
        fi
    done
    # Two of our servers on one port would only show when the second one fails to start.
    for var in PASSERELLE_AMQP_PORT PASSERELLE_AMQPS_PORT PASSERELLE_MANAGEMENT_PORT PASSERELLE_PROMETHEUS_PORT \
        PASSERELLE_RABBIT_DIST_PORT PASSERELLE_PG_PORT PASSERELLE_PARTNER_AMQP_PORT PASSERELLE_PARTNER_AMQPS_PORT \
        PASSERELLE_PARTNER_MANAGEMENT_PORT PASSERELLE_PARTNER_PROMETHEUS_PORT PASSERELLE_PARTNER_DIST_PORT; do
        if [[ -n "${taken[${!var}]:-}" ]]; then
            die "$var and ${taken[${!var}]} are both ${!var}: give each server its own port"
        fi
        taken[${!var}]="$var"
    done
    [[ "$PASSERELLE_PARTNER_NODE" == *@* ]] ||
        die "PASSERELLE_PARTNER_NODE='$PASSERELLE_PARTNER_NODE' must look like name@host"
    [[ "${PASSERELLE_PARTNER_NODE%@*}" != "${PASSERELLE_RABBIT_NODE%@*}" ]] ||
        die "PASSERELLE_PARTNER_NODE and PASSERELLE_RABBIT_NODE must have different names"
}

# partner_secret_variable NAME: the variable that overrides NAME's password file, as SecretStore spells it:
# PASSERELLE_SECRET_ + NAME in upper case, every character other than a letter or a digit as _.
partner_secret_variable() {
    local name="${1^^}"
    printf 'PASSERELLE_SECRET_%s' "${name//[^A-Z0-9]/_}"
}

# _partners_secret NAME: sets PARTNER_PASSWORD to NAME's password (the variable, else the file with surrounding
# whitespace trimmed, as SecretStore reads it); writes a new file when there is neither.
_partners_secret() {
    local name="$1" variable file value
    variable="$(partner_secret_variable "$name")"
    if [[ -n "${!variable:-}" ]]; then
        PARTNER_PASSWORD="${!variable}"
        return 0
    fi
    mkdir -p "$PARTNER_SECRETS_DIR"
    chmod 700 "$PARTNER_SECRETS_DIR"
    file="$PARTNER_SECRETS_DIR/$name"
    value=''
    if [[ -s "$file" ]]; then
        value="$(<"$file")"
        value="${value#"${value%%[![:space:]]*}"}"
        value="${value%"${value##*[![:space:]]}"}"
    fi
    if [[ -z "$value" ]]; then
        value="$(openssl rand -base64 24 | tr -d '/+=\n')"
        [[ ${#value} -ge 24 ]] || die "could not generate a password with openssl"
        (
            umask 077
            printf '%s' "$value" >"$file.tmp"
        )
        mv -f "$file.tmp" "$file"
        ok "Password of $name generated in $file"
    fi
    chmod 600 "$file"
    PARTNER_PASSWORD="$value"
}

# _partners_ctl ARG...: the partners' rabbitmqctl, quiet. Its standard input is /dev/null: the CLI would
# otherwise read the lines a `while read` loop around it is iterating over.
_partners_ctl() {
    _rabbit_cli rabbitmqctl -q "$@" </dev/null
}

# _partners_ctl_secret PASSWORD ARG...: rabbitmqctl with PASSWORD on its standard input (never on a command line);
# on failure prints rabbitmqctl's output with the password masked, should it appear there.
_partners_ctl_secret() {
    local password="$1" out rc=0
    shift
    out="$(printf '%s' "$password" | _rabbit_cli rabbitmqctl -q "$@" 2>&1)" || rc=$?
    if ((rc != 0)); then
        err "rabbitmqctl $1 $2 failed (exit $rc) on $RABBIT_NODE"
        printf '%s\n' "${out//"$password"/***}" | sed 's/^/    /' >&2
    fi
    return $rc
}

# The permissions a user should have on a vhost, as "configure<TAB>write<TAB>read", or nothing.
_partners_wanted_permissions() {
    local user="$1" vhost="$2" p names
    case "$user" in
        guest | "$vhost")
            [[ " ${PARTNERS[*]} " == *" $vhost "* ]] && printf '.*\t.*\t.*'
            ;;
        "hub-$vhost")
            p="${vhost//./\\.}"
            names="^($p\\.commands|$p\\.events|bridge\\.$p\\..*)\$"
            printf '%s\t%s\t%s' "$names" "$names" "$names"
            ;;
    esac
    return 0
}

# partners_provision: vhosts, users, passwords and permissions on the partners' node (the header above).
partners_provision() {
    rabbit_init_paths
    local partner user vhost name changed=0 users vhosts line tags current wanted conf write read
    local -a managed=()
    for partner in "${PARTNERS[@]}"; do
        managed+=("$partner" "hub-$partner")
    done

    vhosts="$(_partners_ctl list_vhosts --no-table-headers name)" || die "rabbitmqctl list_vhosts failed on $RABBIT_NODE"
    for vhost in "${PARTNERS[@]}"; do
        if ! grep -Fxq "$vhost" <<<"$vhosts"; then
            _partners_ctl add_vhost "$vhost" >/dev/null || die "rabbitmqctl add_vhost $vhost failed on $RABBIT_NODE"
            note "vhost $vhost created"
            changed=1
        fi
    done

    users="$(_partners_ctl list_users --no-table-headers)" || die "rabbitmqctl list_users failed on $RABBIT_NODE"
    for user in "${managed[@]}"; do
        if [[ "$user" == hub-* ]]; then name="$user"; else name="partner-$user"; fi
        _partners_secret "$name"
        line="$(awk -F'\t' -v u="$user" '$1 == u' <<<"$users")"
        if [[ -z "$line" ]]; then
            _partners_ctl_secret "$PARTNER_PASSWORD" add_user "$user" >/dev/null || exit 1
            note "user $user created (password: $PARTNER_SECRETS_DIR/$name or \$$(partner_secret_variable "$name"))"
            changed=1
        else
            _partners_ctl_secret "$PARTNER_PASSWORD" change_password "$user" >/dev/null || exit 1
            tags="$(cut -f2 <<<"$line")"
            if [[ "$tags" != "[]" ]]; then
                _partners_ctl set_user_tags "$user" >/dev/null || die "rabbitmqctl set_user_tags $user failed"
                note "user $user: tags $tags removed"
                changed=1
            fi
        fi
    done
    PARTNER_PASSWORD=''
    # The hub's service users (svc-<name>) have no business on the partners' brokers.
    while IFS=$'\t' read -r user _; do
        [[ "$user" == svc-* ]] || continue
        _partners_ctl delete_user "$user" >/dev/null || die "rabbitmqctl delete_user $user failed"
        warn "hub user $user found on the partners' node: deleted"
        changed=1
    done <<<"$users"

    # Permissions, on every vhost: exactly the wanted ones for our users and guest (guest's others stay).
    vhosts="$(_partners_ctl list_vhosts --no-table-headers name)" || die "rabbitmqctl list_vhosts failed on $RABBIT_NODE"
    while read -r vhost; do
        [[ -n "$vhost" ]] || continue
        current="$(_partners_ctl list_permissions -p "$vhost" --no-table-headers)" ||
            die "rabbitmqctl list_permissions -p $vhost failed on $RABBIT_NODE"
        for user in "${managed[@]}" guest; do
            wanted="$(_partners_wanted_permissions "$user" "$vhost")"
            line="$(awk -F'\t' -v u="$user" '$1 == u { print $2 "\t" $3 "\t" $4 }' <<<"$current")"
            if [[ -n "$wanted" && "$line" != "$wanted" ]]; then
                IFS=$'\t' read -r conf write read <<<"$wanted"
                _partners_ctl set_permissions -p "$vhost" "$user" "$conf" "$write" "$read" >/dev/null ||
                    die "rabbitmqctl set_permissions -p $vhost $user failed on $RABBIT_NODE"
                note "permissions of $user on vhost $vhost set"
                changed=1
            elif [[ -z "$wanted" && -n "$line" && "$user" != guest ]]; then
                _partners_ctl clear_permissions -p "$vhost" "$user" >/dev/null ||
                    die "rabbitmqctl clear_permissions -p $vhost $user failed on $RABBIT_NODE"
                note "permissions of $user on vhost $vhost removed"
                changed=1
            fi
        done
    done <<<"$vhosts"
    if ((changed)); then
        ok "Partners' node provisioned (vhosts ${PARTNERS[*]}; users ${managed[*]}; passwords in $PARTNER_SECRETS_DIR)"
    else
        ok "Partners' node already provisioned (vhosts ${PARTNERS[*]}; users ${managed[*]}; passwords set again)"
    fi
}

# partners_up: starts (or finds) the partners' node, then provisions it.
partners_up() {
    rabbit_with partners rabbit_up
    rabbit_with partners partners_provision
}

partners_down() {
    rabbit_with partners rabbit_down
}

partners_status() {
    rabbit_with partners rabbit_status
}
