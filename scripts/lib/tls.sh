# shellcheck shell=bash
# Local TLS material for the AMQPS listener and the TLS tests. Sourced by scripts/infra.
#
#   $PASSERELLE_TLS_DIR/ca.pem, ca.key              self-signed development CA
#   $PASSERELLE_TLS_DIR/server.pem, server.key      CN=localhost, SAN DNS:localhost,IP:127.0.0.1
#   $PASSERELLE_TLS_DIR/partner-server.pem, .key    CN=partners.localhost, SAN DNS:localhost,IP:127.0.0.1 (the
#                                                   partners' node; signed by ca.pem)
#   $PASSERELLE_TLS_DIR/client.pem, client.key      CN=passerelle-client (clientAuth)
#   $PASSERELLE_TLS_DIR/other-ca.pem, other-ca.key  an unrelated CA, for negative tests
#   $PASSERELLE_TLS_DIR/other-client.pem, .key      a client certificate signed by other-ca
#
# Throwaway development material: the leaf keys are world-readable on purpose so tests running
# as another user can load them; the CA keys are not.
#
# ensure_tls renews everything when the CA, the hub's server certificate or a client certificate is missing,
# broken or within 7 days of expiry (TLS_RENEWED=1, TLS_PARTNER_RENEWED=1), and only the partners'
# certificate, signed by the CA in place, when it alone is (TLS_PARTNER_RENEWED=1): adding it to an existing
# folder keeps the CA the hub's node and the tests already trust.

TLS_DAYS=825
TLS_BASE_FILES=(ca.pem ca.key server.pem server.key client.pem client.key
    other-ca.pem other-ca.key other-client.pem other-client.key)
TLS_PARTNER_FILES=(partner-server.pem partner-server.key)
TLS_PARTNER_SUBJECT="/O=Passerelle/CN=partners.localhost"

_tls_write_openssl_config() {
    cat >"$1" <<'CNF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = placeholder
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
CNF
}

# _tls_ca DIR NAME SUBJECT
_tls_ca() {
    openssl req -x509 -config "$1/openssl.cnf" -extensions ca -newkey rsa:2048 -nodes \
        -keyout "$1/$2.key" -out "$1/$2.pem" -days "$TLS_DAYS" -subj "$3" -sha256 2>/dev/null
}

# _tls_leaf DIR NAME CA EXTENSIONS SUBJECT
_tls_leaf() {
    local dir="$1" name="$2" ca="$3" ext="$4" subject="$5"
    openssl req -new -config "$dir/openssl.cnf" -newkey rsa:2048 -nodes \
        -keyout "$dir/$name.key" -out "$dir/$name.csr" -subj "$subject" 2>/dev/null
    openssl x509 -req -in "$dir/$name.csr" -CA "$dir/$ca.pem" -CAkey "$dir/$ca.key" \
        -set_serial "0x$(openssl rand -hex 16)" -days "$TLS_DAYS" -sha256 \
        -extfile "$dir/openssl.cnf" -extensions "$ext" -out "$dir/$name.pem" 2>/dev/null
    rm -f "$dir/$name.csr"
}

# True when the CA, server, client and other-ca files exist, the chains verify and the server and client
# certificates are valid > 7 days.
_tls_base_complete() {
    local dir="$1" f
    for f in "${TLS_BASE_FILES[@]}"; do
        [[ -s "$dir/$f" ]] || return 1
    done
    openssl verify -CAfile "$dir/ca.pem" "$dir/server.pem" "$dir/client.pem" >/dev/null 2>&1 || return 1
    openssl verify -CAfile "$dir/other-ca.pem" "$dir/other-client.pem" >/dev/null 2>&1 || return 1
    openssl x509 -checkend $((7 * 24 * 3600)) -noout -in "$dir/server.pem" >/dev/null 2>&1 || return 1
    openssl x509 -checkend $((7 * 24 * 3600)) -noout -in "$dir/client.pem" >/dev/null 2>&1 || return 1
}

# True when the partners' certificate and key exist, match, verify against the CA in DIR, name
# partners.localhost and are valid > 7 days.
_tls_partner_complete() {
    local dir="$1" f
    for f in "${TLS_PARTNER_FILES[@]}"; do
        [[ -s "$dir/$f" ]] || return 1
    done
    openssl verify -CAfile "$dir/ca.pem" "$dir/partner-server.pem" >/dev/null 2>&1 || return 1
    openssl x509 -checkend $((7 * 24 * 3600)) -noout -in "$dir/partner-server.pem" >/dev/null 2>&1 || return 1
    openssl x509 -noout -subject -in "$dir/partner-server.pem" 2>/dev/null | grep -q 'CN *= *partners\.localhost' ||
        return 1
    [[ "$(openssl x509 -noout -pubkey -in "$dir/partner-server.pem" 2>/dev/null)" == \
        "$(openssl pkey -pubout -in "$dir/partner-server.key" 2>/dev/null)" ]]
}

# True when every file exists, the chains verify and the certificates are valid > 7 days.
_tls_complete() {
    _tls_base_complete "$1" && _tls_partner_complete "$1"
}

# Writes only partner-server.pem/.key into $PASSERELLE_TLS_DIR, signed by the CA already there.
_tls_partner_renew() {
    local dir="$PASSERELLE_TLS_DIR" tmp
    step "Generating the partners' node certificate (CN=partners.localhost) in $dir"
    tmp="$(mktemp -d "$PASSERELLE_HOME/.tls.XXXXXX")"
    (
        set -e
        umask 077
        cp "$dir/ca.pem" "$dir/ca.key" "$tmp/"
        _tls_write_openssl_config "$tmp/openssl.cnf"
        _tls_leaf "$tmp" partner-server ca server "$TLS_PARTNER_SUBJECT"
        chmod 644 "$tmp/partner-server.pem" "$tmp/partner-server.key"
        _tls_partner_complete "$tmp"
    ) || {
        rm -rf "$tmp"
        die "could not generate the partners' certificate with openssl"
    }
    mv -f "$tmp/partner-server.key" "$dir/partner-server.key"
    mv -f "$tmp/partner-server.pem" "$dir/partner-server.pem"
    rm -rf "$tmp"
    ok "Partners' certificate written (CN=partners.localhost, signed by $dir/ca.pem; valid $TLS_DAYS days)"
    TLS_PARTNER_RENEWED=1
}

# ensure_tls: creates (or renews) the material; sets TLS_RENEWED=1 when it wrote new files for everything (the
# hub's node must restart), TLS_PARTNER_RENEWED=1 when the partners' certificate is new (their node must).
TLS_RENEWED=0
TLS_PARTNER_RENEWED=0
ensure_tls() {
    local dir="$PASSERELLE_TLS_DIR" tmp
    if _tls_complete "$dir"; then
        ok "TLS material present in $dir"
        return 0
    fi
    command -v openssl >/dev/null 2>&1 || die "openssl is not installed"
    if _tls_base_complete "$dir"; then
        _tls_partner_renew
        return 0
    fi
    step "Generating TLS material in $dir"
    mkdir -p "$PASSERELLE_HOME"
    tmp="$(mktemp -d "$PASSERELLE_HOME/.tls.XXXXXX")"
    (
        set -e
        umask 022
        _tls_write_openssl_config "$tmp/openssl.cnf"
        _tls_ca "$tmp" ca "/O=Passerelle/CN=Passerelle Local Development CA"
        _tls_leaf "$tmp" server ca server "/O=Passerelle/CN=localhost"
        _tls_leaf "$tmp" partner-server ca server "$TLS_PARTNER_SUBJECT"
        _tls_leaf "$tmp" client ca client "/O=Passerelle/CN=passerelle-client"
        _tls_ca "$tmp" other-ca "/O=Unrelated/CN=Unrelated Test CA"
        _tls_leaf "$tmp" other-client other-ca client "/O=Unrelated/CN=passerelle-client"
        rm -f "$tmp/openssl.cnf" "$tmp"/*.srl
        chmod 644 "$tmp"/*.pem "$tmp"/server.key "$tmp"/partner-server.key "$tmp"/client.key "$tmp"/other-client.key
        chmod 600 "$tmp"/ca.key "$tmp"/other-ca.key
        _tls_complete "$tmp"
    ) || {
        rm -rf "$tmp"
        die "could not generate TLS material with openssl"
    }
    chmod 755 "$tmp"
    rm -rf "$dir"
    mv "$tmp" "$dir"
    ok "TLS material written (CA, server CN=localhost, partner-server CN=partners.localhost, client, other-ca; valid $TLS_DAYS days)"
    TLS_RENEWED=1
    TLS_PARTNER_RENEWED=1
}
