// SPDX-License-Identifier: Apache-2.0
// Candidate generation: the fingerprint join (sort, group, count shared fingerprints per
// document) and LSH banding.
#include "wiretrace/candidates/candidates.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <iterator>
#include <tbb/blocked_range.h>
#include <tbb/combinable.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include "candidates/join.hpp"
#include "hash.hpp"
#include "wiretrace/error.hpp"

namespace wiretrace::candidates {
namespace detail {
namespace {

/// Sorts and deduplicates per-thread vectors of pair codes into one.
Keys merge_codes(tbb::combinable<Keys>& parts) {
    Keys all;
    parts.combine_each([&](const Keys& part) { all.insert(all.end(), part.begin(), part.end()); });
    tbb::parallel_sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
}

/// A partner of one document: another document sharing fingerprints with it.
struct Partner {
    std::uint32_t doc;
    std::uint32_t shared;
    std::size_t first;  ///< its fingerprint slots are slots[first, first + shared)
};

/// Per-thread buffers of select_partners().
struct Scratch {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> hits;  ///< (partner, fingerprint slot of a)
    std::vector<std::uint32_t> table;    ///< open addressing: 1 + index into `groups`; 0: empty
    std::vector<Partner> groups;         ///< every partner of the hits, in order of first hit
    std::vector<std::uint32_t> hit_group;  ///< the group of every hit
    std::vector<std::uint32_t> slots;    ///< fingerprint slots of a, partner by partner
    std::vector<Partner> partners;
    std::vector<std::uint8_t> covered;
    std::vector<std::uint8_t> taken;
    Keys codes;
    std::uint64_t found = 0;
    std::uint64_t windowed = 0;
};

/// The pairs of the fingerprint join that document `a` keeps (codes appended to s.codes), from
/// s.hits: every (partner, slot) where the partner holds a's fingerprint number `slot`.
///
/// Two picks, among the partners that could be a's source: the max_sources that share most of
/// a (ties: the earlier published, then the earlier in the corpus): the source and the copies
/// between it and a; the best wire partner if none of those is one; then, up to max_sources more, the partner that shares most fingerprints
/// not yet shared with a picked one, while that is at least min_shared: the other sources of a
/// roundup, whose own copies would otherwise fill the first pick.
void select_partners(std::uint32_t a, std::uint32_t useful_slots, const DocTable& docs, const Options& o,
                     Scratch& s) {
    const std::uint32_t a_fingerprints = docs[a].fingerprints;
    // The hits grouped by partner: counted in a small hash table, then their slots laid out
    // partner by partner. PERF: sorting the hits was the largest cost of the join.
    std::size_t capacity = 16;
    while (capacity < 2 * s.hits.size()) capacity *= 2;
    const std::size_t mask = capacity - 1;
    s.table.assign(capacity, 0);
    s.groups.clear();
    s.hit_group.resize(s.hits.size());
    for (std::size_t h = 0; h < s.hits.size(); ++h) {
        const std::uint32_t b = s.hits[h].first;
        std::size_t t = ::wiretrace::detail::mix64(b) & mask;
        while (s.table[t] != 0 && s.groups[s.table[t] - 1].doc != b) t = (t + 1) & mask;
        if (s.table[t] == 0) {
            s.groups.push_back({b, 0, 0});
            s.table[t] = static_cast<std::uint32_t>(s.groups.size());
        }
        ++s.groups[s.table[t] - 1].shared;
        s.hit_group[h] = s.table[t] - 1;
    }
    std::size_t start = 0;
    for (Partner& g : s.groups) {
        g.first = start;
        start += g.shared;
    }
    s.slots.resize(s.hits.size());
    for (std::size_t h = 0; h < s.hits.size(); ++h) s.slots[s.groups[s.hit_group[h]].first++] = s.hits[h].second;
    for (Partner& g : s.groups) g.first -= g.shared;
    s.partners.clear();
    for (const Partner& g : s.groups) {
        const std::uint32_t shared = g.shared;
        const std::uint32_t b = g.doc;
        if (!shares_enough(shared, a_fingerprints, docs[b].fingerprints, o.min_shared, o.min_containment)) continue;
        if (a < b) ++s.found;  // each pair is seen from both ends: count it once
        if (outside_window(docs[a], docs[b], o.window_seconds)) {
            if (a < b) ++s.windowed;
            continue;
        }
        if (!can_be_source(docs[b], docs[a], o.timestamp_tolerance_seconds)) continue;
        s.partners.push_back(g);
    }
    std::sort(s.partners.begin(), s.partners.end(), [&](const Partner& x, const Partner& y) {
        if (x.shared != y.shared) return x.shared > y.shared;  // same denominator: a's fingerprints
        return earlier(docs, x.doc, y.doc);
    });
    s.covered.assign(useful_slots, 0);
    s.taken.assign(s.partners.size(), 0);
    const auto take = [&](std::size_t p) {
        s.taken[p] = 1;
        const Partner& partner = s.partners[p];
        for (std::size_t k = partner.first; k < partner.first + partner.shared; ++k) s.covered[s.slots[k]] = 1;
        s.codes.push_back(pair_code(a, partner.doc));
    };
    const std::size_t first_pick = std::min<std::size_t>(s.partners.size(), o.max_sources);
    for (std::size_t p = 0; p < first_pick; ++p) take(p);
    // The wire story itself, when its copies fill the first pick: the likeliest original.
    const auto wire = std::find_if(s.partners.begin(), s.partners.end(), [&](const Partner& p) { return docs[p.doc].wire; });
    if (wire != s.partners.end() && s.taken[static_cast<std::size_t>(wire - s.partners.begin())] == 0) {
        take(static_cast<std::size_t>(wire - s.partners.begin()));
    }
    for (std::uint32_t extra = 0; extra < o.max_sources; ++extra) {
        std::size_t best = s.partners.size();
        std::uint32_t best_fresh = 0;
        for (std::size_t p = first_pick; p < s.partners.size(); ++p) {
            if (s.taken[p] != 0) continue;
            const Partner& partner = s.partners[p];
            std::uint32_t fresh = 0;
            for (std::size_t k = partner.first; k < partner.first + partner.shared; ++k) fresh += s.covered[s.slots[k]] == 0;
            if (fresh > best_fresh) {
                best = p;
                best_fresh = fresh;
            }
        }
        if (best_fresh < o.min_shared) break;
        take(best);
    }
}

}  // namespace

bool outside_window(const DocInfo& x, const DocInfo& y, std::int64_t window) {
    return window > 0 && x.has_time && y.has_time && std::llabs(x.published - y.published) > window;
}

bool earlier(const DocTable& docs, std::uint32_t x, std::uint32_t y) {
    const DocInfo& dx = docs[x];
    const DocInfo& dy = docs[y];
    if (dx.has_time != dy.has_time) return dx.has_time;
    if (dx.has_time && dx.published != dy.published) return dx.published < dy.published;
    return x < y;
}

const DocInfo& DocTable::remote(std::uint32_t doc) const {
    const auto it = std::lower_bound(remote_.begin(), remote_.end(), doc,
                                     [](const auto& entry, std::uint32_t d) { return entry.first < d; });
    if (it == remote_.end() || it->first != doc) {
        throw Error(Errc::bad_argument, "", "candidate join: no information about a document it was given");
    }
    return it->second;
}

std::vector<std::size_t> group_starts(const Keys& keys) {
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (i == 0 || key_hash(keys[i]) != key_hash(keys[i - 1])) starts.push_back(i);
    }
    starts.push_back(keys.size());
    return starts;
}

bool count_group(std::size_t size, const Options& o, Stats& stats) {
    if (size < 2) return false;
    ++stats.shared_fingerprints;
    if (size > o.max_document_frequency) {
        ++stats.boilerplate_fingerprints;
        stats.boilerplate_keys += size;
        return false;
    }
    return true;
}

std::vector<std::uint32_t> useful_groups(const std::vector<std::size_t>& starts, const Options& o, Stats& stats) {
    std::vector<std::uint32_t> useful;
    for (std::size_t g = 0; g + 1 < starts.size(); ++g) {
        if (count_group(starts[g + 1] - starts[g], o, stats)) useful.push_back(static_cast<std::uint32_t>(g));
    }
    return useful;
}

void FingerprintIndex::Builder::add_group(std::span<const std::uint64_t> group) {
    if (!count_group(group.size(), o_, stats_)) return;
    for (const std::uint64_t key : group) docs_.push_back(key_doc(key));
    starts_.push_back(docs_.size());
}

FingerprintIndex FingerprintIndex::Builder::finish(std::uint32_t first, std::uint32_t end) && {
    FingerprintIndex index;
    index.first_ = first;
    index.starts_ = std::move(starts_);
    index.docs_ = std::move(docs_);
    index.starts_.shrink_to_fit();
    index.docs_.shrink_to_fit();
    const std::size_t documents = end - first;
    const auto in_range = [&](std::uint32_t d) { return d - first < documents; };
    index.offsets_.assign(documents + 1, 0);
    for (const std::uint32_t d : index.docs_) {
        if (in_range(d)) ++index.offsets_[d - first + 1];
    }
    for (std::size_t d = 0; d < documents; ++d) index.offsets_[d + 1] += index.offsets_[d];
    index.groups_of_.resize(index.offsets_.back());
    std::vector<std::uint64_t> fill(index.offsets_.begin(), index.offsets_.end() - 1);
    for (std::size_t g = 0; g + 1 < index.starts_.size(); ++g) {
        for (std::uint64_t i = index.starts_[g]; i < index.starts_[g + 1]; ++i) {
            const std::uint32_t d = index.docs_[i];
            if (in_range(d)) index.groups_of_[fill[d - first]++] = static_cast<std::uint32_t>(g);
        }
    }
    return index;
}

FingerprintIndex::FingerprintIndex(Keys keys, std::uint32_t first, std::uint32_t end, const Options& o, Stats& stats) {
    tbb::parallel_sort(keys.begin(), keys.end());
    Builder builder(o, stats);
    for_each_group(keys, [&](std::span<const std::uint64_t> group) { builder.add_group(group); });
    Keys().swap(keys);  // the useful groups are copied: the keys go before the index is laid out
    *this = std::move(builder).finish(first, end);
}

std::uint32_t FingerprintIndex::shared(std::uint32_t a, std::uint32_t b) const {
    std::uint32_t n = 0;
    const std::size_t i = a - first_;
    if (const std::size_t j = b - first_; j + 1 < offsets_.size()) {
        // Both in the range: the two ascending lists of useful groups intersected. PERF: a binary
        // search in each of a's groups cost 2% of a million-article scan.
        auto x = groups_of_.begin() + static_cast<std::ptrdiff_t>(offsets_[i]);
        const auto x_end = groups_of_.begin() + static_cast<std::ptrdiff_t>(offsets_[i + 1]);
        auto y = groups_of_.begin() + static_cast<std::ptrdiff_t>(offsets_[j]);
        const auto y_end = groups_of_.begin() + static_cast<std::ptrdiff_t>(offsets_[j + 1]);
        while (x != x_end && y != y_end) {
            if (*x < *y) {
                ++x;
            } else if (*y < *x) {
                ++y;
            } else {
                ++n;
                ++x;
                ++y;
            }
        }
        return n;
    }
    for (std::uint64_t k = offsets_[i]; k < offsets_[i + 1]; ++k) {
        const std::uint32_t g = groups_of_[k];
        const auto group_first = docs_.begin() + static_cast<std::ptrdiff_t>(starts_[g]);
        const auto group_last = docs_.begin() + static_cast<std::ptrdiff_t>(starts_[g + 1]);
        if (std::binary_search(group_first, group_last, b)) ++n;
    }
    return n;
}

std::vector<std::uint32_t> FingerprintIndex::documents() const {
    std::vector<std::uint32_t> docs(docs_);
    tbb::parallel_sort(docs.begin(), docs.end());
    docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
    return docs;
}

Keys join_fingerprints(const FingerprintIndex& index, std::uint32_t first, std::uint32_t end, const DocTable& docs,
                       const Options& o, Stats& stats) {
    tbb::combinable<Scratch> scratch;
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(first, end, 256), [&](const auto& range) {
        Scratch& l = scratch.local();
        for (std::uint32_t a = range.begin(); a < range.end(); ++a) {
            l.hits.clear();
            index.for_each_partner(a, [&](std::uint32_t b, std::uint32_t slot) { l.hits.emplace_back(b, slot); });
            select_partners(a, index.useful_of(a), docs, o, l);
        }
    });
    tbb::combinable<Keys> codes;
    scratch.combine_each([&](Scratch& l) {
        stats.fingerprint_pairs += l.found;
        stats.outside_window += l.windowed;
        Keys& mine = codes.local();  // combine_each runs on this thread: one part
        mine.insert(mine.end(), l.codes.begin(), l.codes.end());
    });
    return merge_codes(codes);
}

std::vector<BandEdge> band_edges(const Keys& codes, const DocTable& docs, const Options& o, Stats& stats) {
    std::vector<BandEdge> edges;
    for (std::size_t i = 0; i < codes.size();) {
        std::size_t j = i;
        while (j < codes.size() && codes[j] == codes[i]) ++j;
        const auto a = static_cast<std::uint32_t>(codes[i] >> 32);
        const auto b = static_cast<std::uint32_t>(codes[i]);
        const auto bands = static_cast<std::uint32_t>(j - i);
        i = j;
        ++stats.band_pairs;
        if (outside_window(docs[a], docs[b], o.window_seconds)) {
            ++stats.outside_window;
            continue;
        }
        if (can_be_source(docs[b], docs[a], o.timestamp_tolerance_seconds)) edges.push_back({a, b, bands});
        if (can_be_source(docs[a], docs[b], o.timestamp_tolerance_seconds)) edges.push_back({b, a, bands});
    }
    return edges;
}

Keys select_band_edges(std::vector<BandEdge> edges, const DocTable& docs, const Options& o) {
    std::sort(edges.begin(), edges.end(), [&](const BandEdge& x, const BandEdge& y) {
        if (x.doc != y.doc) return x.doc < y.doc;
        if (x.bands != y.bands) return x.bands > y.bands;
        return earlier(docs, x.partner, y.partner);
    });
    Keys kept;
    for (std::size_t i = 0; i < edges.size();) {
        std::size_t j = i;
        while (j < edges.size() && edges[j].doc == edges[i].doc) ++j;
        for (std::size_t k = i; k < std::min(j, i + o.max_sources); ++k) kept.push_back(pair_code(edges[k].doc, edges[k].partner));
        i = j;
    }
    tbb::parallel_sort(kept.begin(), kept.end());
    kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
    return kept;
}

Keys merge_sources(std::span<const std::uint64_t> joined, std::span<const std::uint64_t> banded,
                   std::span<const std::uint64_t> tfidf) {
    Keys two;
    two.reserve(joined.size() + banded.size());
    std::set_union(joined.begin(), joined.end(), banded.begin(), banded.end(), std::back_inserter(two));
    Keys all;
    all.reserve(two.size() + tfidf.size());
    std::set_union(two.begin(), two.end(), tfidf.begin(), tfidf.end(), std::back_inserter(all));
    return all;
}

Keys band_codes(Keys keys, const DocTable& docs, const Options& o, Stats& stats) {
    tbb::parallel_sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    const std::vector<std::size_t> starts = group_starts(keys);
    tbb::combinable<Keys> parts;
    std::atomic<std::uint64_t> oversize{0};
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, starts.size() - 1, 1024), [&](const auto& range) {
        Keys& out = parts.local();
        for (std::size_t g = range.begin(); g < range.end(); ++g) {
            const std::size_t begin = starts[g];
            const std::size_t end = starts[g + 1];
            if (end - begin < 2) continue;
            if (end - begin <= o.max_document_frequency) {
                for (std::size_t i = begin; i < end; ++i) {
                    for (std::size_t j = i + 1; j < end; ++j) out.push_back(pair_code(key_doc(keys[i]), key_doc(keys[j])));
                }
                continue;
            }
            oversize.fetch_add(1, std::memory_order_relaxed);
            std::uint32_t hub = key_doc(keys[begin]);
            for (std::size_t i = begin + 1; i < end; ++i) {
                const std::uint32_t d = key_doc(keys[i]);
                if (can_be_source(docs[d], docs[hub], o.timestamp_tolerance_seconds) &&
                    !can_be_source(docs[hub], docs[d], o.timestamp_tolerance_seconds)) {
                    hub = d;  // d is clearly earlier
                }
            }
            for (std::size_t i = begin; i < end; ++i) {
                if (key_doc(keys[i]) != hub) out.push_back(pair_code(hub, key_doc(keys[i])));
            }
        }
    });
    stats.oversize_band_groups += oversize.load();
    Keys codes;
    parts.combine_each([&](const Keys& part) { codes.insert(codes.end(), part.begin(), part.end()); });
    tbb::parallel_sort(codes.begin(), codes.end());
    return codes;
}

}  // namespace detail

bool shares_enough(std::uint32_t shared, std::uint32_t fingerprints_a, std::uint32_t fingerprints_b,
                   std::uint32_t min_shared, double min_containment) {
    if (shared < min_shared) return false;
    const double in_a = static_cast<double>(shared) / std::max(fingerprints_a, 1U);
    const double in_b = static_cast<double>(shared) / std::max(fingerprints_b, 1U);
    return std::max(in_a, in_b) >= min_containment;
}

bool can_be_source(const DocInfo& x, const DocInfo& y, std::int64_t tolerance_seconds) {
    if (!x.has_time || !y.has_time) return true;
    return !(y.published + y.granularity + tolerance_seconds <= x.published);
}

std::uint32_t append_fingerprint_keys(std::span<const sketch::Fingerprint> fingerprints, std::uint32_t doc,
                                      std::vector<std::uint64_t>& out) {
    const std::size_t first = out.size();
    for (const auto& f : fingerprints) out.push_back(make_key(f.hash, doc));
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
    out.erase(std::unique(out.begin() + static_cast<std::ptrdiff_t>(first), out.end()), out.end());
    // Keys order by hash (the document is the same in all of them): the first are the smallest.
    if (out.size() - first > kMaxFingerprintKeys) out.resize(first + kMaxFingerprintKeys);
    return static_cast<std::uint32_t>(out.size() - first);
}

void append_band_keys(std::span<const std::uint32_t> signature, std::uint32_t bands, std::uint32_t doc,
                      std::vector<std::uint64_t>& out) {
    for (const std::uint64_t h : sketch::band_hashes(signature, bands)) out.push_back(make_key(h, doc));
}

std::uint32_t append_keys(const sketch::DocumentSketch& sketch, std::uint32_t doc,
                          std::vector<std::uint64_t>& fingerprint_keys, std::vector<std::uint64_t>& band_keys) {
    for (const std::uint64_t h : sketch.bands) band_keys.push_back(make_key(h, doc));
    return append_fingerprint_keys(sketch.fingerprints, doc, fingerprint_keys);
}

void count_sources(std::span<const std::uint64_t> all, std::span<const std::uint64_t> joined,
                   std::span<const std::uint64_t> banded, std::span<const std::uint64_t> tfidf, Stats& stats) {
    stats.from_fingerprints += joined.size();
    stats.from_bands += banded.size();
    stats.from_tfidf += tfidf.size();
    for (const std::uint64_t c : tfidf) {
        if (!std::binary_search(joined.begin(), joined.end(), c) && !std::binary_search(banded.begin(), banded.end(), c)) {
            ++stats.only_tfidf;
        }
    }
    stats.pairs += all.size();
}

std::vector<Pair> find_candidates(std::vector<std::uint64_t> fingerprint_keys, std::vector<std::uint64_t> band_keys,
                                  std::span<const DocInfo> infos, const Options& options, Stats& stats,
                                  std::span<const std::uint64_t> tfidf_codes) {
    using namespace detail;
    if (infos.size() > kMaxDocuments) {
        throw Error(Errc::too_large, "", "more documents than the candidate join can number (2^28)");
    }
    stats.fingerprint_keys = fingerprint_keys.size();
    const FingerprintIndex index(std::move(fingerprint_keys), 0, static_cast<std::uint32_t>(infos.size()), options,
                                 stats);
    return detail::find_candidates(index, std::move(band_keys), infos, options, stats, tfidf_codes);
}

namespace detail {

std::vector<Pair> find_candidates(const FingerprintIndex& index, Keys band_keys, std::span<const DocInfo> infos,
                                  const Options& options, Stats& stats, std::span<const std::uint64_t> tfidf_codes) {
    if (infos.size() > kMaxDocuments) {
        throw Error(Errc::too_large, "", "more documents than the candidate join can number (2^28)");
    }
    const auto n = static_cast<std::uint32_t>(infos.size());
    const DocTable docs(infos, 0);
    stats.band_keys = band_keys.size();
    const Keys joined = join_fingerprints(index, 0, n, docs, options, stats);
    const Keys banded =
        select_band_edges(band_edges(band_codes(std::move(band_keys), docs, options, stats), docs, options, stats),
                          docs, options);

    const Keys codes = merge_sources(joined, banded, tfidf_codes);
    count_sources(codes, joined, banded, tfidf_codes, stats);
    std::vector<Pair> out(codes.size());
    const auto in = [](std::span<const std::uint64_t> list, std::uint64_t code) {
        return std::binary_search(list.begin(), list.end(), code);
    };
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, codes.size(), 1024), [&](const auto& range) {
        for (std::size_t p = range.begin(); p < range.end(); ++p) {
            const auto a = static_cast<std::uint32_t>(codes[p] >> 32);
            const auto b = static_cast<std::uint32_t>(codes[p]);
            out[p] = {a, b, index.shared(a, b), in(joined, codes[p]), in(banded, codes[p]), in(tfidf_codes, codes[p])};
        }
    });
    return out;
}

}  // namespace detail

}  // namespace wiretrace::candidates
