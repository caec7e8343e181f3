// SPDX-License-Identifier: Apache-2.0
// The built-in word tables of the tokenizer: English stop words and UK/Canadian-to-US spelling
// variants (core/data, compiled in).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace wiretrace::text {

/// True when the token's folded form is an English function word (see core/data/stopwords.txt).
bool is_stopword(std::uint64_t token_hash);

/// Number of entries in the built-in spelling-variant table (for tests and `--version`).
std::size_t spelling_variant_count();

/// The built-in spelling-variant table as (variant, canonical) pairs of folded lower-case ASCII
/// words, e.g. ("neighbours", "neighbors"), sorted by variant. The views point into static data
/// that lives as long as the program. Thread-safe.
std::vector<std::pair<std::string_view, std::string_view>> spelling_variant_pairs();

}  // namespace wiretrace::text
