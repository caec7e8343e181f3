// SPDX-License-Identifier: Apache-2.0
// Options shared by several subcommands, and output-file handling.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "wiretrace/params.hpp"
#include "wiretrace/io/reader.hpp"

namespace wiretrace::cli {

/// Adds a floating-point option, refusing nan and inf ("X: nan is not a finite number"), whatever
/// range check the caller adds after. Every double option of the CLI is added through this.
CLI::Option* add_number_option(CLI::App& app, const std::string& name, double& value, const std::string& description);

/// Adds a 64-bit seed option: an integer from 0 to 2^64 - 1, in decimal or in hexadecimal after 0x;
/// a sign, a fraction, an exponent, a leading zero (octal to C) or an overflow is refused.
CLI::Option* add_seed_option(CLI::App& app, const std::string& name, std::uint64_t& value, const std::string& description);

/// Adds a size option in bytes: a whole number of bytes, or with K, M, G or T (powers of 1024:
/// 512M, 2G; a B or iB after the letter is allowed). 0, a fraction, a sign or an overflow is refused.
CLI::Option* add_size_option(CLI::App& app, const std::string& name, std::uint64_t& value,
                             const std::string& description);

/// Adds the engine tunables (one flag per Params field that users change) under "Engine".
void add_params_options(CLI::App& app, Params& params);

/// The outlet list files of `--wire-outlets FILE` and `--aggregators FILE` (empty: not given).
struct OutletFiles {
    std::string wire;
    std::string aggregators;
};

/// Adds `--wire-outlets FILE` and `--aggregators FILE` under "Direction".
void add_outlet_options(CLI::App& app, OutletFiles& files);

/// Reads the lists named in `files` (text::parse_outlet_list) into params.outlet_roles; nothing
/// when neither is given. Throws Error naming the file (unreadable, a bad line) or an outlet in both.
void load_outlet_roles(const OutletFiles& files, Params& params);

/// Adds the input options of commands that read dumps (scan, index add, check) under "Input":
/// the JSONL field names, --strict, --repair-utf8 (into `repair_utf8`) and --max-doc-bytes.
void add_reader_options(CLI::App& app, io::ReaderOptions& reader, bool& repair_utf8);

/// Prints the diagnostics of skipped records (the first ones; all are counted) and the count by
/// reason to standard error, as "wiretrace: <command>: N records skipped (...)".
void report_skipped(const io::ReadStats& stats, std::string_view command);

/// "1 article", "2 articles": `n` and `what`, plural unless n is 1 (`plural`, or `what` + "s").
std::string counted(std::uint64_t n, std::string_view what, std::string_view plural = {});

/// "no usable article: the only record was skipped" or "... all N records were skipped".
std::string no_usable_article(std::uint64_t skipped);

/// Adds `-o,--output FILE` (an empty FILE is rejected; "-" is standard output).
void add_output_option(CLI::App& app, std::string& path);

/// True when the two paths name one file: the same file when both exist (so "x", "./x" and a link
/// to x agree), else the same absolute path once "." and ".." and links are resolved. "-" (standard
/// input or output) names no file.
bool same_file(const std::string& a, const std::string& b);

/// Throws Error(bad_argument) when `output` is one of `inputs` (same_file): writing the result
/// would destroy the input it is read from.
void check_output_not_input(const std::string& output, const std::vector<std::string>& inputs);

/// Adds `-j,--threads N` (0, the default: all cores; the command holds a pipeline::ThreadLimit).
void add_threads_option(CLI::App& app, int& threads);

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

/// Receives one file of an output directory: its path relative to the directory ('/'-separated)
/// and its content. Thread-safe.
using FileSink = std::function<void(const std::string& path, const std::string& content)>;

/// Throws wiretrace::Error unless `dir` can become an output directory: it does not exist and its
/// parent does, or it is an empty directory; and the staging directory write_output_dir needs can
/// be made there (it is made and removed: a read-only or missing parent fails now, naming the
/// path). `dir` may end with a slash or be ".". Staging directories that a run killed by SIGKILL
/// left ("DIR.tmp.PID" beside it, ".wiretrace.tmp.PID" inside it, PID no longer running) are
/// removed first. Call it before long work, so that the work does not end in these errors.
void check_output_dir(const std::string& dir);

/// Calls `write(sink)` with a sink that writes the files (creating subdirectories) into a staging
/// directory, published only when `write` returned: a new `dir` is staged beside it
/// ("DIR.tmp.PID") and renamed into place; an existing empty `dir` is kept and filled from a hidden
/// staging directory inside it (".wiretrace.tmp.PID"), whose entries are renamed into it. An
/// interrupted or failed run leaves neither a half report nor the staging directory. Returns the
/// number of files written. Throws wiretrace::Error (and what `write` throws).
std::size_t write_output_dir(const std::string& dir, const std::function<void(const FileSink&)>& write);

}  // namespace wiretrace::cli
