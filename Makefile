# The two commands a new machine needs: `make run` and `make test`. Each installs what is missing first.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
TOPOLOGY ?= topology/local.yml

.PHONY: run test deps test-deps build lint bench compose-check clean

# libzmq (with its headers) from Debian; Python's YAML and JSON-schema modules for the Compose check.
deps:
	@if [ ! -f /usr/include/zmq.h ]; then \
		echo "installing libzmq3-dev"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libzmq3-dev; \
	fi
	@python3 -c 'import yaml, jsonschema' 2>/dev/null || python3 -m pip install -q pyyaml jsonschema

# For the tests only: Prometheus (its server and promtool check our /metrics for real).
test-deps: deps
	@if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then \
		echo "installing prometheus (promtool and the server, for the /metrics tests)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends prometheus; \
	fi

build: deps
	$(SWIFT) build

# Launches the local topology (observe, orient, decide, act) on its embedded defaults.
run: build
	$(SWIFT) run ooda launch $(TOPOLOGY)

test: test-deps
	$(SWIFT) build --build-tests
	# A hard bound: a hung test must fail CI, never stall it.
	timeout 2400 $(SWIFT) test --skip-build
	$(MAKE) lint compose-check

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Benchmarks

compose-check:
	@if [ -f docker-compose.yml ]; then python3 ../shared/tools/check-compose.py docker-compose.yml; fi

# Prints latency and throughput figures; see README "Benchmarks".
bench: deps
	$(SWIFT) build -c release --product ooda-benchmarks
	$(SWIFT) build -c release --product ooda
	.build/release/ooda-benchmarks $(BENCH)

clean:
	rm -rf .build
