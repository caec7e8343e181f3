# Thin wrapper over CMake. `make demo` and `make test` are the two commands a newcomer needs;
# both install missing Debian packages first (as root, or through sudo).
BUILD ?= build
JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
# make test SANITIZE=1 also runs the suite under ASan+UBSan (make test-sanitize); CI sets it.
SANITIZE ?=
SANITIZE_BUILD ?= build-sanitize
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
# A sanitizer finding must never look like a test's expected exit status (1 is "nothing found").
SANITIZER_ENV = ASAN_OPTIONS=exitcode=86:detect_leaks=1:check_initialization_order=1 \
  UBSAN_OPTIONS=exitcode=87:print_stacktrace=1:halt_on_error=1

.PHONY: all deps configure build demo test test-slow test-sanitize fuzz bench clean

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

# Every test except the ones tagged slow, through ctest (with SANITIZE=1, then test-sanitize).
test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -LE slow
	@if [ -n "$(SANITIZE)" ]; then $(MAKE) --no-print-directory test-sanitize; fi

# The same suite built with AddressSanitizer and UndefinedBehaviorSanitizer in $(SANITIZE_BUILD);
# tests labelled nosanitize are left out: the Python module's (an extension under ASan would need
# libasan preloaded into python3; the sanitizer build does not build the module at all).
test-sanitize: deps
	@cmake -S . -B $(SANITIZE_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWIRETRACE_SANITIZE=ON \
	  -DWIRETRACE_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	@cmake --build $(SANITIZE_BUILD) -j $(JOBS)
	@cd $(SANITIZE_BUILD) && $(SANITIZER_ENV) ctest --output-on-failure -j $(JOBS) -LE 'slow|nosanitize'

# libFuzzer targets (clang, installed by install-deps.sh --fuzz), each run for FUZZ_SECONDS.
fuzz:
	@bash scripts/install-deps.sh --fuzz
	@cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
	  -DWIRETRACE_FUZZ=ON -DWIRETRACE_BUILD_TESTS=OFF -DWIRETRACE_BUILD_BENCH=OFF
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzzers
	@bash fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# The slow scale tests that `make test` skips.
test-slow: build
	@cd $(BUILD) && ctest --output-on-failure -L slow

bench: build
	@for b in $(BUILD)/bench/bench_*; do [ -x "$$b" ] && "$$b"; done

clean:
	@rm -rf $(BUILD) $(SANITIZE_BUILD) $(FUZZ_BUILD)
