# The Passerelle executables (the CLI and the services) in one image, for compose.yaml.
# Build stage: the Swift 6 toolchain and the C libraries' headers; run stage: the shared libraries only.
FROM swift:6.1-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends librabbitmq-dev libpq-dev libssl-dev libcurl4-openssl-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Benchmarks ./Benchmarks
COPY Tests ./Tests
# services:begin: written by `passerelle services render` from services.yaml, do not edit.
ARG PASSERELLE_SERVICES="passerelle-procurement passerelle-notifications passerelle-documents passerelle-desk passerelle-training"
# services:end
RUN swift build -c release --product passerelle \
 && for product in $PASSERELLE_SERVICES; do swift build -c release --product "$product" || exit 1; done \
 && mkdir -p /out && cp "$(swift build -c release --show-bin-path)"/passerelle* /out/ \
 && { cp -r "$(swift build -c release --show-bin-path)"/*.resources /out/ 2>/dev/null || true; }

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends librabbitmq4 libpq5 libssl3 libcurl4 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/lib/swift/linux/*.so /usr/lib/swift/linux/
ENV LD_LIBRARY_PATH=/usr/lib/swift/linux
WORKDIR /app
COPY --from=build /out/ /app/bin/
COPY contracts ./contracts
COPY topology ./topology
# The desk's and the training scheduler's reference data (catalogue/desk, catalogue/training), read at start.
COPY catalogue ./catalogue
ENV PATH=/app/bin:$PATH PASSERELLE_CONTRACTS=/app/contracts PASSERELLE_TOPOLOGY=/app/topology/passerelle.yaml
CMD ["passerelle", "--help"]
