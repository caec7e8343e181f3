// SPDX-License-Identifier: Apache-2.0
// `wiretrace._wiretrace`: the compiled half of the Python module. Each function runs one of the
// engine's jobs (run/scan.hpp, run/check.hpp, run/index_add.hpp, the index, score_standalone) with
// the GIL released, and returns what core's report writers produce (the JSON schemas of the CLI),
// which the pure-Python layer (wiretrace/__init__.py) turns into objects. Options arrive as the
// CLI's own flags (["--minhash-size", "64"]) and are parsed by the CLI's option registration
// (cli/options.cpp), so they are checked and refused with the CLI's messages.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "wiretrace/document.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/index/index.hpp"
#include "wiretrace/io/text_file.hpp"
#include "wiretrace/report/check.hpp"
#include "wiretrace/report/html_pair.hpp"
#include "wiretrace/report/index_stats.hpp"
#include "wiretrace/report/pair.hpp"
#include "wiretrace/report/scan.hpp"
#include "wiretrace/run/check.hpp"
#include "wiretrace/run/index_add.hpp"
#include "wiretrace/run/pipeline.hpp"
#include "wiretrace/run/scan.hpp"
#include "wiretrace/score/score.hpp"
#include "wiretrace/text/utf8.hpp"

namespace py = pybind11;

namespace wiretrace::python {
namespace {

using Args = std::vector<std::string>;

/// Parses `args` (CLI flags, in order) into what `app` registered. A flag the CLI refuses is
/// refused the same way: Error(bad_argument) with CLI11's message.
void parse(CLI::App& app, Args args) {
    std::reverse(args.begin(), args.end());  // CLI11 takes a vector of arguments last first
    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        throw Error(Errc::bad_argument, "", e.what());
    }
}

/// Parses `args` for a command that runs the engine: the options on `app`, the engine options
/// (cli::add_params_options) and the outlet lists (`wire_outlets=`, `aggregators=`: files, as the
/// CLI's --wire-outlets and --aggregators), read into `params`.
void parse_engine(CLI::App& app, const Args& args, Params& params) {
    cli::add_params_options(app, params);
    cli::OutletFiles outlets;
    cli::add_outlet_options(app, outlets);
    parse(app, args);
    cli::load_outlet_roles(outlets, params);
}

/// The Python name of an error category: WiretraceError.code.
const char* code_name(Errc code) {
    switch (code) {
    case Errc::io: return "io";
    case Errc::not_a_file: return "not_a_file";
    case Errc::binary_input: return "binary_input";
    case Errc::bad_utf8: return "bad_utf8";
    case Errc::too_large: return "too_large";
    case Errc::bad_argument: return "bad_argument";
    case Errc::bad_format: return "bad_format";
    }
    return "error";
}

/// "file:line: skipped "id": reason", as the CLI warns about a skipped record.
std::vector<std::string> skipped_warnings(const io::ReadStats& stats) {
    std::vector<std::string> out;
    for (const auto& d : stats.diagnostics) {
        out.push_back(fmt::format("{}: skipped{}: {}", d.where(), d.id.empty() ? "" : fmt::format(" \"{}\"", d.id),
                                  d.reason));
    }
    if (stats.skipped > stats.diagnostics.size()) {
        out.push_back(fmt::format("{} more skipped records not shown", stats.skipped - stats.diagnostics.size()));
    }
    return out;
}

/// Runs `job` (the engine's work, C++ values only) with the GIL released; the caller turns its
/// result into Python objects once the GIL is held again.
template <class Job>
auto without_gil(Job&& job) {
    py::gil_scoped_release unlocked;
    return job();
}

// --- compare ----------------------------------------------------------------------------------

struct CompareOptions {
    std::optional<std::string> time_a, time_b;
    std::string outlet_a, outlet_b;
    bool repair_utf8 = false;
    std::size_t width = 100;
    Params params;
};

CompareOptions parse_compare(const Args& args) {
    CompareOptions o;
    CLI::App app{"compare"};
    app.add_option("--a-time", o.time_a);
    app.add_option("--b-time", o.time_b);
    app.add_option("--a-outlet", o.outlet_a);
    app.add_option("--b-outlet", o.outlet_b);
    app.add_flag("--repair-utf8", o.repair_utf8);
    app.add_option("--width", o.width)->check(CLI::Range(40, 400));
    parse_engine(app, args, o.params);
    return o;
}

/// One side of a comparison: the text checked as `compare` checks a file, with its metadata.
Document make_document(std::string id, std::string text, const std::optional<std::string>& time,
                       const std::string& outlet, bool repair) {
    Document doc = io::make_text_document(std::move(id), std::move(text),
                                          repair ? io::Utf8Policy::repair : io::Utf8Policy::reject);
    if (time) {
        doc.published = parse_iso8601(*time);
        doc.published_granularity = iso8601_granularity(*time);
        if (!doc.published) {
            throw Error(Errc::bad_argument, "",
                        fmt::format("'{}' is not an ISO-8601 date or time (e.g. 2014-09-15 or 2014-09-15T10:30:00Z)",
                                    *time));
        }
    }
    doc.outlet = outlet;
    return doc;
}

/// `wiretrace compare` of two texts: the report in `format` (json, text or html).
std::string compare(std::string text_a, std::string text_b, std::string id_a, std::string id_b, const Args& args,
                    const std::string& format) {
    const CompareOptions o = parse_compare(args);
    const Document a = make_document(std::move(id_a), std::move(text_a), o.time_a, o.outlet_a, o.repair_utf8);
    const Document b = make_document(std::move(id_b), std::move(text_b), o.time_b, o.outlet_b, o.repair_utf8);
    const score::StandalonePair pair = score::score_standalone(a, b, o.params);
    const report::PairView view{a, pair.analysis_a, b, pair.analysis_b, pair.score, pair.df.origin,
                                o.params.minhash_size};
    std::ostringstream out;
    if (format == "json") {
        report::write_pair_json(out, view);
    } else if (format == "text") {
        report::write_pair_text(out, view, o.width);
    } else if (format == "html") {
        report::write_pair_html(out, view);
    } else {
        throw Error(Errc::bad_argument, "", fmt::format("format must be json, text or html, not '{}'", format));
    }
    return std::move(out).str();
}

// --- scan -------------------------------------------------------------------------------------

struct ScanOutput {
    std::string jsonl;                  ///< the scan JSONL (empty when written to a file)
    std::vector<std::string> warnings;  ///< skipped records
};

/// `wiretrace scan -f jsonl`: the JSONL into `output` (a file), or returned when `output` is empty.
ScanOutput scan(const Args& inputs, const Args& args, const std::string& output) {
    scan::Options o;
    bool repair_utf8 = false;
    int threads = 0;
    double window_days = 0;
    CLI::App app{"scan"};
    cli::add_reader_options(app, o.reader, repair_utf8);
    cli::add_threads_option(app, threads);
    app.add_flag("--all-relations", o.all_relations);
    cli::add_number_option(app, "--window-days", window_days, "")->check(CLI::NonNegativeNumber);
    app.add_option("--spool-dir", o.spool_dir);
    parse_engine(app, args, o.params);
    if (inputs.empty()) throw Error(Errc::bad_argument, "", "scan: no input");
    const pipeline::ThreadLimit limit(threads);
    o.reader.utf8 = repair_utf8 ? io::Utf8Policy::repair : io::Utf8Policy::reject;
    o.candidates.timestamp_tolerance_seconds = o.params.timestamp_tolerance_seconds;
    if (window_days > 0) o.candidates.window_seconds = static_cast<std::int64_t>(window_days * 86400.0);

    const scan::Result result = scan::run(inputs, o);
    if (result.articles.empty() && result.stats.read.skipped > 0) {
        throw Error(Errc::bad_format, "", cli::no_usable_article(result.stats.read.skipped));
    }
    ScanOutput out{{}, skipped_warnings(result.stats.read)};
    if (output.empty()) {
        std::ostringstream s;
        report::write_scan_jsonl(s, result);
        out.jsonl = std::move(s).str();
    } else {
        cli::write_output(output, [&](std::ostream& s) { report::write_scan_jsonl(s, result); });
    }
    return out;
}

// --- index ------------------------------------------------------------------------------------

struct AddOutput {
    std::map<std::string, std::uint64_t> counts;
    std::vector<std::string> warnings;
};

/// `wiretrace index add`: the counts of what was stored.
AddOutput index_add(const std::string& db, const Args& inputs, const Args& args) {
    index_add::Options o;
    bool repair_utf8 = false;
    int threads = 0;
    std::string on_duplicate = "skip";
    std::uint32_t lsh_bands = kDefaultLshBands;
    Params params;
    CLI::App app{"index add"};
    app.add_option("--on-duplicate", on_duplicate)->check(CLI::IsMember({"skip", "replace"}));
    app.add_option("--batch", o.batch_docs)->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
    cli::add_threads_option(app, threads);
    cli::add_reader_options(app, o.reader, repair_utf8);
    app.add_option("--bands", lsh_bands)->check(CLI::Range(1U, kMaxMinhashSize));
    parse_engine(app, args, params);
    if (inputs.empty()) throw Error(Errc::bad_argument, "", "index add: no input");
    o.outlet_roles = params.outlet_roles;
    const pipeline::ThreadLimit limit(threads);
    o.reader.utf8 = repair_utf8 ? io::Utf8Policy::repair : io::Utf8Policy::reject;
    o.on_duplicate = on_duplicate == "replace" ? index::OnDuplicate::replace : index::OnDuplicate::skip;
    index::Index idx = index::Index::open_for_writing(db, index::Parameters::from(params, lsh_bands),
                                                      cli::sketch_options_given(app));
    const index_add::Stats s = index_add::run(idx, inputs, o);
    if (s.read.records == 0 && s.read.skipped > 0) {
        throw Error(Errc::bad_format, "",
                    fmt::format("{} (wrong id_field or text_field?)", cli::no_usable_article(s.read.skipped)));
    }
    return {{{"records", s.read.records},
             {"skipped", s.read.skipped},
             {"added", s.added},
             {"replaced", s.replaced},
             {"duplicates", s.duplicates},
             {"batches", s.batches},
             {"documents", idx.summary().documents}},
            skipped_warnings(s.read)};
}

/// `wiretrace index remove`: the ids that were not in the index.
std::vector<std::string> index_remove(const std::string& db, const Args& ids) {
    index::Index idx = index::Index::open_existing_for_writing(db);
    return idx.remove(ids);
}

/// `wiretrace index stats -f json`.
std::string index_stats(const std::string& db) {
    const index::Index idx = index::Index::open_for_reading(db);
    std::ostringstream out;
    report::write_index_stats_json(out, idx.summary());
    return std::move(out).str();
}

struct CheckOutput {
    std::string json;                   ///< the wiretrace.check/1 document
    std::vector<std::string> warnings;
};

/// `wiretrace check -f json`.
CheckOutput check(const std::string& db, const Args& inputs, const Args& args) {
    check::Options o;
    bool repair_utf8 = false;
    int threads = 0;
    std::uint32_t lsh_bands = kDefaultLshBands;
    CLI::App app{"check"};
    app.add_option("--top", o.top)->check(CLI::Range(1U, 10000U));
    cli::add_number_option(app, "--min-coverage", o.min_coverage, "")->check(CLI::Range(0.0, 1.0));
    app.add_flag("--all-relations", o.lookup.all_relations);
    cli::add_threads_option(app, threads);
    cli::add_reader_options(app, o.reader, repair_utf8);
    app.add_option("--max-candidates", o.lookup.max_candidates)->check(CLI::Range(1U, 10000U));
    app.add_option("--max-df", o.lookup.max_document_frequency)
        ->check(CLI::Range(2U, 1000000U))
        ->each([&o](const std::string&) { o.lookup.max_df_share = 0; });
    app.add_option("--min-shared", o.lookup.min_shared)->check(CLI::Range(1U, 1000U));
    app.add_option("--bands", lsh_bands)->check(CLI::Range(1U, kMaxMinhashSize));
    parse_engine(app, args, o.params);
    if (inputs.empty()) throw Error(Errc::bad_argument, "", "check: no input");
    const pipeline::ThreadLimit limit(threads);
    o.reader.utf8 = repair_utf8 ? io::Utf8Policy::repair : io::Utf8Policy::reject;
    const index::Index first = index::Index::open_for_reading(db);
    if (cli::sketch_options_given(app)) first.require(index::Parameters::from(o.params, lsh_bands));
    const auto start = std::chrono::steady_clock::now();
    report::CheckJsonDocument json(db, first.parameters().minhash_size);
    const check::Stats stats = check::run(db, inputs, o, [&](const check::CheckedArticle& c) { json.add(c); });
    if (stats.articles == 0 && stats.read.skipped > 0) {
        throw Error(Errc::bad_format, "", cli::no_usable_article(stats.read.skipped));
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return {json.finish(stats, seconds), skipped_warnings(stats.read)};
}

// --- lab --------------------------------------------------------------------------------------

/// Runs `wiretrace gen` or `wiretrace eval` with these arguments, as the CLI registers them; its
/// exit status.
int run_lab_command(const std::string& command, const Args& args) {
    CLI::App app{command};
    cli::Handler handler;
    if (command == "gen") {
        handler = cli::register_gen(app);
    } else if (command == "eval") {
        handler = cli::register_eval(app);
    } else {
        throw Error(Errc::bad_argument, "", fmt::format("no lab command '{}'", command));
    }
    parse(app, args);
    return handler();
}

}  // namespace
}  // namespace wiretrace::python

PYBIND11_MODULE(_wiretrace, m) {
    namespace wp = wiretrace::python;
    m.doc() = "The compiled engine behind the wiretrace package: use `import wiretrace`, not this module.";

    // wiretrace::Error -> WiretraceError(message) with .code, the error's category ("io", ...).
    static py::exception<wiretrace::Error> error(m, "WiretraceError");
    error.doc() = "An error of the wiretrace engine; the message is the CLI's, .code its category.";
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const wiretrace::Error& e) {
            py::object instance = py::reinterpret_borrow<py::object>(error)(py::str(e.what()));
            instance.attr("code") = wp::code_name(e.code());
            PyErr_SetObject(error.ptr(), instance.ptr());
        }
    });

    using release = py::call_guard<py::gil_scoped_release>;
    m.def("compare", &wp::compare, release(), py::arg("text_a"), py::arg("text_b"), py::arg("id_a"),
          py::arg("id_b"), py::arg("args"), py::arg("format"),
          "Scores two texts as `wiretrace compare` does; returns the report in `format` (json, text, html).");
    m.def(
        "scan",
        [](const wp::Args& inputs, const wp::Args& args, const std::string& output) {
            const wp::ScanOutput out = wp::without_gil([&] { return wp::scan(inputs, args, output); });
            return py::make_tuple(py::bytes(out.jsonl), out.warnings);
        },
        py::arg("inputs"), py::arg("args"), py::arg("output"),
        "Runs `wiretrace scan -f jsonl`; returns (the JSONL as bytes, or b'' when written to `output`, "
        "the skipped-record warnings).");
    m.def(
        "index_add",
        [](const std::string& db, const wp::Args& inputs, const wp::Args& args) {
            const wp::AddOutput out = wp::without_gil([&] { return wp::index_add(db, inputs, args); });
            return py::make_tuple(out.counts, out.warnings);
        },
        py::arg("db"), py::arg("inputs"), py::arg("args"),
        "Runs `wiretrace index add`; returns (counts, skipped-record warnings).");
    m.def("index_remove", &wp::index_remove, release(), py::arg("db"), py::arg("ids"),
          "Removes documents by id; returns the ids that were not in the index.");
    m.def("index_stats", &wp::index_stats, release(), py::arg("db"),
          "The wiretrace.index-stats/1 JSON of an index.");
    m.def(
        "check",
        [](const std::string& db, const wp::Args& inputs, const wp::Args& args) {
            const wp::CheckOutput out = wp::without_gil([&] { return wp::check(db, inputs, args); });
            return py::make_tuple(py::bytes(out.json), out.warnings);
        },
        py::arg("db"), py::arg("inputs"), py::arg("args"),
        "Runs `wiretrace check -f json`; returns (the wiretrace.check/1 JSON as bytes, warnings).");
    m.def("run_lab_command", &wp::run_lab_command, release(), py::arg("command"), py::arg("args"),
          "Runs `wiretrace gen` or `wiretrace eval` with CLI arguments; returns its exit status.");
}
