# Thin wrapper over CMake. `make demo` and `make test` are the two commands a newcomer needs;
# both install missing Debian packages first (as root, or through sudo).
BUILD ?= build
JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps configure build demo test test-slow bench clean

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# The main job on the bundled data: the AP seed story against its CBC rewrite.
demo: build
	@$(BUILD)/wiretrace scan seeds; status=$$?; [ $$status -le 1 ] || exit $$status
	@echo
	@$(BUILD)/wiretrace compare seeds/000_6e14ef43e76ff7c6.txt seeds/003_587f8fbee9c47d45.txt; \
	  status=$$?; [ $$status -le 1 ] || exit $$status

# Every test except the ones tagged slow, through ctest.
test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -LE slow

# The slow scale tests that `make test` skips.
test-slow: build
	@cd $(BUILD) && ctest --output-on-failure -L slow

bench: build
	@for b in $(BUILD)/bench/bench_*; do [ -x "$$b" ] && "$$b"; done

clean:
	@rm -rf $(BUILD)
