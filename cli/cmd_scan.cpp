// SPDX-License-Identifier: Apache-2.0
// `wiretrace scan INPUT...`: a whole dump to provenance clusters.
#include <fmt/format.h>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "options.hpp"
#include "wiretrace/run/pipeline.hpp"
#include "wiretrace/run/distributed.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/report/html_scan.hpp"
#include "wiretrace/run/scan.hpp"
#include "wiretrace/report/scan.hpp"
#include "wiretrace/report/scan_schema.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::cli {
namespace {

/// Passages --explain-boilerplate prints.
constexpr std::uint32_t kExplainedPassages = 10;

struct ScanOptions {
    std::vector<std::string> inputs;
    std::string format = "text";
    std::string output;
    std::string candidates_output;
    int threads = 0;
    bool progress = false;
    bool quiet = false;
    bool repair_utf8 = false;
    bool spreadsheet_safe = false;
    bool explain_boilerplate = false;
    double window_days = 0;
    std::uint32_t clusters_per_page = report::HtmlScanOptions{}.clusters_per_page;
    scan::Options scan;
    OutletFiles outlets;
};

/// The HTML report: a directory of pages, staged and renamed into place when complete.
void write_html(const ScanOptions& o, const scan::Result& result) {
    report::HtmlScanOptions html;
    html.minhash_size = o.scan.params.minhash_size;
    html.clusters_per_page = o.clusters_per_page;
    std::uint64_t shown_percent = 101;
    if (progress_wanted(o.quiet, o.progress)) {
        html.progress = [&shown_percent](const Progress& p) {
            const std::uint64_t done = p.done, total = p.total;
            const std::uint64_t percent = done * 100 / total;
            if (percent == shown_percent) return true;
            shown_percent = percent;
            std::cerr << fmt::format("\r\x1b[Kwiretrace: scan: html: {}/{} pair pages ({}%)", done, total, percent)
                      << (done == total ? "\n" : "") << std::flush;
            return true;
        };
    }
    const std::size_t files =
        write_output_dir(o.output, [&](const FileSink& sink) { report::write_scan_html(result, html, sink); });
    if (!o.quiet) {
        const std::string dir = text::escape_controls(o.output);
        std::cerr << fmt::format("wiretrace: scan: HTML report in {}/ ({} file{}; open {}/index.html)\n", dir, files,
                                 files == 1 ? "" : "s", dir);
    }
}

/// The warnings about a finished scan; throws when every record was skipped.
void check_usable(const ScanOptions& o, const scan::Result& result) {
    if (!o.quiet) report_skipped(result.stats.read, "scan");
    if (result.articles.empty() && result.stats.read.skipped > 0) {
        const auto& r = result.stats.read;
        const bool fields = r.skipped_for(io::SkipReason::missing_id) + r.skipped_for(io::SkipReason::missing_text) > 0;
        throw Error(Errc::bad_format, "",
                    fmt::format("{} ({})", no_usable_article(r.skipped),
                                fields ? "wrong --id-field or --text-field?"
                                       : (o.quiet ? "run without -q to see why" : "see the warnings above")));
    }
}

void write_stream(const ScanOptions& o, const scan::Result& result, std::ostream& out) {
    if (o.format == "jsonl") {
        report::write_scan_jsonl(out, result);
    } else if (o.format == "csv") {
        report::write_scan_csv(out, result);
    } else if (o.format == "tsv") {
        report::write_scan_tsv(out, result, o.spreadsheet_safe ? report::TsvCells::spreadsheet_safe : report::TsvCells::exact);
    } else {
        report::write_scan_text(out, result);
    }
}

/// The candidate pairs, with --candidates-tsv FILE.
void write_candidates(const ScanOptions& o, const scan::Result& result) {
    if (o.candidates_output.empty()) return;
    write_output(o.candidates_output, [&](std::ostream& out) { report::write_scan_candidates_tsv(out, result); });
}

/// The summary line and the exit status of a scan whose output is written.
int finish(const ScanOptions& o, const scan::Result& result) {
    if (!o.quiet && o.format != "text") std::cerr << "wiretrace: scan: " << report::scan_summary(result) << "\n";
    if (o.explain_boilerplate) {
        std::cerr << fmt::format("wiretrace: scan: {} most repeated passages (boilerplate above {} articles; "
                                 "furniture: in {:.0f}% of an outlet's articles, at least {}):\n",
                                 result.boilerplate.size(), result.stats.furniture.corpus_cap,
                                 o.scan.furniture.outlet_share * 100, o.scan.furniture.min_articles);
        for (const candidates::RepeatedPassage& p : result.boilerplate) {
            std::string text = p.text;
            for (char& ch : text) {
                if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
            }
            if (text.size() > 160) {
                std::size_t cut = 157;
                while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
                text = text.substr(0, cut) + "...";
            }
            std::cerr << fmt::format("  {} articles  {}  {}  \"{}\"\n", p.articles, text::escape_controls(p.owner),
                                     text::escape_controls(result.articles[p.example].id), text::escape_controls(text));
        }
    }
    return result.forest.clusters.empty() ? 1 : 0;
}

/// Warnings, the output and the summary of a finished scan; the exit status.
int report_result(const ScanOptions& o, const scan::Result& result) {
    check_usable(o, result);
    write_candidates(o, result);
    if (o.format == "html") {
        write_html(o, result);
    } else {
        write_output(o.output, [&](std::ostream& out) { write_stream(o, result, out); });
    }
    return finish(o, result);
}

/// One line per rank of a distributed scan: its share, its traffic, its memory and times.
void report_ranks(const std::vector<scan::distributed::RankStats>& ranks) {
    for (std::size_t r = 0; r < ranks.size(); ++r) {
        const auto& s = ranks[r];
        std::string stages;
        std::string sent;
        for (const auto& st : s.stages) {
            stages += fmt::format("{}{} {:.1f} s", stages.empty() ? "" : ", ", scan::to_string(st.stage), st.seconds);
            sent += fmt::format("{}{} {:.2f}", sent.empty() ? "" : " + ", scan::to_string(st.stage),
                                static_cast<double>(s.bytes_sent_by_stage.at(static_cast<std::size_t>(st.stage))) / 1e6);
        }
        std::cerr << fmt::format("wiretrace: scan: rank {}: {} ({:.2f} MB), {} verified, {:.2f} MB sent "
                                 "({}), {:.2f} MB received, peak RSS {:.0f} MiB; {}\n",
                                 r, counted(s.articles, "article"), static_cast<double>(s.text_bytes) / 1e6,
                                 counted(s.verified, "pair"),
                                 static_cast<double>(s.bytes_sent) / 1e6, sent,
                                 static_cast<double>(s.bytes_received) / 1e6,
                                 static_cast<double>(s.peak_rss_bytes) / (1 << 20), stages);
    }
}

/// Under mpirun: every rank scans its share, rank 0 writes the result. An error on any rank ends
/// the whole job with status 2 (MPI_Abort), as the other ranks may be waiting for it.
int run_distributed(const ScanOptions& o, const ProgressFn& progress, const bool& progress_shown) {
    const scan::distributed::Session session;
    try {
        const scan::distributed::DistributedResult d = scan::distributed::run(session, o.inputs, o.scan, progress);
        int status = 0;
        if (progress_shown) std::cerr << "\n";
        if (session.rank() == 0) {
            status = report_result(o, d.result);
            if (!o.quiet) report_ranks(d.ranks);
            if (!o.quiet && o.scan.explain_boilerplate > 0) {
                std::cerr << "wiretrace: scan: --explain-boilerplate lists no passages under mpirun yet (the "
                             "furniture counts of the summary are the whole job's)\n";
            }
        }
        return session.broadcast(status);
    } catch (const std::exception& e) {
        std::cerr << fmt::format("wiretrace: error: rank {} of {}: {}\n", session.rank(), session.size(),
                                 text::escape_controls(e.what()));
        std::cerr.flush();
        session.abort(2);
    }
}

int run(ScanOptions& o) {
    load_outlet_roles(o.outlets, o.scan.params);
    check_output_not_input(o.output, o.inputs);
    if (!o.candidates_output.empty()) {
        check_output_not_input(o.candidates_output, o.inputs);
        if (scan::distributed::launched_by_mpi()) {
            throw Error(Errc::bad_argument, "", "--candidates-tsv is not available under mpirun");
        }
        o.scan.keep_candidates = true;
    }
    if (o.format == "html") {
        if (o.output.empty() || o.output == "-") {
            throw Error(Errc::bad_argument, "", "--format html writes a directory of pages: name it with -o DIR");
        }
        if (scan::distributed::launched_by_mpi()) {
            throw Error(Errc::bad_argument, "", "--format html is not available under mpirun: write jsonl");
        }
        check_output_dir(o.output);
        o.scan.keep_pair_scores = true;  // the pair pages show what the scan verified
    }
    if (o.explain_boilerplate) o.scan.explain_boilerplate = kExplainedPassages;
    const pipeline::ThreadLimit threads(o.threads);
    o.scan.reader.utf8 = o.repair_utf8 ? io::Utf8Policy::repair : io::Utf8Policy::reject;
    o.scan.candidates.timestamp_tolerance_seconds = o.scan.params.timestamp_tolerance_seconds;
    if (o.window_days > 0) o.scan.candidates.window_seconds = static_cast<std::int64_t>(o.window_days * 86400.0);

    const bool show = progress_wanted(o.quiet, o.progress);
    bool shown = false;
    const ProgressFn progress = [&](const Progress& p) {
        const std::uint64_t done = p.done, total = p.total;
        if (!show) return true;
        if (total == 0) {
            std::cerr << fmt::format("\r\x1b[Kwiretrace: scan: {}: {} articles", p.stage, done);
        } else {
            std::cerr << fmt::format("\r\x1b[Kwiretrace: scan: {}: {}/{} ({}%)", p.stage, done, total,
                                     done * 100 / total);
        }
        std::cerr << std::flush;
        shown = true;
        return true;
    };
    if (scan::distributed::launched_by_mpi()) return run_distributed(o, progress, shown);
    if (o.format == "html") {
        const scan::Result result = scan::run(o.inputs, o.scan, progress);
        if (shown) std::cerr << "\n";
        return report_result(o, result);
    }
    // The scan runs inside write_output: with -o the temporary file exists from the start, so an
    // unwritable output fails at once, and an interrupted scan removes it (see write_output).
    scan::Result result;
    write_output(o.output, [&](std::ostream& out) {
        result = scan::run(o.inputs, o.scan, progress);
        if (shown) std::cerr << "\n";
        check_usable(o, result);
        write_stream(o, result, out);
    });
    write_candidates(o, result);
    return finish(o, result);
}

}  // namespace

Handler register_scan(CLI::App& app) {
    auto o = std::make_shared<ScanOptions>();
    auto& so = o->scan;
    app.footer(fmt::format(
        "Inputs: JSONL files (one article per line; .gz and .zst read transparently), directories of\n"
        ".txt files (recursive, one article per file, the relative path is the id), single .txt files,\n"
        "and - for JSONL on standard input. Unusable records are skipped, counted and named by file\n"
        "and line (--strict makes the first one fatal).\n"
        "Output: provenance clusters (the original at the root, each copy under its source) and the\n"
        "derived pairs along them: text, jsonl (typed lines, schema {}), tsv, csv (one row per\n"
        "article of a cluster), or html\n"
        "(a directory of linked pages, -o DIR: index, one page per cluster, one per derived pair).\n"
        "Exit status: 0 clusters found, 1 none, 2 error (also when every record was skipped).\n"
        "On a cluster: mpirun -n N wiretrace scan ... (every rank reads a share of the inputs; rank 0\n"
        "writes the same output as one process; see README, \"Running on a cluster\").",
        report::scan_jsonl::schema_id()));
    app.add_option("INPUT", o->inputs, "JSONL files (.gz, .zst), directories of .txt files, .txt files, or -")
        ->required()->type_name("INPUT...");
    app.add_option("-f,--format", o->format,
                   "Output format: text, jsonl, tsv, csv (one row per clustered article, for spreadsheets), or html "
                   "(a directory of pages: -o DIR)")
        ->check(CLI::IsMember({"text", "jsonl", "tsv", "csv", "html"}))->capture_default_str()->type_name("FORMAT");
    app.add_option("--clusters-per-page", o->clusters_per_page, "Clusters on each index page of --format html")
        ->check(CLI::Range(1U, 1000000U))->capture_default_str()->type_name("N");
    add_output_option(app, o->output);
    app.add_flag("--spreadsheet-safe", o->spreadsheet_safe,
                 "Prefix an id starting with = + - or @ with ' in --format tsv, so a spreadsheet does not run it as a formula");
    add_threads_option(app, o->threads);
    app.add_flag("--progress", o->progress, "Show progress even when standard error is not a terminal");
    app.add_flag("-q,--quiet", o->quiet, "No progress, warnings or summary on standard error");
    app.add_flag("--all-relations", so.all_relations, "Also report verified same-story pairs");

    add_reader_options(app, so.reader, o->repair_utf8);
    app.add_option("--spool-dir", so.spool_dir, "Directory of the temporary text spool (default: $TMPDIR or /tmp)")
        ->type_name("DIR")->group("Input");
    add_size_option(app, "--max-memory", so.max_memory_bytes,
                    "A memory budget (512M, 2G): the candidate join's keys are sorted on disk in --spool-dir; "
                    "the same output, slower (default: all in memory)")
        ->group("Input");

    const std::string cand = "Candidates";
    auto& c = so.candidates;
    const CLI::Validator positive_days(
        [](const std::string& value) {
            double days = 0;
            return CLI::detail::lexical_cast(value, days) && days > 0 ? std::string()
                                                                      : std::string("must be a number of days above 0");
        },
        "N > 0");
    add_number_option(app, "--window-days", o->window_days,
                   "Only pairs published within N days of each other (N > 0; undated articles pair with all)")
        ->check(positive_days)->type_name("N")->group(cand);
    CLI::Option* max_df = app.add_option("--max-df", c.max_document_frequency,
                   "Fingerprints in more articles than this are boilerplate and skipped (sets the cap outright; "
                   "without it the cap is --max-df-share of the articles, between 20 and this default)")
        ->check(CLI::Range(2U, 1000000U))->capture_default_str()->type_name("N")->group(cand)
        ->each([o](const std::string&) { o->scan.furniture.corpus_share = 0; });
    add_number_option(app, "--max-df-share", so.furniture.corpus_share,
                      "Fingerprints in more than this share of the articles are boilerplate (0: --max-df alone)")
        ->check(CLI::Range(0.0, 1.0))->capture_default_str()->type_name("X")->group(cand)->excludes(max_df);
    add_number_option(app, "--furniture-share", so.furniture.outlet_share,
                      "Text an outlet repeats in at least this share of its own articles is its furniture: "
                      "left out of the join and blanked before verification (0: off)")
        ->check(CLI::Range(0.0, 1.0))->capture_default_str()->type_name("X")->group(cand);
    app.add_option("--furniture-min-articles", so.furniture.min_articles,
                   "... and in at least this many of them (an outlet with fewer articles has no furniture)")
        ->check(CLI::Range(2U, 1000000U))->capture_default_str()->type_name("N")->group(cand);
    app.add_flag("--explain-boilerplate", o->explain_boilerplate,
                 "Print the most repeated passages (each outlet's furniture and the corpus's boilerplate) "
                 "on standard error");
    app.add_option("--min-shared", c.min_shared, "Fingerprints a pair must share to be verified")
        ->check(CLI::Range(1U, 1000U))->capture_default_str()->type_name("N")->group(cand);
    add_number_option(app, "--min-containment", c.min_containment,
                      "Share of either article's fingerprints a pair must share to be verified")
        ->check(CLI::Range(0.0, 1.0))->capture_default_str()->type_name("X")->group(cand);
    app.add_option("--max-sources", c.max_sources, "Possible sources verified per article")
        ->check(CLI::Range(1U, 100000U))->capture_default_str()->type_name("N")->group(cand);
    app.add_option("--bands", so.lsh_bands, "LSH bands over the MinHash signature")
        ->check(CLI::Range(1U, kMaxMinhashSize))->capture_default_str()->type_name("N")->group(cand);
    app.add_option("--candidates-tsv", o->candidates_output,
                   "Also write every candidate pair and the sources that found it to FILE (TSV)")
        ->type_name("FILE")->group(cand);
    app.add_option("--tfidf-neighbours", c.tfidf_neighbours,
                   "Also verify each article's N nearest possible sources by a TF-IDF cosine over rare words "
                   "(names, numbers, places: finds reworded copies that share few 5-word runs); 0: off")
        ->check(CLI::Range(0U, 1000U))->capture_default_str()->type_name("N")->group(cand);
    app.add_option("--tfidf-terms", c.tfidf_terms,
                   "Rarest words of each article that the TF-IDF neighbour search indexes and compares")
        ->check(CLI::Range(1U, 100000U))->capture_default_str()->type_name("N")->group(cand);
    add_number_option(app, "--tfidf-min-cosine", c.tfidf_min_cosine,
                      "Lowest TF-IDF cosine (over those words) of a neighbour")
        ->check(CLI::Range(0.0, 1.0))->capture_default_str()->type_name("X")->group(cand);
    app.add_option("--tfidf-max-postings", c.tfidf_max_postings,
                   "Words among the rarest of more articles than this are skipped by the neighbour search")
        ->check(CLI::Range(2U, 100000000U))->capture_default_str()->type_name("N")->group(cand);
    add_params_options(app, so.params);
    add_outlet_options(app, o->outlets);
    return [o] { return run(*o); };
}

}  // namespace wiretrace::cli
