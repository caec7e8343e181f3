// SPDX-License-Identifier: Apache-2.0
// The truth's tree of direct parents over dense article ids.
#include "eval/ids.hpp"

namespace wiretrace::eval::detail {

void direct_parents(std::span<const TruthPair> truth, IdTable& ids,
                    std::vector<std::pair<std::uint32_t, std::uint32_t>>& ends, std::vector<std::uint32_t>& parent,
                    std::vector<std::size_t>& via) {
    ends.resize(truth.size());
    for (std::size_t i = 0; i < truth.size(); ++i)
        ends[i] = {ids.intern(truth[i].copy_id), ids.intern(truth[i].source_id)};
    parent.assign(ids.size(), kNone);
    via.assign(ids.size(), 0);
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const TruthPair& t = truth[i];
        if (!t.direct || !is_derived(t.relation)) continue;
        const std::uint32_t copy = ends[i].first;
        if (parent[copy] == kNone || t.line < truth[via[copy]].line) {
            parent[copy] = ends[i].second;
            via[copy] = i;
        }
    }
}

std::optional<std::uint32_t> find_roots(const std::vector<std::uint32_t>& parent, std::vector<std::uint32_t>& root) {
    enum : std::uint8_t { fresh, on_path, done };
    const std::size_t n = parent.size();
    root.assign(n, kNone);
    std::vector<std::uint8_t> state(n, fresh);
    std::vector<std::uint32_t> path;
    for (std::size_t start = 0; start < n; ++start) {
        if (state[start] == done) continue;
        path.clear();
        auto node = static_cast<std::uint32_t>(start);
        std::uint32_t top = kNone;
        while (true) {
            if (state[node] == done) {
                top = root[node];
                break;
            }
            if (state[node] == on_path) return node;
            state[node] = on_path;
            path.push_back(node);
            if (parent[node] == kNone) {
                top = node;
                break;
            }
            node = parent[node];
        }
        for (const std::uint32_t p : path) {
            root[p] = top;
            state[p] = done;
        }
    }
    return std::nullopt;
}

}  // namespace wiretrace::eval::detail
