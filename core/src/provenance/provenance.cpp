// SPDX-License-Identifier: Apache-2.0
// Provenance forest: best sources, roundups, cycle breaking, clusters by first parent.
#include "wiretrace/provenance/provenance.hpp"

#include <algorithm>
#include <deque>
#include <optional>
#include <tuple>

#include "wiretrace/hash.hpp"
#include "wiretrace/text/tokenize.hpp"

namespace wiretrace::provenance {
namespace {

/// A maximal shared run and the passage that holds it.
struct LinkRun {
    align::Run run;
    std::uint32_t passage = 0;
};

/// The blanks of `blanks` (ordered by Blank::before) that stand before a token in [first, last].
std::span<const text::Blank> blanks_at(std::span<const text::Blank> blanks, std::uint32_t first, std::uint32_t last) {
    const auto lo = std::partition_point(blanks.begin(), blanks.end(), [&](const text::Blank& b) { return b.before < first; });
    const auto hi = std::partition_point(lo, blanks.end(), [&](const text::Blank& b) { return b.before <= last; });
    return {lo, hi};
}

/// True when every token of `tokens` [begin, end) is a word one of `blanks` held.
bool all_blanked(std::span<const text::Token> tokens, std::uint32_t begin, std::uint32_t end,
                 std::span<const text::Blank> blanks) {
    for (std::uint32_t t = begin; t < end; ++t) {
        if (std::none_of(blanks.begin(), blanks.end(), [&](const text::Blank& b) {
                return std::binary_search(b.hashes.begin(), b.hashes.end(), tokens[t].hash);
            })) {
            return false;
        }
    }
    return true;
}

/// One text's side of a derived pair for provenance: its tokens in the runs, in its own order,
/// with their passages, and the key of each gap between consecutive runs (the hash of the words
/// there, or of the next word marked as a join when the runs touch; kBlankGap where only a blank
/// parts the texts, see copy_sides). `other_tokens` and `other_blanks` are the other text's.
void link_side(std::vector<LinkRun> runs, bool side_a, std::span<const text::Token> tokens,
               std::span<const text::Blank> blanks, std::span<const text::Token> other_tokens,
               std::span<const text::Blank> other_blanks, CopySide& out) {
    std::vector<align::TokenRange>& ranges = out.ranges;
    std::vector<std::uint32_t>& passages = out.range_passage;
    std::vector<std::uint64_t>& gap_keys = out.gap_keys;
    constexpr std::uint64_t kGapSeed = 0x6761702d6b657973ULL;  // "gap-keys"
    constexpr std::uint64_t kJoin = 0x6a6f696eULL;             // "join"
    const auto begin = [&](const LinkRun& r) { return side_a ? r.run.a_begin : r.run.b_begin; };
    const auto other_begin = [&](const LinkRun& r) { return side_a ? r.run.b_begin : r.run.a_begin; };
    std::sort(runs.begin(), runs.end(), [&](const LinkRun& x, const LinkRun& y) { return begin(x) < begin(y); });
    for (const LinkRun& r : runs) {
        ranges.push_back({begin(r), begin(r) + r.run.length});
        passages.push_back(r.passage);
    }
    for (std::size_t i = 0; i + 1 < ranges.size(); ++i) {
        const std::uint32_t from = ranges[i].end;
        const std::uint32_t to = ranges[i + 1].begin;
        // The other text right after this run and right before the next; its words in between
        // when the next run follows on there.
        const std::uint32_t other_end = other_begin(runs[i]) + runs[i].run.length;
        const std::uint32_t other_next = other_begin(runs[i + 1]);
        const std::uint32_t other_to = std::max(other_end, other_next);
        const auto mine = blanks_at(blanks, from, to);
        const auto theirs = blanks_at(other_blanks, other_end, other_next >= other_end ? other_next : other_end);
        if ((!mine.empty() || !theirs.empty()) && all_blanked(tokens, from, to, theirs) &&
            (other_next < other_end || all_blanked(other_tokens, other_end, other_to, mine))) {
            gap_keys.push_back(kBlankGap);
            continue;
        }
        std::uint64_t key = kGapSeed;
        if (from == to) {
            key = mix64(tokens[to].hash ^ kJoin);
        } else {
            for (std::uint32_t t = from; t < to; ++t) key = mix64(key ^ tokens[t].hash);
        }
        gap_keys.push_back(key);
    }
}

/// The runs of an alignment as provenance weighs them: maximal (tiling may cut a run where a
/// longer one overlapped it; pieces that continue each other in both texts are one run again),
/// each with the passage that holds it (a run no passage holds whole is a passage of its own).
std::vector<LinkRun> link_runs(const align::Alignment& al) {
    std::vector<align::Run> runs = al.runs;
    std::sort(runs.begin(), runs.end(), [](const align::Run& x, const align::Run& y) { return x.b_begin < y.b_begin; });
    std::vector<LinkRun> out;
    for (const align::Run& r : runs) {
        if (!out.empty()) {
            align::Run& last = out.back().run;
            if (last.a_begin + last.length == r.a_begin && last.b_begin + last.length == r.b_begin) {
                last.length += r.length;
                continue;
            }
        }
        out.push_back({r, 0});
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        LinkRun& lr = out[i];
        const align::Run& r = lr.run;
        lr.passage = static_cast<std::uint32_t>(al.passages.size() + i);
        for (std::size_t p = 0; p < al.passages.size(); ++p) {
            const align::Passage& ps = al.passages[p];
            if (ps.a.begin <= r.a_begin && r.a_begin + r.length <= ps.a.end && ps.b.begin <= r.b_begin &&
                r.b_begin + r.length <= ps.b.end) {
                lr.passage = static_cast<std::uint32_t>(p);
                break;
            }
        }
    }
    return out;
}


constexpr std::uint32_t kNone = Forest::kNone;

/// The first range of `ranges` (sorted, disjoint) that ends after `token`.
std::size_t first_ending_after(std::span<const align::TokenRange> ranges, std::uint32_t token) {
    return static_cast<std::size_t>(
        std::partition_point(ranges.begin(), ranges.end(), [&](const align::TokenRange& r) { return r.end <= token; }) -
        ranges.begin());
}

/// True when some range of `ranges` (sorted, disjoint) shares a token with [begin, end).
bool touches(std::span<const align::TokenRange> ranges, std::uint32_t begin, std::uint32_t end) {
    const std::size_t i = first_ending_after(ranges, begin);
    return i < ranges.size() && ranges[i].begin < end;
}

/// Words of x's runs that y's runs do not hold.
std::uint32_t words_outside(const Link& x, const Link& y) {
    std::uint32_t out = 0;
    for (const auto& r : x.copy_ranges) {
        std::uint32_t inside = 0;
        for (std::size_t k = first_ending_after(y.copy_ranges, r.begin); k < y.copy_ranges.size(); ++k) {
            const auto& q = y.copy_ranges[k];
            if (q.begin >= r.end) break;
            inside += std::min(q.end, r.end) - std::max(q.begin, r.begin);
        }
        out += r.size() - inside;
    }
    return out;
}

/// True when x and y supply different parts of the copy (a roundup's sources): each supplies at
/// least Options::min_new_share of its words outside the other.
bool complementary(const Link& x, const Link& y, const Options& o) {
    return words_outside(x, y) >= o.min_new_share * x.matched && words_outside(y, x) >= o.min_new_share * y.matched;
}

/// The copy's link to several of its sources at once: a word shared with any of them is shared
/// with the union. Runs of different sources that overlap or touch are one range (the copy passes
/// from one source's text to the other's there, as a copy combining two takes does); runs of one
/// source that touch stay apart, their join an edit of that source (its gap key). A gap between
/// runs of different sources is keyed by its place. All ranges are one passage: in evidence(), a
/// long stretch the copy shares with the union and not with the other text counts wherever it
/// stands (the union is that text's own sources: what the copy holds of them and that text
/// lacks cannot have come through it).
Link union_of(std::span<const Link* const> parts) {
    struct Piece {
        align::TokenRange range;
        std::size_t part;
        std::uint64_t gap_key;  ///< the part's key of the gap after this run (0: none)
    };
    std::vector<Piece> pieces;
    for (std::size_t p = 0; p < parts.size(); ++p) {
        const Link& l = *parts[p];
        for (std::size_t i = 0; i < l.copy_ranges.size(); ++i) {
            pieces.push_back({l.copy_ranges[i], p, i < l.gap_keys.size() ? l.gap_keys[i] : 0});
        }
    }
    std::sort(pieces.begin(), pieces.end(),
              [](const Piece& x, const Piece& y) { return x.range.begin < y.range.begin; });
    Link u;
    u.copy = parts.empty() ? 0 : parts.front()->copy;
    u.source = kNone;
    u.words_per_token = parts.empty() ? 1.0 : parts.front()->words_per_token;  // one copy: one text
    std::vector<const Piece*> last;  // the piece that ends each range of u
    for (const Piece& q : pieces) {
        if (!u.copy_ranges.empty()) {
            align::TokenRange& r = u.copy_ranges.back();
            if (q.range.begin < r.end || (q.range.begin == r.end && q.part != last.back()->part)) {
                if (q.range.end > r.end) {
                    r.end = q.range.end;
                    last.back() = &q;
                }
                continue;
            }
        }
        u.copy_ranges.push_back(q.range);
        last.push_back(&q);
    }
    for (std::size_t i = 0; i + 1 < u.copy_ranges.size(); ++i) {
        const Piece& end = *last[i];
        const std::uint32_t from = u.copy_ranges[i].end;
        const std::uint32_t to = u.copy_ranges[i + 1].begin;
        // The part's own gap when its next run starts the next range, else the gap's place.
        const Link& part = *parts[end.part];
        const std::size_t next = first_ending_after(part.copy_ranges, from);
        const bool own = next < part.copy_ranges.size() && part.copy_ranges[next].begin == to && end.gap_key != 0;
        u.gap_keys.push_back(own ? end.gap_key : mix64((std::uint64_t{from} << 32) | to));
    }
    u.range_passage.assign(u.copy_ranges.size(), 0);
    for (const auto& r : u.copy_ranges) u.matched += r.size();
    return u;
}

/// True when offer x (made, the links say, from some of the copy's other offers) gives the copy
/// nothing those sources of x do not: the copy follows x where x departs from them no more often
/// than it follows them where x departs (evidence against their union, which counts long
/// stretches the copy shares with them and not with x wherever they stand: x cannot have passed
/// on text it lacks). A sibling of the copy (another copy of the same sources, that shares their
/// text with it) is explained so, and so is a copy that combines the same takes of a story.
bool explained_by_own_sources(const Link& x, std::span<const Link* const> own_sources, const Options& o) {
    if (own_sources.empty()) return false;
    const Link u = union_of(own_sources);
    Link whole = x;  // x's runs as one passage too: its own long stretches count wherever they stand
    whole.range_passage.assign(whole.copy_ranges.size(), 0);
    return evidence(whole, u, o) <= evidence(u, whole, o);
}

/// The best of `offers` (see build()): among duplicates if there are any. An offer that its own
/// sources among the offers explain (explained_by_own_sources) is beaten by them. Of sources that
/// supply the same part of the copy, only the one the evidence prefers (even evidence: the more
/// original) is a contender; of the contenders, the one that supplies the most words wins (ties:
/// the more original).
const Link* choose(std::span<const Node> nodes, std::vector<const Link*>& offers,
                   const Forest* first_round, const Options& o) {
    if (std::any_of(offers.begin(), offers.end(), [](const Link* l) { return l->duplicate; })) {
        std::erase_if(offers, [](const Link* l) { return !l->duplicate; });
    }
    std::sort(offers.begin(), offers.end(),
              [&](const Link* x, const Link* y) { return more_original(nodes, x->source, y->source); });
    // beats[i * k + j]: offers i and j supply the same part and i is the better source of it.
    const std::size_t k = offers.size();
    std::vector<std::uint8_t> beats(k * k, 0);
    for (std::size_t i = 0; i < k; ++i) {
        for (std::size_t j = i + 1; j < k; ++j) {
            if (complementary(*offers[i], *offers[j], o)) continue;
            // i is the more original: it wins even evidence.
            const bool j_wins = evidence(*offers[j], *offers[i], o) > evidence(*offers[i], *offers[j], o);
            beats[j_wins ? j * k + i : i * k + j] = 1;
        }
    }
    std::vector<const Link*> own;
    std::vector<std::size_t> own_index;
    for (std::size_t i = 0; i < k && first_round != nullptr; ++i) {
        own.clear();
        own_index.clear();
        const std::vector<std::uint32_t>& up = first_round->parents[offers[i]->source];
        for (std::size_t j = 0; j < k; ++j) {
            if (j != i && std::find(up.begin(), up.end(), offers[j]->source) != up.end()) {
                own.push_back(offers[j]);
                own_index.push_back(j);
            }
        }
        if (!explained_by_own_sources(*offers[i], own, o)) continue;
        // Beaten by its own sources; what it beat, it beat with their text.
        for (std::size_t j = 0; j < k; ++j) beats[i * k + j] = 0;
        for (const std::size_t j : own_index) beats[j * k + i] = 1;
    }
    const auto beaten = [&](std::size_t j) {
        for (std::size_t i = 0; i < k; ++i) {
            if (beats[i * k + j] != 0) return true;
        }
        return false;
    };
    const Link* best = nullptr;
    for (std::size_t j = 0; j < k; ++j) {
        if (!beaten(j) && (best == nullptr || offers[j]->matched > best->matched)) best = offers[j];
    }
    if (best != nullptr) return best;
    // Every source beaten by another that supplies the same part (contradictory evidence around
    // a cycle): the most original one, then each other in turn where it beats the one before.
    std::size_t b = 0;
    for (std::size_t j = 1; j < k; ++j) {
        if (beats[j * k + b] != 0) b = j;
    }
    return offers[b];
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
                         std::span<const Link> links, const Forest* first_round, const Options& o) {
    std::vector<std::uint8_t> covered;
    const auto chosen = [&](const Link& l) {
        const auto& ps = forest.parents[copy];
        return std::find(ps.begin(), ps.end(), l.source) != ps.end();
    };
    for (const Link& l : links) {
        if (chosen(l)) cover(l, covered);
    }
    std::vector<const Link*> offers;
    for (;;) {
        offers.clear();
        for (const Link& l : links) {
            if (chosen(l)) continue;
            const std::uint32_t fresh = fresh_words(l, covered);
            if (text::words_of_tokens(fresh, l.words_per_token) >= o.min_new_words &&
                (fresh >= o.min_new_share * l.matched || reaches(forest, forest.parents[copy].front(), l.source))) {
                offers.push_back(&l);
            }
        }
        if (offers.empty()) return;
        const Link* best = choose(nodes, offers, first_round, o);
        cover(*best, covered);  // covered either way: a rejected offer is not offered again
        if (!reaches(forest, best->source, copy)) forest.parents[copy].push_back(best->source);
    }
}

/// Adds the other sources of a union of sources, the largest share first (each once, none that
/// descends from the copy).
void add_union_sources(Forest& forest, std::uint32_t copy, std::span<const Link> links) {
    std::vector<const Link*> members;
    for (const Link& l : links) {
        if (l.union_share > 0) members.push_back(&l);
    }
    std::stable_sort(members.begin(), members.end(),
                     [](const Link* x, const Link* y) { return x->union_share > y->union_share; });
    auto& parents = forest.parents[copy];
    for (const Link* l : members) {
        if (std::find(parents.begin(), parents.end(), l->source) != parents.end()) continue;
        if (!reaches(forest, l->source, copy)) parents.push_back(l->source);
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

    // Two rounds: the first weighs the sources of each copy pair by pair; the second also weighs
    // each source against the sources the first round gave it (explained_by_own_sources).
    std::optional<Forest> first_round;
    std::vector<std::uint32_t> primary;
    for (int round = 0; round < 2; ++round) {
        const Forest* earlier = first_round ? &*first_round : nullptr;
        primary.assign(n, kNone);
        for (std::uint32_t c = 0; c < n; ++c) {
            const auto mine = links_of(c);
            if (mine.empty()) continue;
            // The sources derived on their own are weighed; a copy derived only from a union of
            // sources attaches first to the one that explains most of it.
            const Link* best_union = nullptr;
            std::vector<const Link*> offers;
            for (const Link& l : mine) {
                if (l.union_share <= 0) {
                    offers.push_back(&l);
                } else if (best_union == nullptr || l.union_share > best_union->union_share ||
                           (l.union_share == best_union->union_share &&
                            more_original(nodes, l.source, best_union->source))) {
                    best_union = &l;
                }
            }
            primary[c] = offers.empty() ? best_union->source : choose(nodes, offers, earlier, options)->source;
        }
        break_cycles(nodes, primary);
        forest.parents.assign(n, {});
        for (std::uint32_t c = 0; c < n; ++c) {
            if (primary[c] != kNone) forest.parents[c].push_back(primary[c]);
        }
        for (std::uint32_t c = 0; c < n; ++c) {
            const auto mine = links_of(c);
            if (primary[c] == kNone || mine.size() < 2) continue;
            if (std::none_of(mine.begin(), mine.end(), [](const Link& l) { return l.union_share > 0; })) {
                add_roundup_sources(nodes, forest, c, mine, earlier, options);
                continue;
            }
            std::vector<Link> alone;  // the roundup rule weighs the sources derived on their own
            for (const Link& l : mine) {
                if (l.union_share <= 0) alone.push_back(l);
            }
            if (alone.size() >= 2) add_roundup_sources(nodes, forest, c, alone, earlier, options);
            add_union_sources(forest, c, mine);
        }
        if (round == 0) first_round = forest;
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

std::uint32_t evidence(const Link& x, const Link& y, const Options& o) {
    const std::span<const align::TokenRange> ys = y.copy_ranges;
    const std::size_t n = x.copy_ranges.size();
    const bool passages = x.range_passage.size() == n;
    const auto passage = [&](std::size_t i) { return passages ? x.range_passage[i] : static_cast<std::uint32_t>(i); };
    // The passages of x that hold words of y.
    std::vector<std::uint32_t> shared;
    for (std::size_t i = 0; i < n; ++i) {
        if (touches(ys, x.copy_ranges[i].begin, x.copy_ranges[i].end)) shared.push_back(passage(i));
    }
    std::sort(shared.begin(), shared.end());
    std::vector<std::uint64_t> edits;  // keys of y's gaps bridged by x, each counted once
    std::uint32_t words = 0;           // long stretches, in words (text::words_of_tokens)
    const auto in_words = [&](std::uint32_t tokens) { return text::words_of_tokens(tokens, x.words_per_token); };
    // A stretch [begin, end) of x's run i that y does not hold, at an edge of the run.
    const auto edge = [&](std::size_t i, std::uint32_t begin, std::uint32_t end) {
        if (in_words(end - begin) >= o.long_words && std::binary_search(shared.begin(), shared.end(), passage(i))) {
            words += in_words(end - begin);
        }
    };
    for (std::size_t i = 0; i < n; ++i) {
        const align::TokenRange& run = x.copy_ranges[i];
        std::size_t k = first_ending_after(ys, run.begin);
        if (k == ys.size() || ys[k].begin >= run.end) {  // y holds nothing of this run
            edge(i, run.begin, run.end);
            continue;
        }
        if (ys[k].begin > run.begin) edge(i, run.begin, ys[k].begin);
        for (; k + 1 < ys.size() && ys[k + 1].begin < run.end; ++k) {
            // y's gap between runs k and k + 1 lies inside x's run: an edit the copy shares with x
            // (unless a blank made it).
            if (k < y.gap_keys.size() && y.gap_keys[k] == kBlankGap) continue;
            const std::uint32_t gap = ys[k + 1].begin - ys[k].end;
            if (in_words(gap) >= o.long_words) {
                words += in_words(gap);
            } else {
                edits.push_back(k < y.gap_keys.size() ? y.gap_keys[k] : k);
            }
        }
        if (ys[k].end < run.end) edge(i, ys[k].end, run.end);
    }
    std::sort(edits.begin(), edits.end());
    const auto distinct = static_cast<std::uint32_t>(std::unique(edits.begin(), edits.end()) - edits.begin());
    return distinct + words;
}

bool more_original(std::span<const Node> nodes, std::uint32_t x, std::uint32_t y) {
    const Node& nx = nodes[x];
    const Node& ny = nodes[y];
    if (nx.aggregator != ny.aggregator) return ny.aggregator;
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

void copy_sides(const align::Alignment& alignment, std::span<const text::Token> tokens_a,
                std::span<const text::Token> tokens_b, CopySide& side_a, CopySide& side_b,
                std::span<const text::Blank> blanks_a, std::span<const text::Blank> blanks_b) {
    const std::vector<LinkRun> runs = link_runs(alignment);
    link_side(runs, true, tokens_a, blanks_a, tokens_b, blanks_b, side_a);
    link_side(runs, false, tokens_b, blanks_b, tokens_a, blanks_a, side_b);
}

Link make_link(std::uint32_t copy, std::uint32_t source, std::uint32_t matched, bool duplicate, double coverage,
               const CopySide& copy_side) {
    Link link;
    link.copy = copy;
    link.source = source;
    link.matched = matched;
    link.duplicate = duplicate;
    link.coverage = coverage;
    link.copy_ranges = copy_side.ranges;
    link.gap_keys = copy_side.gap_keys;
    link.range_passage = copy_side.range_passage;
    link.words_per_token = copy_side.words_per_token;
    return link;
}

bool is_version(const Issue& older, const Issue& newer, Relation relation, double older_kept,
                double newer_from_older, const VersionRule& rule) {
    if (older.outlet.empty() || older.outlet != newer.outlet) return false;
    if (!older.published || !newer.published || *older.published >= *newer.published) return false;
    if (*newer.published - *older.published > rule.max_gap_seconds) return false;
    if (relation != Relation::near_duplicate && relation != Relation::rewrite) return false;
    return older_kept >= rule.min_older_kept && newer_from_older >= rule.min_newer_from_older;
}

}  // namespace wiretrace::provenance
