# Sourced by scripts/test after the tests: the contracts must lint clean, and no schema change since the
# previous commit may break its compatibility rule.
bin="$(swift build --show-bin-path)/passerelle"
step "Contracts lint"
"$bin" contracts lint
if git rev-parse --verify --quiet HEAD~1 >/dev/null; then
    step "Contracts compatibility against HEAD~1"
    "$bin" contracts check --against HEAD~1
else
    warn "no previous commit (shallow clone?): contracts check skipped"
fi
# The generated <Context>Contracts modules are committed: a new run of the generator must change nothing.
step "Generated contract modules are up to date"
"$bin" contracts codegen --check
"$bin" contracts codegen --check --contracts samples/contracts --module SampleContracts
