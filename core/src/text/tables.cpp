// SPDX-License-Identifier: Apache-2.0
// Parses the data files embedded by cmake/EmbedTextData.cmake into lookup tables.
#include "text/tables.hpp"

#include "wiretrace/text.hpp"

namespace wiretrace::text {
namespace data {
extern const std::string_view kSpellingVariants;
extern const std::string_view kStopwords;
}  // namespace data

namespace detail {
namespace {

/// Calls `line_fn` for every line that is neither empty nor a `#` comment, without the newline.
template <typename Fn>
void for_each_data_line(std::string_view data, Fn line_fn) {
    while (!data.empty()) {
        const auto nl = data.find('\n');
        std::string_view line = data.substr(0, nl);
        data = nl == std::string_view::npos ? std::string_view{} : data.substr(nl + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;
        line_fn(line);
    }
}

Tables build_tables() {
    Tables t;
    for_each_data_line(data::kSpellingVariants, [&](std::string_view line) {
        const auto tab = line.find('\t');
        if (tab == std::string_view::npos) return;
        t.canonical.emplace(line.substr(0, tab), line.substr(tab + 1));
    });
    for_each_data_line(data::kStopwords, [&](std::string_view word) {
        t.stopword_hashes.insert(hash_folded(word));
    });
    return t;
}

}  // namespace

const Tables& tables() {
    static const Tables instance = build_tables();
    return instance;
}

}  // namespace detail

bool is_stopword(std::uint64_t token_hash) {
    return detail::tables().stopword_hashes.count(token_hash) != 0;
}

std::size_t spelling_variant_count() { return detail::tables().canonical.size(); }

}  // namespace wiretrace::text
