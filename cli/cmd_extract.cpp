// SPDX-License-Identifier: Apache-2.0
// `wiretrace extract INPUT... [--format jsonl|text]`: the articles the readers take from the
// inputs (HTML pages with their furniture removed, text files, JSONL), as scan would see them.
#include <fmt/format.h>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "options.hpp"
#include "wiretrace/document.hpp"
#include "wiretrace/io/reader.hpp"
#include "wiretrace/report/json.hpp"

namespace wiretrace::cli {
namespace {

struct ExtractOptions {
    std::vector<std::string> inputs;
    std::string format = "jsonl";
    std::string output;
    io::ReaderOptions reader;
    bool repair_utf8 = false;
    bool quiet = false;
};

void write_jsonl(std::string& line, const io::Record& r) {
    report::JsonWriter w(line);
    w.begin_object().key("type").value("article").key("id").value(r.doc.id).key("url").value(r.url);
    w.key("outlet").value(r.doc.outlet).key("title").value(r.doc.title).key("published");
    if (r.doc.published) {
        w.value(format_iso8601(*r.doc.published));
    } else {
        w.null();
    }
    w.key("byline").value(r.byline).key("text").value(r.doc.text).end_object();
    line += '\n';
}

void write_text(std::string& out, const io::Record& r) {
    out += fmt::format("== {}\n", r.doc.id);
    if (!r.url.empty()) out += fmt::format("url: {}\n", r.url);
    if (!r.doc.outlet.empty()) out += fmt::format("outlet: {}\n", r.doc.outlet);
    if (!r.doc.title.empty()) out += fmt::format("title: {}\n", r.doc.title);
    if (r.doc.published) out += fmt::format("published: {}\n", format_iso8601(*r.doc.published));
    if (!r.byline.empty()) out += fmt::format("byline: {}\n", r.byline);
    out += '\n';
    out += r.doc.text;
    out += "\n\n";
}

int run(ExtractOptions& o) {
    check_output_not_input(o.output, o.inputs);
    o.reader.utf8 = o.repair_utf8 ? io::Utf8Policy::repair : io::Utf8Policy::reject;
    io::ArticleReader reader(o.inputs, o.reader);
    std::uint64_t articles = 0;
    write_output(o.output, [&](std::ostream& out) {
        io::Record record;
        std::string buffer;
        while (reader.next(record)) {
            buffer.clear();
            if (o.format == "text") {
                write_text(buffer, record);
            } else {
                write_jsonl(buffer, record);
            }
            out << buffer;
            ++articles;
        }
    });
    if (!o.quiet) report_skipped(reader.stats(), "extract");
    return articles > 0 ? 0 : 1;
}

}  // namespace

Handler register_extract(CLI::App& app) {
    auto o = std::make_shared<ExtractOptions>();
    app.footer("Inputs as for scan: HTML pages (*.html, *.htm, also .gz/.zst) have their article extracted\n"
               "(title, date, byline and body from the page's metadata and main text; navigation, scripts,\n"
               "related links and other furniture removed), text files are one article each, other files\n"
               "are JSONL; directories are read recursively.\n"
               "Exit status: 0 articles written, 1 none, 2 error.");
    app.add_option("INPUT", o->inputs, "HTML pages, text files, JSONL dumps, directories of them, or - for JSONL "
                                       "on standard input")
        ->required()
        ->type_name("PATH");
    app.add_option("-f,--format", o->format, "Output format: jsonl (one article a line) or text")
        ->check(CLI::IsMember({"jsonl", "text"}))
        ->capture_default_str()
        ->type_name("FORMAT");
    add_reader_options(app, o->reader, o->repair_utf8);
    add_output_option(app, o->output);
    app.add_flag("-q,--quiet", o->quiet, "Do not report skipped inputs on standard error");
    return [o] { return run(*o); };
}

}  // namespace wiretrace::cli
