// SPDX-License-Identifier: Apache-2.0
// Normalization and tokenization. Every token keeps the byte span of its original spelling so that
// reports can quote the original words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <span>
#include <string_view>
#include <vector>

namespace wiretrace::text {

/// Version of the normalization rules; stored with persistent indexes. Bump on any change that
/// alters a token hash.
inline constexpr std::uint32_t kNormalizationVersion = 3;  // 2: letters decomposing to an apostrophe (U+0149); 3: words of Chinese, Japanese, Thai... from ICU, Arabic-script letter variants, digits of every set

/// Folding choices that change token hashes, fixed for a whole run (an index records them).
struct FoldOptions {
    /// Traditional Chinese characters fold to their Simplified forms (ICU's transliterator
    /// "Traditional-Simplified", character by character; before the words are found, so both
    /// forms of a text split alike), so a Taipei or Hong Kong copy of a Xinhua story matches it.
    bool chinese_variants = false;
};

/// Sets the folding of every tokenize(), normalize() and fold_word() of the process from now on.
/// Process-wide: set it once, at the start of a run, before any thread tokenizes.
void set_fold_options(const FoldOptions& options);

/// The folding in force (all off unless set_fold_options() said otherwise).
FoldOptions fold_options();

/// One word of a text. `hash` identifies the folded form (case, accents, compatibility forms,
/// hyphens, apostrophes and spelling variants folded); `begin`/`end` delimit the original bytes.
struct Token {
    std::uint64_t hash;
    std::uint32_t begin;    ///< byte offset of the first byte in the original text
    std::uint32_t end;      ///< one past the last byte in the original text
    bool in_quote;          ///< inside quotation marks (straight or curly) in its paragraph
};

/// A span of a text blanked before scoring (an outlet's furniture, a caption, a shared footer):
/// the words it held are unknown to the alignment, not changed.
struct Blank {
    std::uint32_t before = 0;           ///< the token of the blanked text it stands before (the token count: at the end)
    std::vector<std::uint64_t> hashes;  ///< Token::hash of the words it held, sorted and unique
};

/// Splits valid UTF-8 text into tokens. Words are runs of letters, digits and combining marks;
/// internal apostrophes, hyphens (also across a line break) and periods of abbreviations are
/// joined ("co-operation" == "cooperation", "U.S." == "US"); digit groups keep their decimal
/// point and drop thousands separators. Texts over 4 GiB are not supported (spans are 32-bit;
/// io::make_text_document rejects them). Thread-safe.
std::vector<Token> tokenize(std::string_view text);

/// The folded form of every token, separated by single spaces: what the token hashes identify.
/// Idempotent: normalize(normalize(x)) == normalize(x).
std::string normalize(std::string_view text);

/// The folded form of one word (no separators inside), e.g. "Neighbours" -> "neighbors".
std::string fold_word(std::string_view word);

/// True when `word` (original text, valid UTF-8) starts with an uppercase or titlecase letter:
/// a name, or the first word of a sentence. Always false in scripts without case.
bool starts_uppercase(std::string_view word);

/// Floors counted in words (a passage of 8 words, a long passage of 12) mean words of a script
/// written with spaces. Tokens written together, with nothing between them (the words a dictionary
/// finds in Thai, Chinese, Japanese...), are often shorter pieces of what a space-delimited
/// script writes as one word, so each counts by its length: its code points over this, the mean
/// length of an English word (4.7 letters), at most 1. A token set apart by a space or punctuation
/// on both sides counts 1 whatever its length, so text written with spaces counts exactly its
/// tokens.
inline constexpr double kCodePointsPerWord = 4.7;

/// What token i of `tokens` (of `text`) counts in words (kCodePointsPerWord): 1, or less for a
/// short token written together with a neighbour.
double word_weight(std::string_view text, std::span<const Token> tokens, std::size_t i);

/// The mean word_weight of the tokens of `text`: 1 for text written with spaces (and for none),
/// less for text written without. Floors counted in words are scaled by it (tokens_for_words).
double words_per_token(std::string_view text, std::span<const Token> tokens);

/// `tokens` tokens of a text with `words_per_token` in words, rounded to the nearest: `tokens`
/// itself when words_per_token is 1.
std::uint32_t words_of_tokens(std::uint32_t tokens, double words_per_token);

/// Hash of an already folded word; tokenize() uses the same function.
std::uint64_t hash_folded(std::string_view folded);

}  // namespace wiretrace::text
