// SPDX-License-Identifier: Apache-2.0
// TF-IDF stage: document frequencies, hashed sublinear tf-idf vectors and their cosine, computed
// with Eigen sparse vectors that never appear in a header.
#include "wiretrace/tfidf.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <new>

#include <Eigen/SparseCore>

#include "hash.hpp"
#include "wiretrace/error.hpp"

namespace wiretrace::tfidf {

std::int32_t feature_of(std::uint64_t term) {
    // mix64 first: token hashes are already random, but the feature index must not depend on
    // the low bits alone of whatever hash the tokenizer uses.
    return static_cast<std::int32_t>(detail::mix64(term) % kFeatureDimensions);
}

namespace {

/// The features of `tokens`, one per token, sorted: repeats of a feature are its tf.
std::vector<std::int32_t> sorted_features(std::span<const text::Token> tokens) {
    std::vector<std::int32_t> features(tokens.size());
    std::ranges::transform(tokens, features.begin(), [](const text::Token& t) { return feature_of(t.hash); });
    std::ranges::sort(features);
    return features;
}

std::uint32_t* allocate_counts() {
    // calloc: the kernel hands out zero pages on first touch, so a table that counts two
    // documents costs a few pages, not 64 MiB.
    auto* counts = static_cast<std::uint32_t*>(std::calloc(kFeatureDimensions, sizeof(std::uint32_t)));
    if (counts == nullptr) throw std::bad_alloc();
    return counts;
}

}  // namespace

void DocumentFrequencies::add_document(std::span<const text::Token> tokens) {
    if (!counts_) counts_.reset(allocate_counts());
    std::vector<std::int32_t> features = sorted_features(tokens);
    // std::unique, not std::ranges::unique: clang 14 (the fuzz build) cannot compile the subrange
    // that the ranges version returns against libstdc++ 12.
    features.erase(std::unique(features.begin(), features.end()), features.end());
    for (const std::int32_t f : features) ++counts_[static_cast<std::size_t>(f)];
    ++documents_;
}

void DocumentFrequencies::merge(const DocumentFrequencies& other) {
    if (!other.counts_) return;
    if (!counts_) counts_.reset(allocate_counts());
    for (std::size_t f = 0; f < static_cast<std::size_t>(kFeatureDimensions); ++f) counts_[f] += other.counts_[f];
    documents_ += other.documents_;
}

std::span<std::uint32_t> DocumentFrequencies::counts() {
    if (!counts_) counts_.reset(allocate_counts());
    return {counts_.get(), static_cast<std::size_t>(kFeatureDimensions)};
}

double DocumentFrequencies::feature_idf(std::int32_t feature) const {
    const double df = counts_ ? static_cast<double>(counts_[static_cast<std::size_t>(feature)]) : 0.0;
    return std::log((1.0 + static_cast<double>(documents_)) / (1.0 + df)) + 1.0;
}

double DocumentFrequencies::idf(std::uint64_t term) const { return feature_idf(feature_of(term)); }

SparseVector vectorize(std::span<const text::Token> tokens, const DocumentFrequencies& df) {
    const std::vector<std::int32_t> features = sorted_features(tokens);
    SparseVector result;
    std::vector<double> weights;
    for (std::size_t i = 0; i < features.size();) {
        std::size_t j = i;
        while (j < features.size() && features[j] == features[i]) ++j;
        const double tf = static_cast<double>(j - i);
        result.indices.push_back(features[i]);
        weights.push_back((1.0 + std::log(tf)) * df.feature_idf(features[i]));
        i = j;
    }

    double squared_norm = 0.0;
    for (const double w : weights) {
        squared_norm += w * w;
    }
    if (squared_norm <= 0.0) {
        return {};
    }
    const double inverse_norm = 1.0 / std::sqrt(squared_norm);
    result.values.reserve(weights.size());
    for (const double w : weights) {
        result.values.push_back(static_cast<float>(w * inverse_norm));
    }
    return result;
}

double cosine(const SparseVector& a, const SparseVector& b) {
    if (a.indices.size() != a.values.size() || b.indices.size() != b.values.size()) {
        throw Error(Errc::bad_argument, "", "cosine: sparse vector with unequal index/value counts");
    }
    if (a.indices.empty() || b.indices.empty()) {
        return 0.0;
    }
    // Zero-copy views: a single-column CSC matrix over the vector's own arrays.
    using Column = Eigen::SparseMatrix<float, Eigen::ColMajor, std::int32_t>;
    const auto nnz_a = static_cast<std::int32_t>(a.indices.size());
    const auto nnz_b = static_cast<std::int32_t>(b.indices.size());
    const std::int32_t outer_a[2] = {0, nnz_a};
    const std::int32_t outer_b[2] = {0, nnz_b};
    const Eigen::Map<const Column> column_a(kFeatureDimensions, 1, nnz_a, outer_a,
                                            a.indices.data(), a.values.data());
    const Eigen::Map<const Column> column_b(kFeatureDimensions, 1, nnz_b, outer_b,
                                            b.indices.data(), b.values.data());
    // Accumulate in double: summed in float, the cosine of a 2000-word text with itself was
    // measured up to 1e-5 away from 1; in double it stays within 1e-6.
    const double dot = column_a.col(0).cast<double>().dot(column_b.col(0).cast<double>());
    return std::clamp(dot, 0.0, 1.0);
}

}  // namespace wiretrace::tfidf
