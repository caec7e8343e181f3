// SPDX-License-Identifier: Apache-2.0
// The stages of find_candidates() as separate functions, so that a distributed scan can run each
// one on the part of the data a process holds (a hash range of keys, a range of documents) and
// get exactly the pairs one process finds. find_candidates() chains them.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "wiretrace/candidates/candidates.hpp"
#include "wiretrace/candidates/rare_terms.hpp"

namespace wiretrace::candidates::detail {

using Keys = std::vector<std::uint64_t>;

/// DocInfo by document number: a dense range [first, first + local.size()) (every document in
/// one process; a process's own documents in a distributed run) and, sorted by number, the other
/// documents a distributed stage looks at.
class DocTable {
public:
    DocTable(std::span<const DocInfo> local, std::uint32_t first) : local_(local), first_(first) {}
    /// Adds other documents' DocInfo (sorted by number, unique, none in the dense range).
    void set_remote(std::vector<std::pair<std::uint32_t, DocInfo>> remote) { remote_ = std::move(remote); }

    const DocInfo& operator[](std::uint32_t doc) const {
        const std::uint32_t i = doc - first_;  // wraps for doc < first_
        if (i < local_.size()) return local_[i];
        return remote(doc);
    }
    std::uint32_t first() const { return first_; }
    std::uint32_t end() const { return first_ + static_cast<std::uint32_t>(local_.size()); }
    bool is_local(std::uint32_t doc) const { return doc - first_ < local_.size(); }

private:
    const DocInfo& remote(std::uint32_t doc) const;
    std::span<const DocInfo> local_;
    std::uint32_t first_;
    std::vector<std::pair<std::uint32_t, DocInfo>> remote_;
};

/// True when window > 0 and both documents are dated further apart than it.
bool outside_window(const DocInfo& x, const DocInfo& y, std::int64_t window);

/// The tie-break among equally good partners: the dated before the undated, the earlier
/// published, then the earlier in the corpus.
bool earlier(const DocTable& docs, std::uint32_t x, std::uint32_t y);

/// Groups of equal hash in sorted keys: group g is [starts[g], starts[g + 1]).
std::vector<std::size_t> group_starts(const Keys& keys);

/// True when a fingerprint group of `size` documents is one the join uses (2 to
/// max_document_frequency documents), counting it into `stats` (shared and boilerplate
/// fingerprints) when it has 2 or more.
bool count_group(std::size_t size, const Options& o, Stats& stats);

/// The fingerprint groups (see group_starts) that the join uses (count_group), counting shared
/// and boilerplate fingerprints into `stats`.
std::vector<std::uint32_t> useful_groups(const std::vector<std::size_t>& starts, const Options& o, Stats& stats);

/// Calls visit(group) for every group of equal hash in sorted keys, in order.
template <typename Visit>
void for_each_group(std::span<const std::uint64_t> keys, Visit&& visit) {
    for (std::size_t i = 0; i < keys.size();) {
        std::size_t j = i + 1;
        while (j < keys.size() && key_hash(keys[j]) == key_hash(keys[i])) ++j;
        visit(keys.subspan(i, j - i));
        i = j;
    }
}

/// The fingerprint join's index: the documents of every useful group (count_group), and for
/// every document of [first, end) the useful groups it belongs to, as CSR arrays. Only the
/// useful groups are kept (4 bytes a document in one), not the keys.
class FingerprintIndex {
public:
    /// Builds an index from the groups of sorted keys given one at a time in ascending hash
    /// order, so that the keys need not be in memory at once (a merge of sorted runs on disk).
    class Builder {
    public:
        Builder(const Options& o, Stats& stats) : o_(o), stats_(stats) {}
        /// Adds one group: the keys of one hash, sorted (every document holding it).
        void add_group(std::span<const std::uint64_t> group);
        /// The index of the groups added, for the documents [first, end).
        FingerprintIndex finish(std::uint32_t first, std::uint32_t end) &&;

    private:
        const Options& o_;
        Stats& stats_;
        std::vector<std::uint64_t> starts_{0};
        std::vector<std::uint32_t> docs_;
    };

    /// The index of keys (any order; whole groups), for the documents [first, end).
    FingerprintIndex(Keys keys, std::uint32_t first, std::uint32_t end, const Options& o, Stats& stats);

    /// Useful fingerprints of `a` (its slots are 0 to this - 1).
    std::uint32_t useful_of(std::uint32_t a) const {
        return static_cast<std::uint32_t>(offsets_[a - first_ + 1] - offsets_[a - first_]);
    }

    /// Calls visit(b, slot) for every other document b holding a's useful fingerprint `slot`.
    template <typename Visit>
    void for_each_partner(std::uint32_t a, Visit&& visit) const {
        const std::size_t i = a - first_;
        for (std::uint64_t k = offsets_[i]; k < offsets_[i + 1]; ++k) {
            const std::uint32_t g = groups_of_[k];
            const auto slot = static_cast<std::uint32_t>(k - offsets_[i]);
            for (std::uint64_t j = starts_[g]; j < starts_[g + 1]; ++j) {
                if (docs_[j] != a) visit(docs_[j], slot);
            }
        }
    }

    /// Useful fingerprints documents a (in the index's range) and b share.
    std::uint32_t shared(std::uint32_t a, std::uint32_t b) const;

    /// Every document number in the index's useful groups, sorted and unique.
    std::vector<std::uint32_t> documents() const;

private:
    FingerprintIndex() = default;
    std::uint32_t first_ = 0;
    std::vector<std::uint64_t> starts_;    ///< useful group g holds docs_[starts_[g], starts_[g + 1])
    std::vector<std::uint32_t> docs_;      ///< ascending within a group
    std::vector<std::uint64_t> offsets_;
    std::vector<std::uint32_t> groups_of_;
};

/// Pairs of the fingerprint join that the documents of the index's range keep (per-document
/// selection), as sorted unique pair codes. Counts fingerprint_pairs and outside_window.
Keys join_fingerprints(const FingerprintIndex& index, std::uint32_t first, std::uint32_t end, const DocTable& docs,
                       const Options& o, Stats& stats);

/// Pair codes of every pair sharing a band, once per shared band, sorted (a band group above
/// the cap gives a star around its earliest document). `keys` are band keys, whole groups.
Keys band_codes(Keys keys, const DocTable& docs, const Options& o, Stats& stats);

/// A band pair seen from `doc`: `partner` could be its source.
struct BandEdge {
    std::uint32_t doc;
    std::uint32_t partner;
    std::uint32_t bands;
};

/// The edges of sorted band codes (each pair repeated once per shared band; all repeats of a
/// pair present): both directions where the partner can be the source, pairs outside the time
/// window dropped. Counts band_pairs and outside_window.
std::vector<BandEdge> band_edges(const Keys& codes, const DocTable& docs, const Options& o, Stats& stats);

/// The band pairs each document keeps from its edges (all edges of a document present): the
/// max_sources sharing most bands (ties: the earlier published, then the earlier in the corpus).
/// Sorted unique pair codes.
Keys select_band_edges(std::vector<BandEdge> edges, const DocTable& docs, const Options& o);

/// The union of the three sources' sorted unique pair codes, sorted.
Keys merge_sources(std::span<const std::uint64_t> joined, std::span<const std::uint64_t> banded,
                   std::span<const std::uint64_t> tfidf);

/// find_candidates() with the fingerprint join's index already built (index, over every
/// document; keys counted into stats.fingerprint_keys by the caller).
std::vector<Pair> find_candidates(const FingerprintIndex& index, Keys band_keys, std::span<const DocInfo> infos,
                                  const Options& options, Stats& stats, std::span<const std::uint64_t> tfidf_codes);

/// rare_term_neighbours() over a DocTable holding every document of `terms` (numbered from 0).
std::vector<Neighbour> rare_term_neighbours(const RareTerms& terms, const DocTable& docs, const Options& o,
                                            Stats& stats);

}  // namespace wiretrace::candidates::detail
