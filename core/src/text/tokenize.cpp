// SPDX-License-Identifier: Apache-2.0
// Tokenization and normalization. One scanner, for_each_word(), finds the words of a text,
// folds each one (case, accents, compatibility forms, joiners, spelling variants) and reports it
// with the byte span of its original spelling; tokenize() hashes the folded words and
// normalize() prints them.
#include <array>
#include <utf8proc.h>

#include "hash.hpp"
#include "text/tables.hpp"
#include "wiretrace/text.hpp"

namespace wiretrace::text {
namespace {

/// How the scanner treats a code point.
enum class CharClass : std::uint8_t {
    separator,
    word,          ///< letters, digits, combining marks
    apostrophe,    ///< joins letters: "Iraq's" -> "iraqs"
    hyphen,        ///< joins word characters, also across a line break
    soft_hyphen,   ///< invisible (soft hyphen, zero-width joiners): dropped inside a word
    period,        ///< joins abbreviations ("U.S.") and decimals ("3.5")
    comma,         ///< dropped between digits ("20,000")
    quote_toggle,  ///< '"': opens or closes a quotation
    quote_open,    ///< “ „ «
    quote_close,   ///< ” »
    newline,       ///< ends a paragraph: quotation state resets
};

constexpr std::array<CharClass, 128> make_ascii_classes() {
    std::array<CharClass, 128> t{};
    for (auto& c : t) c = CharClass::separator;
    for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = CharClass::word;
    for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = CharClass::word;
    for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = CharClass::word;
    t['\''] = CharClass::apostrophe;
    t['-'] = CharClass::hyphen;
    t['.'] = CharClass::period;
    t[','] = CharClass::comma;
    t['"'] = CharClass::quote_toggle;
    t['\n'] = CharClass::newline;
    return t;
}
constexpr auto kAsciiClasses = make_ascii_classes();

CharClass classify(utf8proc_int32_t cp) {
    if (cp < 0x80) return kAsciiClasses[static_cast<std::size_t>(cp < 0 ? 0 : cp)];
    switch (cp) {
        case 0x2019: case 0x02BC: return CharClass::apostrophe;       // ’ ʼ
        case 0x2010: case 0x2011: return CharClass::hyphen;           // ‐ non-breaking ‑
        // soft hyphen, zero-width space / non-joiner / joiner, word joiner, BOM: invisible
        case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
            return CharClass::soft_hyphen;
        case 0x201C: case 0x201E: case 0x00AB: return CharClass::quote_open;
        case 0x201D: case 0x00BB: return CharClass::quote_close;
        case 0x2028: case 0x2029: case 0x0085: return CharClass::newline;
        default: break;
    }
    switch (utf8proc_category(cp)) {
        case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
        case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
        case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
        case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
            return CharClass::word;
        default:
            return CharClass::separator;
    }
}

bool is_digit(utf8proc_int32_t cp) {
    if (cp < 0x80) return cp >= '0' && cp <= '9';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

bool is_letter_or_number(utf8proc_int32_t cp) {
    const auto cat = utf8proc_category(cp);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO &&
           cat != UTF8PROC_CATEGORY_MN && cat != UTF8PROC_CATEGORY_MC &&
           cat != UTF8PROC_CATEGORY_ME;
}

struct Decoded {
    utf8proc_int32_t cp;
    std::uint32_t len;
};

/// Decodes the code point at `s` (input is valid UTF-8 by contract; a stray byte decodes as a
/// one-byte separator rather than failing).
Decoded decode(const unsigned char* s, std::size_t avail) {
    if (s[0] < 0x80) return {s[0], 1};
    utf8proc_int32_t cp = -1;
    const auto len = utf8proc_iterate(s, static_cast<utf8proc_ssize_t>(avail), &cp);
    if (len <= 0) return {0xFFFD, 1};
    return {cp, static_cast<std::uint32_t>(len)};
}

/// Appends the folded form of one word character: ASCII lower-cased; anything else through
/// compatibility decomposition, case folding and mark stripping, keeping only the letters and
/// digits that result (so the folded text re-tokenizes to itself).
void append_folded(std::string& out, utf8proc_int32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp));
        return;
    }
    constexpr auto kOptions = static_cast<utf8proc_option_t>(
        UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
        UTF8PROC_IGNORE);
    std::array<utf8proc_int32_t, 24> buf{};
    int boundclass = UTF8PROC_BOUNDCLASS_START;
    const auto n = utf8proc_decompose_char(cp, buf.data(), static_cast<utf8proc_ssize_t>(buf.size()),
                                           kOptions, &boundclass);
    for (utf8proc_ssize_t k = 0; k < n && k < static_cast<utf8proc_ssize_t>(buf.size()); ++k) {
        const auto c = buf[static_cast<std::size_t>(k)];
        if (c < 0x80 ? kAsciiClasses[static_cast<std::size_t>(c)] != CharClass::word
                     : !is_letter_or_number(c)) {
            continue;
        }
        if (c < 0x80) {
            out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c));
        } else {
            std::array<utf8proc_uint8_t, 4> enc{};
            const auto len = utf8proc_encode_char(c, enc.data());
            out.append(reinterpret_cast<const char*>(enc.data()), static_cast<std::size_t>(len));
        }
    }
}

/// After a hyphen at `pos` (of length `len`): the offset of the lower-case letter that continues
/// a word broken across lines ("co-\noperation"), or 0 when there is none.
std::size_t line_break_continuation(std::string_view text, std::size_t pos, std::size_t len) {
    bool saw_newline = false;
    for (std::size_t j = pos + len; j < text.size(); ++j) {
        const char c = text[j];
        if (c == '\n') {
            if (saw_newline) return 0;  // a blank line ends the paragraph
            saw_newline = true;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            return saw_newline && c >= 'a' && c <= 'z' ? j : 0;
        }
    }
    return 0;
}

/// The canonical (US) spelling of a folded word: the word itself unless it is a known variant.
std::string_view canonical_spelling(std::string_view folded) {
    const auto& canonical = detail::tables().canonical;
    const auto it = canonical.find(folded);
    return it == canonical.end() ? folded : it->second;
}

/// Calls fn(folded_word, begin, end, in_quote) for every word of `text`, in order. Spelling
/// variants are not yet folded: callers fold them (by hash in tokenize, by string otherwise).
template <typename Fn>
void for_each_word(std::string_view text, Fn&& fn) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();

    std::string folded;
    bool in_word = false;
    bool in_quote = false;
    bool word_in_quote = false;
    bool last_is_digit = false;
    std::uint32_t segment_chars = 0;  // word characters since the word start or the last joiner
    std::size_t begin = 0;
    std::size_t end = 0;

    auto emit = [&] {
        in_word = false;
        if (folded.empty()) return;  // e.g. a lone combining mark: nothing left after folding
        fn(std::string_view(folded), static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end),
           word_in_quote);
    };
    auto next_class = [&](std::size_t at) {
        if (at >= n) return CharClass::separator;
        return classify(decode(s + at, n - at).cp);
    };
    auto next_is_digit = [&](std::size_t at) { return at < n && is_digit(decode(s + at, n - at).cp); };

    std::size_t i = 0;
    while (i < n) {
        const Decoded d = decode(s + i, n - i);
        const CharClass cls = classify(d.cp);
        if (cls == CharClass::word) {
            if (!in_word) {
                in_word = true;
                begin = i;
                folded.clear();
                segment_chars = 0;
                word_in_quote = in_quote;
            }
            append_folded(folded, d.cp);
            last_is_digit = is_digit(d.cp);
            ++segment_chars;
            i += d.len;
            end = i;
            continue;
        }
        if (in_word) {
            const std::size_t next = i + d.len;
            bool joined = false;
            switch (cls) {
                case CharClass::apostrophe:
                case CharClass::hyphen:
                case CharClass::soft_hyphen:
                    if (next_class(next) == CharClass::word) {
                        joined = true;
                    } else if (cls != CharClass::apostrophe) {
                        if (const auto cont = line_break_continuation(text, i, d.len); cont != 0) {
                            i = cont;
                            segment_chars = 0;
                            continue;
                        }
                    }
                    break;
                case CharClass::period:
                    if (last_is_digit && next_is_digit(next)) {
                        folded.push_back('.');
                        joined = true;
                    } else if (!last_is_digit && segment_chars == 1 &&
                               next_class(next) == CharClass::word && !next_is_digit(next)) {
                        joined = true;  // an abbreviation such as "U.S."
                    } else if (!last_is_digit && segment_chars == 1 && next < n) {
                        // the closing period of an abbreviation joined on: "U.S.-led" == "US-led"
                        const Decoded after = decode(s + next, n - next);
                        const CharClass after_class = classify(after.cp);
                        if ((after_class == CharClass::hyphen || after_class == CharClass::apostrophe) &&
                            next_class(next + after.len) == CharClass::word) {
                            i = next + after.len;
                            segment_chars = 0;
                            continue;
                        }
                    }
                    break;
                case CharClass::comma:
                    joined = last_is_digit && next_is_digit(next);
                    break;
                default:
                    break;
            }
            if (joined) {
                segment_chars = 0;
                i = next;
                continue;
            }
            emit();
        }
        switch (cls) {
            case CharClass::quote_toggle: in_quote = !in_quote; break;
            case CharClass::quote_open: in_quote = true; break;
            case CharClass::quote_close: in_quote = false; break;
            case CharClass::newline: in_quote = false; break;
            default: break;
        }
        i += d.len;
    }
    if (in_word) emit();
}

}  // namespace

std::uint64_t hash_folded(std::string_view folded) {
    return wiretrace::detail::hash_bytes(folded.data(), folded.size());
}

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    tokens.reserve(text.size() / 6 + 1);
    const auto& canonical = detail::tables().canonical_hash;
    for_each_word(text, [&](std::string_view word, std::uint32_t begin, std::uint32_t end, bool quoted) {
        std::uint64_t hash = hash_folded(word);
        if (const std::uint64_t* folded = canonical.find(hash)) hash = *folded;
        tokens.push_back(Token{hash, begin, end, quoted});
    });
    return tokens;
}

std::string normalize(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for_each_word(text, [&](std::string_view word, std::uint32_t, std::uint32_t, bool) {
        if (!out.empty()) out.push_back(' ');
        out.append(canonical_spelling(word));
    });
    return out;
}

std::string fold_word(std::string_view word) {
    std::string out;
    for_each_word(word, [&](std::string_view w, std::uint32_t, std::uint32_t, bool) { out.append(canonical_spelling(w)); });
    return out;
}

}  // namespace wiretrace::text
