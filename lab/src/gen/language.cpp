// SPDX-License-Identifier: Apache-2.0
#include "gen/language.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <fstream>
#include <unordered_set>
#include <utf8proc.h>

#include "wiretrace/error.hpp"
#include "wiretrace/hash.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/text/wire.hpp"

namespace wiretrace::gen {

std::string_view to_string(Language language) {
    switch (language) {
        case Language::th: return "th";
        case Language::ar: return "ar";
        case Language::en: break;
    }
    return "en";
}

std::string_view default_word_list(Language language) {
    switch (language) {
        case Language::th: return "/usr/share/hunspell/th_TH.dic";
        case Language::ar: return "/usr/share/hunspell/ar.dic";
        case Language::en: break;
    }
    return "";
}

namespace detail {
namespace {

/// True for a letter (or mark) of the language's script as its word list writes it: Thai
/// U+0E01-U+0E4E; the Arabic letters U+0621-U+064A and harakat U+064B-U+0652.
bool in_script(Language language, utf8proc_int32_t cp) {
    if (language == Language::th) return cp >= 0x0E01 && cp <= 0x0E4E && cp != 0x0E3F;  // not the baht sign
    return cp >= 0x0621 && cp <= 0x0652 && cp != 0x0640;  // no tatweel
}

bool all_in_script(Language language, std::string_view word) {
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(word.data());
    std::size_t i = 0;
    while (i < word.size()) {
        utf8proc_int32_t cp = 0;
        const auto len = utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(word.size() - i), &cp);
        if (len <= 0 || !in_script(language, cp)) return false;
        i += static_cast<std::size_t>(len);
    }
    return !word.empty();
}

/// The word of the list an English token stands for: the same for the same folded word and seed.
const std::string& word_for(const std::vector<std::string>& words, std::uint64_t seed, std::uint64_t token_hash) {
    return words[mix64(token_hash ^ mix64(seed + 0x6C616E67ULL)) % words.size()];  // "lang"
}

bool is_number(std::string_view s) {
    for (const char c : s) {
        if ((c < '0' || c > '9') && c != '.' && c != ',') return false;
    }
    return !s.empty();
}

/// The text between two words, in the target language's punctuation. Thai: a plain space between
/// words goes (Thai runs words together), a sentence's period or a comma with its space becomes
/// one space. Arabic: comma, semicolon and question mark take their Arabic forms.
void append_gap(Language language, std::string_view gap, bool between_words, std::string& out) {
    if (language == Language::th) {
        if (gap == " " && between_words) return;
        if ((gap == ". " || gap == ", ") && between_words) {
            out += ' ';
            return;
        }
        for (const char c : gap) {
            if (c != '.' && c != ',') out += c;
        }
        return;
    }
    for (const char c : gap) {
        switch (c) {
            case ',': out += "\u060C"; break;
            case ';': out += "\u061B"; break;
            case '?': out += "\u061F"; break;
            default: out += c;
        }
    }
}

void render_paragraph(Language language, const std::vector<std::string>& words, std::uint64_t seed,
                      std::string_view para, bool native_digits, std::string& out) {
    const text::WireSignals signals = text::detect_wire_signals(para);
    if (signals.copyright || signals.credit_line) {
        out.append(para);  // a copyright or credit line stays as the agency writes it
        return;
    }
    const auto tokens = text::tokenize(para);
    std::size_t at = 0;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        const text::Token& t = tokens[k];
        append_gap(language, para.substr(at, t.begin - at), k > 0, out);
        const std::string_view original = para.substr(t.begin, t.end - t.begin);
        const bool in_parentheses = t.begin > 0 && para[t.begin - 1] == '(' && t.end < para.size() && para[t.end] == ')';
        if (in_parentheses) {
            out.append(original);  // the agency of a dateline: "(AP)"
        } else if (is_number(original)) {
            for (const char c : original) {
                if (native_digits && c >= '0' && c <= '9') {
                    std::array<utf8proc_uint8_t, 4> enc{};
                    const auto len = utf8proc_encode_char(0x0660 + (c - '0'), enc.data());
                    out.append(reinterpret_cast<const char*>(enc.data()), static_cast<std::size_t>(len));
                } else if (!(native_digits && c == ',')) {  // with Arabic-Indic digits, no thousands separator
                    out += c;
                }
            }
        } else {
            out += word_for(words, seed, t.hash);
        }
        at = t.end;
    }
    append_gap(language, para.substr(at), false, out);
}

}  // namespace

std::vector<std::string> load_word_list(Language language, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(Errc::io, path,
                    fmt::format("cannot read the {} word list (Debian package {}; or name one with --word-list)",
                                to_string(language), language == Language::th ? "hunspell-th" : "hunspell-ar"));
    }
    std::vector<std::string> words;
    std::unordered_set<std::string> seen;
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        if (first) {  // a hunspell .dic starts with its word count
            first = false;
            if (!line.empty() && line.find_first_not_of("0123456789\r") == std::string::npos) continue;
        }
        const auto cut = line.find_first_of("/\t \r");
        if (cut != std::string::npos) line.resize(cut);
        if (all_in_script(language, line) && seen.insert(line).second) words.push_back(line);
    }
    if (words.size() < 1000) {
        throw Error(Errc::bad_argument, path,
                    fmt::format("only {} {} words in the word list: not a {} hunspell dictionary?", words.size(),
                                to_string(language), to_string(language)));
    }
    return words;
}

std::string render_in(Language language, const std::vector<std::string>& words, std::uint64_t seed,
                      std::string_view english, bool native_digits) {
    std::string out;
    out.reserve(english.size() * 2);
    std::size_t start = 0;
    while (start <= english.size()) {
        const auto end = std::min(english.find("\n\n", start), english.size());
        render_paragraph(language, words, seed, english.substr(start, end - start), native_digits, out);
        if (end == english.size()) break;
        out += "\n\n";
        start = end + 2;
    }
    return out;
}

}  // namespace detail
}  // namespace wiretrace::gen
