// SPDX-License-Identifier: Apache-2.0
// TF-IDF vectors over folded unigrams: sublinear term frequency, IDF from a document-frequency
// table, L2 normalization, cosine similarity. Eigen's sparse types stay inside tfidf.cpp.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "wiretrace/text.hpp"

namespace wiretrace::tfidf {

/// Document frequencies of terms (token hashes) over a collection, and the IDF derived from
/// them: idf(t) = ln((1 + N) / (1 + df(t))) + 1 (smoothed, never zero).
class DocumentFrequencies {
public:
    /// Counts each distinct term of one document once.
    void add_document(std::span<const text::Token> tokens);
    double idf(std::uint64_t term) const;
    std::uint64_t documents() const { return documents_; }
    /// Where the statistics came from, for reports ("pair", "corpus", "index").
    std::string origin = "pair";

private:
    std::unordered_map<std::uint64_t, std::uint32_t> df_;
    std::uint64_t documents_ = 0;
};

/// An L2-normalized sparse vector: feature indices (hashed terms) ascending, with weights.
struct SparseVector {
    std::vector<std::int32_t> indices;
    std::vector<float> values;
};

/// Number of hashed feature dimensions (2^24): collisions are rare at news vocabulary sizes.
inline constexpr std::int32_t kFeatureDimensions = 1 << 24;

/// tf-idf weights (1 + ln tf) * idf, L2-normalized. Empty input gives an empty vector. Terms
/// hashed to the same feature share it: their tf add up and the idf is their tf-weighted mean.
SparseVector vectorize(std::span<const text::Token> tokens, const DocumentFrequencies& df);

/// Cosine of two vectors made by vectorize(): their dot product, in [0, 1].
double cosine(const SparseVector& a, const SparseVector& b);

}  // namespace wiretrace::tfidf
