# OneGrid — the two commands: `make run` and `make test`. Each installs what is missing first.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD ?= build
TEST_BUILD ?= build-asan
# ccache: hash paths relative to the checkout, so a fresh clone reuses earlier compilations.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: run test build test-build deps test-deps web web-test e2e bench format clean

run: deps build web
	./$(BUILD)/onegrid serve

test: test-deps test-build web
	scripts/test.sh $(TEST_BUILD)

deps:
	scripts/install-deps.sh

test-deps:
	scripts/install-deps.sh --test

# The release binary, build/onegrid.
build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DONEGRID_TESTS=OFF >/dev/null
	cmake --build $(BUILD) --target onegrid -j $(JOBS)

# Everything, tests included, under AddressSanitizer + UndefinedBehaviorSanitizer.
test-build:
	cmake -S . -B $(TEST_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
	  -DONEGRID_SANITIZE=ON -DONEGRID_TESTS=ON >/dev/null
	cmake --build $(TEST_BUILD) -j $(JOBS)

# The web console (Vue), when present; the server serves web/dist.
web:
	@if [ -f web/package.json ]; then cd web && npm run build; else echo "web: no console sources yet"; fi

# The console's unit tests (vitest) and browser end-to-end tests against the release binary.
web-test:
	cd web && npm test
e2e: test-deps build web
	scripts/e2e.sh $(BUILD)/onegrid

# Load benchmarks; figures go to docs/performance.md.
bench: test-deps build
	bench/http_bench.sh

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD) $(TEST_BUILD)
