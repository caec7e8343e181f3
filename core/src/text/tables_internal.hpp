// SPDX-License-Identifier: Apache-2.0
// Private: the spelling-variant and stop-word tables, parsed once from core/data.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>
#include <unordered_map>

namespace wiretrace::text::detail {

/// A read-mostly map between 64-bit hashes: open addressing, linear probing, key 0 reserved for
/// empty slots (hash 0 is mapped to 1 on the way in, which only merges two astronomically rare
/// keys). PERF: the tokenizer looks every word up here; this is ~4x faster than a string-keyed
/// std::unordered_map (bench_text). A 64 Kibit filter on the top 16 bits of the keys (8 KiB,
/// stays in L1) answers most misses without touching the slots (a few percent pass it for a
/// table of a few thousand keys), since nearly all words are not keys.
class HashMap64 {
public:
    void insert(std::uint64_t key, std::uint64_t value);
    /// The value stored for `key`, or nullptr.
    const std::uint64_t* find(std::uint64_t key) const {
        key = key == 0 ? 1 : key;
        if (!may_contain(key)) return nullptr;  // also when the map is empty
        for (std::size_t i = key & mask_;; i = (i + 1) & mask_) {
            if (slots_[i].first == key) return &slots_[i].second;
            if (slots_[i].first == 0) return nullptr;
        }
    }

private:
    static constexpr unsigned kFilterShift = 64 - 16;
    bool may_contain(std::uint64_t key) const {
        const auto bit = key >> kFilterShift;
        return ((filter_[bit / 64] >> (bit % 64)) & 1U) != 0;
    }

    std::array<std::uint64_t, (std::size_t{1} << (64 - kFilterShift)) / 64> filter_{};
    std::vector<std::pair<std::uint64_t, std::uint64_t>> slots_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

struct Tables {
    /// folded variant spelling -> folded canonical (US) spelling
    std::unordered_map<std::string_view, std::string_view> canonical;
    /// hash_folded(variant) -> hash_folded(canonical): the same table for the tokenizer
    HashMap64 canonical_hash;
    HashMap64 stopword_hashes;  ///< hash_folded(stop word) -> 1
};

/// The tables, built on first use (thread-safe static initialization).
const Tables& tables();

}  // namespace wiretrace::text::detail
