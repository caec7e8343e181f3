// SPDX-License-Identifier: Apache-2.0
// Private: the generator's random numbers: a seeded PRNG that gives the same stream on every
// platform and thread, stream keys derived from (seed, group, member, purpose), and samplers.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "wiretrace/hash.hpp"

namespace wiretrace::gen::detail {

/// A stream key: a pure function of its parts. Every random decision of the generator comes from
/// an Rng seeded with such a key, never from time, thread ids or shared state.
inline std::uint64_t derive(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0,
                            std::uint64_t c = 0) {
    constexpr std::uint64_t kSalt = 0x6765'6e2d'7769'7265ULL;  // "gen-wire"
    constexpr std::uint64_t kOdd = 0x9e37'79b9'7f4a'7c15ULL;
    std::uint64_t h = wiretrace::mix64(seed ^ kSalt);
    h = wiretrace::mix64(h + a * kOdd);
    h = wiretrace::mix64(h + b * kOdd + 1);
    h = wiretrace::mix64(h + c * kOdd + 2);
    return h;
}

/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64. Samplers use only integer
/// arithmetic and IEEE doubles, so a stream is the same everywhere.
class Rng {
public:
    explicit Rng(std::uint64_t seed) {
        for (auto& word : state_) {
            seed += 0x9e3779b97f4a7c15ULL;
            word = wiretrace::mix64(seed);
        }
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
        const std::uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }

    /// Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    /// Uniform in [0, n); n > 0.
    std::uint32_t below(std::uint32_t n) {
        return static_cast<std::uint32_t>((next() >> 32) * n >> 32);
    }

    /// Uniform in [lo, hi]; lo <= hi.
    std::uint32_t between(std::uint32_t lo, std::uint32_t hi) { return lo + below(hi - lo + 1); }

    bool chance(double p) { return uniform() < p; }

    /// Log-uniform in [lo, hi): many small values, a few large ones (delays, ranks).
    double log_uniform(double lo, double hi) { return lo * std::exp(uniform() * std::log(hi / lo)); }

    /// Poisson-distributed count (Knuth's product method; means up to ~30).
    std::uint32_t poisson(double mean) {
        if (mean <= 0) return 0;
        const double limit = std::exp(-mean);
        double product = uniform();
        std::uint32_t count = 0;
        while (product > limit && count < 1000) {
            product *= uniform();
            ++count;
        }
        return count;
    }

    /// Geometric count >= 0 with the given mean: heavy enough a tail for "most wire stories are
    /// picked up a few times, some dozens of times".
    std::uint32_t geometric(double mean) {
        if (mean <= 0) return 0;
        const double stop = 1.0 / (1.0 + mean);
        std::uint32_t count = 0;
        while (!chance(stop) && count < 1000) ++count;
        return count;
    }

    template <typename T>
    const T& pick(std::span<const T> items) {
        return items[below(static_cast<std::uint32_t>(items.size()))];
    }
    template <typename T>
    const T& pick(const std::vector<T>& items) {
        return items[below(static_cast<std::uint32_t>(items.size()))];
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t state_[4];
};

/// Walker's alias method (Vose's construction): O(1) sampling from a fixed discrete distribution.
class AliasTable {
public:
    AliasTable() = default;

    explicit AliasTable(std::span<const double> weights) {
        const std::size_t n = weights.size();
        std::vector<double> prob(n, 1.0);
        std::vector<std::uint32_t> alias(n);
        double total = 0;
        for (double w : weights) total += w;
        std::vector<double> scaled(n);
        std::vector<std::uint32_t> small, large;
        for (std::size_t i = 0; i < n; ++i) {
            scaled[i] = weights[i] * static_cast<double>(n) / total;
            alias[i] = static_cast<std::uint32_t>(i);
            (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
        }
        while (!small.empty() && !large.empty()) {
            const std::uint32_t s = small.back();
            small.pop_back();
            const std::uint32_t l = large.back();
            prob[s] = scaled[s];
            alias[s] = l;
            scaled[l] = (scaled[l] + scaled[s]) - 1.0;
            if (scaled[l] < 1.0) {
                large.pop_back();
                small.push_back(l);
            }
        }
        cells_.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            // A column kept whole gets the largest threshold: the alias is then taken with
            // probability 2^-32, and is the column itself anyway.
            const double t = prob[i] * 4294967296.0;
            cells_[i].threshold = t >= 4294967295.0 ? 0xffff'ffffU : static_cast<std::uint32_t>(t);
            cells_[i].alias = prob[i] >= 1.0 ? static_cast<std::uint32_t>(i) : alias[i];
        }
    }

    std::size_t size() const { return cells_.size(); }

    /// The table's cells, for callers that store them next to their own data.
    void export_cells(std::span<std::uint32_t> thresholds, std::span<std::uint32_t> aliases) const {
        for (std::size_t i = 0; i < cells_.size(); ++i) {
            thresholds[i] = cells_[i].threshold;
            aliases[i] = cells_[i].alias;
        }
    }

    /// An index in [0, size()); size() > 0.
    std::uint32_t sample(Rng& rng) const {
        // PERF: one draw (the high half picks the column, the low half decides) and one 8-byte
        // cell per sample: the tables are large and sampling was bound by cache misses.
        const std::uint64_t r = rng.next();
        const auto i = static_cast<std::uint32_t>(((r >> 32) * cells_.size()) >> 32);
        const Cell c = cells_[i];
        return static_cast<std::uint32_t>(r) < c.threshold ? i : c.alias;
    }

private:
    struct Cell {
        std::uint32_t threshold;  ///< keep column i when the low 32 bits are below this
        std::uint32_t alias;
    };
    std::vector<Cell> cells_;
};

}  // namespace wiretrace::gen::detail
