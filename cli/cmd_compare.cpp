// SPDX-License-Identifier: Apache-2.0
// `wiretrace compare A B`: one pair, scored, aligned and explained.
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "options.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/report/html_pair.hpp"
#include "wiretrace/io/text_file.hpp"
#include "wiretrace/text/utf8.hpp"
#include "wiretrace/io/reader.hpp"
#include "wiretrace/report/pair.hpp"
#include "wiretrace/score/score.hpp"

namespace wiretrace::cli {
namespace {

struct CompareOptions {
    std::string path_a, path_b;
    std::optional<std::string> time_a, time_b;
    std::string outlet_a, outlet_b;
    std::string format = "text";
    std::string output;
    bool repair_utf8 = false;
    std::size_t max_doc_bytes = io::kDefaultMaxDocBytes;
    std::size_t width = 100;
    Params params;
    OutletFiles outlets;
};

Document load(const std::string& path, const std::optional<std::string>& time, const std::string& outlet,
              bool repair, std::size_t max_bytes) {
    const std::string name = path == "-" ? "<stdin>" : path;
    std::string bytes = path == "-" ? io::read_stream(std::cin, name, max_bytes) : io::read_file(path, max_bytes);
    text::Utf8Report utf8;
    Document doc = io::make_text_document(text::escape_invalid_utf8(name), std::move(bytes),
                                          repair ? io::Utf8Policy::repair : io::Utf8Policy::reject, &utf8);
    if (utf8.invalid_sequences > 0) {
        std::cerr << fmt::format("wiretrace: warning: {}:{}: replaced {} invalid UTF-8 sequence(s)\n",
                                 text::escape_controls(name),
                                 utf8.first_invalid_line, utf8.invalid_sequences);
    }
    if (time) {
        doc.published = parse_iso8601(*time);
        doc.published_granularity = iso8601_granularity(*time);
        if (!doc.published) {
            throw Error(Errc::bad_argument, "",
                        fmt::format("'{}' is not an ISO-8601 date or time (e.g. 2014-09-15 or "
                                    "2014-09-15T10:30:00Z)",
                                    *time));
        }
    }
    doc.outlet = outlet;
    return doc;
}

int run(CompareOptions& o) {
    load_outlet_roles(o.outlets, o.params);
    if (o.path_a == "-" && o.path_b == "-") {
        throw Error(Errc::bad_argument, "", "only one of A and B can be read from standard input");
    }
    check_output_not_input(o.output, {o.path_a, o.path_b});
    const Document a = load(o.path_a, o.time_a, o.outlet_a, o.repair_utf8, o.max_doc_bytes);
    const Document b = load(o.path_b, o.time_b, o.outlet_b, o.repair_utf8, o.max_doc_bytes);
    const score::StandalonePair pair = score::score_standalone(a, b, o.params);
    const score::PairScore& s = pair.score;
    const report::PairView view{a, pair.analysis_a, b, pair.analysis_b, s, pair.df.origin, o.params.minhash_size};
    write_output(o.output, [&](std::ostream& out) {
        if (o.format == "json") {
            report::write_pair_json(out, view);
        } else if (o.format == "html") {
            report::write_pair_html(out, view);
        } else {
            report::write_pair_text(out, view, o.width);
        }
    });
    return s.relation == Relation::unrelated ? 1 : 0;
}

}  // namespace

Handler register_compare(CLI::App& app) {
    auto o = std::make_shared<CompareOptions>();
    app.footer(
        "Reports the relation (duplicate, near-duplicate, rewrite, same-story, unrelated), which text\n"
        "is the source and on what evidence, the aligned passages side by side, and the edits.\n"
        "Exit status: 0 related, 1 unrelated, 2 error.");
    app.add_option("A", o->path_a, "First article: a UTF-8 text file, or - for standard input")
        ->required()->type_name("FILE");
    app.add_option("B", o->path_b, "Second article: a UTF-8 text file, or - for standard input")
        ->required()->type_name("FILE");
    app.add_option("-f,--format", o->format, "Output format: text, json or html (one self-contained page)")
        ->check(CLI::IsMember({"text", "json", "html"}))->capture_default_str()->type_name("FORMAT");
    add_output_option(app, o->output);
    app.add_option("--a-time", o->time_a, "Publication time of A (ISO-8601), evidence for the direction")
        ->type_name("TIME");
    app.add_option("--b-time", o->time_b, "Publication time of B (ISO-8601)")->type_name("TIME");
    app.add_option("--a-outlet", o->outlet_a, "Outlet of A (a wire name such as AP is evidence)")
        ->type_name("NAME");
    app.add_option("--b-outlet", o->outlet_b, "Outlet of B")->type_name("NAME");
    app.add_flag("--repair-utf8", o->repair_utf8,
                 "Replace invalid UTF-8 with U+FFFD and go on (default: reject the file)");
    app.add_option("--max-doc-bytes", o->max_doc_bytes, "Refuse an article larger than N bytes (exit 2; default 64 MiB)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 32))->capture_default_str()->type_name("N");
    app.add_option("--width", o->width, "Line width of the text report")
        ->check(CLI::Range(40, 400))->capture_default_str()->type_name("N");
    add_params_options(app, o->params);
    add_outlet_options(app, o->outlets);
    return [o] { return run(*o); };
}

}  // namespace wiretrace::cli
