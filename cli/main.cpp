// SPDX-License-Identifier: Apache-2.0
// wiretrace: the command-line front end. Parses arguments, dispatches to a subcommand, and maps
// outcomes to exit codes: 0 found, 1 nothing found, 2 error.
#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <map>

#include "commands.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/text/tables.hpp"
#include "wiretrace/text/utf8.hpp"

namespace {

constexpr int kExitError = 2;

}  // namespace

int main(int argc, char** argv) {
    // A closed pipe (`wiretrace scan ... | head -1`) ends the process quietly, as with other Unix
    // tools (exit status 141 in the shell), even when the parent left SIGPIPE ignored.
    std::signal(SIGPIPE, SIG_DFL);
    CLI::App app{"wiretrace: finds syndicated and near-duplicate news articles.\n"
                 "Exit status: 0 found (related texts, matches, clusters), 1 ran and found nothing, "
                 "2 error.",
                 "wiretrace"};
    app.require_subcommand(1);
    app.set_version_flag("--version", [] {
        return std::string("wiretrace 0.1.0 (normalization v") +
               std::to_string(wiretrace::text::kNormalizationVersion) + ", " +
               std::to_string(wiretrace::text::spelling_variant_count()) + " spelling variants)";
    });
    std::map<const CLI::App*, wiretrace::cli::Handler> handlers;
    auto* compare = app.add_subcommand("compare", "Compare two articles: relation, direction, "
                                                  "aligned passages and edits");
    handlers[compare] = wiretrace::cli::register_compare(*compare);
    auto* scan = app.add_subcommand("scan", "Find every syndicated copy in a dump of articles and report "
                                            "provenance clusters");
    handlers[scan] = wiretrace::cli::register_scan(*scan);
    auto* index = app.add_subcommand("index", "Build and inspect the persistent index of known wire stories "
                                              "(add, remove, optimize, stats)");
    handlers[index] = wiretrace::cli::register_index(*index);
    auto* check = app.add_subcommand("check", "Is this article a rewrite of a known wire story? Which, and "
                                              "how was it edited?");
    handlers[check] = wiretrace::cli::register_check(*check);
    auto* serve = app.add_subcommand("serve", "Serve an index over HTTP/JSON: check, compare, add, stats");
    handlers[serve] = wiretrace::cli::register_serve(*serve);
    auto* gen = app.add_subcommand("gen", "Generate a synthetic syndicated news corpus with ground truth");
    handlers[gen] = wiretrace::cli::register_gen(*gen);
    auto* eval = app.add_subcommand("eval", "Score results (pairs, clusters) against ground truth");
    handlers[eval] = wiretrace::cli::register_eval(*eval);
    auto* extract = app.add_subcommand("extract", "Show the articles read from the inputs: HTML pages' extracted "
                                                  "text, title, date and byline");
    handlers[extract] = wiretrace::cli::register_extract(*extract);

    if (argc <= 1) {
        std::cerr << app.help();
        return kExitError;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
        std::string command = "wiretrace";
        for (const CLI::App* sub = &app; !sub->get_subcommands().empty();) {
            sub = sub->get_subcommands().front();
            command += " " + sub->get_name();
        }
        std::cerr << "wiretrace: error: " << wiretrace::text::escape_controls(e.what()) << "\nRun '" << command << " --help' for usage.\n";
        return kExitError;
    }
    try {
        for (const auto& [sub, run] : handlers) {
            if (sub->parsed()) return run();
        }
    } catch (const wiretrace::Error& e) {  // messages name files and quote ids: escaped
        std::cerr << "wiretrace: error: " << wiretrace::text::escape_controls(e.what()) << "\n";
        return kExitError;
    } catch (const std::bad_alloc&) {
        std::cerr << "wiretrace: error: out of memory\n";
        return kExitError;
    } catch (const std::exception& e) {
        std::cerr << "wiretrace: error: " << wiretrace::text::escape_controls(e.what()) << "\n";
        return kExitError;
    }
    return kExitError;
}
