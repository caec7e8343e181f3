// SPDX-License-Identifier: Apache-2.0
// Private: the data files compiled into the library by cmake/EmbedTextData.cmake.
#pragma once

#include <string_view>

namespace wiretrace::text::data {
extern const std::string_view kSpellingVariants;  ///< core/data/spelling_variants.tsv
extern const std::string_view kStopwords;         ///< core/data/stopwords.txt
}  // namespace wiretrace::text::data

namespace wiretrace::gen::data {
extern const std::string_view kLexicon;    ///< core/data/gen_lexicon.txt
extern const std::string_view kSeedTexts;  ///< seeds/*.txt, each followed by a blank line
}  // namespace wiretrace::gen::data
