# The two commands that matter: `make demo` and `make test`. Both install what is missing first.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all setup configure build test test-fast test-asan demo bench format check-format check-layering clean

all: build

setup:
	./scripts/setup

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

configure: $(BUILD)/build.ninja

build: setup configure
	ninja -C $(BUILD) -j $(JOBS)

# Every test via CTest, then the unit and end-to-end tests again under ASan+UBSan.
test: build test-fast test-asan

test-fast:
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) || { ./scripts/test-failures $(BUILD); exit 1; }

$(ASAN_BUILD)/build.ninja:
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPROBEX_SANITIZE=ON \
	  -DPROBEX_BENCH=OFF -DCMAKE_CXX_FLAGS="-O0" -DCMAKE_CXX_FLAGS_DEBUG="-g1" $(CMAKE_FLAGS)

test-asan: setup $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  PROBEX_SANITIZED=1 ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS) -L 'unit|e2e' \
	  || { ./scripts/test-failures $(ASAN_BUILD); exit 1; }

demo: build
	./$(BUILD)/probex demo

bench: build
	./bench/run_all.sh $(BUILD)

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i

check-format:
	git ls-files '*.cc' '*.h' | xargs clang-format --dry-run --Werror

check-layering:
	../shared/tools/check-layering .

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
