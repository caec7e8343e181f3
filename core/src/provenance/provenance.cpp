// SPDX-License-Identifier: Apache-2.0
// Provenance forest: best sources, roundups, cycle breaking, clusters by first parent.
#include "wiretrace/provenance.hpp"

#include <algorithm>
#include <deque>
#include <tuple>

namespace wiretrace::provenance {
namespace {

constexpr std::uint32_t kNone = Forest::kNone;


/// Tokens of `ranges` that lie inside `within` (small lists).
std::uint32_t overlap(std::span<const align::TokenRange> ranges, std::span<const align::TokenRange> within) {
    std::uint32_t n = 0;
    for (const auto& r : ranges) {
        for (const auto& w : within) {
            const std::uint32_t begin = std::max(r.begin, w.begin);
            const std::uint32_t end = std::min(r.end, w.end);
            if (begin < end) n += end - begin;
        }
    }
    return n;
}

/// A candidate source of one copy and the words it would add to what is already attributed.
struct Offer {
    const Link* link;
    std::uint32_t fresh;  ///< matched words of the copy not yet covered by chosen sources
};

/// The best of `offers` (see build()): a duplicate first, then the most fresh words, where
/// offers within the margin are ties won by shared innovations, else by the most original.
const Link* choose(std::span<const Node> nodes, std::vector<Offer>& offers, const Options& o) {
    std::sort(offers.begin(), offers.end(), [&](const Offer& x, const Offer& y) {
        if (x.link->duplicate != y.link->duplicate) return x.link->duplicate;
        if (x.fresh != y.fresh) return x.fresh > y.fresh;
        return more_original(nodes, x.link->source, y.link->source);
    });
    const Offer& top = offers.front();
    const std::uint32_t floor = top.fresh > o.margin_words ? top.fresh - o.margin_words : 0;
    std::size_t tied = 0;
    while (tied < offers.size() && offers[tied].link->duplicate == top.link->duplicate && offers[tied].fresh >= floor) {
        ++tied;
    }
    const Link* original = top.link;
    for (std::size_t i = 0; i < tied; ++i) {
        if (more_original(nodes, offers[i].link->source, original->source)) original = offers[i].link;
    }
    const Link* best = original;
    std::uint32_t best_shared = 0;
    for (std::size_t i = 0; i < tied; ++i) {
        const std::uint32_t shared = overlap(offers[i].link->copy_ranges, original->copy_edited);
        if (shared > best_shared) {
            best = offers[i].link;
            best_shared = shared;
        }
    }
    return best;
}

/// Words of the copy a link supplies that `covered` does not hold yet.
std::uint32_t fresh_words(const Link& link, const std::vector<std::uint8_t>& covered) {
    std::uint32_t fresh = 0;
    for (const auto& r : link.copy_ranges) {
        for (std::uint32_t t = r.begin; t < r.end; ++t) fresh += t >= covered.size() || covered[t] == 0 ? 1 : 0;
    }
    return fresh;
}

void cover(const Link& link, std::vector<std::uint8_t>& covered) {
    for (const auto& r : link.copy_ranges) {
        if (covered.size() < r.end) covered.resize(r.end, 0);
        std::fill(covered.begin() + r.begin, covered.begin() + r.end, 1);
    }
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

/// Adds the further sources of a roundup, one at a time: the best (choose()) of those that
/// supply enough words no chosen source did.
void add_roundup_sources(std::span<const Node> nodes, Forest& forest, std::uint32_t copy,
                         std::span<const Link> links, const Options& o) {
    std::vector<std::uint8_t> covered;
    const auto chosen = [&](const Link& l) {
        const auto& ps = forest.parents[copy];
        return std::find(ps.begin(), ps.end(), l.source) != ps.end();
    };
    for (const Link& l : links) {
        if (chosen(l)) cover(l, covered);
    }
    std::vector<Offer> offers;
    for (;;) {
        offers.clear();
        for (const Link& l : links) {
            if (chosen(l)) continue;
            const std::uint32_t fresh = fresh_words(l, covered);
            if (fresh >= o.min_new_words && fresh >= o.min_new_share * l.matched) offers.push_back({&l, fresh});
        }
        if (offers.empty()) return;
        const Link* best = choose(nodes, offers, o);
        cover(*best, covered);  // covered either way: a rejected offer is not offered again
        if (!reaches(forest, best->source, copy)) forest.parents[copy].push_back(best->source);
    }
}

}  // namespace

Forest build(std::span<const Node> nodes, std::vector<Link> links, const Options& options) {
    const auto n = static_cast<std::uint32_t>(nodes.size());
    Forest forest;
    forest.parents.assign(n, {});
    forest.root.assign(n, 0);
    forest.cluster.assign(n, kNone);

    // A pair given twice keeps its best link (most words, then a duplicate), whatever the order.
    std::sort(links.begin(), links.end(), [](const Link& x, const Link& y) {
        return std::tie(x.copy, x.source, y.matched, y.duplicate, y.coverage) <
               std::tie(y.copy, y.source, x.matched, x.duplicate, x.coverage);
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
        std::vector<Offer> offers;
        for (const Link& l : mine) offers.push_back({&l, l.matched});
        primary[c] = choose(nodes, offers, options)->source;
    }
    break_cycles(nodes, primary);
    for (std::uint32_t c = 0; c < n; ++c) {
        if (primary[c] != kNone) forest.parents[c].push_back(primary[c]);
    }
    for (std::uint32_t c = 0; c < n; ++c) {
        const auto mine = links_of(c);
        if (primary[c] == kNone || mine.size() < 2) continue;
        add_roundup_sources(nodes, forest, c, mine, options);
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

bool more_original(std::span<const Node> nodes, std::uint32_t x, std::uint32_t y) {
    const Node& nx = nodes[x];
    const Node& ny = nodes[y];
    if (nx.wire != ny.wire) return nx.wire;
    if (nx.has_time != ny.has_time) return nx.has_time;
    if (nx.has_time && nx.published != ny.published) return nx.published < ny.published;
    return x < y;
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
