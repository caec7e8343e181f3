// SPDX-License-Identifier: Apache-2.0
// TF-IDF vectors over folded unigrams: sublinear term frequency, IDF from a document-frequency
// table, L2 normalization, cosine similarity. Eigen's sparse types stay inside tfidf.cpp.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "wiretrace/text/tokenize.hpp"

namespace wiretrace::tfidf {

/// Number of hashed feature dimensions (2^24): collisions are rare at news vocabulary sizes.
inline constexpr std::int32_t kFeatureDimensions = 1 << 24;

/// The feature a term (a token hash) is counted and weighted under.
std::int32_t feature_of(std::uint64_t term);

/// Document frequencies over a collection, counted per hashed feature (so terms that share a
/// feature share a count), and the IDF derived from them: idf = ln((1 + N) / (1 + df)) + 1
/// (smoothed, never zero). A few documents' counts are a sorted list of the features seen (a
/// pair's table costs kilobytes, not page faults all over a large table); past kSparseDocuments
/// documents or kSparseFeatures features they move to one dense table of kFeatureDimensions entries whose memory is taken
/// from the system lazily (untouched pages cost nothing), so counting a whole corpus needs no
/// hash map. Move-only; merge() adds up tables counted on several threads.
class DocumentFrequencies {
public:
    DocumentFrequencies() = default;
    /// Counts each distinct feature of one document once.
    void add_document(std::span<const text::Token> tokens);
    /// Adds the counts and documents of `other` (counted over disjoint documents).
    void merge(const DocumentFrequencies& other);
    double idf(std::uint64_t term) const;  ///< the idf of the term's feature
    double feature_idf(std::int32_t feature) const;
    /// Documents counted with `feature` (0 when none).
    std::uint32_t document_frequency(std::int32_t feature) const;
    /// document_frequency() of every feature into `out` (the same size). PERF: the lookups of the
    /// dense table are issued ahead, for a document's words cost a cache miss each.
    void document_frequencies(std::span<const std::int32_t> features, std::span<std::uint32_t> out) const;
    std::uint64_t documents() const { return documents_; }
    /// The count table itself (kFeatureDimensions entries, allocated zeroed on the first call)
    /// and the document count, for adding up the tables of several processes (MPI_Allreduce).
    std::span<std::uint32_t> counts();
    void set_documents(std::uint64_t documents) { documents_ = documents; }
    /// Where the statistics came from, for reports ("pair", "corpus", "index").
    std::string origin = "pair";

    /// Documents and distinct features kept as a sorted list before the counts move to the dense
    /// table (every document added to the list merges it whole).
    static constexpr std::uint64_t kSparseDocuments = 16;
    static constexpr std::size_t kSparseFeatures = std::size_t{1} << 16;

private:
    struct Free {
        void operator()(std::uint32_t* p) const { std::free(p); }
    };
    /// Moves the sparse counts into the dense table (allocated zeroed).
    void make_dense();
    std::unique_ptr<std::uint32_t[], Free> counts_;  ///< the dense table; null while sparse
    std::vector<std::pair<std::int32_t, std::uint32_t>> sparse_;  ///< (feature, count) by feature, while dense is null
    std::uint64_t documents_ = 0;
};

/// The distinct features of `tokens`, ascending.
std::vector<std::int32_t> distinct_features(std::span<const text::Token> tokens);

/// An L2-normalized sparse vector: feature indices (hashed terms) ascending, with weights.
struct SparseVector {
    std::vector<std::int32_t> indices;
    std::vector<float> values;
};

/// tf-idf weights (1 + ln tf) * idf, L2-normalized. Empty input gives an empty vector. Terms
/// hashed to the same feature share it: their tf add up.
SparseVector vectorize(std::span<const text::Token> tokens, const DocumentFrequencies& df);

/// Cosine of two vectors made by vectorize(): their dot product, in [0, 1].
double cosine(const SparseVector& a, const SparseVector& b);

}  // namespace wiretrace::tfidf
