// SPDX-License-Identifier: Apache-2.0
// `wiretrace eval --truth TRUTH RESULTS`: scores a result file (scan's TSV pair list or JSONL)
// against ground truth.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "options.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/lab/eval.hpp"
#include "wiretrace/io/text_file.hpp"

namespace wiretrace::cli {
namespace {

struct EvalOptions {
    std::string truth;
    std::string results;
    std::string format = "text";
    std::string output;
    double min_coverage = 0.0;
};

/// A file's bytes and the name used in messages; "-" reads standard input.
struct Input {
    std::string name;
    std::string bytes;
};

Input read_input(const std::string& path) {
    if (path == "-") return {"<stdin>", io::read_stream(std::cin, "<stdin>")};
    return {path, io::read_file(path)};
}

int run(const EvalOptions& o) {
    if (o.truth == "-" && o.results == "-") {
        throw Error(Errc::bad_argument, "", "only one of --truth and RESULTS can be read from standard input");
    }
    check_output_not_input(o.output, {o.truth, o.results});
    const Input truth_file = read_input(o.truth);
    const std::vector<eval::TruthPair> truth = eval::parse_truth(truth_file.bytes, truth_file.name);
    const Input results_file = read_input(o.results);
    const eval::Results results = eval::parse_results(results_file.bytes, results_file.name);
    const eval::Report report = eval::evaluate(truth, results, eval::Options{o.min_coverage});
    const eval::Inputs inputs{truth_file.name, results_file.name};
    write_output(o.output, [&](std::ostream& out) {
        if (o.format == "json") {
            eval::write_json(out, report, inputs);
        } else {
            eval::write_text(out, report, inputs);
        }
    });
    return 0;
}

}  // namespace

Handler register_eval(CLI::App& app) {
    auto o = std::make_shared<EvalOptions>();
    app.footer("Precision, recall and F1 of derived pairs (overall, by relation, by coverage band), direction\n"
               "accuracy, containment error, a classification report over the labelled pairs (derived /\n"
               "not derived: confusion matrix, per-class F1, macro and weighted F1, accuracy), and for JSONL\n"
               "results the cluster metrics: B-cubed, adjusted Rand index and root accuracy. Truth pairs\n"
               "marked untraceable are left out of the pair figures and reported beside them.\n"
               "RESULTS is JSONL when its first non-blank character is '{',\n"
               "a TSV pair list otherwise. Formats and edge cases: README.md, 'wiretrace eval'.\n"
               "Exit status: 0 scored, 2 error.");
    app.add_option("--truth", o->truth, "Ground truth TSV (from gen or a dataset adapter), or - for standard input")
        ->required()
        ->type_name("FILE");
    app.add_option("RESULTS", o->results, "Result file: scan's JSONL or TSV pair list, or - for standard input")
        ->required()
        ->type_name("FILE");
    app.add_option("-f,--format", o->format, "Output format: text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str()
        ->type_name("FORMAT");
    add_number_option(app, "--min-coverage", o->min_coverage,
                   "Leave out truth derived pairs whose coverage_of_source is below X, and predictions of them")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str()
        ->type_name("X");
    add_output_option(app, o->output);
    return [o] { return run(*o); };
}

}  // namespace wiretrace::cli
