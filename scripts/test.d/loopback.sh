# shellcheck shell=bash
# Sourced by scripts/test after the tests: every server of scripts/infra (the AMQP, AMQPS, management, Prometheus
# and distribution listeners of both RabbitMQ nodes, the hub's and the partners', epmd, PostgreSQL, the SMTP sink)
# listens on PASSERELLE_BIND_ADDRESS (default 127.0.0.1) and loopback only, never on 0.0.0.0 or [::].
# `scripts/infra status` checks the listeners with ss and exits 1 when one is exposed (or a server is down).
step "Every server listens on ${PASSERELLE_BIND_ADDRESS:-127.0.0.1} only"
scripts/infra status
