// SPDX-License-Identifier: Apache-2.0
// Parses the data files embedded by cmake/EmbedTextData.cmake into lookup tables.
#include "text/tables_internal.hpp"

#include <algorithm>

#include "embedded_data.hpp"
#include "wiretrace/io/lines.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/text/tables.hpp"

namespace wiretrace::text {
namespace detail {
namespace {

/// Calls `line_fn` for every line that is neither empty nor a `#` comment, without the newline.
template <typename Fn>
void for_each_data_line(std::string_view data, Fn line_fn) {
    io::for_each_line(data, [&](std::size_t, std::string_view line) {
        if (!line.empty() && line.front() != '#') line_fn(line);
    });
}

Tables build_tables() {
    Tables t;
    for_each_data_line(data::kSpellingVariants, [&](std::string_view line) {
        const auto tab = line.find('\t');
        if (tab == std::string_view::npos) return;
        t.canonical.emplace(line.substr(0, tab), line.substr(tab + 1));
        t.canonical_hash.insert(hash_folded(line.substr(0, tab)), hash_folded(line.substr(tab + 1)));
    });
    for_each_data_line(data::kStopwords, [&](std::string_view word) {
        t.stopword_hashes.insert(hash_folded(word), 1);
    });
    return t;
}

}  // namespace

void HashMap64::insert(std::uint64_t key, std::uint64_t value) {
    if ((size_ + 1) * 2 > slots_.size()) {  // keep the load factor at or below 1/2
        std::vector<std::pair<std::uint64_t, std::uint64_t>> old(std::max<std::size_t>(16, slots_.size() * 2));
        old.swap(slots_);
        mask_ = slots_.size() - 1;
        size_ = 0;
        for (const auto& [k, v] : old) {
            if (k != 0) insert(k, v);
        }
    }
    key = key == 0 ? 1 : key;
    const auto bit = key >> kFilterShift;
    filter_[bit / 64] |= std::uint64_t{1} << (bit % 64);
    std::size_t i = key & mask_;
    while (slots_[i].first != 0 && slots_[i].first != key) i = (i + 1) & mask_;
    if (slots_[i].first == 0) ++size_;
    slots_[i] = {key, value};
}

const Tables& tables() {
    static const Tables instance = build_tables();
    return instance;
}

}  // namespace detail

bool is_stopword(std::uint64_t token_hash) {
    return detail::tables().stopword_hashes.find(token_hash) != nullptr;
}

std::size_t spelling_variant_count() { return detail::tables().canonical.size(); }

std::vector<std::pair<std::string_view, std::string_view>> spelling_variant_pairs() {
    const auto& canonical = detail::tables().canonical;
    std::vector<std::pair<std::string_view, std::string_view>> pairs(canonical.begin(), canonical.end());
    std::sort(pairs.begin(), pairs.end());
    return pairs;
}

}  // namespace wiretrace::text
