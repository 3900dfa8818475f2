# Sourced by scripts/test after the tests: builds the libFuzzer targets (.build-fuzz, kept between local runs)
# and runs each from the committed corpus and regressions (docs/fuzzing.md). A crash, hang, leak or broken
# invariant fails the hook; the input lands in $PASSERELLE_HOME/fuzz/<target>/.
# The run is reproducible: a fixed seed and a fixed number of inputs per target (PASSERELLE_FUZZ_RUNS, default
# 8000; PASSERELLE_FUZZ_SEED, default 1), capped at PASSERELLE_FUZZ_SECONDS (default 30) per target, so a test
# run fails on a regression, not on the luck of the draw; open-ended fuzzing is `scripts/fuzz` itself.
# PASSERELLE_FUZZ_SECONDS=0 skips the hook.
fuzz_seconds="${PASSERELLE_FUZZ_SECONDS:-30}"
if [[ "$fuzz_seconds" == 0 ]]; then
    warn "PASSERELLE_FUZZ_SECONDS=0: fuzzing skipped"
else
    # Two targets at a time: the machines that run scripts/test have two cores.
    scripts/fuzz --seconds "$fuzz_seconds" --runs "${PASSERELLE_FUZZ_RUNS:-8000}" --seed "${PASSERELLE_FUZZ_SEED:-1}" --jobs 2
fi
