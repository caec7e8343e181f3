// SPDX-License-Identifier: Apache-2.0
// Shared options and all-or-nothing output files.
#include "options.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cctype>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <limits>
#include <mutex>
#include <string_view>
#include <sys/wait.h>
#include <unistd.h>

#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/io/text_file.hpp"
#include "wiretrace/text/wire.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::cli {
namespace {

// Temporary output files being written, removed by a signal handler when SIGINT, SIGTERM or
// SIGHUP ends the process, so that an interrupted run leaves neither a truncated result nor a
// stray temporary file. Fixed slots of fixed buffers: a handler may only make async-signal-safe
// calls (unlink, signal, raise). Slots are filled and cleared by the thread that writes the
// output; the handler, on whatever thread, only reads them. SIGKILL cannot be caught: it leaves
// the temporary file, named ".NAME.tmp-PID" beside NAME, and NAME as it was.
// A staging directory (HTML reports) is removed by `rm -rf` in a child process: fork, execve and
// waitpid are async-signal-safe, while walking a directory tree in the handler would not be.
struct TempSlot {
    std::atomic<bool> used{false};
    bool directory = false;
    std::array<char, 4096> path{};
};
std::array<TempSlot, 4> g_temp_files;  // gen writes two outputs at once

// Writers into a staging directory, which the handler lets finish before it removes the directory
// (and stops from starting: a file written after the removal would bring the directory back).
std::atomic<bool> g_dying{false};
std::atomic<int> g_writing{0};
thread_local bool t_writing = false;

/// Marks the calling thread as writing one file into a staging directory while it lives. When a
/// fatal signal is being handled it never returns (the process is about to end).
class WritingFile {
public:
    WritingFile() {
        g_writing.fetch_add(1);
        t_writing = true;
        if (g_dying.load()) {
            for (;;) ::pause();
        }
    }
    ~WritingFile() {
        t_writing = false;
        g_writing.fetch_sub(1);
    }
    WritingFile(const WritingFile&) = delete;
    WritingFile& operator=(const WritingFile&) = delete;
};

/// Waits, at most about a second, until no other thread writes into a staging directory.
void wait_for_writers() {
    g_dying.store(true);
    const int self = t_writing ? 1 : 0;
    const struct timespec tick = {0, 10'000'000};
    for (int i = 0; i < 100 && g_writing.load() > self; ++i) ::nanosleep(&tick, nullptr);
}

void remove_tree(char* path) {
    // vfork, not fork: glibc's fork takes the malloc locks for its atfork handlers, and deadlocks
    // when the signal arrived while a thread held one (seen: SIGTERM during a page's malloc). The
    // vforked child only execs or exits, which is allowed in a signal handler.
    const pid_t child = ::vfork();
    if (child == 0) {
        char rm[] = "rm";
        char force[] = "-rf";
        char end_of_options[] = "--";
        char* const argv[] = {rm, force, end_of_options, path, nullptr};
        char* const envp[] = {nullptr};
        ::execve("/bin/rm", argv, envp);
        ::_exit(127);
    }
    if (child > 0) {
        int status = 0;
        while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
        }
    }
}

void remove_temp_files_and_die(int sig) {
    for (TempSlot& slot : g_temp_files) {
        if (!slot.used.load(std::memory_order_acquire)) continue;
        if (slot.directory) {
            wait_for_writers();
            remove_tree(slot.path.data());
        } else {
            ::unlink(slot.path.data());
        }
    }
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

/// Installs the handler once, for the signals whose disposition is the default (a signal the
/// parent chose to ignore, like SIGHUP under nohup, stays ignored).
void install_signal_handlers() {
    static const bool installed = [] {
        for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
            struct sigaction old {};
            if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler != SIG_DFL) continue;
            struct sigaction action {};
            action.sa_handler = remove_temp_files_and_die;
            sigemptyset(&action.sa_mask);
            ::sigaction(sig, &action, nullptr);
        }
        return true;
    }();
    (void)installed;
}

/// Registers a temporary file (or a staging directory, removed with what it holds) for removal on
/// a fatal signal while it lives.
class TempFileGuard {
public:
    explicit TempFileGuard(const std::string& path, bool directory = false) {
        install_signal_handlers();
        for (TempSlot& slot : g_temp_files) {
            if (slot.used.load(std::memory_order_relaxed) || path.size() >= slot.path.size()) continue;
            slot.directory = directory;
            std::memcpy(slot.path.data(), path.c_str(), path.size() + 1);
            slot.used.store(true, std::memory_order_release);
            slot_ = &slot;
            return;
        }
    }
    ~TempFileGuard() {
        if (slot_ != nullptr) slot_->used.store(false, std::memory_order_release);
    }
    TempFileGuard(const TempFileGuard&) = delete;
    TempFileGuard& operator=(const TempFileGuard&) = delete;

private:
    TempSlot* slot_ = nullptr;
};

/// ".NAME.tmp-PID" in the directory of `path`: hidden, and on the same file system, so the final
/// rename is atomic.
std::string temp_name_for(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    const std::size_t base = slash == std::string::npos ? 0 : slash + 1;
    return path.substr(0, base) + "." + path.substr(base) + ".tmp-" + std::to_string(::getpid());
}

std::string write_failure(int err) {
    return err == 0 ? std::string("write failed") : std::string("write failed: ") + std::strerror(err);
}

/// Calls `write(out)`. An error that names no file, thrown while `out` has failed (a writer that
/// found its stream bad: gen on a full disk), is this output's: thrown again naming `name`.
void write_to(std::ostream& out, const std::string& name, const std::function<void(std::ostream&)>& write) {
    try {
        write(out);
    } catch (const Error& e) {
        if (!e.where().empty() || out.good()) throw;
        throw Error(e.code(), name, e.what());
    }
}

/// Writes straight into `path` (a device or a FIFO: nothing to rename).
void write_stream(const std::string& path, const std::function<void(std::ostream&)>& write) {
    std::ofstream out(path, std::ios::binary);
    if (!out) throw Error(Errc::io, path, std::string("cannot open output: ") + std::strerror(errno));
    write_to(out, path, write);
    errno = 0;
    out.flush();
    if (out) out.close();
    if (!out) throw Error(Errc::io, path, write_failure(errno));
}

/// Refuses text that reads as a number but not a finite one: nan, inf, 1e400. Other text is left to
/// the option's own conversion and checks.
std::string finite_number(const std::string& value) {
    const char* begin = value.c_str();
    char* end = nullptr;
    const double x = std::strtod(begin, &end);
    if (end != begin && *end == '\0' && !std::isfinite(x)) return fmt::format("{} is not a finite number", value);
    return {};
}

/// "0" or decimal digits without a leading zero, or 0x and hexadecimal digits; at most 2^64 - 1.
std::string seed_number(const std::string& value) {
    const bool hex = value.size() > 2 && value[0] == '0' && (value[1] == 'x' || value[1] == 'X');
    const std::string_view digits = hex ? std::string_view(value).substr(2) : std::string_view(value);
    const unsigned base = hex ? 16 : 10;
    bool ok = !digits.empty() && (hex || digits == "0" || digits[0] != '0');
    std::uint64_t n = 0;
    for (std::size_t i = 0; ok && i < digits.size(); ++i) {
        const char c = digits[i];
        unsigned d = 16;
        if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
        if (hex && c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
        if (hex && c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
        ok = d < base && n <= (std::numeric_limits<std::uint64_t>::max() - d) / base;
        n = n * base + d;
    }
    if (ok) return {};
    return fmt::format("'{}' is not an integer from 0 to 18446744073709551615 (decimal, or hexadecimal after 0x)",
                       value);
}

/// A size such as 512M or 2G into its number of bytes, in place: digits, then K, M, G or T (powers
/// of 1024, optionally followed by B or iB) or B or nothing (bytes); at least 1 byte, at most
/// 2^64 - 1. Returns the error, empty when `value` is a size.
std::string size_in_bytes(std::string& value) {
    std::size_t i = 0;
    std::uint64_t n = 0;
    bool ok = !value.empty();
    for (; i < value.size() && value[i] >= '0' && value[i] <= '9'; ++i) {
        const auto d = static_cast<std::uint64_t>(value[i] - '0');
        ok = ok && n <= (std::numeric_limits<std::uint64_t>::max() - d) / 10;
        n = n * 10 + d;
    }
    std::string unit = value.substr(i);
    for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    unsigned shift = 0;
    if (!unit.empty() && std::string_view("KMGT").find(unit[0]) != std::string_view::npos) {
        shift = 10 * (1 + static_cast<unsigned>(std::string_view("KMGT").find(unit[0])));
        unit.erase(0, 1);
        if (unit == "IB" || unit == "B") unit.clear();
    } else if (unit == "B") {
        unit.clear();
    }
    ok = ok && i > 0 && unit.empty() && n > 0 && n <= (std::numeric_limits<std::uint64_t>::max() >> shift);
    if (!ok) {
        return fmt::format("'{}' is not a size: a whole number above 0 of bytes, or of K, M, G or T (powers of "
                           "1024: 512M, 2G)",
                           value);
    }
    value = std::to_string(n << shift);
    return {};
}

}  // namespace

CLI::Option* add_size_option(CLI::App& app, const std::string& name, std::uint64_t& value,
                             const std::string& description) {
    return app.add_option(name, value, description)->transform(CLI::Validator(size_in_bytes, ""))->type_name("SIZE");
}

CLI::Option* add_number_option(CLI::App& app, const std::string& name, double& value, const std::string& description) {
    return app.add_option(name, value, description)->check(CLI::Validator(finite_number, ""));
}

CLI::Option* add_seed_option(CLI::App& app, const std::string& name, std::uint64_t& value,
                             const std::string& description) {
    return app.add_option(name, value, description)->check(CLI::Validator(seed_number, ""));
}

void add_outlet_options(CLI::App& app, OutletFiles& files) {
    const std::string group = "Direction";
    app.add_option("--wire-outlets", files.wire,
                   "Outlets that are sources by trade (one name a line, # comments): weighed as wire services, "
                   "the likelier source when the text cannot tell")
        ->type_name("FILE")->group(group);
    app.add_option("--aggregators", files.aggregators,
                   "Outlets whose pages quote others (one name a line, # comments): never a source")
        ->type_name("FILE")->group(group);
}

void load_outlet_roles(const OutletFiles& files, Params& params) {
    if (files.wire.empty() && files.aggregators.empty()) return;
    constexpr std::size_t kMaxListBytes = std::size_t{16} << 20;
    const auto read = [](const std::string& path) {
        return path.empty() ? std::vector<std::string>{} : text::parse_outlet_list(io::read_file(path, kMaxListBytes), path);
    };
    auto roles = std::make_shared<text::OutletRoles>();
    roles->wire = read(files.wire);
    roles->aggregators = read(files.aggregators);
    for (const std::string& name : roles->wire) {
        if (roles->is_aggregator(name)) {
            throw Error(Errc::bad_argument, "",
                        fmt::format("\"{}\" is listed both in --wire-outlets {} and in --aggregators {}",
                                    text::escape_controls(name), text::escape_controls(files.wire),
                                    text::escape_controls(files.aggregators)));
        }
    }
    params.outlet_roles = std::move(roles);
}

void add_params_options(CLI::App& app, Params& p) {
    const std::string group = "Engine (see README, \"How it works\")";
    app.add_option("--shingle-tokens", p.shingle_tokens, "Words per shingle (k)")
        ->check(CLI::Range(1U, kMaxShingleTokens))->capture_default_str()->type_name("N")->group(group);
    app.add_option("--minhash-size", p.minhash_size, "Values in a MinHash signature")
        ->check(CLI::Range(1U, kMaxMinhashSize))->capture_default_str()->type_name("N")->group(group);
    app.add_option("--winnow-window", p.winnow_window, "Winnowing window (w)")
        ->check(CLI::Range(1U, kMaxWinnowWindow))->capture_default_str()->type_name("N")->group(group);
    add_seed_option(app, "--seed", p.seed, "Seed of the hash families")->capture_default_str()->type_name("N")->group(group);
    app.add_option("--anchor-tokens", p.anchor_tokens, "Shortest shared run, in words")
        ->check(CLI::Range(1, 64))->capture_default_str()->type_name("N")->group(group);
    app.add_option("--max-gap", p.max_gap_tokens, "Largest gap chained into a passage, in words")
        ->check(CLI::Range(0, 1000))->capture_default_str()->type_name("N")->group(group);
    app.add_option("--min-passage", p.min_passage_tokens, "Shortest passage kept, in matched words")
        ->check(CLI::Range(1, 1000))->capture_default_str()->type_name("N")->group(group);
    add_number_option(app, "--rewrite-coverage", p.rewrite_coverage,
                   "Aligned share of either text that makes a rewrite")
        ->check(CLI::Range(0.0, 1.0))->capture_default_str()->type_name("X")->group(group);
    add_number_option(app, "--rewrite-probability", p.rewrite_probability,
                   "Derived probability (the model fitted on METER) that makes a rewrite of texts sharing "
                   "a long passage; above 1: the model never decides")
        ->check(CLI::NonNegativeNumber)->capture_default_str()->type_name("X")->group(group);
    add_number_option(app, "--rewrite-z", p.rewrite_z,
                   "Spreads above the corpus's chance 2-word overlap (random pairs of the corpus itself) "
                   "that make a rewrite without a long passage; scan only")
        ->check(CLI::NonNegativeNumber)->capture_default_str()->type_name("X")->group(group);
    app.add_flag_callback("--fold-chinese", [] { text::set_fold_options({.chinese_variants = true}); },
                          "Fold Traditional Chinese characters to Simplified before finding words (ICU's "
                          "Traditional-Simplified); an index records it, and every run on it must pass it too")
        ->group(group);
    add_number_option(app, "--same-story-cosine", p.same_story_cosine,
                   "TF-IDF cosine above which unaligned texts are the same story")
        ->check(CLI::Range(0.0, 1.0))->capture_default_str()->type_name("X")->group(group);
}

void add_threads_option(CLI::App& app, int& threads) {
    app.add_option("-j,--threads", threads, "Threads (default: all cores; 1 = serial reference run)")
        ->check(CLI::Range(0, 1024))->type_name("N");
}

bool progress_wanted(bool quiet, bool forced) { return !quiet && (forced || ::isatty(STDERR_FILENO) == 1); }

void add_reader_options(CLI::App& app, io::ReaderOptions& reader, bool& repair_utf8) {
    const std::string input = "Input";
    auto& f = reader.fields;
    app.add_option("--id-field", f.id, "JSONL field of the article id")->capture_default_str()->type_name("NAME")->group(input);
    app.add_option("--text-field", f.text, "JSONL field of the text")->capture_default_str()->type_name("NAME")->group(input);
    app.add_option("--title-field", f.title, "JSONL field of the title")->capture_default_str()->type_name("NAME")->group(input);
    app.add_option("--outlet-field", f.outlet, "JSONL field of the outlet")->capture_default_str()->type_name("NAME")->group(input);
    app.add_option("--time-field", f.time,
                   "JSONL field of the publication time: ISO-8601, RFC 2822 (\"Sun, 15 Jul 2018 10:00:00 GMT\"), or "
                   "epoch seconds, milliseconds, microseconds or nanoseconds (told apart by size; number or string, "
                   "fraction allowed). An unreadable time is reported and the article kept undated (--strict: an error)")
        ->capture_default_str()->type_name("NAME")->group(input);
    app.add_option("--time-format", reader.time_format,
                   "Read time strings with this strptime(3) format instead, in UTC unless it has %z "
                   "(e.g. \"%d/%m/%Y %H:%M\"); epoch numbers are still read")
        ->type_name("FORMAT")->group(input);
    app.add_flag("--strict", reader.strict, "Stop at the first unusable record instead of skipping it")->group(input);
    app.add_flag("--repair-utf8", repair_utf8, "Replace invalid UTF-8 with U+FFFD (default: skip the record)")
        ->group(input);
    app.add_option("--max-doc-bytes", reader.max_doc_bytes,
                   "Skip a record (JSONL line or .txt file) larger than N bytes, counted as too_large (default 64 MiB)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 32))->capture_default_str()->type_name("N")->group(input);
}

void report_skipped(const io::ReadStats& s, std::string_view command) {
    for (const auto& d : s.diagnostics) {
        // An id or a file name may hold a NUL, a newline or an escape sequence: escaped.
        std::cerr << fmt::format("wiretrace: warning: {}: skipped{}: {}\n", text::escape_controls(d.where()),
                                 d.id.empty() ? "" : fmt::format(" \"{}\"", text::escape_controls(d.id)),
                                 text::escape_controls(d.reason));
    }
    if (s.skipped > s.diagnostics.size()) {
        std::cerr << fmt::format("wiretrace: warning: {} not shown\n",
                                 counted(s.skipped - s.diagnostics.size(), "more skipped record"));
    }
    for (const auto& d : s.time_diagnostics) {
        std::cerr << fmt::format("wiretrace: warning: {}:{} {}; kept undated\n", text::escape_controls(d.where()),
                                 d.id.empty() ? "" : fmt::format(" \"{}\":", text::escape_controls(d.id)),
                                 text::escape_controls(d.reason));
    }
    if (s.unparsed_times > 0) {
        std::cerr << fmt::format("wiretrace: {}: {} kept undated: their time could not be read{}\n", command,
                                 counted(s.unparsed_times, "article"),
                                 s.unparsed_times > s.time_diagnostics.size()
                                     ? fmt::format(" ({} not shown)", s.unparsed_times - s.time_diagnostics.size())
                                     : "");
    }
    if (s.ignored_records > 0) {
        std::cerr << fmt::format("wiretrace: {}: {} of WARC files read past: not articles (revisits, requests, "
                                 "metadata, responses other than 2xx, payloads neither HTML nor text)\n",
                                 command, counted(s.ignored_records, "record"));
    }
    if (s.skipped == 0) return;
    std::string reasons;
    for (std::size_t k = 0; k < io::kSkipReasonCount; ++k) {
        if (s.skipped_by_reason[k] == 0) continue;
        reasons += fmt::format("{}{} {}", reasons.empty() ? "" : ", ", s.skipped_by_reason[k],
                               io::skip_reason_name(static_cast<io::SkipReason>(k)));
    }
    std::cerr << fmt::format("wiretrace: {}: {} skipped ({})\n", command, counted(s.skipped, "record"), reasons);
}

void add_output_option(CLI::App& app, std::string& path) {
    app.add_option("-o,--output", path, "Write the result to FILE instead of standard output (all or nothing)")
        ->type_name("FILE")
        ->check([](const std::string& value) { return value.empty() ? std::string("empty file name") : std::string(); });
}

void write_output(const std::string& path, const std::function<void(std::ostream&)>& write) {
    if (path.empty() || path == "-") {
        write_to(std::cout, "<stdout>", write);
        errno = 0;
        std::cout.flush();
        if (!std::cout) throw Error(Errc::io, "<stdout>", write_failure(errno));
        return;
    }
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);  // follows symbolic links
    if (fs::is_directory(status)) throw Error(Errc::io, path, "is a directory");
    if (fs::exists(status) && !fs::is_regular_file(status)) {
        // A device or a FIFO (-o /dev/null, a named pipe): written in place. A rename over it
        // would replace the device with a regular file.
        write_stream(path, write);
        return;
    }
    // Through a symbolic link, the file it names is replaced and the link kept.
    std::string target = path;
    if (fs::is_symlink(fs::symlink_status(path, ec))) target = fs::canonical(path, ec).string();
    if (ec || target.empty()) target = path;

    const std::string tmp = temp_name_for(target);
    const TempFileGuard guard(tmp);
    std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
    if (!file) throw Error(Errc::io, path, std::string("cannot create output: ") + std::strerror(errno));
    try {
        write_to(file, path, write);
    } catch (...) {
        file.close();
        std::remove(tmp.c_str());
        throw;
    }
    if (!file) {  // a write already failed (output larger than the stream's buffer): its errno
        const int err = errno;
        std::remove(tmp.c_str());
        throw Error(Errc::io, path, write_failure(err));
    }
    errno = 0;
    file.flush();
    if (file) file.close();  // close() reports what the last write-back could not do
    if (!file) {
        const int err = errno;
        std::remove(tmp.c_str());
        throw Error(Errc::io, path, write_failure(err));
    }
    if (std::rename(tmp.c_str(), target.c_str()) != 0) {
        const int err = errno;
        std::remove(tmp.c_str());
        throw Error(Errc::io, path, err == EISDIR ? std::string("is a directory") : std::string("cannot rename output into place: ") + std::strerror(err));
    }
}

std::string counted(std::uint64_t n, std::string_view what, std::string_view plural) {
    if (n == 1) return fmt::format("1 {}", what);
    return plural.empty() ? fmt::format("{} {}s", n, what) : fmt::format("{} {}", n, plural);
}

std::string no_usable_article(std::uint64_t skipped) {
    return skipped == 1 ? std::string("no usable article: the only record was skipped")
                        : fmt::format("no usable article: all {} records were skipped", skipped);
}

bool same_file(const std::string& a, const std::string& b) {
    namespace fs = std::filesystem;
    if (a.empty() || b.empty() || a == "-" || b == "-") return false;
    std::error_code ec;
    if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
    const fs::path ca = fs::weakly_canonical(fs::absolute(a, ec), ec);
    if (ec) return a == b;
    const fs::path cb = fs::weakly_canonical(fs::absolute(b, ec), ec);
    return ec ? a == b : ca == cb;
}

void check_output_not_input(const std::string& output, const std::vector<std::string>& inputs) {
    for (const std::string& input : inputs) {
        if (same_file(output, input)) {
            throw Error(Errc::bad_argument, output, "is also an input: writing the output would destroy it");
        }
    }
    // An existing text file below an input directory is read as an article too.
    namespace fs = std::filesystem;
    std::error_code ec;
    if (output.empty() || output == "-" || !fs::is_regular_file(output, ec) ||
        !io::is_text_file_name(fs::path(output).filename().string())) {
        return;
    }
    const fs::path file = fs::canonical(output, ec);  // the file a write through a link replaces
    if (ec) return;
    for (const std::string& input : inputs) {
        if (input == "-" || !fs::is_directory(input, ec)) continue;
        const fs::path dir = fs::canonical(input, ec);
        if (ec) continue;
        const auto [d, f] = std::mismatch(dir.begin(), dir.end(), file.begin(), file.end());
        if (d == dir.end()) {
            throw Error(Errc::bad_argument, output,
                        fmt::format("is also an input (a text file under {}): writing the output would destroy it", input));
        }
    }
}

namespace {

namespace fs = std::filesystem;

/// Where the report directory `dir` goes and where it is staged: an existing (empty) directory is
/// kept (its permissions, a shell inside it) and filled from a hidden staging directory inside
/// it; a new one is staged beside it ("DIR.tmp.PID") and renamed into place. `dir` may end with
/// a slash or be ".".
struct OutputDirPlan {
    fs::path target;   ///< absolute, without a trailing slash
    fs::path staging;
    bool inside = false;
};

constexpr std::string_view kInsideStaging = ".wiretrace.tmp.";

OutputDirPlan plan_output_dir(const std::string& dir) {
    std::error_code ec;
    fs::path target = fs::absolute(dir, ec).lexically_normal();
    if (ec) target = fs::path(dir).lexically_normal();
    while (!target.has_filename() && target.has_relative_path()) target = target.parent_path();
    OutputDirPlan plan;
    plan.target = target;
    plan.inside = fs::is_directory(target, ec);
    const std::string pid = std::to_string(::getpid());
    if (plan.inside) {
        plan.staging = target / (std::string(kInsideStaging) + pid);
    } else {
        plan.staging = target;
        plan.staging += ".tmp." + pid;
    }
    return plan;
}

/// The process id in `name` when it is `prefix` followed by decimal digits, else 0.
pid_t staging_pid(const std::string& name, const std::string& prefix) {
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return 0;
    pid_t pid = 0;
    for (std::size_t i = prefix.size(); i < name.size(); ++i) {
        if (name[i] < '0' || name[i] > '9' || pid > 99'999'999) return 0;
        pid = pid * 10 + (name[i] - '0');
    }
    return pid;
}

/// Removes the staging directories of `plan`'s target that a run killed by SIGKILL left behind:
/// "DIR.tmp.PID" beside it and ".wiretrace.tmp.PID" inside it, when no process PID runs.
void remove_stale_staging(const OutputDirPlan& plan) {
    const auto remove_if_stale = [](const fs::path& parent, const std::string& prefix) {
        std::error_code ec;
        for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
            const pid_t pid = staging_pid(it->path().filename().string(), prefix);
            if (pid <= 0 || pid == ::getpid() || !it->is_directory(ec) || it->is_symlink(ec)) continue;
            if (::kill(pid, 0) == 0 || errno != ESRCH) continue;  // that run may still be going
            std::error_code rm;
            fs::remove_all(it->path(), rm);
        }
    };
    remove_if_stale(plan.target.parent_path(), plan.target.filename().string() + ".tmp.");
    if (plan.inside) remove_if_stale(plan.target, std::string(kInsideStaging));
}

/// Makes `plan`'s staging directory, or throws naming `dir` and saying why not.
void create_staging(const std::string& dir, const OutputDirPlan& plan) {
    std::error_code ec;
    if (fs::create_directory(plan.staging, ec)) return;
    const fs::path parent = plan.inside ? plan.target : plan.target.parent_path();
    std::error_code pec;
    if (!plan.inside && !fs::exists(parent, pec)) {
        throw Error(Errc::io, dir, fmt::format("cannot create the output directory: {} does not exist", parent.string()));
    }
    throw Error(Errc::io, dir,
                fmt::format("cannot create the output directory: {} ({})", ec ? ec.message() : std::string("exists"),
                            plan.inside ? "writing into " + parent.string() : "creating " + plan.staging.string()));
}

}  // namespace

void check_output_dir(const std::string& dir) {
    const OutputDirPlan plan = plan_output_dir(dir);
    remove_stale_staging(plan);
    std::error_code ec;
    const fs::file_status st = fs::status(plan.target, ec);
    if (fs::exists(st)) {
        if (!fs::is_directory(st)) throw Error(Errc::not_a_file, dir, "exists and is not a directory");
        if (!fs::is_empty(plan.target, ec) || ec) {
            throw Error(Errc::io, dir, "exists and is not empty (the output goes to a new or empty directory)");
        }
    }
    // Everything that could fail at the end is tried now: the staging directory is made and
    // removed again, so a missing parent or a read-only directory is an error before any work.
    create_staging(dir, plan);
    fs::remove(plan.staging, ec);
}

std::size_t write_output_dir(const std::string& dir, const std::function<void(const FileSink&)>& write) {
    const OutputDirPlan plan = plan_output_dir(dir);
    const fs::path& target = plan.target;
    const fs::path& staging = plan.staging;
    std::error_code ec;
    create_staging(dir, plan);
    const TempFileGuard guard(staging.string(), true);
    std::mutex dirs;
    std::atomic<std::size_t> files{0};
    std::vector<fs::path> moved;  // entries already moved from staging into an existing target
    try {
        write([&](const std::string& name, const std::string& content) {
            const WritingFile writing;
            const fs::path path = staging / name;
            {
                const std::lock_guard lock(dirs);
                fs::create_directories(path.parent_path());
            }
            std::ofstream file(path, std::ios::binary | std::ios::trunc);
            file << content;
            file.close();
            if (!file) throw Error(Errc::io, (fs::path(dir) / name).string(), std::string("cannot write: ") + std::strerror(errno));
            files.fetch_add(1, std::memory_order_relaxed);
        });
        if (plan.inside) {
            for (const fs::directory_entry& e : fs::directory_iterator(staging)) {
                const fs::path to = target / e.path().filename();
                fs::rename(e.path(), to);
                moved.push_back(to);
            }
            fs::remove(staging);
        } else {
            fs::rename(staging, target);
        }
    } catch (const fs::filesystem_error& e) {
        for (const fs::path& m : moved) fs::remove_all(m, ec);
        fs::remove_all(staging, ec);
        throw Error(Errc::io, dir, e.code().message());
    } catch (...) {
        for (const fs::path& m : moved) fs::remove_all(m, ec);
        fs::remove_all(staging, ec);
        throw;
    }
    return files.load();
}

}  // namespace wiretrace::cli
