// SPDX-License-Identifier: Apache-2.0
// Synthetic syndication corpora with exact ground truth (`wiretrace gen`): wire stories, the
// copies outlets make of them, and the hard negatives, deterministically from a seed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "wiretrace/run/progress.hpp"
#include "wiretrace/lab/truth_tsv.hpp"
#include "wiretrace/score/score.hpp"

namespace wiretrace::gen {

/// Share of the corpus's documents of each kind, as fractions of Config::docs. Unrelated stories
/// make up the rest. Every kind except unrelated stories belongs to the story group of one wire
/// story; the mean group size follows from the ratios to `wire`.
struct Mix {
    double wire = 0.10;             ///< wire originals (AP, Reuters, AFP, PA, The Canadian Press)
    double updates = 0.02;          ///< later versions of a wire story by the same agency
    double copies = 0.30;           ///< newspaper copies of a wire story, edited (truth: rewrite)
    double copies_of_copies = 0.08; ///< re-syndicated copies of a newspaper copy (truth: rewrite)
    double roundups = 0.02;         ///< newspaper roundups of two or three wire stories (rewrite)
    double duplicates = 0.05;       ///< exact duplicates: whitespace, punctuation, case (duplicate)
    double near_duplicates = 0.07;  ///< a byline, a trimmed paragraph, a word or two (near-duplicate)
    double same_event = 0.08;       ///< independent stories of a wire story's event (same-story)
    /// Newspaper paraphrases of a wire version: every sentence reworded (synonyms, clause and
    /// sentence order, number and date formats, active/passive, quotes as reported speech), the
    /// facts (names, places, numbers) kept (truth: rewrite, kind paraphrase).
    double paraphrases = 0.03;
    /// Later takes of wire stories sent in several takes: an add (the story so far with new
    /// paragraphs, often under a new top) or a write-through (a new lead, sentences reworded).
    /// A story sent in takes has one to three of them after its first take (truth: rewrite,
    /// kind take).
    double takes = 0.015;
    /// Newspaper copies that combine two or more takes of one story (truth: a rewrite row to each
    /// take drawn on, kind multi-take). Needs takes.
    double multi_take = 0.02;

    /// 1 minus the sum of the others: unrelated stories (hard negatives of another kind).
    double unrelated() const;
};

/// The language a corpus is written in. Other than English, the story groups are the English
/// ones rendered word for word with a packaged word list (see Config::word_list).
enum class Language : std::uint8_t { en, th, ar };

/// "en", "th", "ar".
std::string_view to_string(Language language);

/// The word list a language reads by default: Debian's hunspell dictionaries,
/// /usr/share/hunspell/th_TH.dic (package hunspell-th) and ar.dic (hunspell-ar); "" for English.
std::string_view default_word_list(Language language);

/// Everything `gen` needs; the output is a pure function of it (and of the word list's file).
struct Config {
    Language language = Language::en;  ///< th: Thai (no spaces between words); ar: Arabic (right to left)
    std::string word_list;             ///< the language's word list; empty: default_word_list()
    std::uint64_t docs = 1000;       ///< exact number of articles written
    std::uint64_t seed = 1;          ///< seed of every random decision
    Mix mix;
    std::uint32_t outlets = 120;     ///< newspaper outlets, with invented names
    double wire_copyright = 0.5;     ///< wire stories that end in their agency's copyright line
    double bylines = 0.6;            ///< wire stories that start with a byline
    double credit_lines = 0.3;       ///< copies that end in a credit line ("With files from ...")
    double boilerplate = 0.5;        ///< newspaper articles that end in their outlet's boilerplate
    std::int64_t start = 1388534400; ///< earliest original, seconds since the epoch (2014-01-01)
    std::uint32_t days = 365;        ///< originals are spread over this many days from `start`
    std::uint32_t min_words = 300;   ///< shortest freshly written story, in words
    std::uint32_t max_words = 900;   ///< longest freshly written story, in words
};

/// Throws Error(bad_argument) naming the first invalid field (a fraction outside [0, 1], kinds
/// summing to more than 1, derived kinds without wire stories, docs == 0, ...).
void validate(const Config& config);

/// How a document was made. Not written to the corpus (the truth TSV carries the relations).
enum class DocKind : std::uint8_t {
    wire, update, copy, copy_of_copy, roundup, duplicate, near_duplicate, same_event, unrelated,
    paraphrase, take, multi_take
};
inline constexpr std::size_t kDocKinds = 12;
std::string_view to_string(DocKind kind);

/// Spelling conventions of an outlet: US outlets keep the US spellings of wire copy, the others
/// respell it ("neighbors" -> "neighbours").
enum class Locale : std::uint8_t { us, uk, ca, au };

/// A publisher. Outlets 0-4 are the wire agencies; the newspapers follow.
struct Outlet {
    std::string name;
    Locale locale = Locale::us;
    bool wire = false;
    std::vector<std::string> boilerplate;  ///< lines under many of its articles ({year} unfilled)
};

/// One generated article, as written to the corpus.
struct Article {
    std::string id;
    std::string outlet;
    std::int64_t published = 0;  ///< seconds since the epoch, UTC
    std::string title;
    std::string text;            ///< paragraphs separated by "\n\n"
    DocKind kind = DocKind::unrelated;
    std::size_t words = 0;       ///< words of `text` (text::tokenize tokens)
};

/// One true relation. For derived pairs (duplicate, near-duplicate, rewrite) `direct` tells the
/// direct source from a transitive ancestor, and `traceable` whether the copy's text holds a trace
/// of this source itself (see README.md, "wiretrace gen"); same-story pairs have direct == false,
/// coverages 0 and traceable == true.
struct TruthRow {
    std::string copy_id;
    std::string source_id;
    Relation relation = Relation::rewrite;
    double coverage_of_source = 0;  ///< fraction of the source's words that survive in the copy
    double coverage_of_copy = 0;    ///< fraction of the copy's words that come from the source
    bool direct = false;
    /// The copy holds one of the source's own words or edits, not only what the source took from
    /// its own sources: without one, no method working on the texts can tell this source from its
    /// source.
    bool traceable = true;
    /// How the copy was made: its DocKind (same_event for same-story rows). Written as the
    /// truth's `kind` column, which eval reports recall by.
    DocKind kind = DocKind::copy;
};

/// The articles of one story group, in corpus order, and their true relations.
struct Group {
    std::vector<Article> articles;
    std::vector<TruthRow> truth;
};

/// The truth TSV header line (with its newline).
inline constexpr std::string_view kTruthHeader = truth_tsv::kHeader;

/// Appends `article` as one JSONL line {"id","outlet","published","title","text"} with "\n".
void append_jsonl(std::string& out, const Article& article);

/// Appends `row` as one TSV line (coverages with four decimals, direct and traceable as 0/1,
/// then the kind) with "\n".
void append_truth(std::string& out, const TruthRow& row);

/// The corpus as a sequence of story groups: everything about group g is a pure function of
/// (config, g), so groups can be generated in any order and on any thread. A group is either a
/// wire story with its derived and same-event documents, or one unrelated story. Immutable after
/// construction; all members are thread-safe.
class Generator {
public:
    /// Validates `config` (throws Error(bad_argument)) and invents the outlets.
    explicit Generator(Config config);

    const Config& config() const { return config_; }
    const std::vector<Outlet>& outlets() const { return outlets_; }
    /// The word list of Config::language (empty for English).
    const std::vector<std::string>& words() const { return words_; }

    /// Number of articles in group `group` before any truncation (1 to 255).
    std::uint32_t group_size(std::uint64_t group) const;

    /// The first `limit` articles of group `group` (limit <= group_size(group)), with the truth
    /// rows among them. A prefix is self-contained: sources always come before their copies.
    Group generate_group(std::uint64_t group, std::uint32_t limit) const;

    /// Expected number of groups for Config::docs: group g is published about g / expected_groups
    /// of the way through the date range.
    double expected_groups() const { return expected_groups_; }

    /// Probability that a group is a wire-story group rather than one unrelated story, chosen so
    /// that unrelated stories make up Mix::unrelated() of the documents.
    double wire_group_probability() const { return wire_group_probability_; }

private:
    Config config_;
    std::vector<Outlet> outlets_;
    std::vector<std::string> words_;  ///< of Config::language (empty for English)
    double wire_group_probability_ = 0;
    double expected_groups_ = 1;
};

/// Counts of one run of generate_corpus().
struct Stats {
    std::uint64_t docs = 0;
    std::uint64_t groups = 0;
    std::uint64_t corpus_bytes = 0;
    std::uint64_t truth_rows = 0;
    std::array<std::uint64_t, kDocKinds> kinds{};  ///< articles per DocKind
    bool cancelled = false;
};

/// Writes exactly config().docs articles to `corpus` (JSONL) and, when `truth` is not null, the
/// truth TSV (header first). Plans groups serially, generates them in parallel with a oneTBB
/// pipeline and writes them in order, so the bytes do not depend on the number of threads (set
/// it with pipeline::ThreadLimit). Memory is bounded by the batches in flight, not by the corpus.
/// Progress (stage "generate") comes from the serial output stage after each batch: articles
/// written so far and the total; returning false stops the run after the batches in flight.
/// Throws Error(io) when a stream fails.
Stats generate_corpus(const Generator& generator, std::ostream& corpus, std::ostream* truth,
                      const ProgressFn& progress = {});

}  // namespace wiretrace::gen
