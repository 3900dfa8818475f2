# Sourced by scripts/test after the tests: `passerelle new service` writes a service that builds, lints, plans
# and passes its own tests (in-memory broker and real servers).
#
# In a clean checkout (a fresh clone, as in CI) the service is written in place and built incrementally in the
# main .build, then every change is undone (git checkout, git clean of the new files): only the new targets
# compile. Otherwise (uncommitted work that must not be touched) it runs in a scratch copy of the repository,
# built in .build-new-service (kept between local runs).
bin="$(swift build --show-bin-path)/passerelle"
if [[ -d .git && -z "$(git status --porcelain --untracked-files=normal)" ]]; then
    workdir="$ROOT"
    scratch_path="$ROOT/.build"
    # Undo everything the generator wrote, whatever happens below; the binary and test bundle of .build stay
    # as built (the next swift build relinks them from the restored package).
    restore() { git -C "$ROOT" checkout -q -- . && git -C "$ROOT" clean -fdq; }
    trap restore EXIT
    step "passerelle new service library --consumes procurement.tender.published.v1 (in place, restored afterwards)"
else
    workdir="$(mktemp -d "${TMPDIR:-/tmp}/passerelle-new-service.XXXXXX")"
    scratch_path="$ROOT/.build-new-service"
    step "passerelle new service library --consumes procurement.tender.published.v1 (in $workdir)"
    tar --exclude='./.build*' --exclude=./.passerelle --exclude=./.git -cf - . | tar -xf - -C "$workdir"
fi
cd "$workdir"
"$bin" new service library --consumes procurement.tender.published.v1
"$bin" contracts lint
"$bin" contracts codegen --check
"$bin" services render --check
# The plan exits 1 because it has changes to make: the new service's queues and user must be among them.
plan="$("$bin" topology plan || true)"
grep -q '+ user svc-library' <<<"$plan"
grep -q '+ queue library.portal-commands ' <<<"$plan"
step "Build and test the new service"
swift build --build-tests --scratch-path "$scratch_path"
PASSERELLE_REQUIRE_INTEGRATION=1 swift test --skip-build --scratch-path "$scratch_path" --filter LibraryServiceTests
cd "$ROOT"
if [[ "$workdir" != "$ROOT" ]]; then rm -rf "$workdir"; fi
