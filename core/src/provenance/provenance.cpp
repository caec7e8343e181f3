// SPDX-License-Identifier: Apache-2.0
// Provenance forest: best sources, roundups, cycle breaking, clusters by first parent.
#include "wiretrace/provenance.hpp"

#include <algorithm>
#include <deque>
#include <tuple>

namespace wiretrace::provenance {
namespace {

constexpr std::uint32_t kNone = Forest::kNone;

/// True when x looks more like an original than y: a wire article, then the earlier published
/// (a dated article before an undated one), then the earlier in the corpus.
bool more_original(std::span<const Node> nodes, std::uint32_t x, std::uint32_t y) {
    const Node& nx = nodes[x];
    const Node& ny = nodes[y];
    if (nx.wire != ny.wire) return nx.wire;
    if (nx.has_time != ny.has_time) return nx.has_time;
    if (nx.has_time && nx.published != ny.published) return nx.published < ny.published;
    return x < y;
}

/// Ranks the links of one copy, best source first: the most words supplied; but a source within
/// Options::margin_words of the most is preferred when it looks more original, so that chance
/// matches of a few words do not make a sibling the source of its sibling.
void rank_sources(std::span<const Node> nodes, std::span<Link> links, const Options& o) {
    std::sort(links.begin(), links.end(), [&](const Link& x, const Link& y) {
        if (x.matched != y.matched) return x.matched > y.matched;
        return more_original(nodes, x.source, y.source);
    });
    const std::uint32_t floor = links.front().matched > o.margin_words ? links.front().matched - o.margin_words : 0;
    auto best = links.begin();
    for (auto it = links.begin(); it != links.end() && it->matched >= floor; ++it) {
        if (more_original(nodes, it->source, best->source)) best = it;
    }
    std::rotate(links.begin(), best, best + 1);
}

/// Makes the first-parent graph acyclic: in each cycle the most original member becomes a root.
void break_cycles(std::span<const Node> nodes, std::vector<std::uint32_t>& primary) {
    enum : std::uint8_t { unseen, on_path, done };
    std::vector<std::uint8_t> state(primary.size(), unseen);
    std::vector<std::uint32_t> path;
    for (std::uint32_t start = 0; start < primary.size(); ++start) {
        path.clear();
        std::uint32_t v = start;
        while (v != kNone && state[v] == unseen) {
            state[v] = on_path;
            path.push_back(v);
            v = primary[v];
        }
        if (v != kNone && state[v] == on_path) {  // a cycle from v back to v
            std::uint32_t best = v;
            for (std::uint32_t u = primary[v]; u != v; u = primary[u]) {
                if (more_original(nodes, u, best)) best = u;
            }
            primary[best] = kNone;
        }
        for (const std::uint32_t u : path) state[u] = done;
    }
}

/// True when `ancestor` is reachable from `article` through parents.
bool reaches(const Forest& forest, std::uint32_t article, std::uint32_t ancestor) {
    const auto up = ancestors(forest, article);
    return std::find(up.begin(), up.end(), ancestor) != up.end();
}

/// Adds the further sources of a roundup: each that supplies enough words no earlier source did.
void add_roundup_sources(Forest& forest, std::uint32_t copy, std::span<const Link> ranked, const Options& o) {
    std::vector<std::uint8_t> covered;
    const auto mark = [&](const Link& link, bool count_only) {
        std::uint32_t fresh = 0;
        std::uint32_t total = 0;
        for (const auto& r : link.copy_ranges) {
            if (covered.size() < r.end) covered.resize(r.end, 0);
            for (std::uint32_t t = r.begin; t < r.end; ++t) {
                ++total;
                if (covered[t] == 0) ++fresh;
                if (!count_only) covered[t] = 1;
            }
        }
        return std::pair{fresh, total};
    };
    mark(ranked.front(), false);
    for (const Link& link : ranked.subspan(1)) {
        const auto [fresh, total] = mark(link, true);
        if (fresh < o.min_new_words || fresh < o.min_new_share * total) continue;
        if (reaches(forest, link.source, copy)) continue;  // would close a cycle
        forest.parents[copy].push_back(link.source);
        mark(link, false);
    }
}

}  // namespace

Forest build(std::span<const Node> nodes, std::vector<Link> links, const Options& options) {
    const auto n = static_cast<std::uint32_t>(nodes.size());
    Forest forest;
    forest.parents.assign(n, {});
    forest.root.assign(n, 0);
    forest.cluster.assign(n, kNone);

    std::sort(links.begin(), links.end(), [](const Link& x, const Link& y) {
        return std::tie(x.copy, x.source) < std::tie(y.copy, y.source);
    });
    links.erase(std::unique(links.begin(), links.end(),
                            [](const Link& x, const Link& y) { return x.copy == y.copy && x.source == y.source; }),
                links.end());
    std::erase_if(links, [&](const Link& l) { return l.copy == l.source || l.copy >= n || l.source >= n; });
    // Ranges of links per copy (links are sorted by copy), each ranked best first.
    std::vector<std::size_t> first(n + 1, links.size());
    for (std::size_t i = links.size(); i-- > 0;) first[links[i].copy] = i;
    for (std::uint32_t c = n; c-- > 0;) first[c] = std::min(first[c], first[c + 1]);
    const auto links_of = [&](std::uint32_t c) {
        return std::span<Link>(links).subspan(first[c], first[c + 1] - first[c]);
    };

    std::vector<std::uint32_t> primary(n, kNone);
    for (std::uint32_t c = 0; c < n; ++c) {
        const auto mine = links_of(c);
        if (mine.empty()) continue;
        rank_sources(nodes, mine, options);
        primary[c] = mine.front().source;
    }
    break_cycles(nodes, primary);
    for (std::uint32_t c = 0; c < n; ++c) {
        if (primary[c] != kNone) forest.parents[c].push_back(primary[c]);
    }
    for (std::uint32_t c = 0; c < n; ++c) {
        const auto mine = links_of(c);
        if (primary[c] == kNone || mine.size() < 2) continue;
        // The ranked list starts with the primary source (cycle breaking only removes primaries).
        add_roundup_sources(forest, c, mine, options);
    }

    // Roots and depths along first parents (acyclic now), clusters of two or more by root.
    std::vector<std::uint32_t> depth(n, 0);
    for (std::uint32_t c = 0; c < n; ++c) {
        std::uint32_t r = c;
        while (primary[r] != kNone) {
            r = primary[r];
            ++depth[c];
        }
        forest.root[c] = r;
    }
    std::vector<std::uint32_t> size(n, 0);
    for (std::uint32_t c = 0; c < n; ++c) ++size[forest.root[c]];
    for (std::uint32_t r = 0; r < n; ++r) {
        if (forest.root[r] != r || size[r] < 2) continue;
        forest.cluster[r] = static_cast<std::uint32_t>(forest.clusters.size());
        forest.clusters.push_back({r, {}});
    }
    for (std::uint32_t c = 0; c < n; ++c) {
        const std::uint32_t k = forest.cluster[forest.root[c]];
        if (k == kNone) continue;
        forest.cluster[c] = k;
        forest.clusters[k].members.push_back(c);
    }
    for (Cluster& cl : forest.clusters) {
        std::stable_sort(cl.members.begin(), cl.members.end(),
                         [&](std::uint32_t x, std::uint32_t y) { return depth[x] < depth[y]; });
    }
    return forest;
}

std::vector<std::uint32_t> ancestors(const Forest& forest, std::uint32_t article) {
    std::vector<std::uint32_t> out;
    std::deque<std::uint32_t> queue{article};
    while (!queue.empty()) {
        const std::uint32_t v = queue.front();
        queue.pop_front();
        for (const std::uint32_t p : forest.parents[v]) {
            if (p == article || std::find(out.begin(), out.end(), p) != out.end()) continue;
            out.push_back(p);
            queue.push_back(p);
        }
    }
    return out;
}

}  // namespace wiretrace::provenance
