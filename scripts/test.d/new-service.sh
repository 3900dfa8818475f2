# Sourced by scripts/test after the tests: `passerelle new service` writes a service that builds, lints, plans
# and passes its own tests (in-memory broker and real servers), in a scratch copy of the repository. The copy
# builds in .build-new-service (kept between local runs; a fresh clone builds it from nothing).
bin="$(swift build --show-bin-path)/passerelle"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/passerelle-new-service.XXXXXX")"
step "passerelle new service library --consumes procurement.tender.published.v1 (in $scratch)"
tar --exclude='./.build*' --exclude=./.passerelle --exclude=./.git -cf - . | tar -xf - -C "$scratch"
cd "$scratch"
"$bin" new service library --consumes procurement.tender.published.v1
"$bin" contracts lint
"$bin" contracts codegen --check
"$bin" services render --check
# The plan exits 1 because it has changes to make: the new service's queues and user must be among them.
plan="$("$bin" topology plan || true)"
grep -q '+ user svc-library' <<<"$plan"
grep -q '+ queue library.portal-commands ' <<<"$plan"
step "Build and test the new service"
swift build --build-tests --scratch-path "$ROOT/.build-new-service"
PASSERELLE_REQUIRE_INTEGRATION=1 swift test --skip-build --scratch-path "$ROOT/.build-new-service" --filter LibraryServiceTests
cd "$ROOT"
rm -rf "$scratch"
