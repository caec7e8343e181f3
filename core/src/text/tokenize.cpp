// SPDX-License-Identifier: Apache-2.0
// Tokenization and normalization. One scanner, for_each_word(), finds the words of a text,
// folds each one (case, accents, compatibility forms, joiners, spelling variants) and reports it
// with the byte span of its original spelling; runs of scripts written without spaces (Chinese,
// Japanese, Thai...) are split into words by ICU (text/segment.hpp); tokenize() hashes the folded words and
// normalize() prints them. The scanner has an ASCII fast path (a run of [A-Za-z0-9] is folded
// in one step); text/tokenize_internal.hpp exposes the scanner without it, for tests.
#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstring>
#include <utf8proc.h>

#include "hash.hpp"
#include "text/segment.hpp"
#include "text/tables_internal.hpp"
#include "text/tokenize_internal.hpp"
#include "wiretrace/text/tokenize.hpp"

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

/// classify() for code points outside ASCII.
CharClass classify_non_ascii(utf8proc_int32_t cp) {
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

inline CharClass classify(utf8proc_int32_t cp) {
    if (cp < 0x80) return kAsciiClasses[static_cast<std::size_t>(cp < 0 ? 0 : cp)];
    return classify_non_ascii(cp);
}

/// True for the bytes of ASCII word characters, [A-Za-z0-9] (false for every byte >= 0x80).
constexpr std::array<bool, 256> make_ascii_word_bytes() {
    std::array<bool, 256> t{};
    for (std::size_t c = 0; c < 128; ++c) t[c] = kAsciiClasses[c] == CharClass::word;
    return t;
}
constexpr auto kAsciiWordBytes = make_ascii_word_bytes();

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

bool is_mark(utf8proc_int32_t cp) {
    const auto cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC || cat == UTF8PROC_CATEGORY_ME;
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

/// The folded form of an ASCII word character: lower case.
constexpr char ascii_fold(utf8proc_int32_t c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}

/// The folded word being built. Unlike std::string it keeps writable slack past the end, so the
/// ASCII fast path can store 8 bytes at a time and keep only those that belong to the word.
class FoldBuffer {
public:
    void clear() { size_ = 0; }
    bool empty() const { return size_ == 0; }
    std::string_view view() const { return {buf_.data(), size_}; }
    void push_back(char c) { *tail(1) = c; ++size_; }
    void append(const char* p, std::size_t len) {
        std::copy(p, p + len, tail(len));
        size_ += len;
    }
    /// At least `len` writable bytes after the end; commit(k) keeps the first k written there.
    char* tail(std::size_t len) {
        if (buf_.size() - size_ < len) buf_.resize(std::max(buf_.size() * 2, size_ + len + 64));
        return buf_.data() + size_;
    }
    void commit(std::size_t len) { size_ += len; }

private:
    std::string buf_;
    std::size_t size_ = 0;
};

/// Bytes of an 8-byte block (as a little-endian integer): bit 7 of each byte of the result is set
/// where the byte is an ASCII word character, [A-Za-z0-9]; `lower` gets the block with those
/// bytes folded (lower-cased; the other bytes are meaningless). No carries cross bytes: every
/// sum is of two bytes below 0x80 and 0x80.
constexpr std::uint64_t ascii_word_lanes(std::uint64_t block, std::uint64_t& lower) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
    const std::uint64_t low7 = block & ~kHigh;
    // bit 7 of (b + 0x80 - lo) is set iff b >= lo; of (b + 0x7F - hi) iff b > hi (for b < 0x80)
    auto in_range = [&](std::uint64_t x, unsigned lo, unsigned hi) {
        return (x + kOnes * (0x80U - lo)) & ~(x + kOnes * (0x7FU - hi)) & kHigh;
    };
    const std::uint64_t upper = in_range(low7, 'A', 'Z');
    const std::uint64_t letter = in_range(low7 | (kOnes * 0x20U), 'a', 'z');
    const std::uint64_t digit = in_range(low7, '0', '9');
    lower = block | (upper >> 2);  // 0x80 >> 2 == 0x20 == 'a' - 'A'
    return (letter | digit) & ~block & kHigh;  // bytes >= 0x80 are never word bytes
}

/// ascii_word_lanes() agrees with the scanner's tables on every byte value in every lane, whatever
/// the neighbouring bytes.
constexpr bool ascii_word_lanes_match_tables() {
    constexpr std::array<std::uint64_t, 5> kFills = {0x00, 0x7F, 0x80, 0xFF, 'Z'};
    for (const std::uint64_t fill : kFills) {
        for (unsigned lane = 0; lane < 8; ++lane) {
            for (unsigned b = 0; b < 256; ++b) {
                const unsigned shift = lane * 8;
                const std::uint64_t block = (fill * 0x0101010101010101ULL & ~(std::uint64_t{0xFF} << shift)) |
                                            (std::uint64_t{b} << shift);
                std::uint64_t lower = 0;
                const bool word = ((ascii_word_lanes(block, lower) >> shift) & 0x80U) != 0;
                if (word != kAsciiWordBytes[b]) return false;
                if (word && static_cast<char>((lower >> shift) & 0xFFU) !=
                                ascii_fold(static_cast<utf8proc_int32_t>(b))) {
                    return false;
                }
            }
        }
    }
    return true;
}
static_assert(ascii_word_lanes_match_tables());

/// Appends the folded form of the run of ASCII word characters at s[j] (there may be none) to
/// `out`; returns the end of the run. The same as append_folded() on each of its bytes.
inline std::size_t fold_ascii_run(const unsigned char* s, std::size_t n, std::size_t j, FoldBuffer& out) {
    if constexpr (std::endian::native == std::endian::little) {
        // 8 bytes at a time: fold the whole block, keep its leading word bytes
        for (;;) {
            std::uint64_t block = 0;  // bytes past the end stay 0, which is not a word byte
            if (n - j >= 8) {
                std::memcpy(&block, s + j, 8);
            } else {
                std::memcpy(&block, s + j, n - j);
            }
            std::uint64_t lower = 0;
            const std::uint64_t stops = ~ascii_word_lanes(block, lower) & 0x8080808080808080ULL;
            const auto run = stops == 0 ? 8 : static_cast<std::size_t>(std::countr_zero(stops)) / 8;
            std::memcpy(out.tail(8), &lower, 8);
            out.commit(run);
            j += run;
            if (run < 8) return j;
        }
    } else {
        for (; j < n && kAsciiWordBytes[s[j]]; ++j) out.push_back(ascii_fold(s[j]));
        return j;
    }
}

/// The letter a character of the Arabic script is matched as (after decomposition, which has
/// already taken the hamza and madda off alef, waw and yeh, and with the harakat stripped as
/// marks): the Persian and Urdu letter forms and their Arabic twins fold together, so a text
/// typed on an Arabic keyboard matches one typed on an Urdu or Persian one. 0: dropped (tatweel,
/// which only stretches a word). Every other code point is returned as it is.
///   yeh:  alef maksura U+0649, Farsi yeh U+06CC -> yeh U+064A (yeh barree U+06D2 stays: Urdu
///         tells it apart)
///   kaf:  keheh U+06A9, swash kaf U+06AA -> kaf U+0643
///   heh:  heh goal U+06C1, heh doachashmee U+06BE, ae U+06D5 -> heh U+0647
///   teh marbuta U+0629 and teh marbuta goal U+06C3 -> heh U+0647: a final ta marbuta is often
///         written as heh (and read as one in pause); matching both costs only the rare pair of
///         words told apart by it alone
///   alef wasla U+0671 and the alefs with wavy hamza U+0672, U+0673 -> alef U+0627
utf8proc_int32_t fold_arabic_letter(utf8proc_int32_t c) {
    if (c < 0x0629 || c > 0x06D5) return c;  // PERF: one range test for everything else
    switch (c) {
        case 0x0640: return 0;
        case 0x0649: case 0x06CC: return 0x064A;
        case 0x06A9: case 0x06AA: return 0x0643;
        case 0x06C1: case 0x06BE: case 0x06D5: case 0x0629: case 0x06C3: return 0x0647;
        case 0x0671: case 0x0672: case 0x0673: return 0x0627;
        default: return c;
    }
}

/// Appends the folded form of one word character: ASCII lower-cased; anything else through
/// compatibility decomposition (NFKC's: full-width and half-width forms become the usual ones),
/// case folding and mark stripping (accents, Arabic harakat), Arabic-script letter variants
/// (fold_arabic_letter) and digits of every set to ASCII, keeping only the letters and digits that result (so the
/// folded text re-tokenizes to itself). With `keep_marks` (in a run of a script written without
/// spaces: Thai, Lao, Khmer and Burmese vowels and tones, kana voicing) marks are letters and stay.
void append_folded(FoldBuffer& out, utf8proc_int32_t cp, bool keep_marks = false) {
    if (cp < 0x80) {
        out.push_back(ascii_fold(cp));
        return;
    }
    constexpr auto kKeepMarks = static_cast<utf8proc_option_t>(
        UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
    constexpr auto kStripMarks = static_cast<utf8proc_option_t>(kKeepMarks | UTF8PROC_STRIPMARK);
    if (cp == 0x0E33 || cp == 0x0EB3) {
        // Thai and Lao SARA AM stay whole: their compatibility decompositions (a mark and a vowel)
        // would break a word in two when the folded text is segmented again.
        std::array<utf8proc_uint8_t, 4> enc{};
        out.append(reinterpret_cast<const char*>(enc.data()),
                   static_cast<std::size_t>(utf8proc_encode_char(cp, enc.data())));
        return;
    }
    std::array<utf8proc_int32_t, 24> buf{};
    int boundclass = UTF8PROC_BOUNDCLASS_START;
    const auto n = utf8proc_decompose_char(cp, buf.data(), static_cast<utf8proc_ssize_t>(buf.size()),
                                           keep_marks ? kKeepMarks : kStripMarks, &boundclass);
    for (utf8proc_ssize_t k = 0; k < n && k < static_cast<utf8proc_ssize_t>(buf.size()); ++k) {
        auto c = fold_arabic_letter(buf[static_cast<std::size_t>(k)]);
        if (c == 0) continue;
        if (c >= 0x0660) {  // PERF: no decimal digits between ASCII's and Arabic-Indic ones
            // digits of every set match ASCII digits
            if (const int digit = detail::decimal_digit_value(c); digit >= 0) c = '0' + digit;
        }
        // Kept only when the scanner reads it as a word character too: U+0149 decomposes to
        // U+02BC (a letter, but an apostrophe to the scanner) and "n"; keeping the apostrophe made
        // normalize() not idempotent (found by fuzz_text).
        if (classify(c) != CharClass::word) continue;
        if (c >= 0x80 && !is_letter_or_number(c) && !(keep_marks && is_mark(c))) continue;
        if (c < 0x80) {
            out.push_back(ascii_fold(c));
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

/// The end of the run of a script written without spaces that starts at s[i]: its letters and
/// the marks that continue them, up to anything else (a space, punctuation, a digit, Latin).
/// Digits (Thai digits too) stay out of runs: they fold to ASCII digits, which must take the same
/// path when the folded text is read again.
std::size_t dictionary_run_end(const unsigned char* s, std::size_t n, std::size_t i) {
    while (i < n) {
        const Decoded d = decode(s + i, n - i);
        if (classify(d.cp) != CharClass::word || is_digit(d.cp) ||
            !(detail::is_dictionary_script(d.cp) || detail::continues_dictionary_run(d.cp))) {
            break;
        }
        i += d.len;
    }
    return i;
}

/// Calls fn(folded_word, begin, end, in_quote) for every word of `text`, in order. Spelling
/// variants are not yet folded: callers fold them (by hash in tokenize, by string otherwise).
/// With `kAsciiFastPath`, a run of ASCII word characters is taken in one step (the result is the
/// same as taking its characters one by one; tokenize_internal.hpp turns it off for tests).
template <bool kAsciiFastPath = true, typename Fn>
void for_each_word(std::string_view text, Fn&& fn) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();

    FoldBuffer folded;
    bool in_word = false;
    bool in_quote = false;
    bool word_in_quote = false;
    bool last_is_digit = false;
    std::uint32_t segment_chars = 0;  // word characters since the word start or the last joiner
    std::size_t begin = 0;
    std::size_t end = 0;
    std::vector<detail::WordBounds> run_words;  // of a run without spaces
    std::string simplified;                     // a run's Simplified Chinese form
    const bool fold_chinese = fold_options().chinese_variants;

    auto emit = [&] {
        in_word = false;
        if (folded.empty()) return;  // e.g. a lone combining mark: nothing left after folding
        fn(folded.view(), static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end),
           word_in_quote);
    };
    auto next_class = [&](std::size_t at) {
        if (at >= n) return CharClass::separator;
        return classify(decode(s + at, n - at).cp);
    };
    auto next_is_digit = [&](std::size_t at) { return at < n && is_digit(decode(s + at, n - at).cp); };

    auto start_word = [&](std::size_t at) {
        if (in_word) return;
        in_word = true;
        begin = at;
        folded.clear();
        segment_chars = 0;
        word_in_quote = in_quote;
    };

    std::size_t i = 0;
    while (i < n) {
        if constexpr (kAsciiFastPath) {
            if (kAsciiWordBytes[s[i]]) {
                // PERF: a run of [A-Za-z0-9] is folded in one step; the characters around it
                // (joiners, quotes, non-ASCII) take the general path below.
                start_word(i);
                const std::size_t j = fold_ascii_run(s, n, i, folded);
                last_is_digit = is_digit(s[j - 1]);
                segment_chars += static_cast<std::uint32_t>(j - i);
                i = j;
                end = i;
                // An ASCII separator (usually a space) ends the word as the general path would.
                if (i < n && s[i] < 0x80 && kAsciiClasses[s[i]] == CharClass::separator) {
                    emit();
                    ++i;
                }
                continue;
            }
        }
        const Decoded d = decode(s + i, n - i);
        const CharClass cls = classify(d.cp);
        if (cls == CharClass::word && detail::is_dictionary_script(d.cp) && !is_digit(d.cp)) {
            // A run of a script written without spaces: its words come from ICU's dictionaries.
            if (in_word) emit();
            const std::size_t run_end = dictionary_run_end(s, n, i);
            std::string_view run = text.substr(i, run_end - i);
            if (fold_chinese) {
                // the same bytes' length, so the words' offsets hold for the original text
                simplified.assign(run);
                detail::simplify_han(simplified);
                run = simplified;
            }
            detail::dictionary_words(run, run_words);
            const auto* r = reinterpret_cast<const unsigned char*>(run.data());
            for (const auto& w : run_words) {
                folded.clear();
                for (std::size_t k = w.begin; k < w.end;) {
                    const Decoded c = decode(r + k, run.size() - k);
                    append_folded(folded, c.cp, true);
                    k += c.len;
                }
                begin = i + w.begin;
                end = i + w.end;
                word_in_quote = in_quote;
                in_word = true;
                emit();
            }
            last_is_digit = false;
            i = run_end;
            continue;
        }
        if (cls == CharClass::word) {
            start_word(i);
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

template <bool kAsciiFastPath>
std::vector<Token> tokenize_with(std::string_view text) {
    std::vector<Token> tokens;
    tokens.reserve(text.size() / 6 + 1);
    const auto& canonical = detail::tables().canonical_hash;
    for_each_word<kAsciiFastPath>(text, [&](std::string_view word, std::uint32_t begin, std::uint32_t end, bool quoted) {
        std::uint64_t hash = hash_folded(word);
        if (const std::uint64_t* folded = canonical.find(hash)) hash = *folded;
        tokens.push_back(Token{hash, begin, end, quoted});
    });
    return tokens;
}

template <bool kAsciiFastPath>
std::string normalize_with(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for_each_word<kAsciiFastPath>(text, [&](std::string_view word, std::uint32_t, std::uint32_t, bool) {
        if (!out.empty()) out.push_back(' ');
        out.append(canonical_spelling(word));
    });
    return out;
}

}  // namespace

namespace {
std::atomic<bool> g_chinese_variants{false};
}  // namespace

void set_fold_options(const FoldOptions& options) {
    g_chinese_variants.store(options.chinese_variants, std::memory_order_relaxed);
}

FoldOptions fold_options() {
    return FoldOptions{.chinese_variants = g_chinese_variants.load(std::memory_order_relaxed)};
}

namespace detail {

std::vector<Token> tokenize_general(std::string_view text) { return tokenize_with<false>(text); }

std::string normalize_general(std::string_view text) { return normalize_with<false>(text); }

}  // namespace detail

std::uint64_t hash_folded(std::string_view folded) {
    return wiretrace::detail::hash_bytes(folded.data(), folded.size());
}

std::vector<Token> tokenize(std::string_view text) { return tokenize_with<true>(text); }

std::string normalize(std::string_view text) { return normalize_with<true>(text); }

std::string fold_word(std::string_view word) {
    std::string out;
    for_each_word(word, [&](std::string_view w, std::uint32_t, std::uint32_t, bool) { out.append(canonical_spelling(w)); });
    return out;
}

bool starts_uppercase(std::string_view word) {
    utf8proc_int32_t cp = 0;
    if (utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(word.data()), static_cast<utf8proc_ssize_t>(word.size()),
                         &cp) <= 0) {
        return false;
    }
    const auto cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

double word_weight(std::string_view text, std::span<const Token> tokens, std::size_t i) {
    const Token& t = tokens[i];
    const bool joined = (i > 0 && tokens[i - 1].end == t.begin) || (i + 1 < tokens.size() && tokens[i + 1].begin == t.end);
    if (!joined) return 1.0;
    const auto code_points = static_cast<double>(std::count_if(
        text.begin() + t.begin, text.begin() + t.end, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
    return std::min(1.0, code_points / kCodePointsPerWord);
}

double words_per_token(std::string_view text, std::span<const Token> tokens) {
    if (tokens.empty()) return 1.0;
    double words = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) words += word_weight(text, tokens, i);
    return words / static_cast<double>(tokens.size());
}

std::uint32_t words_of_tokens(std::uint32_t tokens, double words_per_token) {
    if (words_per_token >= 1.0) return tokens;
    return static_cast<std::uint32_t>(std::lround(static_cast<double>(tokens) * words_per_token));
}

}  // namespace wiretrace::text
