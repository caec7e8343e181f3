// SPDX-License-Identifier: Apache-2.0
// `wiretrace check ARTICLE... --db F`: is each article a rewrite of a known wire story?
#include <chrono>
#include <fmt/format.h>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "options.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/index/index.hpp"
#include "wiretrace/report/check.hpp"
#include "wiretrace/run/check.hpp"
#include "wiretrace/run/pipeline.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::cli {
namespace {

struct CheckOptions {
    std::vector<std::string> inputs;
    std::string db;
    std::string format = "text";
    std::string output;
    int threads = 0;
    bool progress = false;
    bool quiet = false;
    bool repair_utf8 = false;
    bool spreadsheet_safe = false;
    bool brief = false;
    std::string format_in = "text";
    std::size_t width = 100;
    std::uint32_t lsh_bands = kDefaultLshBands;
    check::Options check;
    OutletFiles outlets;
};

int run(CheckOptions& o, bool sketch_given) {
    load_outlet_roles(o.outlets, o.check.params);
    if (o.brief && o.format != "text") {
        throw Error(Errc::bad_argument, "", fmt::format("--brief is a text report: it cannot go with --format {}", o.format));
    }
    o.check.reader.stdin_text = o.format_in == "text";
    check_output_not_input(o.output, o.inputs);
    check_output_not_input(o.output, {o.db});
    if (o.format == "html") {
        if (o.output.empty() || o.output == "-") {
            throw Error(Errc::bad_argument, "", "--format html writes a directory of pages: name it with -o DIR");
        }
        check_output_dir(o.output);
    }
    const pipeline::ThreadLimit threads(o.threads);
    o.check.reader.utf8 = o.repair_utf8 ? io::Utf8Policy::repair : io::Utf8Policy::reject;
    const index::Index first = index::Index::open_for_reading(o.db);
    if (sketch_given) first.require(index::Parameters::from(o.check.params, o.lsh_bands));
    const std::uint32_t minhash_size = first.parameters().minhash_size;

    const auto start = std::chrono::steady_clock::now();
    const bool show = progress_wanted(o.quiet, o.progress);
    bool progress_shown = false;
    const ProgressFn progress = [&](const Progress& p) {
        if (show) {
            std::cerr << fmt::format("\r\x1b[Kwiretrace: check: {} articles, {} matched", p.done, p.found) << std::flush;
            progress_shown = true;
        }
        return true;
    };
    check::Stats stats;
    if (o.format == "html") {
        const std::size_t files = write_output_dir(o.output, [&](const FileSink& sink) {
            report::CheckHtmlReport html("index.html", minhash_size, sink);
            stats = check::run(o.db, o.inputs, o.check, [&](const check::CheckedArticle& c) { html.add(c); }, progress);
            html.finish();
        });
        if (progress_shown) std::cerr << "\n";
        if (!o.quiet) {
            const std::string dir = text::escape_controls(o.output);
            std::cerr << fmt::format("wiretrace: check: HTML report in {}/ ({} files; open {}/index.html)\n", dir,
                                     files, dir);
        }
    } else {
        write_output(o.output, [&](std::ostream& out) {
            if (o.format == "tsv") out << report::kPairTsvHeader;
            if (o.format == "csv") out << report::kCheckCsvHeader;
            report::CheckJsonDocument json(o.db, minhash_size);
            std::uint64_t written = 0;
            stats = check::run(o.db, o.inputs, o.check, [&](const check::CheckedArticle& c) {
                if (o.format == "json") {
                    json.add(c);
                } else if (o.format == "jsonl") {
                    out << report::check_jsonl_line(c, minhash_size);
                } else if (o.format == "tsv") {
                    report::write_check_tsv(out, c, o.spreadsheet_safe ? report::TsvCells::spreadsheet_safe
                                                                         : report::TsvCells::exact);
                } else if (o.format == "csv") {
                    report::write_check_csv(out, c);
                } else if (o.brief) {
                    out << report::check_brief_line(c);
                } else {
                    if (++written > 1) out << "\n";
                    report::write_check_text(out, c, minhash_size, o.width);
                }
            }, progress);
            if (o.format == "json") {
                out << json.finish(stats, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
            }
        });
        if (progress_shown) std::cerr << "\n";
    }
    const io::ReadStats& read = stats.read;
    if (!o.quiet) report_skipped(read, "check");
    if (stats.articles == 0 && read.skipped > 0) {
        throw Error(Errc::bad_format, "",
                    no_usable_article(read.skipped));
    }
    if (!o.quiet) {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cerr << fmt::format(
            "wiretrace: check: {}, {} matched a known story ({}), {} verified, {} skipped, {:.2f} s\n",
            counted(stats.articles, "article"), stats.matched, counted(stats.matches, "match", "matches"),
            counted(stats.candidates, "candidate"), counted(read.skipped, "record"), seconds);
    }
    return stats.matched > 0 ? 0 : 1;
}

}  // namespace

Handler register_check(CLI::App& app) {
    auto o = std::make_shared<CheckOptions>();
    app.footer(
        "For each article, the known stories of the index (built with `wiretrace index add`) it\n"
        "relates to, best first, each scored exactly as `wiretrace compare KNOWN ARTICLE` would:\n"
        "relation, which text is the source and why, the coverage of both texts, the aligned\n"
        "passages and the edits. Articles are read like scan's inputs: .txt files, directories of\n"
        ".txt files, JSONL (.gz, .zst), or - for one plain-text article on standard input (JSONL\n"
        "with --format-in jsonl).\n"
        "Formats: text; json (one document, schema wiretrace.check/1); jsonl (one object per\n"
        "article); tsv (one line per match, the pair list `wiretrace eval` reads); csv (a\n"
        "spreadsheet, RFC 4180: one row per match, or per article without one); html (-o DIR:\n"
        "index.html lists the articles and matches, pairs/<i>-<j>.html shows each side by side).\n"
        "Exit status: 0 some article matched, 1 none did, 2 error (not an index, corrupted index).");
    app.add_option("ARTICLE", o->inputs,
                   "Articles: .txt files, directories, JSONL files, or - (one plain-text article; JSONL with --format-in jsonl)")
        ->required()->type_name("ARTICLE...");
    app.add_option("--db", o->db, "The index file (from `wiretrace index add`)")->required()->type_name("FILE");
    app.add_option("-f,--format", o->format, "Output format: text, json, jsonl, tsv, csv (a spreadsheet: one row per match), or html (a directory of pages: -o DIR)")
        ->check(CLI::IsMember({"text", "json", "jsonl", "tsv", "csv", "html"}))->capture_default_str()->type_name("FORMAT");
    add_output_option(app, o->output);
    app.add_flag("--brief", o->brief,
                 "One line per article: id, verdict (copy, source, source unknown, no match), best match, relation, "
                 "coverage of both");
    app.add_option("--format-in", o->format_in, "What - (standard input) holds: one plain-text article, or JSONL")
        ->check(CLI::IsMember({"text", "jsonl"}))->capture_default_str()->type_name("FORMAT");
    app.add_flag("--spreadsheet-safe", o->spreadsheet_safe,
                 "Prefix an id starting with = + - or @ with ' in --format tsv, so a spreadsheet does not run it as a formula");
    app.add_option("--top", o->check.top, "Report at most N known stories per article")
        ->check(CLI::Range(1U, 10000U))->capture_default_str()->type_name("N");
    add_number_option(app, "--min-coverage", o->check.min_coverage,
                   "Only matches where at least this share of the source is found in the other text")
        ->check(CLI::Range(0.0, 1.0))->capture_default_str()->type_name("X");
    app.add_flag("--all-relations", o->check.lookup.all_relations, "Also report same-story matches (no shared passages)");
    add_threads_option(app, o->threads);
    app.add_flag("--progress", o->progress, "Show progress even when standard error is not a terminal");
    app.add_flag("-q,--quiet", o->quiet, "No progress, warnings or summary on standard error");
    app.add_option("--width", o->width, "Line width of the text report")
        ->check(CLI::Range(40, 400))->capture_default_str()->type_name("N");
    add_reader_options(app, o->check.reader, o->repair_utf8);

    const std::string cand = "Candidates";
    app.add_option("--max-candidates", o->check.lookup.max_candidates, "Known stories verified per article")
        ->check(CLI::Range(1U, 10000U))->capture_default_str()->type_name("N")->group(cand);
    CLI::Option* max_df = app.add_option("--max-df", o->check.lookup.max_document_frequency,
                   "Fingerprints in more known stories than this are boilerplate and skipped (sets the cap "
                   "outright; without it the cap is --max-df-share of the index's stories, between 20 and this default)")
        ->check(CLI::Range(2U, 1000000U))->capture_default_str()->type_name("N")->group(cand)
        ->each([o](const std::string&) { o->check.lookup.max_df_share = 0; });
    add_number_option(app, "--max-df-share", o->check.lookup.max_df_share,
                      "Fingerprints in more than this share of the index's stories are boilerplate (0: --max-df alone)")
        ->check(CLI::Range(0.0, 1.0))->capture_default_str()->type_name("X")->group(cand)->excludes(max_df);
    app.add_option("--min-shared", o->check.lookup.min_shared, "Fingerprints a known story must share to be verified")
        ->check(CLI::Range(1U, 1000U))->capture_default_str()->type_name("N")->group(cand);
    app.add_option("--bands", o->lsh_bands, "Must equal the index's (checked when given)")
        ->check(CLI::Range(1U, kMaxMinhashSize))->capture_default_str()->type_name("N")->group("Engine");
    add_params_options(app, o->check.params);
    add_outlet_options(app, o->outlets);
    CLI::App* self = &app;
    return [o, self] { return run(*o, sketch_options_given(*self)); };
}

}  // namespace wiretrace::cli
