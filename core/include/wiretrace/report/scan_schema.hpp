// SPDX-License-Identifier: Apache-2.0
// The scan JSONL schema: its name and version, its line types and their field names. The one
// definition that the writer (report/scan.cpp) and the readers (lab's eval) use; the
// format is documented in README.md (`wiretrace scan`).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wiretrace::report::scan_jsonl {

/// The schema: "schema": "wiretrace.scan/1" in the summary line. Bump the version on any change
/// that removes or renames a field or changes what one means; adding fields keeps it.
inline constexpr std::string_view kSchemaName = "wiretrace.scan";
inline constexpr int kSchemaVersion = 1;

/// "wiretrace.scan/1".
std::string schema_id();

/// The major version of a "schema" value that names this schema: N of "wiretrace.scan/N" or
/// "wiretrace.scan/N.M"; nullopt for any other value.
std::optional<int> schema_major(std::string_view schema);

/// The field of every line that names its type (the `type` members below).
inline constexpr std::string_view kType = "type";

/// A provenance cluster, before its member lines.
struct ClusterLine {
    std::string_view type = "cluster";
    std::string_view cluster = "cluster";  ///< 1-based number of the cluster
    std::string_view root = "root";
    std::string_view size = "size";
    std::string_view title = "title";      ///< the root's
};
inline constexpr ClusterLine kCluster{};

/// One article of a cluster.
struct MemberLine {
    std::string_view type = "member";
    std::string_view cluster = "cluster";
    std::string_view id = "id";
    std::string_view root = "root";
    std::string_view parents = "parents";  ///< [] for the root
    /// With its first parent: duplicate, near-duplicate, rewrite, or version (a newer version of
    /// the parent: the same outlet's updated story, provenance::is_version); null for the root.
    std::string_view relation = "relation";
    std::string_view grade = "grade";        ///< verbatim, light or heavy (with the relation)
    std::string_view coverage_of_source = "coverage_of_source";
    std::string_view coverage_of_copy = "coverage_of_copy";
    std::string_view edits = "edits";      ///< the one-line edit summary
    /// With the relation: "decided" when the text's evidence named the first parent the source,
    /// "undecided" when it cannot tell (the copy is placed under it, a guess: "source unknown");
    /// null for the root.
    std::string_view direction = "direction";
    std::string_view decided_by = "decided_by";  ///< the deciding evidence; null when undecided or the root
    /// Only for a copy judged against a union of sources (score/source_union.hpp): every parent,
    /// [{"id": id, "share": s}], s the share of the copy's rare word pairs attributed to that
    /// source by the union, null for a source derived on its own.
    std::string_view sources = "sources";
    std::string_view source_id = "id";        ///< in sources
    std::string_view source_share = "share";  ///< in sources
    std::string_view outlet = "outlet";
    std::string_view title = "title";
    std::string_view published = "published";
};
inline constexpr MemberLine kMember{};

/// One reported pair.
struct PairLine {
    std::string_view type = "pair";
    std::string_view a = "a";
    std::string_view b = "b";
    /// duplicate, near-duplicate, rewrite, version (the copy is a newer version of the source),
    /// or with --all-relations same-story. `version` was added within schema 1: a reader that
    /// knows only the first three takes it as derived like them.
    std::string_view relation = "relation";
    std::string_view grade = "grade";        ///< verbatim, light, heavy; null when not derived
    std::string_view background_z = "background_z"; ///< spreads above the corpus background; null without one
    /// Only for a pair derived as one of a union of sources: the share of the copy's rare word
    /// pairs attributed to this source (scan::Pair::union_share).
    std::string_view union_share = "union_share";
    /// a or b; null when undecided: a same-story pair, or a derived pair whose texts cannot tell
    /// which was made from which (decided_by null; the member lines place it in the tree)
    std::string_view source = "source";
    std::string_view coverage_a = "coverage_a";
    std::string_view coverage_b = "coverage_b";
    std::string_view jaccard = "jaccard";
    std::string_view cosine = "cosine";
    std::string_view decided_by = "decided_by";
    std::string_view edits = "edits";  ///< counts by edit kind
    /// Reworded passages: [{"a": [begin, end], "b": [begin, end], "score": s, "shared": n}], token
    /// ranges of a and b (align::Paraphrase)
    std::string_view paraphrases = "paraphrases";
    std::string_view paraphrase_score = "score";    ///< in paraphrases
    std::string_view paraphrase_shared = "shared";  ///< in paraphrases
};
inline constexpr PairLine kPair{};

/// The last line: the schema and the run's figures.
struct SummaryLine {
    std::string_view type = "summary";
    std::string_view schema = "schema";
    std::string_view articles = "articles";
    std::string_view skipped = "skipped";
    std::string_view skipped_by_reason = "skipped_by_reason";
    std::string_view duplicate_ids = "duplicate_ids";
    std::string_view unparsed_times = "unparsed_times";  ///< articles kept undated: their time is not a time
    std::string_view text_bytes = "text_bytes";
    std::string_view candidates = "candidates";
    std::string_view verified = "verified";
    std::string_view candidate_sources = "candidate_sources";
    std::string_view fingerprint_pairs = "fingerprint_pairs";  ///< in candidate_sources
    std::string_view band_pairs = "band_pairs";                ///< in candidate_sources
    std::string_view fingerprint_keys = "fingerprint_keys";    ///< in candidate_sources
    std::string_view outside_window = "outside_window";        ///< in candidate_sources
    /// In candidate_sources: the candidates each source contributed after selection (a pair found
    /// by several sources counted under each), and those only the rare-word source found.
    std::string_view from_fingerprints = "from_fingerprints";
    std::string_view from_bands = "from_bands";
    std::string_view from_tfidf = "from_tfidf";
    std::string_view only_tfidf = "only_tfidf";
    std::string_view pairs = "pairs";
    std::string_view clusters = "clusters";
    std::string_view clustered_articles = "clustered_articles";
    std::string_view union_copies = "union_copies";    ///< copies derived from a union of sources
    std::string_view union_sources = "union_sources";  ///< pairs those unions made derived
    std::string_view boilerplate_fingerprints = "boilerplate_fingerprints";
    /// What was found and blanked as boilerplate and furniture (candidates::FurnitureStats): the
    /// corpus cap applied, the outlets and those with furniture, the (outlet, fingerprint) pairs
    /// found furniture and their occurrences left out of the join, the articles with blanked text
    /// and the words blanked by kind, the same-outlet pairs scored without shared edge text.
    std::string_view furniture = "furniture";
    std::string_view corpus_cap = "corpus_cap";                        ///< in furniture
    std::string_view outlets = "outlets";                              ///< in furniture
    std::string_view furniture_outlets = "furniture_outlets";          ///< in furniture
    std::string_view furniture_fingerprints = "furniture_fingerprints";  ///< in furniture
    std::string_view furniture_keys = "furniture_keys";                ///< in furniture
    std::string_view masked_articles = "masked_articles";              ///< in furniture
    std::string_view furniture_words = "furniture_words";              ///< in furniture
    std::string_view code_words = "code_words";                        ///< in furniture
    std::string_view embed_words = "embed_words";                      ///< in furniture
    std::string_view caption_words = "caption_words";                  ///< in furniture
    std::string_view edge_pairs = "edge_pairs";                        ///< in furniture
    std::string_view background = "background";  ///< samples, mean_containment, spread; null without one
    std::string_view background_samples = "samples";                   ///< in background
    std::string_view background_mean = "mean_containment";             ///< in background
    std::string_view background_spread = "spread";                     ///< in background
    std::string_view seconds = "seconds";
    std::string_view stages = "stages";
    std::string_view stage_cpu_seconds = "stage_cpu_seconds";
    std::string_view stage_peak_rss_bytes = "stage_peak_rss_bytes";
    std::string_view peak_rss_bytes = "peak_rss_bytes";
};
inline constexpr SummaryLine kSummary{};

}  // namespace wiretrace::report::scan_jsonl
