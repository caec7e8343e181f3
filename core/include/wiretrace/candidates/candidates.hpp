// SPDX-License-Identifier: Apache-2.0
// Candidate pairs for a whole corpus, from three sources: LSH bands over MinHash signatures
// (near-duplicates), a join on winnowed fingerprints (partial copies), and the nearest articles by
// a cosine over rare words (paraphrased copies; candidates/rare_terms.hpp). All work on flat
// arrays of 64-bit keys that are sorted in parallel; no hash map of posting lists.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "wiretrace/params.hpp"
#include "wiretrace/types.hpp"
#include "wiretrace/sketch/document_sketch.hpp"
#include "wiretrace/sketch/sketch.hpp"

namespace wiretrace::candidates {

/// A join key holds a hash in its high bits and a document number in its low kDocBits, so one
/// sort groups equal hashes and orders the documents inside each group.
inline constexpr unsigned kDocBits = 28;
/// Documents a corpus may hold (2^28, about 268 million).
inline constexpr std::uint64_t kMaxDocuments = std::uint64_t{1} << kDocBits;

inline constexpr std::uint64_t kDocMask = kMaxDocuments - 1;
inline std::uint64_t make_key(std::uint64_t hash, std::uint32_t doc) { return (hash & ~kDocMask) | doc; }
inline std::uint32_t key_doc(std::uint64_t key) { return static_cast<std::uint32_t>(key & kDocMask); }
inline std::uint64_t key_hash(std::uint64_t key) { return key >> kDocBits; }

/// Fingerprint keys a document keeps (append_fingerprint_keys): the per-document state of the
/// join does not grow with the length of an article. An article of up to about 150,000 words
/// keeps them all; a longer one keeps the ones with the smallest hashes, the same choice in
/// every document (a bottom-k sample), so what it shares with another long text is still seen in
/// proportion; a short excerpt of it may be found only by its bands or rare words.
inline constexpr std::uint32_t kMaxFingerprintKeys = 1U << 15;

/// Appends the keys of a document's distinct fingerprint hashes to `out` (at most
/// kMaxFingerprintKeys, those of the smallest hashes); returns their number.
std::uint32_t append_fingerprint_keys(std::span<const sketch::Fingerprint> fingerprints, std::uint32_t doc,
                                      std::vector<std::uint64_t>& out);

/// Appends one key per LSH band (sketch::band_hashes) to `out`.
void append_band_keys(std::span<const std::uint32_t> signature, std::uint32_t bands, std::uint32_t doc,
                      std::vector<std::uint64_t>& out);

/// Appends the keys of a sketched document: its distinct fingerprints to `fingerprint_keys`, its
/// band keys to `band_keys`. Returns the number of fingerprint keys (DocInfo::fingerprints).
std::uint32_t append_keys(const sketch::DocumentSketch& sketch, std::uint32_t doc,
                          std::vector<std::uint64_t>& fingerprint_keys, std::vector<std::uint64_t>& band_keys);

/// The acceptance rule of a pair found by its shared fingerprints, the same for scan's join and
/// an index lookup: at least `min_shared` shared, and at least `min_containment` of the distinct
/// fingerprints of either document (a count of 0 counts as 1).
bool shares_enough(std::uint32_t shared, std::uint32_t fingerprints_a, std::uint32_t fingerprints_b,
                   std::uint32_t min_shared, double min_containment);

/// What candidate selection needs to know about each document.
struct DocInfo {
    std::uint32_t fingerprints = 0;   ///< distinct fingerprint keys of the document
    bool has_time = false;
    std::int64_t published = 0;       ///< seconds since the epoch (when has_time)
    std::int64_t granularity = 0;     ///< seconds the time stands for (a date alone: a day)
    bool wire = false;                ///< a wire outlet, dateline or copyright line
};

struct Options {
    /// Fingerprints shared by more documents than this are boilerplate (copyright lines,
    /// newsletter prompts) and skipped; the cap also bounds the work of the join.
    std::uint32_t max_document_frequency = kDefaultMaxDocumentFrequency;
    std::uint32_t min_shared = kDefaultMinSharedFingerprints;       ///< fingerprints a pair must share
    double min_containment = kDefaultMinContainment;       ///< shared / fingerprints of one side, for either side
    /// Each document keeps at most this many partners that could be its source, the ones that
    /// contain most of it (ties: the earlier published, then the earlier in the corpus).
    std::uint32_t max_sources = 4;
    std::int64_t window_seconds = -1;   ///< > 0: drop pairs published further apart than this
    std::int64_t timestamp_tolerance_seconds = 60; ///< times closer than this do not order two texts

    // The rare-word source (rare_terms.hpp; the defaults are explained in params.hpp).
    std::uint32_t tfidf_neighbours = kDefaultTfidfNeighbours;  ///< sources kept per document; 0: off
    std::uint32_t tfidf_terms = kDefaultTfidfTerms;            ///< highest-weight words a document looks up
    double tfidf_min_cosine = kDefaultTfidfMinCosine;          ///< the bound of a neighbour's cosine
    std::uint32_t tfidf_max_postings = kDefaultTfidfMaxPostings; ///< words in more documents are not indexed
};

/// One candidate pair, a < b (document numbers).
struct Pair {
    std::uint32_t a = 0;
    std::uint32_t b = 0;
    std::uint32_t shared = 0;   ///< distinct fingerprints shared
    bool fingerprint = false;   ///< kept by the fingerprint join
    bool band = false;          ///< found by an LSH band
    bool tfidf = false;         ///< a rare-word neighbour
    friend bool operator==(const Pair&, const Pair&) = default;
};

struct Stats {
    std::uint64_t fingerprint_keys = 0;
    std::uint64_t shared_fingerprints = 0;     ///< distinct fingerprints in 2 or more documents
    std::uint64_t boilerplate_fingerprints = 0; ///< ... of which skipped: above the cap
    std::uint64_t boilerplate_keys = 0;        ///< document occurrences of the skipped ones
    std::uint64_t fingerprint_pairs = 0;       ///< pairs sharing at least min_shared fingerprints
    std::uint64_t band_keys = 0;
    std::uint64_t band_pairs = 0;              ///< distinct pairs sharing a band (before selection)
    std::uint64_t oversize_band_groups = 0;    ///< bands above the cap, joined as a star
    std::uint64_t outside_window = 0;          ///< pairs dropped by window_seconds
    std::uint64_t tfidf_postings = 0;          ///< words indexed by the rare-word source, all documents
    /// The candidates each source contributed, after selection: a pair several sources found is
    /// counted under each, so these may add up to more than `pairs`.
    std::uint64_t from_fingerprints = 0;
    std::uint64_t from_bands = 0;
    std::uint64_t from_tfidf = 0;
    std::uint64_t only_tfidf = 0;              ///< ... of which no other source found
    std::uint64_t pairs = 0;                   ///< the candidates returned
};

/// Finds the candidate pairs of a corpus of `docs.size()` documents from their fingerprint keys
/// and band keys (any order; the vectors are consumed), adding the pairs of the rare-word source
/// (`tfidf_codes`: sorted unique pair codes, from tfidf_pair_codes() in rare_terms.hpp; empty
/// when that source is off). Fingerprint pairs pass the cap, the
/// minimum shared count, the containment floor and the time window, and each document keeps its
/// best max_sources possible sources (a partner published clearly later cannot be a source).
/// Band pairs are selected per document the same way (most bands shared first); band groups
/// above the cap are joined as a star around their earliest document. Parallel
/// (oneTBB); the result is sorted by (a, b) and does not depend on the number of threads.
std::vector<Pair> find_candidates(std::vector<std::uint64_t> fingerprint_keys, std::vector<std::uint64_t> band_keys,
                                  std::span<const DocInfo> docs, const Options& options, Stats& stats,
                                  std::span<const std::uint64_t> tfidf_codes = {});

/// Counts the candidates each source contributed (Stats::from_fingerprints ... only_tfidf) and
/// sets Stats::pairs; the three lists are sorted unique pair codes, `all` their union.
void count_sources(std::span<const std::uint64_t> all, std::span<const std::uint64_t> joined,
                   std::span<const std::uint64_t> banded, std::span<const std::uint64_t> tfidf, Stats& stats);

/// True when a document published at `x` can be the source of one published at `y`: unless x
/// begins after y's interval ends, with the tolerance (undated documents can always be).
bool can_be_source(const DocInfo& x, const DocInfo& y, std::int64_t tolerance_seconds);

}  // namespace wiretrace::candidates
