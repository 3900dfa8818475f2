# Sourced by scripts/test after the tests: the partner contracts (prefecture, treasury) must check with a
# partner's own tools, python-jsonschema and nothing of ours: every schema in a plain registry keyed by its
# $id, every AsyncAPI example valid against its message's schema, broken copies rejected
# (scripts/lib/partner_contracts.py; it finds or makes a python3 with jsonschema >= 4.18 and PyYAML).
# The same check runs on what `passerelle contracts bundle <partner>` hands a partner.
export PYTHONDONTWRITEBYTECODE=1
step "Partner contracts check with python-jsonschema alone (contracts/)"
/usr/bin/python3 scripts/lib/partner_contracts.py contracts

bin="$(swift build --show-bin-path)/passerelle"
[[ -x "$bin" ]] || die "no passerelle executable at $bin (scripts/test builds it first)"
bundles="$(mktemp -d "${TMPDIR:-/tmp}/passerelle-partner-bundles.XXXXXX")"
for partner in prefecture treasury; do
    step "Partner contracts check on the bundle of $partner (in $bundles/$partner)"
    "$bin" contracts bundle "$partner" --output "$bundles/$partner"
    /usr/bin/python3 scripts/lib/partner_contracts.py "$bundles/$partner"
done
rm -rf "$bundles"
