#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian 12 packages wiretrace needs to build and test, and only the missing ones.
# Run as root (or with sudo available). Safe to run repeatedly: a second run installs nothing.
# With --fuzz it also installs what only `make fuzz` needs: clang and its libFuzzer runtime.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libtbb-dev libeigen3-dev libxxhash-dev catch2 libbenchmark-dev
  libcli11-dev libsimdjson-dev libutf8proc-dev zlib1g-dev libzstd-dev
  libicu-dev  # word breaks in Chinese, Japanese, Thai... (core/src/text/segment.cpp)
  hunspell-th hunspell-ar  # word lists of `gen --language th/ar` (lab/data/SOURCE.md)
  libsqlite3-dev libfmt-dev
  libgumbo-dev libuchardet-dev  # HTML pages: the HTML5 parser and charset detection
  libcpp-httplib-dev  # `wiretrace serve` (core/src/serve/)
  curl  # tests/cli/serve.sh talks to the server with it
  libbrotli-dev  # HTTP bodies in br inside WARC records; optional (without it they are skipped, counted)
  libopenmpi-dev openmpi-bin  # the distributed scan (WIRETRACE_MPI) and its test; optional to build
  python3  # the CLI tests check JSON with it; datasets/ adapters are Python
  python3-dev python3-pybind11 python3-pytest  # the Python module (python/) and its pytest suite
  python3-numpy  # datasets/meter_model.py (the METER model fit; tests/cli/datasets_meter_model.sh)
  chromium  # tests/cli/html_browser.sh loads the HTML reports in a headless browser
  zstd     # the CLI tests make .zst inputs with it
)
if [ "${1:-}" = "--fuzz" ]; then
  packages+=(clang-14 libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "install-deps: missing packages (${missing[*]}) and not root; install them and re-run" >&2
    exit 2
  fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
