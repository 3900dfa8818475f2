# Sourced by scripts/test after the tests: the partner simulators (partners/) pass their own tests, the unit
# tests of their rules and answers and, when the partner broker of scripts/infra is up, the end-to-end tests
# against it (skipped with a message otherwise). Debian's python3 has pika (python3-pika).
export PYTHONDONTWRITEBYTECODE=1
step "Partner simulators' tests (partners/tests)"
/usr/bin/python3 -c 'import pika, yaml' || die "Debian's python3 lacks pika or PyYAML: apt-get install python3-pika python3-yaml"
/usr/bin/python3 -m unittest discover -s partners/tests -v
