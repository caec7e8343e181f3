// SPDX-License-Identifier: Apache-2.0
// Sketch stage: shingle hashes, MinHash signatures, winnowed fingerprints and exact set
// statistics over shingle sets. All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "wiretrace/text/tokenize.hpp"

namespace wiretrace::sketch {

/// Hashes of every window of `k` consecutive tokens, in text order (n - k + 1 values; a text
/// with fewer than k tokens but at least one yields a single shingle of all its tokens).
/// Built from the token hashes only, never from strings. Throws Error(bad_argument) for k == 0.
/// Shingle hashes hash the in-memory bytes of the token hashes: stable on little-endian hosts.
std::vector<std::uint64_t> shingle_hashes(std::span<const text::Token> tokens, std::uint32_t k,
                                          std::uint64_t seed);

/// The distinct values of `hashes`, sorted ascending: the shingle set.
std::vector<std::uint64_t> to_set(std::vector<std::uint64_t> hashes);

/// Exact overlap of two shingle sets (sorted, unique).
struct SetOverlap {
    std::uint64_t size_a = 0;
    std::uint64_t size_b = 0;
    std::uint64_t shared = 0;
    double jaccard() const;         ///< |A∩B| / |A∪B|, 0 when both are empty
    double containment_a() const;   ///< |A∩B| / |A|: how much of A is in B, 0 when A is empty
    double containment_b() const;   ///< |A∩B| / |B|
};
SetOverlap overlap(std::span<const std::uint64_t> set_a, std::span<const std::uint64_t> set_b);

/// A MinHash signature by one-permutation hashing with optimal densification (Shrivastava,
/// ICML 2017): one hash per shingle, `size` bins, empty bins filled deterministically from
/// non-empty ones. Equal inputs and seeds give equal signatures. Empty input gives an empty
/// signature. Throws Error(bad_argument) for size == 0.
std::vector<std::uint32_t> minhash(std::span<const std::uint64_t> shingles, std::uint32_t size,
                                   std::uint64_t seed);

/// LSH banding: the signature cut into `bands` bands of signature.size() / bands values (the rest
/// is ignored), each band hashed together with its index; one hash per band. Two documents share
/// a band hash with probability 1 - (1 - J^r)^b for Jaccard J. An empty signature (an empty
/// text) gives none. Throws Error(bad_argument) for bands == 0.
std::vector<std::uint64_t> band_hashes(std::span<const std::uint32_t> signature, std::uint32_t bands);

/// Fraction of equal positions: an unbiased estimate of the Jaccard of the shingle sets.
/// Returns 0 when the signatures are empty or of different sizes.
double estimate_jaccard(std::span<const std::uint32_t> sig_a, std::span<const std::uint32_t> sig_b);

/// A winnowed fingerprint: a selected shingle hash and the index of its shingle.
struct Fingerprint {
    std::uint64_t hash;
    std::uint32_t position;
    friend bool operator==(const Fingerprint&, const Fingerprint&) = default;
};

/// Winnowing (Schleimer, Wilkerson, Aiken 2003): the minimum of every window of `window`
/// consecutive shingle hashes, rightmost on ties, each selected position reported once.
/// Guarantee: two texts sharing a run of at least k + window - 1 words share a fingerprint
/// hash. Density is about 2 / (window + 1). O(n). Throws Error(bad_argument) for window == 0.
std::vector<Fingerprint> winnow(std::span<const std::uint64_t> shingles, std::uint32_t window);

}  // namespace wiretrace::sketch
