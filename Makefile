# The two commands a newcomer runs (see README.md):
#   make generate   — regenerate the checked-in client from docs-cache/
#   make test       — build with no warnings, run every test, check the client is not stale
# Both check (and, as root, install) what they need first.

SWIFT ?= swift
B24GEN_FLAGS ?=

.PHONY: generate test deps embed build-no-warnings check corpus-build

deps:
	@./.ci/deps

generate: deps embed
	$(SWIFT) run -c release b24gen generate $(B24GEN_FLAGS)

# Re-embeds Templates/ into the generator (run after editing a template).
embed:
	$(SWIFT) run B24ResourceEmbedder Sources/B24Generator/Render/EmbeddedResources.swift EmbeddedResources Templates

# Builds our targets and fails on any warning in our own sources (dependencies excluded).
build-no-warnings: deps
	@./.ci/build-no-warnings

# Serial: several suites assert measured times (the leaky bucket's 1.1x bound, waits on the portal's
# clock, bounded retries under timeouts); run in parallel, the corpus suites take both cores from them.
test: build-no-warnings
	$(SWIFT) test --no-parallel
	$(SWIFT) run b24gen check

# Generates the client for the whole corpus as a standalone package and builds it with -warnings-as-errors.
corpus-build: deps
	@./.ci/corpus-build
