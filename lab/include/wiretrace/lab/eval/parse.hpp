// SPDX-License-Identifier: Apache-2.0
// The inputs of `wiretrace eval`: the truth TSV (lab/truth_tsv.hpp) and the results, a TSV pair
// list or a scan JSONL (report/pair.hpp, report/scan_schema.hpp), parsed with errors that name
// file:line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wiretrace/types.hpp"

namespace wiretrace::eval {

/// Parses "duplicate", "near-duplicate", "rewrite", "same-story", "unrelated".
std::optional<Relation> parse_relation(std::string_view name);

/// One line of a truth file: `copy_id source_id relation coverage_of_source coverage_of_copy
/// [direct [traceable [kind]]]`.
struct TruthPair {
    std::string copy_id;
    std::string source_id;
    Relation relation = Relation::rewrite;  ///< derived, or same_story (a hard negative)
    double coverage_of_source = 0.0;                      ///< share of the source found in the copy, in [0, 1]
    double coverage_of_copy = 0.0;                        ///< share of the copy taken from the source, in [0, 1]
    bool direct = true;                                   ///< source is the direct parent (false: a further ancestor)
    /// The copy's text holds a trace of this source itself (false: only of the source's own
    /// sources, so no text method can tell it from them); see README.md, "Truth TSV".
    bool traceable = true;
    /// How the copy was made ("copy", "paraphrase", "multi-take", ... as gen writes it); empty
    /// when the truth has no kind column. Eval reports recall by kind.
    std::string kind;
    std::size_t line = 0;                                 ///< 1-based line in the truth file (0: built in code)
};

/// A predicted pair: a TSV row or a JSONL `pair` line.
struct PredictedPair {
    std::string a;
    std::string b;
    Relation relation = Relation::unrelated;
    std::optional<std::string> source;  ///< a or b; nullopt when undecided
    double coverage_a = 0.0;            ///< predicted share of a found in b
    double coverage_b = 0.0;            ///< predicted share of b found in a
    std::size_t line = 0;
};

/// A JSONL `member` line: one article of a predicted provenance cluster.
struct PredictedMember {
    std::uint64_t cluster = 0;
    std::string id;
    std::string root;
    std::vector<std::string> parents;         ///< empty for the root
    std::optional<Relation> relation;  ///< nullopt for the root
    std::size_t line = 0;
};

/// A JSONL `cluster` line.
struct PredictedCluster {
    std::uint64_t cluster = 0;
    std::string root;
    std::uint64_t size = 0;
    std::size_t line = 0;
};

enum class ResultsFormat : std::uint8_t { tsv, jsonl };

/// "tsv" or "jsonl".
std::string_view to_string(ResultsFormat format);

/// A parsed result file. Only JSONL carries clusters (`members`, `clusters`).
struct Results {
    ResultsFormat format = ResultsFormat::tsv;
    std::vector<PredictedPair> pairs;
    std::vector<PredictedMember> members;
    std::vector<PredictedCluster> clusters;
};

/// Parses a truth TSV (format in README.md, "wiretrace eval"). Lines starting with '#' and
/// blank lines are skipped; a row has 5 fields, or 6 with `direct` (0 or 1; 1 when absent), 7
/// with `traceable` (likewise), 8 with `kind` (one word).
/// The same (copy, source) listed twice is merged (a direct line wins over a transitive one,
/// otherwise the first line counts); the same pair listed in both directions, as derived and as
/// same-story, or with a copy equal to its source, is an error, as is a cycle of direct parents.
/// Throws Error naming `name:line` (bad_argument for a malformed line, bad_utf8 for invalid
/// UTF-8, binary_input for NUL bytes).
std::vector<TruthPair> parse_truth(std::string_view bytes, std::string_view name);

/// JSONL when the first non-blank byte is '{', TSV otherwise (also for an empty input).
ResultsFormat detect_results_format(std::string_view bytes);

/// Parses a result file in the detected format. TSV: '#' lines and blank lines skipped, rows
/// `id_a id_b relation source_id coverage_a coverage_b` (source_id `-` when undecided). JSONL,
/// parsed with simdjson On-Demand one line at a time: `pair`, `member` and `cluster` lines are
/// read, other types (`summary`, unknown ones) are skipped. A pair listed twice, an article in
/// two member lines, or a source that is neither a nor b is an error. Throws Error naming
/// `name:line`.
Results parse_results(std::string_view bytes, std::string_view name);

}  // namespace wiretrace::eval
