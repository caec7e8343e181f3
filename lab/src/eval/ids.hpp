// SPDX-License-Identifier: Apache-2.0
// Private: article ids as dense integers, and the tree of direct parents the truth draws over
// them (parse_truth rejects its cycles; the metrics find every article's truth cluster by it).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "wiretrace/lab/eval/parse.hpp"

namespace wiretrace::eval::detail {

/// No article: the parent of a root.
inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

/// Dense indices for article ids, so the metrics work on integers.
class IdTable {
public:
    void reserve(std::size_t n) { index_.reserve(n); }

    std::uint32_t intern(std::string_view id) {
        if (const auto it = index_.find(id); it != index_.end()) return it->second;
        const auto idx = static_cast<std::uint32_t>(names_.size());
        names_.emplace_back(id);  // a deque never moves its elements: the views stay valid
        index_.emplace(std::string_view(names_.back()), idx);
        return idx;
    }
    std::size_t size() const noexcept { return names_.size(); }
    const std::string& name(std::uint32_t idx) const { return names_[idx]; }

private:
    // Keyed by views into `names_`, so each id is stored once. std::hash<std::string_view> keeps
    // libstdc++ caching the hash in every node (a custom hash would count as "fast" and not be
    // cached, so each bucket walk would rehash the keys it passes).
    std::unordered_map<std::string_view, std::uint32_t> index_;
    std::deque<std::string> names_;
};

/// The key of the unordered pair {x, y}.
inline std::uint64_t pair_key(std::uint32_t x, std::uint32_t y) {
    const auto lo = std::min(x, y);
    const auto hi = std::max(x, y);
    return (static_cast<std::uint64_t>(lo) << 32U) | hi;
}

/// Interns the ids of `truth` (`ends[i]` = (copy, source) of line i) and finds the direct
/// parent of every article: the source of its direct derived line with the smallest line number
/// (position in `truth` breaks ties), or kNone. `via` holds that line's index.
void direct_parents(std::span<const TruthPair> truth, IdTable& ids,
                    std::vector<std::pair<std::uint32_t, std::uint32_t>>& ends, std::vector<std::uint32_t>& parent,
                    std::vector<std::size_t>& via);

/// Fills `root` (the end of the parent chain of every article). Returns an article on a cycle
/// of parents, if there is one (roots are then incomplete).
std::optional<std::uint32_t> find_roots(const std::vector<std::uint32_t>& parent, std::vector<std::uint32_t>& root);

}  // namespace wiretrace::eval::detail
