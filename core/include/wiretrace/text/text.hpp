// SPDX-License-Identifier: Apache-2.0
// Text stage: UTF-8 repair, normalization and tokenization. Every token keeps the byte span of
// its original spelling so that reports can quote the original words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wiretrace::text {

/// Version of the normalization rules; stored with persistent indexes. Bump on any change that
/// alters a token hash.
inline constexpr std::uint32_t kNormalizationVersion = 2;  // 2: letters decomposing to an apostrophe (U+0149)

/// Result of validating a byte string as UTF-8.
struct Utf8Report {
    std::size_t invalid_sequences = 0; ///< maximal invalid subparts (each becomes one U+FFFD)
    std::size_t first_invalid_offset = 0; ///< byte offset of the first one (valid if count > 0)
    std::size_t first_invalid_line = 0;   ///< 1-based line of the first one (valid if count > 0)
    std::size_t nul_bytes = 0;            ///< NUL bytes seen (a sign of binary input)
    std::size_t first_nul_offset = 0;     ///< byte offset of the first NUL (valid if count > 0)
};

/// Checks `bytes` without copying. ASCII runs are checked 8 bytes at a time.
Utf8Report check_utf8(std::string_view bytes);

/// Returns `bytes` with every maximal invalid subpart replaced by U+FFFD (the Unicode
/// "substitution of maximal subparts" practice); counts go to `report` when it is not null.
std::string repair_utf8(std::string_view bytes, Utf8Report* report = nullptr);

/// One word of a text. `hash` identifies the folded form (case, accents, compatibility forms,
/// hyphens, apostrophes and spelling variants folded); `begin`/`end` delimit the original bytes.
struct Token {
    std::uint64_t hash;
    std::uint32_t begin;    ///< byte offset of the first byte in the original text
    std::uint32_t end;      ///< one past the last byte in the original text
    bool in_quote;          ///< inside quotation marks (straight or curly) in its paragraph
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

/// True when the token's folded form is an English function word (see core/data/stopwords.txt).
bool is_stopword(std::uint64_t token_hash);

/// Hash of an already folded word; tokenize() uses the same function.
std::uint64_t hash_folded(std::string_view folded);

/// Number of entries in the built-in spelling-variant table (for tests and `--version`).
std::size_t spelling_variant_count();

/// The built-in spelling-variant table as (variant, canonical) pairs of folded lower-case ASCII
/// words, e.g. ("neighbours", "neighbors"), sorted by variant. The views point into static data
/// that lives as long as the program. Thread-safe.
std::vector<std::pair<std::string_view, std::string_view>> spelling_variant_pairs();

}  // namespace wiretrace::text
