# Builds `ooda` once and runs any stage: `docker run IMAGE observe --topology /etc/ooda/topology.yml`.
FROM swift:6.2-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libzmq3-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Benchmarks ./Benchmarks
COPY Tests ./Tests
RUN swift build -c release --product ooda --static-swift-stdlib \
    && install -D .build/release/ooda /out/ooda

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libzmq5 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 ooda \
    && mkdir -p /var/lib/ooda /var/lib/ooda-keys && chown ooda /var/lib/ooda /var/lib/ooda-keys \
    && chmod 700 /var/lib/ooda-keys
COPY --from=build /out/ooda /usr/local/bin/ooda
COPY topology /etc/ooda
USER ooda
ENTRYPOINT ["/usr/local/bin/ooda"]
