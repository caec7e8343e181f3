// SPDX-License-Identifier: Apache-2.0
// The union of a copy's candidate sources: a greedy cover of its rare 2-word shingles, judged
// against the corpus background.
#include "wiretrace/score/source_union.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace wiretrace::score {
namespace {

/// The one-sided tail of the standard normal above z.
double upper_tail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

/// Shingles of `shared` not in `covered` (both sorted).
std::uint32_t count_new(std::span<const UnionKey> shared, const std::vector<UnionKey>& covered) {
    std::uint32_t n = 0;
    auto it = covered.begin();
    for (const UnionKey h : shared) {
        it = std::lower_bound(it, covered.end(), h);
        if (it == covered.end() || *it != h) ++n;
    }
    return n;
}

/// ln C(m, k).
double log_choose(std::size_t m, std::size_t k) {
    return std::lgamma(static_cast<double>(m) + 1) - std::lgamma(static_cast<double>(k) + 1) -
           std::lgamma(static_cast<double>(m - k) + 1);
}

}  // namespace

std::vector<UnionKey> union_keys(std::span<const std::uint64_t> shingles) {
    std::vector<UnionKey> out;
    out.reserve(shingles.size());
    for (const std::uint64_t h : shingles) out.push_back(static_cast<UnionKey>(h >> 32));
    out.erase(std::unique(out.begin(), out.end()), out.end());  // sorted input: sorted keys
    return out;
}

bool union_eligible(const PairScore& s, std::size_t shared, const Params& params) {
    return params.union_max_sources >= 2 && !is_derived(s.relation) && s.background_z &&
           *s.background_z >= kUnionMemberSpreads && shared >= kUnionMinNewShingles &&
           std::min(s.tokens_a, s.tokens_b) >= params.rewrite_long_passage_tokens;
}

double family_z(double z, double tests) {
    if (!(tests > 1)) return z;
    const double target = upper_tail(z) / tests;
    if (!(target > 0)) return z;
    // upper_tail falls monotonically: bisect between z and a z whose tail is below any double.
    double lo = z;
    double hi = std::max(z, 0.0) + 40.0;
    for (int i = 0; i < 100 && hi - lo > 1e-9; ++i) {
        const double mid = 0.5 * (lo + hi);
        (upper_tail(mid) > target ? lo : hi) = mid;
    }
    return hi;
}

UnionJudgement judge_union(std::uint32_t copy_shingles, std::span<const UnionCandidate> candidates,
                           const Background& background, const Params& params) {
    UnionJudgement out;
    if (!background.valid() || copy_shingles == 0 || params.union_max_sources < 2 || candidates.size() < 2) {
        return out;
    }
    const double n = copy_shingles;
    std::vector<UnionKey> covered;
    std::vector<std::uint8_t> taken(candidates.size(), 0);
    const auto cover = [&](std::span<const UnionKey> shared) {
        std::vector<UnionKey> merged;
        merged.reserve(covered.size() + shared.size());
        std::set_union(covered.begin(), covered.end(), shared.begin(), shared.end(), std::back_inserter(merged));
        covered = std::move(merged);
    };
    std::size_t base = 0;  // derived candidates
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (!candidates[i].derived) continue;
        taken[i] = 1;
        ++base;
        cover(candidates[i].shared);
    }
    const std::size_t m = candidates.size() - base;
    const double member_bar = family_z(params.rewrite_z, static_cast<double>(m));
    double chance_missed = 1.0;  // the chance that a shingle is in none of the members
    std::uint32_t longest = 0;
    while (base + out.members.size() < params.union_max_sources) {
        std::size_t best = candidates.size();
        std::uint32_t best_new = 0;
        const auto key = [&](std::size_t j, std::uint32_t fresh) {
            return std::make_tuple(!candidates[j].peer, fresh, candidates[j].shared.size(),
                                   UINT32_MAX - candidates[j].source);
        };
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            if (taken[i] != 0) continue;
            const UnionCandidate& c = candidates[i];
            const std::uint32_t fresh = count_new(c.shared, covered);
            if (fresh < kUnionMinNewShingles) continue;
            // How far what it adds stands above what it would share with the copy by chance.
            const double z = (fresh / n - background.expected(copy_shingles, c.source_shingles)) / background.sd();
            if (z < (base > 0 ? member_bar : kUnionMemberSpreads)) continue;
            if (best == candidates.size() || key(i, fresh) > key(best, best_new)) {
                best = i;
                best_new = fresh;
            }
        }
        if (best == candidates.size()) break;
        const UnionCandidate& c = candidates[best];
        taken[best] = 1;
        out.members.push_back({best, c.source, best_new / n});
        cover(c.shared);
        chance_missed *= 1.0 - background.expected(copy_shingles, c.source_shingles);
        longest = std::max(longest, c.longest_passage);
    }
    if (base > 0) {
        out.containment = static_cast<double>(covered.size()) / n;
        out.required_z = member_bar;
        out.derived = !out.members.empty();
        return out;
    }
    if (out.members.size() < 2) {
        out.members.clear();
        return out;
    }
    const auto k = out.members.size();
    out.containment = static_cast<double>(covered.size()) / n;
    out.expected = 1.0 - chance_missed;
    // k independent chance overlaps: the spread of their sum, an upper bound for their union's.
    out.z = (out.containment - out.expected) / (background.sd() * std::sqrt(static_cast<double>(k)));
    out.required_z = family_z(params.rewrite_z, std::exp(log_choose(candidates.size(), k)));
    out.derived = out.z >= out.required_z && longest >= params.min_passage_tokens;
    return out;
}

}  // namespace wiretrace::score
