# Sourced by scripts/test after the tests: compose.yaml, the Dockerfile and README's services table must be
# what `passerelle services render` writes from services.yaml (edit the manifest, then run the render).
bin="$(swift build --show-bin-path)/passerelle"
step "Services blocks are up to date with services.yaml"
"$bin" services render --check
