// SPDX-License-Identifier: Apache-2.0
// `wiretrace gen`: a synthetic syndicated news corpus (JSONL) and its ground truth (TSV).

#include <chrono>
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <optional>
#include <unistd.h>

#include "commands.hpp"
#include "options.hpp"
#include "wiretrace/run/pipeline.hpp"
#include "wiretrace/document.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/lab/gen.hpp"

namespace wiretrace::cli {
namespace {

struct GenOptions {
    gen::Config config;
    std::string output;
    std::string truth;
    std::string start = "2014-01-01";
    std::string language = "en";
    int threads = 0;
    bool quiet = false;
    bool progress = false;
};

int run(GenOptions o) {
    const auto start = parse_iso8601(o.start);
    if (!start) throw Error(Errc::bad_argument, "", fmt::format("--start: '{}' is not an ISO-8601 date or time", o.start));
    // Copies follow their originals by days at most: a month's margin keeps every time writable.
    constexpr std::int64_t kMarginDays = 30;
    if (*start < kEarliestTime ||
        *start + (static_cast<std::int64_t>(o.config.days) + kMarginDays) * 86400 > kLatestTime) {
        throw Error(Errc::bad_argument, "",
                    fmt::format("--start {} --days {}: the corpus's times must stay within the years 1 to 9999",
                                o.start, o.config.days));
    }
    o.config.start = *start;
    o.config.language = o.language == "th" ? gen::Language::th : o.language == "ar" ? gen::Language::ar : gen::Language::en;
    if (!o.truth.empty() && (o.truth == o.output || same_file(o.truth, o.output))) {
        throw Error(Errc::bad_argument, "", "--truth and --output name the same file");
    }
    if (o.truth == "-" && (o.output.empty() || o.output == "-")) {
        throw Error(Errc::bad_argument, "", "the corpus and the truth cannot both go to standard output");
    }
    const gen::Generator generator(o.config);  // validates the configuration
    const pipeline::ThreadLimit threads(o.threads);
    const bool show_progress = progress_wanted(o.quiet, o.progress);
    std::uint64_t last_shown = 0;
    const ProgressFn progress = [&](const Progress& p) {
        const std::uint64_t done = p.done, total = p.total;
        if (show_progress && (done - last_shown >= total / 100 || done == total)) {
            std::cerr << fmt::format("\rwiretrace: gen: {}/{} articles ({}%)", done, total, done * 100 / total)
                      << std::flush;
            last_shown = done;
        }
        return true;
    };
    const auto t0 = std::chrono::steady_clock::now();
    gen::Stats stats;
    write_output(o.output, [&](std::ostream& corpus) {
        if (o.truth.empty()) {
            stats = gen::generate_corpus(generator, corpus, nullptr, progress);
        } else {
            write_output(o.truth, [&](std::ostream& truth) {
                stats = gen::generate_corpus(generator, corpus, &truth, progress);
            });
        }
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (show_progress) std::cerr << "\n";
    if (!o.quiet) {
        const double mb = static_cast<double>(stats.corpus_bytes) / 1e6;
        std::string kinds;
        for (std::size_t k = 0; k < gen::kDocKinds; ++k) {
            kinds += fmt::format("{}{} {}", k == 0 ? "" : ", ", gen::to_string(static_cast<gen::DocKind>(k)), stats.kinds[k]);
        }
        std::cerr << fmt::format(
            "wiretrace: gen: {} articles in {} story groups, {:.1f} MB, {} truth rows, {:.2f} s ({:.1f} MB/s)\n"
            "wiretrace: gen: {}\n",
            stats.docs, stats.groups, mb, stats.truth_rows, seconds, seconds > 0 ? mb / seconds : 0.0, kinds);
    }
    return 0;
}

}  // namespace

Handler register_gen(CLI::App& app) {
    auto o = std::make_shared<GenOptions>();
    gen::Config& c = o->config;
    app.footer(
        "Writes a syndicated news corpus (JSONL: id, outlet, published, title, text) and, with --truth,\n"
        "its ground truth (TSV: copy_id source_id relation coverage_of_source coverage_of_copy direct\n"
        "traceable kind; kind is how the copy was made: copy, paraphrase, multi-take, ...).\n"
        "The output is a pure function of the options: the same seed gives the same bytes for any\n"
        "--threads. Document kinds are fractions of --docs; unrelated stories make up the rest\n"
        "(0.215 with the defaults). Exit status: 0 written, 2 error.");
    app.add_option("--docs", c.docs, "Number of articles (exactly)")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 34))->capture_default_str()->type_name("N");
    add_seed_option(app, "--seed", c.seed, "Seed of every random decision")->capture_default_str()->type_name("N");
    add_output_option(app, o->output);
    app.add_option("--truth", o->truth, "Write the ground truth TSV to FILE (default: none; - is standard output)")
        ->type_name("FILE")
        ->check([](const std::string& value) { return value.empty() ? std::string("empty file name") : std::string(); });
    add_threads_option(app, o->threads);
    app.add_flag("-q,--quiet", o->quiet, "No summary on standard error");
    app.add_flag("--progress", o->progress, "Show progress even when standard error is not a terminal");

    app.add_option("--language", o->language,
                   "Language of the corpus: en, th (Thai: no spaces between words) or ar (Arabic: right to "
                   "left); th and ar render the English stories word for word with a hunspell word list")
        ->check(CLI::IsMember({"en", "th", "ar"}))->capture_default_str()->type_name("LANG");
    app.add_option("--word-list", c.word_list,
                   "The language's word list (hunspell .dic; default: /usr/share/hunspell/th_TH.dic from "
                   "Debian's hunspell-th, ar.dic from hunspell-ar)")
        ->type_name("FILE");

    const std::string kinds = "Document kinds (fractions of --docs)";
    auto fraction = [&](const char* name, double& value, const char* what) {
        add_number_option(app, name, value, what)->check(CLI::Range(0.0, 1.0))->capture_default_str()->type_name("X")->group(kinds);
    };
    fraction("--wire", c.mix.wire, "Wire originals (AP, Reuters, AFP, PA, The Canadian Press)");
    fraction("--updates", c.mix.updates, "Wire updates: a later version by the same agency");
    fraction("--copies", c.mix.copies, "Newspaper copies of a wire story, edited (rewrite)");
    fraction("--copies-of-copies", c.mix.copies_of_copies, "Re-syndicated copies of a copy (rewrite)");
    fraction("--roundups", c.mix.roundups, "Roundups of two or three wire stories (rewrite of each)");
    fraction("--duplicates", c.mix.duplicates, "Exact duplicates: whitespace, punctuation, case");
    fraction("--near-duplicates", c.mix.near_duplicates, "Near-duplicates: a byline, a paragraph, a word or two");
    fraction("--same-event", c.mix.same_event, "Independent stories of a wire story's event (same-story)");
    fraction("--paraphrases", c.mix.paraphrases,
             "Paraphrases of a wire story: every sentence reworded, the facts kept (rewrite)");
    fraction("--takes", c.mix.takes,
             "Later takes of stories sent in takes: adds and write-throughs (rewrite); at most 2 x --wire");
    fraction("--multi-take", c.mix.multi_take, "Copies combining two or more takes of a story (rewrite of each)");

    const std::string furniture = "Furniture and outlets";
    auto share = [&](const char* name, double& value, const char* what) {
        add_number_option(app, name, value, what)->check(CLI::Range(0.0, 1.0))->capture_default_str()->type_name("X")->group(furniture);
    };
    share("--wire-copyright", c.wire_copyright, "Wire stories ending in the agency's copyright line");
    share("--bylines", c.bylines, "Wire stories starting with a byline");
    share("--credit-lines", c.credit_lines, "Copies ending in a credit line (\"With files from ...\")");
    share("--boilerplate", c.boilerplate, "Newspaper articles ending in their outlet's boilerplate");
    app.add_option("--outlets", c.outlets, "Newspaper outlets (invented names)")
        ->check(CLI::Range(1, 100000))->capture_default_str()->type_name("N")->group(furniture);

    const std::string shape = "Time and length";
    app.add_option("--start", o->start, "Earliest original (ISO-8601 date)")
        ->capture_default_str()->type_name("DATE")->group(shape);
    app.add_option("--days", c.days, "Originals are spread over this many days")
        ->check(CLI::Range(1, 36500))->capture_default_str()->type_name("N")->group(shape);
    app.add_option("--min-words", c.min_words, "Shortest freshly written story, in words")
        ->check(CLI::Range(50, 10000))->capture_default_str()->type_name("N")->group(shape);
    app.add_option("--max-words", c.max_words, "Longest freshly written story, in words")
        ->check(CLI::Range(50, 10000))->capture_default_str()->type_name("N")->group(shape);
    return [o] { return run(*o); };
}

}  // namespace wiretrace::cli
