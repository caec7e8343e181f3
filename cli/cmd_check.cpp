// SPDX-License-Identifier: Apache-2.0
// `wiretrace check ARTICLE... --db F`: is each article a rewrite of a known wire story?
#include <atomic>
#include <chrono>
#include <functional>
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <optional>
#include <tbb/enumerable_thread_specific.h>

#include "commands.hpp"
#include "options.hpp"
#include "wiretrace/check_report.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/index.hpp"
#include "wiretrace/pipeline.hpp"

namespace wiretrace::cli {
namespace {

/// Articles checked per pipeline token.
constexpr std::size_t kBatchArticles = 16;

struct CheckOptions {
    std::vector<std::string> inputs;
    std::string db;
    std::string format = "text";
    std::string output;
    std::uint32_t top = 5;
    double min_coverage = 0;
    int threads = 0;
    bool progress = false;
    bool quiet = false;
    bool repair_utf8 = false;
    std::size_t width = 100;
    std::uint32_t lsh_bands = 32;
    io::ReaderOptions reader;
    index::CheckOptions check;
    Params params;
};

/// The share of the source found in the other text (either side's when undecided).
double source_coverage(const index::Match& m) {
    const score::PairScore& s = m.pair.score;
    switch (s.direction.source) {
    case score::Side::a: return s.coverage_a;
    case score::Side::b: return s.coverage_b;
    case score::Side::undecided: break;
    }
    return std::max(s.coverage_a, s.coverage_b);
}

struct Counts {
    std::uint64_t articles = 0;
    std::uint64_t matched = 0;
    std::uint64_t matches = 0;
    std::uint64_t candidates = 0;
    bool progress_shown = false;
};

void write_summary_fields(report::JsonWriter& w, const Counts& c, const io::ReadStats& read, double seconds) {
    w.key("articles").value(c.articles);
    w.key("matched").value(c.matched);
    w.key("matches").value(c.matches);
    w.key("candidates_verified").value(c.candidates);
    w.key("skipped").value(read.skipped);
    w.key("seconds").value(seconds);
}

/// Checks every article of the inputs in a oneTBB pipeline (each thread with its own connection
/// to the index) and hands the results to `emit` in input order, from one thread at a time.
void check_all(const CheckOptions& o, io::ArticleReader& reader, Counts& counts,
               const std::function<void(const report::CheckedArticle&)>& emit) {
    tbb::enumerable_thread_specific<std::optional<index::Index>> connections;
    struct Batch {
        std::vector<report::CheckedArticle> articles;
        std::uint64_t candidates = 0;
    };
    const bool show = progress_wanted(o.quiet, o.progress);
    pipeline::run_batches<Batch>(
        4,
        [&](Batch& b) {
            io::Record record;
            while (b.articles.size() < kBatchArticles && reader.next(record)) b.articles.push_back({std::move(record.doc), {}});
            return !b.articles.empty();
        },
        [&](Batch& b) {
            std::optional<index::Index>& idx = connections.local();
            if (!idx) idx.emplace(index::Index::open_for_reading(o.db));
            for (report::CheckedArticle& c : b.articles) {
                index::CheckStats stats;
                c.matches = idx->check(c.article, o.params, o.check, &stats);
                b.candidates += stats.candidates;
                std::erase_if(c.matches, [&](const index::Match& m) { return source_coverage(m) < o.min_coverage; });
                if (c.matches.size() > o.top) c.matches.resize(o.top);
            }
        },
        [&](Batch& b) {
            counts.candidates += b.candidates;
            for (const report::CheckedArticle& c : b.articles) {
                ++counts.articles;
                counts.matches += c.matches.size();
                if (!c.matches.empty()) ++counts.matched;
                emit(c);
            }
            if (show) {
                std::cerr << fmt::format("\r\x1b[Kwiretrace: check: {} articles, {} matched", counts.articles,
                                         counts.matched)
                          << std::flush;
                counts.progress_shown = true;
            }
        });
}

int run(CheckOptions& o, bool sketch_given) {
    check_output_not_input(o.output, o.inputs);
    check_output_not_input(o.output, {o.db});
    if (o.format == "html") {
        if (o.output.empty() || o.output == "-") {
            throw Error(Errc::bad_argument, "", "--format html writes a directory of pages: name it with -o DIR");
        }
        check_output_dir(o.output);
    }
    const auto threads = limit_threads(o.threads);
    o.reader.utf8 = o.repair_utf8 ? io::Utf8Policy::repair : io::Utf8Policy::reject;
    const index::Index first = index::Index::open_for_reading(o.db);
    if (sketch_given) first.require(index::Parameters::from(o.params, o.lsh_bands));
    const std::uint32_t minhash_size = first.parameters().minhash_size;

    io::ArticleReader reader(o.inputs, o.reader);
    const auto start = std::chrono::steady_clock::now();
    Counts counts;
    if (o.format == "html") {
        const std::size_t files = write_output_dir(o.output, [&](const FileSink& sink) {
            report::CheckHtmlReport html("index.html", minhash_size, sink);
            check_all(o, reader, counts, [&](const report::CheckedArticle& c) { html.add(c); });
            html.finish();
        });
        if (counts.progress_shown) std::cerr << "\n";
        if (!o.quiet) {
            std::cerr << fmt::format("wiretrace: check: HTML report in {}/ ({} files; open {}/index.html)\n", o.output,
                                     files, o.output);
        }
    } else {
        write_output(o.output, [&](std::ostream& out) {
            if (o.format == "tsv") out << report::kPairTsvHeader;
            std::string json;
            report::JsonWriter all(json);
            if (o.format == "json") {
                all.begin_object();
                all.key("schema").value(fmt::format("wiretrace.check/{}", report::kCheckSchemaVersion));
                all.key("index").value(o.db);
                all.key("articles").begin_array();
            }
            check_all(o, reader, counts, [&](const report::CheckedArticle& c) {
                if (o.format == "json") {
                    report::write_check_object(all, c, minhash_size);
                } else if (o.format == "jsonl") {
                    std::string line;
                    report::JsonWriter w(line);
                    report::write_check_object(w, c, minhash_size);
                    out << line << "\n";
                } else if (o.format == "tsv") {
                    report::write_check_tsv(out, c);
                } else {
                    if (counts.articles > 1) out << "\n";
                    report::write_check_text(out, c, minhash_size, o.width);
                }
            });
            if (o.format == "json") {
                const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                all.end_array();
                all.key("summary").begin_object();
                write_summary_fields(all, counts, reader.stats(), seconds);
                all.end_object();
                all.end_object();
                out << json << "\n";
            }
        });
        if (counts.progress_shown) std::cerr << "\n";
    }
    const io::ReadStats& read = reader.stats();
    if (!o.quiet) report_skipped(read, "check");
    if (counts.articles == 0 && read.skipped > 0) {
        throw Error(Errc::bad_format, "",
                    no_usable_article(read.skipped));
    }
    if (!o.quiet) {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cerr << fmt::format(
            "wiretrace: check: {}, {} matched a known story ({}), {} verified, {} skipped, {:.2f} s\n",
            counted(counts.articles, "article"), counts.matched, counted(counts.matches, "match", "matches"),
            counted(counts.candidates, "candidate"), counted(read.skipped, "record"), seconds);
    }
    return counts.matched > 0 ? 0 : 1;
}

}  // namespace

Handler register_check(CLI::App& app) {
    auto o = std::make_shared<CheckOptions>();
    app.footer(
        "For each article, the known stories of the index (built with `wiretrace index add`) it\n"
        "relates to, best first, each scored exactly as `wiretrace compare KNOWN ARTICLE` would:\n"
        "relation, which text is the source and why, the coverage of both texts, the aligned\n"
        "passages and the edits. Articles are read like scan's inputs: .txt files, directories of\n"
        ".txt files, JSONL (.gz, .zst), or - for JSONL on standard input.\n"
        "Formats: text; json (one document, schema wiretrace.check/1); jsonl (one object per\n"
        "article); tsv (one line per match, the pair list `wiretrace eval` reads); html (-o DIR:\n"
        "index.html lists the articles and matches, pairs/<i>-<j>.html shows each side by side).\n"
        "Exit status: 0 some article matched, 1 none did, 2 error (not an index, corrupted index).");
    app.add_option("ARTICLE", o->inputs, "Articles: .txt files, directories, JSONL files, or -")
        ->required()->type_name("ARTICLE...");
    app.add_option("--db", o->db, "The index file (from `wiretrace index add`)")->required()->type_name("FILE");
    app.add_option("-f,--format", o->format, "Output format: text, json, jsonl, tsv, or html (a directory of pages: -o DIR)")
        ->check(CLI::IsMember({"text", "json", "jsonl", "tsv", "html"}))->capture_default_str()->type_name("FORMAT");
    add_output_option(app, o->output);
    app.add_option("--top", o->top, "Report at most N known stories per article")
        ->check(CLI::Range(1U, 10000U))->capture_default_str()->type_name("N");
    app.add_option("--min-coverage", o->min_coverage,
                   "Only matches where at least this share of the source is found in the other text")
        ->check(CLI::Range(0.0, 1.0))->capture_default_str()->type_name("X");
    app.add_flag("--all-relations", o->check.all_relations, "Also report same-story matches (no shared passages)");
    add_threads_option(app, o->threads);
    app.add_flag("--progress", o->progress, "Show progress even when standard error is not a terminal");
    app.add_flag("-q,--quiet", o->quiet, "No progress, warnings or summary on standard error");
    app.add_option("--width", o->width, "Line width of the text report")
        ->check(CLI::Range(40, 400))->capture_default_str()->type_name("N");
    add_reader_options(app, o->reader, o->repair_utf8);

    const std::string cand = "Candidates";
    app.add_option("--max-candidates", o->check.max_candidates, "Known stories verified per article")
        ->check(CLI::Range(1U, 10000U))->capture_default_str()->type_name("N")->group(cand);
    app.add_option("--max-df", o->check.max_document_frequency,
                   "Fingerprints in more known stories than this are boilerplate and skipped")
        ->check(CLI::Range(2U, 1000000U))->capture_default_str()->type_name("N")->group(cand);
    app.add_option("--min-shared", o->check.min_shared, "Fingerprints a known story must share to be verified")
        ->check(CLI::Range(1U, 1000U))->capture_default_str()->type_name("N")->group(cand);
    app.add_option("--bands", o->lsh_bands, "Must equal the index's (checked when given)")
        ->check(CLI::Range(1U, 4096U))->capture_default_str()->type_name("N")->group("Engine");
    add_params_options(app, o->params);
    CLI::App* self = &app;
    return [o, self] { return run(*o, sketch_options_given(*self)); };
}

}  // namespace wiretrace::cli
