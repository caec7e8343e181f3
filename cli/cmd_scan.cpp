// SPDX-License-Identifier: Apache-2.0
// `wiretrace scan INPUT...`: a whole dump to provenance clusters.
#include <fmt/format.h>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "options.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/scan.hpp"
#include "wiretrace/scan_report.hpp"

namespace wiretrace::cli {
namespace {

struct ScanOptions {
    std::vector<std::string> inputs;
    std::string format = "text";
    std::string output;
    int threads = 0;
    bool progress = false;
    bool quiet = false;
    bool repair_utf8 = false;
    double window_days = 0;
    scan::Options scan;
};

/// Prints diagnostics of skipped records (the first ones; all are counted) to standard error.
void report_skipped(const io::ReadStats& s) {
    for (const auto& d : s.diagnostics) {
        // {:?} quotes the id and escapes control characters (an id may hold a NUL or a newline).
        std::cerr << fmt::format("wiretrace: warning: {}: skipped{}: {}\n", d.where(),
                                 d.id.empty() ? "" : fmt::format(" {:?}", d.id), d.reason);
    }
    if (s.skipped > s.diagnostics.size()) {
        std::cerr << fmt::format("wiretrace: warning: {} more skipped records not shown\n",
                                 s.skipped - s.diagnostics.size());
    }
    if (s.skipped == 0) return;
    std::string reasons;
    for (std::size_t k = 0; k < io::kSkipReasonCount; ++k) {
        if (s.skipped_by_reason[k] == 0) continue;
        reasons += fmt::format("{}{} {}", reasons.empty() ? "" : ", ", s.skipped_by_reason[k],
                               io::skip_reason_name(static_cast<io::SkipReason>(k)));
    }
    std::cerr << fmt::format("wiretrace: scan: {} records skipped ({})\n", s.skipped, reasons);
}

int run(ScanOptions& o) {
    const auto threads = limit_threads(o.threads);
    o.scan.reader.utf8 = o.repair_utf8 ? io::Utf8Policy::repair : io::Utf8Policy::reject;
    o.scan.candidates.timestamp_tolerance_seconds = o.scan.params.timestamp_tolerance_seconds;
    if (o.window_days > 0) o.scan.candidates.window_seconds = static_cast<std::int64_t>(o.window_days * 86400.0);

    const bool show = progress_wanted(o.quiet, o.progress);
    bool shown = false;
    const scan::ProgressFn progress = [&](scan::Stage stage, std::uint64_t done, std::uint64_t total) {
        if (!show) return true;
        if (total == 0) {
            std::cerr << fmt::format("\r\x1b[Kwiretrace: scan: {}: {} articles", scan::to_string(stage), done);
        } else {
            std::cerr << fmt::format("\r\x1b[Kwiretrace: scan: {}: {}/{} ({}%)", scan::to_string(stage), done, total,
                                     done * 100 / total);
        }
        std::cerr << std::flush;
        shown = true;
        return true;
    };
    // The scan runs inside write_output: with -o the temporary file exists from the start, so an
    // unwritable output fails at once, and an interrupted scan removes it (see write_output).
    scan::Result result;
    write_output(o.output, [&](std::ostream& out) {
        result = scan::run(o.inputs, o.scan, progress);
        if (shown) std::cerr << "\n";
        if (!o.quiet) report_skipped(result.stats.read);
        if (result.articles.empty() && result.stats.read.skipped > 0) {
            const auto& r = result.stats.read;
            const bool fields =
                r.skipped_for(io::SkipReason::missing_id) + r.skipped_for(io::SkipReason::missing_text) > 0;
            throw Error(Errc::bad_format, "",
                        fmt::format("no usable article: all {} records were skipped ({})", r.skipped,
                                    fields ? "wrong --id-field or --text-field?" : "see the warnings above"));
        }
        if (o.format == "jsonl") {
            report::write_scan_jsonl(out, result);
        } else if (o.format == "tsv") {
            report::write_scan_tsv(out, result);
        } else {
            report::write_scan_text(out, result);
        }
    });
    if (!o.quiet && o.format != "text") std::cerr << "wiretrace: scan: " << report::scan_summary(result) << "\n";
    return result.forest.clusters.empty() ? 1 : 0;
}

}  // namespace

Handler register_scan(CLI::App& app) {
    auto o = std::make_shared<ScanOptions>();
    auto& so = o->scan;
    app.footer(
        "Inputs: JSONL files (one article per line; .gz and .zst read transparently), directories of\n"
        ".txt files (recursive, one article per file, the relative path is the id), single .txt files,\n"
        "and - for JSONL on standard input. Unusable records are skipped, counted and named by file\n"
        "and line (--strict makes the first one fatal).\n"
        "Output: provenance clusters (the original at the root, each copy under its source) and the\n"
        "derived pairs along them: text, jsonl (typed lines, schema wiretrace.scan/1) or tsv.\n"
        "Exit status: 0 clusters found, 1 none, 2 error (also when every record was skipped).");
    app.add_option("INPUT", o->inputs, "JSONL files (.gz, .zst), directories of .txt files, .txt files, or -")
        ->required()->type_name("INPUT...");
    app.add_option("-f,--format", o->format, "Output format: text, jsonl or tsv")
        ->check(CLI::IsMember({"text", "jsonl", "tsv"}))->capture_default_str()->type_name("FORMAT");
    add_output_option(app, o->output);
    add_threads_option(app, o->threads);
    app.add_flag("--progress", o->progress, "Show progress even when standard error is not a terminal");
    app.add_flag("-q,--quiet", o->quiet, "No progress, warnings or summary on standard error");
    app.add_flag("--all-relations", so.all_relations, "Also report verified same-story pairs");

    const std::string input = "Input";
    auto& f = so.reader.fields;
    app.add_option("--id-field", f.id, "JSONL field of the article id")->capture_default_str()->type_name("NAME")->group(input);
    app.add_option("--text-field", f.text, "JSONL field of the text")->capture_default_str()->type_name("NAME")->group(input);
    app.add_option("--title-field", f.title, "JSONL field of the title")->capture_default_str()->type_name("NAME")->group(input);
    app.add_option("--outlet-field", f.outlet, "JSONL field of the outlet")->capture_default_str()->type_name("NAME")->group(input);
    app.add_option("--time-field", f.time, "JSONL field of the publication time (ISO-8601 or epoch seconds)")
        ->capture_default_str()->type_name("NAME")->group(input);
    app.add_flag("--strict", so.reader.strict, "Stop at the first unusable record instead of skipping it")->group(input);
    app.add_flag("--repair-utf8", o->repair_utf8, "Replace invalid UTF-8 with U+FFFD (default: skip the record)")
        ->group(input);
    app.add_option("--max-doc-bytes", so.reader.max_doc_bytes, "Skip a record (JSONL line or .txt file) larger than N bytes, counted as too_large "
                   "(default 64 MiB)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 32))->capture_default_str()->type_name("N")->group(input);
    app.add_option("--spool-dir", so.spool_dir, "Directory of the temporary text spool (default: $TMPDIR or /tmp)")
        ->type_name("DIR")->group(input);

    const std::string cand = "Candidates";
    auto& c = so.candidates;
    app.add_option("--window-days", o->window_days, "Only pairs published within N days of each other")
        ->check(CLI::PositiveNumber)->type_name("N")->group(cand);
    app.add_option("--max-df", c.max_document_frequency,
                   "Fingerprints in more articles than this are boilerplate and skipped")
        ->check(CLI::Range(2U, 1000000U))->capture_default_str()->type_name("N")->group(cand);
    app.add_option("--min-shared", c.min_shared, "Fingerprints a pair must share to be verified")
        ->check(CLI::Range(1U, 1000U))->capture_default_str()->type_name("N")->group(cand);
    app.add_option("--max-sources", c.max_sources, "Possible sources verified per article")
        ->check(CLI::Range(1U, 100000U))->capture_default_str()->type_name("N")->group(cand);
    app.add_option("--bands", so.lsh_bands, "LSH bands over the MinHash signature")
        ->check(CLI::Range(1U, 4096U))->capture_default_str()->type_name("N")->group(cand);
    add_params_options(app, so.params);
    return [o] { return run(*o); };
}

}  // namespace wiretrace::cli
