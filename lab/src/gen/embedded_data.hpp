// SPDX-License-Identifier: Apache-2.0
// Private: the generator's data files compiled into the lab by cmake/EmbedTextData.cmake.
#pragma once

#include <string_view>

namespace wiretrace::gen::data {
extern const std::string_view kLexicon;    ///< lab/data/gen_lexicon.txt
extern const std::string_view kSeedTexts;  ///< seeds/*.txt, each followed by a blank line
}  // namespace wiretrace::gen::data
