# Sourced by scripts/test after the tests: builds the libFuzzer targets (.build-fuzz, kept between local runs)
# and runs each for a few seconds from the committed corpus and regressions (docs/fuzzing.md). A crash, hang,
# leak or broken invariant fails the hook; the input lands in $PASSERELLE_HOME/fuzz/<target>/.
# PASSERELLE_FUZZ_SECONDS (default 10) sets the time per target; 0 skips the hook.
fuzz_seconds="${PASSERELLE_FUZZ_SECONDS:-10}"
if [[ "$fuzz_seconds" == 0 ]]; then
    warn "PASSERELLE_FUZZ_SECONDS=0: fuzzing skipped"
else
    # Two targets at a time: the machines that run scripts/test have two cores.
    scripts/fuzz --seconds "$fuzz_seconds" --jobs 2
fi
