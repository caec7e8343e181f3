// SPDX-License-Identifier: Apache-2.0
// Private: the data files compiled into the library by cmake/EmbedTextData.cmake.
#pragma once

#include <string_view>

namespace wiretrace::text::data {
extern const std::string_view kSpellingVariants;  ///< core/data/spelling_variants.tsv
extern const std::string_view kStopwords;         ///< core/data/stopwords.txt
}  // namespace wiretrace::text::data
