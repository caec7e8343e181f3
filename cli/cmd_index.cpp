// SPDX-License-Identifier: Apache-2.0
// `wiretrace index add|remove|stats --db F`: the persistent index of known wire stories.
#include <chrono>
#include <fmt/format.h>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "options.hpp"
#include "wiretrace/run/pipeline.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/index/index.hpp"
#include "wiretrace/run/index_add.hpp"
#include "wiretrace/report/index_stats.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::cli {
namespace {

struct IndexOptions {
    std::string db;
    // add
    std::vector<std::string> inputs;
    std::string on_duplicate = "skip";
    index_add::Options add;
    bool repair_utf8 = false;
    int threads = 0;
    bool progress = false;
    bool quiet = false;
    std::uint32_t lsh_bands = kDefaultLshBands;
    Params params;
    OutletFiles outlets;
    // remove
    std::vector<std::string> ids;
    // stats
    std::string format = "text";
};

int run_add(IndexOptions& o, bool sketch_given) {
    load_outlet_roles(o.outlets, o.params);
    o.add.outlet_roles = o.params.outlet_roles;  // the wire flag each story is stored with
    const pipeline::ThreadLimit threads(o.threads);
    o.add.reader.utf8 = o.repair_utf8 ? io::Utf8Policy::repair : io::Utf8Policy::reject;
    o.add.on_duplicate = o.on_duplicate == "replace" ? index::OnDuplicate::replace : index::OnDuplicate::skip;
    index::Index idx = index::Index::open_for_writing(o.db, index::Parameters::from(o.params, o.lsh_bands), sketch_given);
    const bool show = progress_wanted(o.quiet, o.progress);
    const auto start = std::chrono::steady_clock::now();
    const ProgressFn progress = [&](const Progress& p) {
        if (show) {
            std::cerr << fmt::format("\r\x1b[Kwiretrace: index add: {} read, {} added, {} batches committed", p.done,
                                     p.found, p.batches)
                      << std::flush;
        }
        return true;
    };
    Progress committed;  // what the last committed batch brought the run to
    const ProgressFn progress_and_record = [&](const Progress& p) {
        committed = p;
        return progress(p);
    };
    index_add::Stats s;
    try {
        s = index_add::run(idx, o.inputs, o.add, progress_and_record);
    } catch (const Error&) {
        if (show) std::cerr << "\n";
        // A full disk, say: what did get stored stays (each batch is one transaction).
        if (!o.quiet) {
            std::cerr << fmt::format("wiretrace: index add: stopped by the error below after {} ({} stored); {} "
                                     "keeps them (run the same add again to resume: stored ids are skipped)\n",
                                     counted(committed.batches, "committed batch", "committed batches"),
                                     counted(committed.found, "article"), text::escape_controls(o.db));
        }
        throw;
    }
    if (show) std::cerr << "\n";
    if (!o.quiet) report_skipped(s.read, "index add");
    if (s.read.records == 0 && s.read.skipped > 0) {
        throw Error(Errc::bad_format, "",
                    fmt::format("{} (wrong --id-field or --text-field?)", no_usable_article(s.read.skipped)));
    }
    if (!o.quiet) {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cerr << fmt::format(
            "wiretrace: index add: {} read, {} added, {} replaced, {} skipped, {} skipped; {}{} in {:.1f} s; {} "
            "now holds {}{}\n",
            counted(s.read.records, "article"), s.added, s.replaced, counted(s.duplicates, "duplicate id"),
            counted(s.read.skipped, "record"), counted(s.batches, "batch", "batches"),
            s.optimized ? " (then its runs of postings merged)" : "", seconds, text::escape_controls(o.db),
            counted(idx.summary().documents, "document"),
            s.furniture_outlets > 0 ? fmt::format("; furniture measured again for {}", counted(s.furniture_outlets, "outlet"))
                                    : "");
    }
    return 0;
}

int run_remove(const IndexOptions& o) {
    index::Index idx = index::Index::open_existing_for_writing(o.db);
    const std::vector<std::string> missing = idx.remove(o.ids);
    for (const auto& id : missing) {
        std::cerr << fmt::format("wiretrace: warning: {}: no document \"{}\"\n", text::escape_controls(o.db),
                                 text::escape_controls(id));
    }
    if (!o.quiet) {
        std::cerr << fmt::format("wiretrace: index remove: {} removed, {} not found\n", o.ids.size() - missing.size(),
                                 missing.size());
    }
    return missing.size() == o.ids.size() ? 1 : 0;
}

int run_optimize(const IndexOptions& o) {
    index::Index idx = index::Index::open_existing_for_writing(o.db);
    const auto before = idx.summary();
    const auto started = std::chrono::steady_clock::now();
    const bool changed = idx.optimize();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!o.quiet) {
        const auto after = idx.summary();
        std::cerr << (changed ? fmt::format("wiretrace: index optimize: {} runs of postings merged into {} in {:.1f} s\n",
                                            before.runs, after.runs, seconds)
                              : std::string("wiretrace: index optimize: already one run per key kind, nothing to do\n"));
    }
    return 0;
}

int run_stats(const IndexOptions& o) {
    const index::Index idx = index::Index::open_for_reading(o.db);
    const index::Summary s = idx.summary();
    write_output({}, [&](std::ostream& out) {
        if (o.format == "json") {
            report::write_index_stats_json(out, s);
        } else {
            report::write_index_stats_text(out, s);
        }
    });
    return 0;
}

void add_db_option(CLI::App& app, std::string& db) {
    app.add_option("--db", db, "The index file (SQLite)")->required()->type_name("FILE");
}

}  // namespace

bool sketch_options_given(const CLI::App& app) {
    for (const char* name : {"--shingle-tokens", "--winnow-window", "--minhash-size", "--bands", "--seed"}) {
        if (app.count(name) > 0) return true;
    }
    return false;
}

Handler register_index(CLI::App& app) {
    auto o = std::make_shared<IndexOptions>();
    app.require_subcommand(1);
    app.footer(
        "The index is one SQLite file (WAL journal): the documents with their text (zstd), the\n"
        "winnowed fingerprints and MinHash band keys that find candidates, and the sketch parameters\n"
        "it was built with. `wiretrace check` asks it whether articles derive from a known story.\n"
        "Exit status: see the help of each subcommand.");

    auto* add = app.add_subcommand("add", "Create or grow an index from dumps (any input scan reads)");
    add->footer(
        "Each batch of articles is one transaction: a run that is killed keeps the batches it\n"
        "committed and nothing of the open one. The sketch options (--shingle-tokens, --winnow-window,\n"
        "--minhash-size, --bands, --seed) are fixed when the index is created; later runs use the\n"
        "stored ones and refuse different ones.\n"
        "Exit status: 0 done, 2 error (also when every record was skipped).");
    add->add_option("INPUT", o->inputs, "JSONL files (.gz, .zst), directories of .txt files, .txt files, or -")
        ->required()->type_name("INPUT...");
    add_db_option(*add, o->db);
    add->add_option("--on-duplicate", o->on_duplicate, "An id already in the index: skip it or replace the stored one")
        ->check(CLI::IsMember({"skip", "replace"}))->capture_default_str()->type_name("skip|replace");
    add->add_option("--batch", o->add.batch_docs, "Articles per transaction")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}))->capture_default_str()->type_name("N");
    add_threads_option(*add, o->threads);
    add->add_flag("--progress", o->progress, "Show progress even when standard error is not a terminal");
    add->add_flag("-q,--quiet", o->quiet, "No progress, warnings or summary on standard error");
    add_reader_options(*add, o->add.reader, o->repair_utf8);
    add->add_option("--bands", o->lsh_bands, "LSH bands over the MinHash signature (fixed at creation)")
        ->check(CLI::Range(1U, kMaxMinhashSize))->capture_default_str()->type_name("N")->group("Engine");
    add_params_options(*add, o->params);
    add_outlet_options(*add, o->outlets);

    auto* remove = app.add_subcommand("remove", "Remove documents by id");
    remove->footer("Exit status: 0 some removed, 1 none of the ids was in the index, 2 error.");
    remove->add_option("ID", o->ids, "Document ids")->required()->type_name("ID...");
    add_db_option(*remove, o->db);
    remove->add_flag("-q,--quiet", o->quiet, "No summary on standard error");

    auto* optimize = app.add_subcommand("optimize", "Merge the index's runs of postings into one per key kind (faster checks)");
    optimize->footer(
        "Each `index add` batch appends a sorted run of postings, and runs are merged 8 at a time as they\n"
        "accumulate; a check reads one chunk per key and run. Optimize merges all runs into one (and\n"
        "drops the postings of removed documents), in one transaction: run it after a large add.\n"
        "Exit status: 0 done, 2 error.");
    add_db_option(*optimize, o->db);
    optimize->add_flag("-q,--quiet", o->quiet, "No summary on standard error");

    auto* stats = app.add_subcommand("stats", "Documents, outlets, date range, size on disk and parameters");
    stats->footer("Exit status: 0 done, 2 error (no such index, not an index, corrupted).");
    add_db_option(*stats, o->db);
    stats->add_option("-f,--format", o->format, "Output format: text or json")
        ->check(CLI::IsMember({"text", "json"}))->capture_default_str()->type_name("FORMAT");

    return [o, add, remove, optimize, stats] {
        if (add->parsed()) return run_add(*o, sketch_options_given(*add));
        if (remove->parsed()) return run_remove(*o);
        if (optimize->parsed()) return run_optimize(*o);
        if (stats->parsed()) return run_stats(*o);
        throw Error(Errc::bad_argument, "", "index: a subcommand is required (add, remove, optimize or stats)");
    };
}

}  // namespace wiretrace::cli
