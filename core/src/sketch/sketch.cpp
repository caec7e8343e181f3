// SPDX-License-Identifier: Apache-2.0
// Sketch stage: shingle hashing, exact shingle-set overlap, one-permutation MinHash with optimal
// densification, and winnowing.
#include "wiretrace/sketch/sketch.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>

#include "hash.hpp"
#include "wiretrace/error.hpp"

namespace wiretrace::sketch {

namespace {

/// Salt that separates the densification probe sequence from the bin hash of the same seed, so
/// that the choice of donor bins is independent of which shingles landed where.
constexpr std::uint64_t kDensifySalt = 0x6f7074646e736679ULL;  // "optdnsfy"

/// Random probes per signature position before densification falls back to a linear scan.
/// With a single non-empty bin the chance of reaching the fallback is about e^-8; the fallback
/// only exists so that the loop provably ends.
constexpr std::uint64_t kDensifyProbesPerBin = 8;

/// Values a per-thread scratch buffer keeps between calls; one grown beyond (by a very long text)
/// is given back.
constexpr std::size_t kKeptScratch = std::size_t{1} << 16;

/// Maps a 32-bit value uniformly onto [0, range) with a multiply instead of a modulo
/// (Lemire's "fast range").
std::uint32_t fast_range(std::uint64_t value32, std::uint32_t range) {
    return static_cast<std::uint32_t>((value32 * range) >> 32);
}

}  // namespace

std::vector<std::uint64_t> shingle_hashes(std::span<const text::Token> tokens, std::uint32_t k,
                                          std::uint64_t seed) {
    if (k == 0) {
        throw Error(Errc::bad_argument, "", "shingle_hashes: shingle size k must be at least 1");
    }
    std::vector<std::uint64_t> shingles;
    if (tokens.empty()) {
        return shingles;
    }
    // The tokens are an array of structs; a contiguous copy of their hashes lets every window be
    // hashed as one byte range. Those bytes are native-endian: hashes agree across runs and
    // across machines of the same byte order (every supported target is little-endian).
    // PERF: the copy goes into a buffer kept by the thread (no allocation and zeroing per text).
    static thread_local std::vector<std::uint64_t> words;
    words.clear();
    words.reserve(tokens.size());
    for (const text::Token& t : tokens) words.push_back(t.hash);

    const std::size_t width = std::min<std::size_t>(k, words.size());
    const std::size_t count = words.size() - width + 1;
    shingles.reserve(count);
    for (std::size_t start = 0; start < count; ++start) {
        shingles.push_back(detail::hash_bytes(words.data() + start, width * sizeof(std::uint64_t), seed));
    }
    if (words.capacity() > kKeptScratch) std::vector<std::uint64_t>().swap(words);
    return shingles;
}

std::vector<std::uint64_t> to_set(std::vector<std::uint64_t> hashes) {
    std::ranges::sort(hashes);
    // std::unique, not std::ranges::unique: clang 14 (the fuzz build) cannot compile the subrange
    // that the ranges version returns against libstdc++ 12.
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    return hashes;
}

double SetOverlap::jaccard() const {
    const std::uint64_t union_size = size_a + size_b - shared;
    return union_size == 0 ? 0.0 : static_cast<double>(shared) / static_cast<double>(union_size);
}

double SetOverlap::containment_a() const {
    return size_a == 0 ? 0.0 : static_cast<double>(shared) / static_cast<double>(size_a);
}

double SetOverlap::containment_b() const {
    return size_b == 0 ? 0.0 : static_cast<double>(shared) / static_cast<double>(size_b);
}

SetOverlap overlap(std::span<const std::uint64_t> set_a, std::span<const std::uint64_t> set_b) {
    SetOverlap result;
    result.size_a = set_a.size();
    result.size_b = set_b.size();
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < set_a.size() && j < set_b.size()) {
        if (set_a[i] < set_b[j]) {
            ++i;
        } else if (set_b[j] < set_a[i]) {
            ++j;
        } else {
            ++result.shared;
            ++i;
            ++j;
        }
    }
    return result;
}

std::vector<std::uint32_t> minhash(std::span<const std::uint64_t> shingles, std::uint32_t size,
                                   std::uint64_t seed) {
    if (size == 0) {
        throw Error(Errc::bad_argument, "", "minhash: signature size must be at least 1");
    }
    if (shingles.empty()) {
        return {};
    }

    // One permutation: a single bijective mix of each shingle. Its high half picks the bin and
    // its low half is the value compared inside the bin, so bin choice and rank are independent
    // and the minimum of a bin is a uniformly random member of the shingles that fall in it.
    std::vector<std::uint32_t> signature(size, std::numeric_limits<std::uint32_t>::max());
    std::vector<std::uint8_t> filled(size, 0);
    for (const std::uint64_t shingle : shingles) {
        const std::uint64_t x = detail::mix64(shingle ^ seed);
        const std::uint32_t bin = fast_range(x >> 32, size);
        const auto value = static_cast<std::uint32_t>(x);
        signature[bin] = std::min(signature[bin], value);
        filled[bin] = 1;
    }

    // Optimal densification: an empty bin i copies the value of the first non-empty bin in a
    // probe sequence that depends only on (seed, i, attempt). Because the sequence ignores the
    // data, two sets probe the same bins in the same order, and position i matches exactly when
    // the first probed bin that is non-empty for their union has its union-minimum in the
    // intersection (barring a 2^-32 value collision): probability |A∩B| / |A∪B|, so each
    // position stays an unbiased estimator.
    // Random (rather than neighbouring) donors keep the positions nearly independent, which is
    // what makes the variance close to that of independent MinHash.
    const std::uint64_t probe_seed = detail::mix64(seed ^ kDensifySalt);
    const std::uint64_t max_probes = kDensifyProbesPerBin * size;
    for (std::uint32_t bin = 0; bin < size; ++bin) {
        if (filled[bin] != 0) {
            continue;
        }
        const std::uint64_t probe_base = detail::mix64(probe_seed ^ bin);
        std::uint32_t donor = bin;
        bool found = false;
        for (std::uint64_t attempt = 0; attempt < max_probes; ++attempt) {
            donor = fast_range(detail::mix64(probe_base + attempt) >> 32, size);
            if (filled[donor] != 0) {
                found = true;
                break;
            }
        }
        // The scan order is also data-independent, so the fallback keeps the estimator
        // unbiased; it only correlates the few positions that need it.
        while (!found) {
            donor = donor + 1 == size ? 0 : donor + 1;
            found = filled[donor] != 0;
        }
        signature[bin] = signature[donor];
    }
    return signature;
}

double estimate_jaccard(std::span<const std::uint32_t> sig_a,
                        std::span<const std::uint32_t> sig_b) {
    if (sig_a.empty() || sig_a.size() != sig_b.size()) {
        return 0.0;
    }
    std::size_t equal = 0;
    for (std::size_t i = 0; i < sig_a.size(); ++i) {
        equal += sig_a[i] == sig_b[i] ? 1 : 0;
    }
    return static_cast<double>(equal) / static_cast<double>(sig_a.size());
}

// Guarantee: every window of `window` consecutive shingles has its minimum (rightmost on ties)
// among the output. A run of k + window - 1 shared tokens yields `window` identical consecutive
// shingles in both texts, i.e. one identical window, whose minimum hash is therefore reported
// for both. A sequence shorter than one window is treated as a single window.
//
// With rightmost tie-breaking the selected position never moves backwards from one window to
// the next, so comparing with the last reported position is enough to report each position
// once and in increasing order.
std::vector<std::uint64_t> band_hashes(std::span<const std::uint32_t> signature, std::uint32_t bands) {
    if (bands == 0) throw Error(Errc::bad_argument, "", "LSH needs at least one band");
    std::vector<std::uint64_t> out;
    const std::size_t rows = signature.size() / bands;
    if (rows == 0) return out;
    out.reserve(bands);
    for (std::uint32_t band = 0; band < bands; ++band) {
        out.push_back(detail::hash_bytes(signature.data() + band * rows, rows * sizeof(std::uint32_t), band));
    }
    return out;
}

std::vector<Fingerprint> winnow(std::span<const std::uint64_t> shingles, std::uint32_t window) {
    if (window == 0) {
        throw Error(Errc::bad_argument, "", "winnow: window must be at least 1");
    }
    const std::size_t n = shingles.size();
    if (n > std::numeric_limits<std::uint32_t>::max()) {
        throw Error(Errc::bad_argument, "", "winnow: more shingles than 32-bit positions allow");
    }
    std::vector<Fingerprint> fingerprints;
    if (n == 0) {
        return fingerprints;
    }
    fingerprints.reserve(2 * n / (std::size_t{window} + 1) + 1);
    // `best` is the rightmost minimum of the current window. A new shingle at or below it takes
    // its place; otherwise it stays until it leaves the window, and only then is the window
    // searched again (about once in `window` steps on random hashes). PERF: the same selection
    // as a monotonic deque, with fewer mispredicted branches. A sequence shorter than a window
    // is one window.
    std::size_t best = 0;
    for (std::size_t i = 1; i < std::min<std::size_t>(window, n); ++i) {
        if (shingles[i] <= shingles[best]) best = i;
    }
    fingerprints.push_back({shingles[best], static_cast<std::uint32_t>(best)});
    std::size_t last_reported = best;
    for (std::size_t i = window; i < n; ++i) {
        const std::size_t window_start = i + 1 - window;
        if (shingles[i] <= shingles[best]) {
            best = i;
        } else if (best < window_start) {
            best = window_start;
            for (std::size_t j = window_start + 1; j <= i; ++j) {
                if (shingles[j] <= shingles[best]) best = j;
            }
        }
        if (best != last_reported) {
            fingerprints.push_back({shingles[best], static_cast<std::uint32_t>(best)});
            last_reported = best;
        }
    }
    return fingerprints;
}

}  // namespace wiretrace::sketch
