// SPDX-License-Identifier: Apache-2.0
// Private: word boundaries inside text written without spaces (Chinese, Japanese, Thai, Lao,
// Khmer, Burmese), from ICU's dictionary-based word break iterator. The tokenizer's scanner
// finds such runs itself (is_dictionary_script() on each non-ASCII letter) and asks for their
// words here; space-delimited text never reaches ICU.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wiretrace::text::detail {

/// True for a code point of a script whose words are not separated by spaces: Han, Hiragana,
/// Katakana, Thai, Lao, Khmer, Myanmar, and the modifier letters of script Common above U+0E00
/// (the prolonged sound mark ー). Cheap below U+0E00 (always false there).
bool is_dictionary_script(std::int32_t cp);

/// True for a code point that continues such a run without starting one: the combining marks of
/// script Inherited (e.g. the kana voicing mark U+3099).
bool continues_dictionary_run(std::int32_t cp);

/// The value 0-9 of a decimal digit of any set (Arabic-Indic, Extended Arabic-Indic, Devanagari,
/// Thai, full-width...) from ICU's character data; -1 for anything else.
int decimal_digit_value(std::int32_t cp);

/// Replaces, in place, every Traditional Chinese character of `run` that ICU's transliterator
/// "Traditional-Simplified" turns into one other character by that character. Only characters of
/// the Basic Multilingual Plane on both sides, so every replacement has the same UTF-8 length and
/// byte offsets into `run` stay valid. The table is built on first use (a few tenths of a second).
void simplify_han(std::string& run);

/// A word of a run: byte offsets relative to the run's start.
struct WordBounds {
    std::uint32_t begin;
    std::uint32_t end;
};

/// The words of `run` (valid UTF-8, letters of the scripts above and their marks only), in
/// order, covering it exactly. From ICU's word break iterator for the root locale (one per
/// thread); should ICU fail to open, every code point is a word of its own.
void dictionary_words(std::string_view run, std::vector<WordBounds>& out);

}  // namespace wiretrace::text::detail
