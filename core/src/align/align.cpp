// SPDX-License-Identifier: Apache-2.0
// Pair alignment: anchors -> maximal runs -> one-to-one tiles -> passages -> edits.
//
// 1. Anchors: every k-gram (k = anchor_tokens) of the shorter text, sorted by hash; the longer
//    text's k-grams look them up. Each hit extends left and right to a maximal run; hits inside
//    a run already found on the same diagonal are skipped, so the work is linear in the lengths
//    plus the hits (k-grams repeated more than max_anchor_occurrences times are not anchors).
// 2. Tiling: runs, longest first, claim tokens on both sides; a run overlapping earlier claims
//    keeps only its free stretches of at least k tokens (greedy string tiling). Every token is
//    then aligned at most once, so repeated text cannot inflate coverage.
// 3. Passages: tiles in order of b join the open passage they continue within max_gap_tokens on
//    both sides. Passages are independent, so reordered paragraphs are still found; the
//    heaviest chain of passages in the same order on both sides stays in place and the others
//    are reported as moved.
// 4. Edits: inside a passage, tokens of a tile whose original spellings differ are respellings,
//    and the gaps between tiles are diffed word by word (they are at most max_gap_tokens long,
//    so an LCS table is cheap); outside passages, b's uncovered text is inserted and a's deleted.
// Cost: O((n + m) log n) for the anchors plus the work of the hits, and O(P log P) over the P
// passages; no table over whole articles.
// The whole computation runs in one canonical orientation (shorter text first) and is mirrored
// back, which makes align(a, b) and align(b, a) exact mirror images.
#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>
#include <optional>
#include <unordered_map>
#include <utf8proc.h>

#include "hash.hpp"
#include "wiretrace/text/tables.hpp"
#include "wiretrace/align/align.hpp"

namespace wiretrace::align {
namespace {

using text::Token;

struct Side {
    std::string_view text;
    std::span<const Token> tokens;
};

/// Multiplier of the k-gram hash (odd: multiplying by it is a bijection).
constexpr std::uint64_t kKgramBase = 0x9e3779b97f4a7c15ULL;

/// The hash of every k-gram of `tokens`, in order (tokens.size() - k + 1 of them; k >= 1):
/// the polynomial sum of t[i + s] * kKgramBase^(k - 1 - s) modulo 2^64 over the token hashes.
/// PERF: rolled from one k-gram to the next with two multiplications, where hashing each k-gram
/// from scratch took k rounds of mixing. The token hashes are already uniformly random, so the
/// sum needs no further mixing.
void kgram_hashes(std::span<const Token> tokens, std::size_t k, std::vector<std::uint64_t>& out) {
    out.clear();
    if (tokens.size() < k) return;
    std::uint64_t top = 1;  // kKgramBase^(k - 1)
    std::uint64_t h = 0;
    for (std::size_t t = 0; t < k; ++t) {
        h = h * kKgramBase + tokens[t].hash;
        if (t > 0) top *= kKgramBase;
    }
    out.resize(tokens.size() - k + 1);
    out[0] = h;
    for (std::size_t i = 1; i < out.size(); ++i) {
        h = (h - tokens[i - 1].hash * top) * kKgramBase + tokens[i + k - 1].hash;
        out[i] = h;
    }
}

/// The positions of every k-gram of a text, looked up by k-gram hash.
/// MEMORY: an open-addressing table of 8-byte slots (a 32-bit tag of the hash and the number of
/// a distinct k-gram) over 16 bytes per distinct k-gram (hash, first position, count): 16 to 32
/// bytes per distinct k-gram plus 4 a position, where slots holding the whole entry took 32 to 64.
/// Repetitive text, with few distinct k-grams, costs about 4 bytes a position.
class KgramIndex {
public:
    /// `hashes`: the k-gram hashes of the text, in order.
    explicit KgramIndex(std::span<const std::uint64_t> hashes) {
        const std::size_t n = hashes.size();
        std::vector<std::uint32_t> id_of(n);  // the distinct k-gram of each position
        // The table grows (doubling, rehashing the distinct k-grams) to stay at most half full.
        resize(16);
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint64_t h = hashes[i];
            std::size_t s = slot(h);
            const auto t = tag(h);
            std::uint32_t id = kEmpty;
            for (; slots_[s].id != kEmpty; s = (s + 1) & (slots_.size() - 1)) {
                if (slots_[s].tag == t && distinct_[slots_[s].id].hash == h) {
                    id = slots_[s].id;
                    break;
                }
            }
            if (id == kEmpty) {
                id = static_cast<std::uint32_t>(distinct_.size());
                distinct_.push_back({h, 0, 0});
                slots_[s] = {t, id};
                if (2 * distinct_.size() > slots_.size()) resize(2 * slots_.size());
            }
            ++distinct_[id].count;
            id_of[i] = id;
        }
        distinct_.shrink_to_fit();
        std::uint32_t start = 0;
        for (Distinct& d : distinct_) {
            d.first = start;
            start += d.count;
        }
        positions_.resize(n);
        for (std::size_t i = 0; i < n; ++i) positions_[distinct_[id_of[i]].first++] = static_cast<std::uint32_t>(i);
        for (Distinct& d : distinct_) d.first -= d.count;
    }

    /// Where the positions of the k-grams with this hash start in one array, and how many there
    /// are (none: count 0). `first` identifies the hash among the text's distinct k-grams.
    struct Entry {
        std::uint32_t first = 0;
        std::uint32_t count = 0;
    };
    Entry find(std::uint64_t h) const {
        const std::size_t mask = slots_.size() - 1;
        const auto t = tag(h);
        for (std::size_t s = slot(h); slots_[s].id != kEmpty; s = (s + 1) & mask) {
            if (slots_[s].tag != t) continue;
            const Distinct& d = distinct_[slots_[s].id];
            if (d.hash == h) return {d.first, d.count};
        }
        return {};
    }

    /// The positions of an entry's k-grams, ascending.
    std::span<const std::uint32_t> positions(Entry e) const { return {positions_.data() + e.first, e.count}; }

private:
    static constexpr std::uint32_t kEmpty = 0xffffffffU;
    struct Slot {
        std::uint32_t tag = 0;
        std::uint32_t id = kEmpty;  ///< index into distinct_; kEmpty: an empty slot
    };
    struct Distinct {
        std::uint64_t hash;
        std::uint32_t first;
        std::uint32_t count;
    };
    /// The home slot of a hash: its top bits after a multiplicative mix (the low bits of a
    /// polynomial hash depend on the low bits of the tokens only).
    std::size_t slot(std::uint64_t h) const { return static_cast<std::size_t>((h * kKgramBase) >> shift_); }
    /// The bits of the mixed hash below those of the home slot: most probes of another k-gram stop
    /// at the tag without reading its entry.
    static std::uint32_t tag(std::uint64_t h) { return static_cast<std::uint32_t>(h * kKgramBase); }

    void resize(std::size_t capacity) {
        shift_ = 64;
        for (std::size_t c = capacity; c > 1; c /= 2) --shift_;
        slots_.assign(capacity, Slot{});
        for (std::uint32_t id = 0; id < distinct_.size(); ++id) {
            std::size_t s = slot(distinct_[id].hash);
            while (slots_[s].id != kEmpty) s = (s + 1) & (capacity - 1);
            slots_[s] = {tag(distinct_[id].hash), id};
        }
    }

    std::vector<Slot> slots_;
    unsigned shift_ = 60;
    std::vector<Distinct> distinct_;
    std::vector<std::uint32_t> positions_;
};

/// Anchor hits allowed per token of a pair (see find_runs). Ordinary text spends about one.
constexpr std::uint64_t kHitsPerToken = 4;

/// Maximal runs of equal token hashes seeded by shared k-grams. The anchors are indexed once;
/// each() finds the runs again every time it is called, in the same order, so a caller can take
/// them in several passes without keeping them all (see tiles_of).
class RunFinder {
public:
    RunFinder(std::span<const Token> a, std::span<const Token> b, std::size_t k, std::size_t max_occurrences)
        : a_(a), b_(b), k_(k) {
        if (a.size() < k || b.size() < k || k == 0) return;
        // The common prefix and suffix are runs whatever the anchor cap says: near-identical texts
        // align fully even when they are so repetitive that every k-gram is too frequent to anchor.
        while (prefix_ < a.size() && prefix_ < b.size() && a[prefix_].hash == b[prefix_].hash) ++prefix_;
        while (suffix_ < a.size() - prefix_ && suffix_ < b.size() - prefix_ &&
               a[a.size() - 1 - suffix_].hash == b[b.size() - 1 - suffix_].hash) {
            ++suffix_;
        }
        // The k-grams of a by hash: an open-addressing table of the distinct hashes, each with its
        // positions in ascending order in one array. PERF: a lookup is one probe or two, where a
        // binary search over the sorted k-grams mispredicted a branch at every step (find_runs was
        // a third of a scan's CPU time).
        std::vector<std::uint64_t> hashes;
        kgram_hashes(a, k, hashes);
        index_ = std::make_unique<KgramIndex>(hashes);
        kgram_hashes(b, k, hashes);
        // Each k-gram of b looked up once (an entry's `first` names its hash from now on).
        entries_.resize(hashes.size());
        for (std::size_t j = 0; j < hashes.size(); ++j) entries_[j] = index_->find(hashes[j]);
        std::vector<std::uint64_t>().swap(hashes);
        // The work of the hits is bounded whatever the repetition structure: the anchor cap comes
        // down until every k-gram of b under it costs at most kHitsPerToken per token of the pair.
        std::vector<std::uint64_t> hits_at(max_occurrences + 1, 0);  // hits of the k-grams seen c times in a
        for (const KgramIndex::Entry e : entries_) {
            if (e.count <= max_occurrences) hits_at[e.count] += e.count;
        }
        const std::uint64_t budget = kHitsPerToken * (a.size() + b.size());
        for (std::uint64_t spent = 0; cap_ < max_occurrences && spent + hits_at[cap_ + 1] <= budget;) {
            spent += hits_at[++cap_];
        }
        for (const KgramIndex::Entry e : entries_) {
            if (e.count > cap_) ++frequent_[e.first][0];
        }
    }

    /// Calls emit(run) for every run, in the same order at every call.
    template <typename Emit>
    void each(Emit&& emit) {
        if (!index_) return;
        const std::span<const Token> a = a_, b = b_;
        if (prefix_ >= k_) emit(Run{0, 0, static_cast<std::uint32_t>(prefix_)});
        if (suffix_ >= k_) {
            emit(Run{static_cast<std::uint32_t>(a.size() - suffix_), static_cast<std::uint32_t>(b.size() - suffix_),
                     static_cast<std::uint32_t>(suffix_)});
        }
        // diagonal (j - i + |a|) -> end in b of the last run found on it
        std::vector<std::uint32_t> diagonal_end(a.size() + b.size() + 1, 0);
        if (prefix_ >= k_) diagonal_end[a.size()] = static_cast<std::uint32_t>(prefix_);
        auto extend = [&](std::size_t i, std::size_t j) {
            const std::size_t diag = j + a.size() - i;
            if (j < diagonal_end[diag]) return;
            std::size_t jj = j;
            while (i > 0 && jj > 0 && a[i - 1].hash == b[jj - 1].hash) {
                --i;
                --jj;
            }
            std::size_t len = 0;
            while (i + len < a.size() && jj + len < b.size() && a[i + len].hash == b[jj + len].hash) ++len;
            if (len < k_) return;  // a k-gram hash collision
            emit(Run{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(jj), static_cast<std::uint32_t>(len)});
            diagonal_end[diag] = static_cast<std::uint32_t>(jj + len);
        };
        // A k-gram too frequent to anchor on every occurrence still anchors by rank: its r-th
        // occurrence in b meets its r-th occurrence in a, counted from the start and from the
        // end. A copy that keeps a repeated stretch in order aligns it fully (the answer degrades
        // with the repetition, it does not flip at the cap), for two lookups per k-gram.
        for (auto& [first, counts] : frequent_) counts[1] = 0;
        for (std::size_t j = 0; j < entries_.size(); ++j) {
            const KgramIndex::Entry e = entries_[j];
            if (e.count == 0) continue;
            const std::span<const std::uint32_t> hits = index_->positions(e);
            if (e.count <= cap_) {
                for (const std::uint32_t pos : hits) extend(pos, j);
                continue;
            }
            auto& [in_b, seen] = frequent_[e.first];
            const std::uint32_t rank = seen++;
            const std::uint32_t rank_from_end = in_b - 1 - rank;
            if (rank < e.count) extend(hits[rank], j);
            if (rank_from_end < e.count) extend(hits[e.count - 1 - rank_from_end], j);
        }
    }

private:
    std::span<const Token> a_, b_;
    std::size_t k_;
    std::size_t prefix_ = 0, suffix_ = 0;
    std::unique_ptr<KgramIndex> index_;
    std::vector<KgramIndex::Entry> entries_;
    std::size_t cap_ = 0;  ///< k-grams seen more often in a anchor by rank only
    std::unordered_map<std::uint32_t, std::array<std::uint32_t, 2>> frequent_;  // first -> {in b, seen}
};

/// The order of greedy string tiling: longest runs first, then by position.
bool tiles_before(const Run& x, const Run& y) {
    if (x.length != y.length) return x.length > y.length;
    if (x.a_begin + x.b_begin != y.a_begin + y.b_begin) return x.a_begin + x.b_begin < y.a_begin + y.b_begin;
    return x.a_begin < y.a_begin;
}

/// Greedy string tiling: runs in tiles_before order claim tokens on both sides; overlaps are
/// clipped to free stretches >= min_len.
class Tiler {
public:
    Tiler(std::size_t size_a, std::size_t size_b, std::size_t min_len)
        : used_a_(size_a, 0), used_b_(size_b, 0), min_len_(min_len) {}

    /// Tiles `runs`, which come after every run tiled before in tiles_before order.
    void add(std::vector<Run>& runs) {
        std::sort(runs.begin(), runs.end(), tiles_before);
        for (const Run& r : runs) claim(r);
    }

    /// The tiles, ordered by b, then a.
    std::vector<Run> take() {
        std::sort(tiles_.begin(), tiles_.end(), [](const Run& x, const Run& y) {
            return x.b_begin != y.b_begin ? x.b_begin < y.b_begin : x.a_begin < y.a_begin;
        });
        return std::move(tiles_);
    }

private:
    void claim(const Run& r) {
        std::uint32_t start = 0;
        auto flush = [&](std::uint32_t stop) {
            if (stop - start >= min_len_) {
                tiles_.push_back({r.a_begin + start, r.b_begin + start, stop - start});
                for (std::uint32_t t = start; t < stop; ++t) {
                    used_a_[r.a_begin + t] = 1;
                    used_b_[r.b_begin + t] = 1;
                }
            }
        };
        for (std::uint32_t t = 0; t < r.length; ++t) {
            if (used_a_[r.a_begin + t] != 0 || used_b_[r.b_begin + t] != 0) {
                flush(t);
                start = t + 1;
            }
        }
        flush(r.length);
    }

    std::vector<std::uint8_t> used_a_, used_b_;
    std::size_t min_len_;
    std::vector<Run> tiles_;
};

/// Runs tiled in one pass per token of the pair (see tiles_of; a pass holds up to half as many
/// again while it selects them, 12 bytes each: at most 18 bytes a token). Ordinary text finds
/// fewer runs than this and is tiled in one pass; hostile repetition (up to kHitsPerToken runs a
/// token) in a few more.
constexpr std::size_t kRunsPerToken = 1;

/// The tiles of a pair: every run found, tiled in tiles_before order, with at most 1.5 * `max_runs`
/// runs held at once. When the runs do not fit, the finder runs again, each pass keeping the next
/// `max_runs` runs in tiling order (a bounded selection), so the tiles are exactly those of one
/// pass over all runs, whatever the repetition, for one more pass of the finder per `max_runs` runs.
std::vector<Run> tiles_of(std::span<const Token> a, std::span<const Token> b, std::size_t k,
                          std::size_t max_occurrences, std::size_t max_runs) {
    max_runs = std::max<std::size_t>(max_runs, 1);
    RunFinder finder(a, b, k, max_occurrences);
    Tiler tiler(a.size(), b.size(), k);
    std::vector<Run> runs;
    const std::size_t held = max_runs + std::max<std::size_t>(max_runs / 2, 1);
    // Pages never written stay unmapped; a pair never finds more runs than anchor hits (and two).
    runs.reserve(std::min<std::size_t>(held, kHitsPerToken * (a.size() + b.size()) + 2));
    std::optional<Run> last;  // the last run tiled, in tiles_before order
    for (bool more = true; more;) {
        // The next max_runs runs after `last`: collected up to `held`, then cut back to the first
        // max_runs in tiling order (linear time overall).
        runs.clear();
        std::optional<Run> bound;  // after a cut: every run kept comes before it
        const auto keep_first = [&] {
            const auto nth = runs.begin() + static_cast<std::ptrdiff_t>(max_runs);
            std::nth_element(runs.begin(), nth, runs.end(), tiles_before);
            bound = *nth;
            runs.resize(max_runs);
        };
        finder.each([&](const Run& r) {
            if (last && !tiles_before(*last, r)) return;
            if (bound && !tiles_before(r, *bound)) return;
            runs.push_back(r);
            if (runs.size() >= held) keep_first();
        });
        if (runs.size() > max_runs) keep_first();
        more = bound.has_value();
        if (runs.empty()) break;
        tiler.add(runs);  // sorts them
        last = runs.back();
    }
    return tiler.take();
}

struct Chain {
    Passage passage;
    std::vector<std::uint32_t> tiles;  // indices into the tile vector, in order
};

/// Prefix counts of tile starts: starts[x] = tiles beginning before position x.
std::vector<std::uint32_t> tile_starts(const std::vector<Run>& tiles, std::size_t size, bool side_a) {
    std::vector<std::uint32_t> starts(size + 1, 0);
    for (const Run& r : tiles) ++starts[(side_a ? r.a_begin : r.b_begin) + 1];
    for (std::size_t x = 1; x <= size; ++x) starts[x] += starts[x - 1];
    return starts;
}

std::vector<Chain> chain(const std::vector<Run>& tiles, std::size_t size_a, std::size_t size_b,
                         std::uint32_t max_gap, std::uint32_t k) {
    // Every chain a tile may continue ends within max_gap words, and chains hold tiles of at least
    // k words, so looking back this many chains finds them all.
    const std::size_t lookback = max_gap / std::max<std::uint32_t>(k, 1) + 2;
    // A gap holding the start of another tile is not chained across: that tile belongs to another
    // passage, and the gap's diff would report its words a second time.
    const auto starts_a = tile_starts(tiles, size_a, true);
    const auto starts_b = tile_starts(tiles, size_b, false);
    auto gap_is_free = [&](std::uint32_t a0, std::uint32_t a1, std::uint32_t b0, std::uint32_t b1) {
        return starts_a[a1] == starts_a[a0] && starts_b[b1] == starts_b[b0];
    };
    std::vector<Chain> chains;
    for (std::uint32_t t = 0; t < tiles.size(); ++t) {
        const Run& r = tiles[t];
        Chain* target = nullptr;
        const std::size_t first = chains.size() > lookback ? chains.size() - lookback : 0;
        for (std::size_t c = chains.size(); c-- > first;) {
            const Passage& p = chains[c].passage;
            if (r.a_begin >= p.a.end && r.b_begin >= p.b.end && r.a_begin - p.a.end <= max_gap &&
                r.b_begin - p.b.end <= max_gap && gap_is_free(p.a.end, r.a_begin, p.b.end, r.b_begin)) {
                target = &chains[c];
                break;
            }
        }
        if (target == nullptr) {
            chains.push_back({});
            target = &chains.back();
            target->passage.a = {r.a_begin, r.a_begin};
            target->passage.b = {r.b_begin, r.b_begin};
        }
        target->passage.a.end = r.a_begin + r.length;
        target->passage.b.end = r.b_begin + r.length;
        target->passage.matched += r.length;
        target->passage.runs += 1;
        target->tiles.push_back(t);
    }
    return chains;
}

/// Marks as moved every passage outside the heaviest chain that is increasing on both sides
/// (a passage y precedes x when y ends before x begins in both texts). Weighted longest chain
/// in O(P log P): passages are visited in order of b; a passage enters a Fenwick tree of prefix
/// maxima over its end in a once the visit has passed its end in b.
void mark_moved(std::vector<Chain>& chains) {
    const std::size_t n = chains.size();
    if (n < 2) return;
    auto passage = [&](std::size_t i) -> const Passage& { return chains[i].passage; };
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        const auto& px = passage(x);
        const auto& py = passage(y);
        return px.b.begin != py.b.begin ? px.b.begin < py.b.begin : px.a.begin < py.a.begin;
    });
    std::vector<std::uint32_t> a_ends(n);
    for (std::size_t i = 0; i < n; ++i) a_ends[i] = passage(i).a.end;
    std::sort(a_ends.begin(), a_ends.end());
    a_ends.erase(std::unique(a_ends.begin(), a_ends.end()), a_ends.end());

    // Best chain ending at a visited position x: (weight, -x) so that ties keep the earliest.
    using Best = std::pair<std::uint64_t, std::ptrdiff_t>;
    std::vector<Best> tree(a_ends.size() + 1, Best{0, 1});  // Fenwick tree of prefix maxima
    auto insert = [&](std::size_t slot, Best value) {
        for (std::size_t i = slot + 1; i < tree.size(); i += i & (~i + 1)) tree[i] = std::max(tree[i], value);
    };
    auto query = [&](std::size_t count) {  // max over the first `count` slots
        Best best{0, 1};
        for (std::size_t i = count; i > 0; i -= i & (~i + 1)) best = std::max(best, tree[i]);
        return best;
    };
    std::vector<std::uint64_t> best(n, 0);
    std::vector<std::ptrdiff_t> prev(n, -1);
    std::vector<std::size_t> by_b_end(n);  // visited positions, in the order they enter the tree
    for (std::size_t x = 0; x < n; ++x) by_b_end[x] = x;
    std::sort(by_b_end.begin(), by_b_end.end(), [&](std::size_t x, std::size_t y) {
        return passage(order[x]).b.end != passage(order[y]).b.end ? passage(order[x]).b.end < passage(order[y]).b.end
                                                                  : x < y;
    });
    std::size_t pending = 0;
    for (std::size_t x = 0; x < n; ++x) {
        const Passage& px = passage(order[x]);
        while (pending < n && by_b_end[pending] < x && passage(order[by_b_end[pending]]).b.end <= px.b.begin) {
            const std::size_t y = by_b_end[pending++];
            const auto slot = static_cast<std::size_t>(
                std::lower_bound(a_ends.begin(), a_ends.end(), passage(order[y]).a.end) - a_ends.begin());
            insert(slot, Best{best[y], -static_cast<std::ptrdiff_t>(y)});
        }
        const auto usable = static_cast<std::size_t>(
            std::upper_bound(a_ends.begin(), a_ends.end(), px.a.begin) - a_ends.begin());
        const Best before = query(usable);
        best[x] = before.first + px.matched;
        prev[x] = before.first > 0 ? -before.second : -1;
    }
    std::size_t tail = 0;
    for (std::size_t x = 1; x < n; ++x) {
        if (best[x] > best[tail]) tail = x;
    }
    for (auto& c : chains) c.passage.moved = true;
    for (auto x = static_cast<std::ptrdiff_t>(tail); x >= 0; x = prev[static_cast<std::size_t>(x)]) {
        chains[order[static_cast<std::size_t>(x)]].passage.moved = false;
    }
}

std::string_view original(const Side& s, std::uint32_t token) {
    const Token& t = s.tokens[token];
    return s.text.substr(t.begin, t.end - t.begin);
}

/// `s` without typographic variation: curly apostrophes straightened, Unicode hyphens made ASCII,
/// invisible characters (soft hyphen, zero-width joiners) dropped.
std::string typographic_fold(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const std::string_view rest = s.substr(i);
        if (rest.starts_with("\xE2\x80\x99") || rest.starts_with("\xE2\x80\x98")) {  // ’ ‘
            out.push_back('\'');
            i += 3;
        } else if (rest.starts_with("\xE2\x80\x90") || rest.starts_with("\xE2\x80\x91")) {  // ‐ ‑
            out.push_back('-');
            i += 3;
        } else if (rest.starts_with("\xC2\xAD")) {  // soft hyphen
            i += 2;
        } else if (rest.starts_with("\xE2\x80\x8B") || rest.starts_with("\xE2\x80\x8C") ||
                   rest.starts_with("\xE2\x80\x8D") || rest.starts_with("\xE2\x81\xA0")) {  // zero-width
            i += 3;
        } else {
            out.push_back(s[i++]);
        }
    }
    return out;
}

std::string casefolded(std::string_view s) {
    utf8proc_uint8_t* out = nullptr;
    const auto len = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                                  static_cast<utf8proc_ssize_t>(s.size()), &out,
                                  static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                                 UTF8PROC_CASEFOLD));
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(out, &std::free);
    if (len < 0) return std::string(s);
    return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(len));
}

/// Same folded word, spelled differently in the originals: not just in letter case or typography
/// (don't / don’t is the same spelling).
bool is_respelling(const Side& a, std::uint32_t i, const Side& b, std::uint32_t j) {
    const auto x = original(a, i);
    const auto y = original(b, j);
    if (x == y) return false;
    // PERF: ASCII words differ only in letter case or not at all, with no folding to allocate
    // (typographic folding leaves ASCII alone, and case folding ASCII is lower-casing).
    const auto ascii = [](std::string_view s) {
        return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    };
    if (ascii(x) && ascii(y)) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        return !std::equal(x.begin(), x.end(), y.begin(), y.end(), [&](char p, char q) { return lower(p) == lower(q); });
    }
    return casefolded(typographic_fold(x)) != casefolded(typographic_fold(y));
}

class EditCollector {
public:
    EditCollector(const Side& a, const Side& b, const Params& params) : a_(a), b_(b), params_(params) {}

    void respellings(const Run& tile, std::int32_t passage) {
        for (std::uint32_t t = 0; t < tile.length; ++t) {
            if (is_respelling(a_, tile.a_begin + t, b_, tile.b_begin + t)) {
                add(EditKind::respelling, {tile.a_begin + t, tile.a_begin + t + 1},
                    {tile.b_begin + t, tile.b_begin + t + 1}, passage);
            }
        }
    }

    /// Word diff of a gap inside a passage (both ranges at most max_gap_tokens long).
    void gap(TokenRange ra, TokenRange rb, std::int32_t passage) {
        const std::size_t n = ra.size(), m = rb.size();
        // lcs[i][j] = LCS length of a[ra.begin+i ..] and b[rb.begin+j ..]
        std::vector<std::uint16_t> lcs((n + 1) * (m + 1), 0);
        auto at = [&](std::size_t i, std::size_t j) -> std::uint16_t& { return lcs[i * (m + 1) + j]; };
        for (std::size_t i = n; i-- > 0;) {
            for (std::size_t j = m; j-- > 0;) {
                at(i, j) = a_.tokens[ra.begin + i].hash == b_.tokens[rb.begin + j].hash
                               ? static_cast<std::uint16_t>(at(i + 1, j + 1) + 1)
                               : std::max(at(i + 1, j), at(i, j + 1));
            }
        }
        std::size_t i = 0, j = 0, hunk_i = 0, hunk_j = 0;
        auto flush = [&] {
            hunk(TokenRange{static_cast<std::uint32_t>(ra.begin + hunk_i), static_cast<std::uint32_t>(ra.begin + i)},
                 TokenRange{static_cast<std::uint32_t>(rb.begin + hunk_j), static_cast<std::uint32_t>(rb.begin + j)},
                 passage);
        };
        while (i < n || j < m) {
            if (i < n && j < m && a_.tokens[ra.begin + i].hash == b_.tokens[rb.begin + j].hash) {
                flush();
                const auto ai = static_cast<std::uint32_t>(ra.begin + i);
                const auto bj = static_cast<std::uint32_t>(rb.begin + j);
                if (is_respelling(a_, ai, b_, bj)) {
                    add(EditKind::respelling, {ai, ai + 1}, {bj, bj + 1}, passage);
                }
                ++i;
                ++j;
                hunk_i = i;
                hunk_j = j;
            } else if (j < m && (i == n || at(i, j + 1) >= at(i + 1, j))) {
                ++j;
            } else {
                ++i;
            }
        }
        flush();
    }

    /// Text of one side outside every passage. Each stretch is anchored in the other text just
    /// after the passage that precedes it, so edits read in document order. One sweep over the
    /// passages sorted by their end on this side.
    void uncovered(const std::vector<std::uint8_t>& covered, bool side_a, const std::vector<Passage>& passages) {
        std::vector<std::pair<std::uint32_t, std::uint32_t>> ends;  // (end here, end in the other text)
        ends.reserve(passages.size());
        for (const Passage& p : passages) ends.push_back(side_a ? std::pair{p.a.end, p.b.end} : std::pair{p.b.end, p.a.end});
        std::stable_sort(ends.begin(), ends.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
        std::size_t next = 0;
        std::uint32_t anchor = 0;
        const auto n = static_cast<std::uint32_t>(covered.size());
        std::uint32_t t = 0;
        while (t < n) {
            if (covered[t] != 0) {
                ++t;
                continue;
            }
            std::uint32_t end = t;
            while (end < n && covered[end] == 0) ++end;
            while (next < ends.size() && ends[next].first <= t) anchor = ends[next++].second;
            if (side_a) {
                add(EditKind::deletion, {t, end}, {anchor, anchor}, -1);
            } else {
                add(EditKind::insertion, {anchor, anchor}, {t, end}, -1);
            }
            t = end;
        }
    }

    void add(EditKind kind, TokenRange ra, TokenRange rb, std::int32_t passage) {
        edits_.push_back({kind, ra, rb, passage});
    }

    std::vector<Edit> take() { return std::move(edits_); }

private:
    void hunk(TokenRange ra, TokenRange rb, std::int32_t passage) {
        if (ra.empty() && rb.empty()) return;
        if (!ra.empty() && !rb.empty() && ra.size() <= params_.max_substitution_tokens &&
            rb.size() <= params_.max_substitution_tokens) {
            add(EditKind::substitution, ra, rb, passage);
            return;
        }
        if (!ra.empty()) add(EditKind::deletion, ra, {rb.begin, rb.begin}, passage);
        if (!rb.empty()) add(EditKind::insertion, {ra.end, ra.end}, rb, passage);
    }

    const Side& a_;
    const Side& b_;
    const Params& params_;
    std::vector<Edit> edits_;
};

double stopword_share(std::span<const Token> tokens, const std::vector<Run>& tiles,
                      const std::vector<std::uint32_t>& members) {
    std::size_t stop = 0, total = 0;
    for (const auto t : members) {
        for (std::uint32_t i = 0; i < tiles[t].length; ++i) {
            stop += text::is_stopword(tokens[tiles[t].a_begin + i].hash) ? 1 : 0;
            ++total;
        }
    }
    return total == 0 ? 1.0 : static_cast<double>(stop) / static_cast<double>(total);
}

bool mostly_quoted(std::span<const Token> tokens, TokenRange r, double share) {
    std::size_t quoted = 0;
    for (auto t = r.begin; t < r.end; ++t) quoted += tokens[t].in_quote ? 1 : 0;
    return static_cast<double>(quoted) > share * r.size();
}

/// Alignment in canonical orientation (a is the side whose k-grams are indexed).
/// `max_runs`: runs held at once while tiling (tiles_of); 0: the default for the pair's size.
Alignment align_canonical(const Side& a, const Side& b, const Params& params, std::size_t max_runs) {
    Alignment out;
    const std::size_t shorter = std::min(a.tokens.size(), b.tokens.size());
    // A text shorter than the thresholds can still match as a whole.
    const std::size_t k = std::max<std::size_t>(1, std::min<std::size_t>(params.anchor_tokens, shorter));
    const std::size_t min_passage = std::max<std::size_t>(1, std::min<std::size_t>(params.min_passage_tokens, shorter));

    if (max_runs == 0) max_runs = kRunsPerToken * (a.tokens.size() + b.tokens.size());
    const std::vector<Run> tiles = tiles_of(a.tokens, b.tokens, k, params.max_anchor_occurrences, max_runs);
    std::vector<Chain> chains = chain(tiles, a.tokens.size(), b.tokens.size(), params.max_gap_tokens,
                                      static_cast<std::uint32_t>(k));
    std::erase_if(chains, [&](const Chain& c) {
        return c.passage.matched < min_passage ||
               stopword_share(a.tokens, tiles, c.tiles) > params.max_passage_stopword_share;
    });
    mark_moved(chains);

    std::vector<std::uint8_t> covered_a(a.tokens.size(), 0), covered_b(b.tokens.size(), 0);
    EditCollector edits(a, b, params);
    for (std::size_t c = 0; c < chains.size(); ++c) {
        Passage& p = chains[c].passage;
        p.quote = mostly_quoted(a.tokens, p.a, params.quote_passage_share) &&
                  mostly_quoted(b.tokens, p.b, params.quote_passage_share);
        const auto index = static_cast<std::int32_t>(c);
        for (std::size_t m = 0; m < chains[c].tiles.size(); ++m) {
            const Run& r = tiles[chains[c].tiles[m]];
            out.runs.push_back(r);
            edits.respellings(r, index);
            if (m + 1 < chains[c].tiles.size()) {
                const Run& next = tiles[chains[c].tiles[m + 1]];
                edits.gap({r.a_begin + r.length, next.a_begin}, {r.b_begin + r.length, next.b_begin}, index);
            }
        }
        if (p.moved) edits.add(EditKind::move, p.a, p.b, index);
        std::fill(covered_a.begin() + p.a.begin, covered_a.begin() + p.a.end, 1);
        std::fill(covered_b.begin() + p.b.begin, covered_b.begin() + p.b.end, 1);
        out.passages.push_back(p);
    }
    edits.uncovered(covered_a, true, out.passages);
    edits.uncovered(covered_b, false, out.passages);
    out.edits = edits.take();
    out.covered_a = static_cast<std::uint32_t>(std::count(covered_a.begin(), covered_a.end(), 1));
    out.covered_b = static_cast<std::uint32_t>(std::count(covered_b.begin(), covered_b.end(), 1));
    return out;
}

EditKind mirrored(EditKind kind) {
    if (kind == EditKind::insertion) return EditKind::deletion;
    if (kind == EditKind::deletion) return EditKind::insertion;
    return kind;
}

void mirror(Alignment& al) {
    for (Run& r : al.runs) std::swap(r.a_begin, r.b_begin);
    for (Passage& p : al.passages) std::swap(p.a, p.b);
    for (Edit& e : al.edits) {
        std::swap(e.a, e.b);
        e.kind = mirrored(e.kind);
    }
    std::swap(al.covered_a, al.covered_b);
    std::swap(al.coverage_a, al.coverage_b);
}

/// Puts passages, runs and edits in the documented order (by b, then a) and renumbers the
/// passage references of the edits.
void order_by_b(Alignment& al) {
    std::vector<std::size_t> order(al.passages.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        const auto& px = al.passages[x];
        const auto& py = al.passages[y];
        return px.b.begin != py.b.begin ? px.b.begin < py.b.begin : px.a.begin < py.a.begin;
    });
    std::vector<std::int32_t> renumber(order.size());
    std::vector<Passage> passages;
    passages.reserve(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        renumber[order[i]] = static_cast<std::int32_t>(i);
        passages.push_back(al.passages[order[i]]);
    }
    al.passages = std::move(passages);
    for (Edit& e : al.edits) {
        if (e.passage >= 0) e.passage = renumber[static_cast<std::size_t>(e.passage)];
    }
    std::sort(al.runs.begin(), al.runs.end(), [](const Run& x, const Run& y) {
        return x.b_begin != y.b_begin ? x.b_begin < y.b_begin : x.a_begin < y.a_begin;
    });
    std::sort(al.edits.begin(), al.edits.end(), [](const Edit& x, const Edit& y) {
        if (x.b.begin != y.b.begin) return x.b.begin < y.b.begin;
        if (x.a.begin != y.a.begin) return x.a.begin < y.a.begin;
        if (x.kind != y.kind) return x.kind < y.kind;
        if (x.b.end != y.b.end) return x.b.end < y.b.end;
        return x.a.end < y.a.end;
    });
}

/// True when b should be the indexed (first) side: the shorter text, ties broken by content.
bool canonical_swap(std::span<const Token> a, std::span<const Token> b) {
    if (a.size() != b.size()) return b.size() < a.size();
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].hash != b[i].hash) return b[i].hash < a[i].hash;
    }
    return false;
}

}  // namespace

namespace detail {

Alignment align_holding_runs(std::string_view text_a, std::span<const text::Token> a, std::string_view text_b,
                             std::span<const text::Token> b, const Params& params, std::size_t max_runs) {
    const Side side_a{text_a, a};
    const Side side_b{text_b, b};
    Alignment al;
    if (canonical_swap(a, b)) {
        al = align_canonical(side_b, side_a, params, max_runs);
        mirror(al);
    } else {
        al = align_canonical(side_a, side_b, params, max_runs);
    }
    order_by_b(al);
    al.coverage_a = a.empty() ? 0.0 : static_cast<double>(al.covered_a) / static_cast<double>(a.size());
    al.coverage_b = b.empty() ? 0.0 : static_cast<double>(al.covered_b) / static_cast<double>(b.size());
    return al;
}

}  // namespace detail

Alignment align(std::string_view text_a, std::span<const text::Token> a, std::string_view text_b,
                std::span<const text::Token> b, const Params& params) {
    return detail::align_holding_runs(text_a, a, text_b, b, params, 0);
}

Alignment mirrored(Alignment al) {
    mirror(al);
    order_by_b(al);
    return al;
}

}  // namespace wiretrace::align
