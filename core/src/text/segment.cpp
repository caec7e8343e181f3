// SPDX-License-Identifier: Apache-2.0
#include "text/segment.hpp"

#include <memory>
#include <vector>
#include <unicode/brkiter.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <utf8proc.h>

namespace wiretrace::text::detail {
namespace {

/// The thread's word break iterator (opening one loads ICU's rules and dictionaries: done once
/// per thread, not per run); null when ICU could not open it.
icu::BreakIterator* word_iterator() {
    thread_local const std::unique_ptr<icu::BreakIterator> it = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> made(
            icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
        if (U_FAILURE(status)) made.reset();
        return made;
    }();
    return it.get();
}

/// Fallback: one word per code point.
void code_point_words(std::string_view run, std::vector<WordBounds>& out) {
    const auto* s = reinterpret_cast<const utf8proc_uint8_t*>(run.data());
    std::size_t i = 0;
    while (i < run.size()) {
        utf8proc_int32_t cp = 0;
        auto len = utf8proc_iterate(s + i, static_cast<utf8proc_ssize_t>(run.size() - i), &cp);
        if (len <= 0) len = 1;
        out.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + static_cast<std::size_t>(len))});
        i += static_cast<std::size_t>(len);
    }
}

}  // namespace

bool is_dictionary_script(std::int32_t cp) {
    if (cp < 0x0E00) return false;  // PERF: Latin, Greek, Cyrillic, Arabic, Indic... never
    UErrorCode status = U_ZERO_ERROR;
    switch (uscript_getScript(cp, &status)) {
        case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: case USCRIPT_THAI:
        case USCRIPT_LAO: case USCRIPT_KHMER: case USCRIPT_MYANMAR:
            return true;
        case USCRIPT_COMMON:
            return u_charType(cp) == U_MODIFIER_LETTER;  // the prolonged sound marks ー and ｰ
        default:
            return false;
    }
}

bool continues_dictionary_run(std::int32_t cp) {
    if (cp < 0x0300) return false;
    UErrorCode status = U_ZERO_ERROR;
    return uscript_getScript(cp, &status) == USCRIPT_INHERITED;
}

int decimal_digit_value(std::int32_t cp) {
    return u_charType(cp) == U_DECIMAL_DIGIT_NUMBER ? u_charDigitValue(cp) : -1;
}

namespace {

/// Traditional -> Simplified for the Han characters of the BMP where the transliterator gives one
/// other BMP character; indexed by code point - 0x3400 (0: no change).
const std::vector<char16_t>& simplified_table() {
    static const std::vector<char16_t> table = [] {
        std::vector<char16_t> t(0x10000 - 0x3400, 0);
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::Transliterator> tr(
            icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
        if (U_FAILURE(status) || !tr) return t;  // no ICU data: nothing folds
        for (UChar32 cp = 0x3400; cp < 0x10000; ++cp) {
            if (uscript_getScript(cp, &status) != USCRIPT_HAN) continue;
            icu::UnicodeString s(cp);
            tr->transliterate(s);
            if (s.length() == 1 && s.charAt(0) != cp && s.charAt(0) >= 0x0800 && !U16_IS_SURROGATE(s.charAt(0))) {
                t[static_cast<std::size_t>(cp - 0x3400)] = s.charAt(0);
            }
        }
        return t;
    }();
    return table;
}

}  // namespace

void simplify_han(std::string& run) {
    const auto& table = simplified_table();
    auto* p = reinterpret_cast<unsigned char*>(run.data());
    for (std::size_t i = 0; i + 2 < run.size();) {
        if ((p[i] & 0xF0U) != 0xE0U) {  // not a 3-byte sequence: step over this character
            ++i;
            while (i < run.size() && (p[i] & 0xC0U) == 0x80U) ++i;
            continue;
        }
        const auto cp = static_cast<std::int32_t>(((p[i] & 0x0FU) << 12) | ((p[i + 1] & 0x3FU) << 6) | (p[i + 2] & 0x3FU));
        if (cp >= 0x3400) {
            if (const char16_t s = table[static_cast<std::size_t>(cp - 0x3400)]; s != 0) {
                p[i] = static_cast<unsigned char>(0xE0U | (s >> 12));
                p[i + 1] = static_cast<unsigned char>(0x80U | ((s >> 6) & 0x3FU));
                p[i + 2] = static_cast<unsigned char>(0x80U | (s & 0x3FU));
            }
        }
        i += 3;
    }
}

void dictionary_words(std::string_view run, std::vector<WordBounds>& out) {
    out.clear();
    icu::BreakIterator* it = word_iterator();
    if (it == nullptr) {
        code_point_words(run, out);
        return;
    }
    UErrorCode status = U_ZERO_ERROR;
    UText ut = UTEXT_INITIALIZER;
    // On UTF-8 text the iterator's positions are byte offsets.
    utext_openUTF8(&ut, run.data(), static_cast<int64_t>(run.size()), &status);
    if (U_SUCCESS(status)) it->setText(&ut, status);
    if (U_FAILURE(status)) {
        utext_close(&ut);
        code_point_words(run, out);
        return;
    }
    std::int32_t begin = it->first();
    for (std::int32_t end = it->next(); end != icu::BreakIterator::DONE; begin = end, end = it->next()) {
        out.push_back({static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)});
    }
    utext_close(&ut);
}

}  // namespace wiretrace::text::detail
