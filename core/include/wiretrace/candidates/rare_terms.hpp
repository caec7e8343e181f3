// SPDX-License-Identifier: Apache-2.0
// The third candidate source: nearest articles by a cosine over rare words, for copies that are
// reworded sentence by sentence and so share few 5-word fingerprints but keep the names, numbers
// and places of their source.
//
// Each document is a binary TF-IDF vector over its distinct words, weight idf = ln(N / df) (a word
// in every document weighs 0). Its profile keeps the norm of that whole vector and its words that
// are in 2 to tfidf_max_postings documents, rarest first: the index. The first tfidf_terms of them
// (its highest-weight words) are its query: for each document, the documents holding one of its
// query words score
//
//     sum of idf^2 over its query words they hold / (|a| |b|),
//
// the cosine restricted to a's query words: never above the full cosine, and equal to it when the
// query holds every word they share. A copy's rarest words are the names, numbers and places it
// took from its source, so its source scores high from the copy's side, however long the source.
// Each document keeps its `tfidf_neighbours` best partners that could be its source
// (can_be_source, the time window), scoring at least tfidf_min_cosine. No pair of documents is
// compared unless they share a query word, and the postings of a word are its df (at most
// tfidf_max_postings), so the work per document is bounded by tfidf_terms * tfidf_max_postings.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "wiretrace/candidates/candidates.hpp"
#include "wiretrace/sketch/tfidf.hpp"

namespace wiretrace::candidates {

/// Words one document's profile indexes at most: its kMaxIndexedWords rarest (32 kB). An
/// ordinary article has a few hundred such words, so only very long texts are cut, and the
/// profiles of a corpus do not grow with the length of its articles. The norm still counts every
/// word.
inline constexpr std::size_t kMaxIndexedWords = std::size_t{1} << 13;

/// The profiles of consecutive documents, as CSR arrays: document d's indexed words are
/// [offsets[d], offsets[d + 1]), rarest first (ties: the smaller feature first).
struct RareTerms {
    std::vector<std::uint64_t> offsets{0};
    std::vector<std::int32_t> features;  ///< tfidf::feature_of of the words
    std::vector<float> norms;            ///< per document: the norm of its whole binary TF-IDF vector
    std::uint64_t corpus_documents = 0;  ///< N of the idf: the documents the frequencies counted

    std::uint32_t documents() const { return static_cast<std::uint32_t>(norms.size()); }
    /// Appends the profile of the next document from its distinct features (any order, each once)
    /// and the document frequencies of the corpus (counted over exactly the documents of the
    /// profiles, once complete): its words in 2 to `max_postings` documents, the kMaxIndexedWords
    /// rarest of them.
    void add(std::span<const std::int32_t> features, const tfidf::DocumentFrequencies& df, std::uint32_t max_postings);
    /// Appends the profiles of `other` (the documents that follow, counted by the same frequencies).
    void append(const RareTerms& other);
};

/// A document's neighbour: a partner that could be its source, and their score.
struct Neighbour {
    std::uint32_t doc = 0;
    std::uint32_t partner = 0;
    float cosine = 0;
    friend bool operator==(const Neighbour&, const Neighbour&) = default;
};

/// Every document's neighbours (see the file comment; the profiles were built with
/// options.tfidf_max_postings), by document, then by decreasing score
/// (ties: the earlier published partner, then the earlier in the corpus). `docs` describes the
/// same documents as `terms`. Parallel (oneTBB), independent of the number of threads. Adds
/// the index size to stats.tfidf_postings; throws Error(bad_argument) when `docs` and `terms` differ in size.
std::vector<Neighbour> rare_term_neighbours(const RareTerms& terms, std::span<const DocInfo> docs,
                                            const Options& options, Stats& stats);

/// The pairs of rare_term_neighbours() as sorted unique pair codes (find_candidates' tfidf_codes).
std::vector<std::uint64_t> tfidf_pair_codes(std::span<const Neighbour> neighbours);

}  // namespace wiretrace::candidates
