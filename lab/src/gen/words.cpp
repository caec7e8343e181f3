// SPDX-License-Identifier: Apache-2.0
// Word classes by suffix, and the ASCII word tests and keys of the generator.
#include "gen/words.hpp"

#include <algorithm>

#include "wiretrace/hash.hpp"

namespace wiretrace::gen::detail {

WordClass classify_suffix(std::string_view w) {
    auto ends = [&](std::string_view suffix, std::size_t min_size) { return w.size() >= min_size && w.ends_with(suffix); };
    if (ends("ing", 6)) return WordClass::gerund;
    if (ends("ed", 5)) return WordClass::past;
    if (ends("ly", 5)) return WordClass::adverb;
    for (std::string_view suffix : {"al", "ic", "ive", "ous", "ful", "less", "able", "ible", "ary", "ian", "ish"}) {
        if (ends(suffix, 6)) return WordClass::adjective;
    }
    for (std::string_view suffix : {"ize", "ise", "ate", "ify"}) {
        if (ends(suffix, 6)) return WordClass::verb;
    }
    if (ends("s", 4) && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is")) return WordClass::plural;
    return WordClass::noun;
}

std::uint64_t fold_key(std::string_view text) {
    char folded[64];
    std::size_t n = 0;
    for (char ch : text) {
        if (ch >= 'A' && ch <= 'Z') {
            ch = static_cast<char>(ch - 'A' + 'a');
        } else if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) {
            continue;
        }
        if (n < sizeof folded) folded[n++] = ch;
    }
    return wiretrace::hash_bytes(folded, n);
}

WordClass classify_word(const WordClasses& classes, const std::string& word) {
    const auto listed = classes.find(word);
    return listed != classes.end() ? listed->second : classify_suffix(word);
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool is_lower_alpha(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

}  // namespace wiretrace::gen::detail
