// SPDX-License-Identifier: Apache-2.0
// Options shared by several subcommands, and output-file handling.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <tbb/global_control.h>

#include "wiretrace/params.hpp"

namespace wiretrace::cli {

/// Adds the engine tunables (one flag per Params field that users change) under "Engine".
void add_params_options(CLI::App& app, Params& params);

/// Adds `-o,--output FILE` (an empty FILE is rejected; "-" is standard output).
void add_output_option(CLI::App& app, std::string& path);

/// Adds `-j,--threads N` (0, the default: all cores).
void add_threads_option(CLI::App& app, int& threads);

/// Limits oneTBB to `threads` workers while the returned object lives; no limit for 0.
std::optional<tbb::global_control> limit_threads(int threads);

/// True when progress should go to standard error: forced, or standard error is a terminal,
/// and not quiet.
bool progress_wanted(bool quiet, bool forced);

/// Calls `write(stream)` with standard output when `path` is empty or "-", otherwise with a
/// temporary file next to `path` (".NAME.tmp-PID") that is renamed over it only after a complete,
/// successful write: an interrupted run never leaves a truncated result, and an earlier NAME stays
/// intact until then. An exception from `write`, a failed write (disk full) or SIGINT, SIGTERM or
/// SIGHUP removes the temporary file; only SIGKILL can leave it behind. A symbolic link stays a
/// link to the new file; a device or FIFO (`-o /dev/null`) is written in place. Throws
/// wiretrace::Error.
void write_output(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace wiretrace::cli
