// SPDX-License-Identifier: Apache-2.0
// The subcommands: each registers its options on a CLI11 subcommand and returns the function
// that runs it. Handlers return the process exit code (0 found, 1 nothing found, 2 error) and
// may throw wiretrace::Error, which main() reports.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace wiretrace::cli {

using Handler = std::function<int()>;

Handler register_compare(CLI::App& app);
Handler register_gen(CLI::App& app);
Handler register_eval(CLI::App& app);
Handler register_scan(CLI::App& app);
Handler register_index(CLI::App& app);
Handler register_check(CLI::App& app);
Handler register_extract(CLI::App& app);
Handler register_serve(CLI::App& app);

/// True when any sketch option (--shingle-tokens, --winnow-window, --minhash-size, --bands) was
/// given on this (sub)command: an index must then have been built with those values.
bool sketch_options_given(const CLI::App& app);

}  // namespace wiretrace::cli
