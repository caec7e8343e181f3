// SPDX-License-Identifier: Apache-2.0
// Private: corpora in other languages (`gen --language th|ar`). The generator writes its English
// story groups as usual; each article is then rendered word for word in the target script: every
// English word (its folded, canonical form) stands for one word of a packaged word list, always
// the same one for a seed, so copies stay copies of their sources and the truth is unchanged.
// Thai is written without spaces between words (a space ends a sentence), Arabic with Arabic
// punctuation and, in half of the articles, Arabic-Indic digits. Wire furniture (the agency in a
// dateline's parentheses, copyright and credit lines) stays as written, like the English names of
// agencies in real wire copy.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wiretrace/lab/gen.hpp"

namespace wiretrace::gen::detail {

/// The words of a language, from a hunspell dictionary (one word a line after a count line,
/// "/flags" cut off); only words wholly of the script's letters are kept, each once, in file
/// order. Throws Error(io) naming the Debian package when the file cannot be read, and
/// Error(bad_argument) when it holds fewer than 1000 such words.
std::vector<std::string> load_word_list(Language language, const std::string& path);

/// `english` (a title or a text of paragraphs separated by "\n\n") in `language`, with `words`
/// from load_word_list; `native_digits`: Arabic-Indic digits for ASCII ones (Arabic only).
std::string render_in(Language language, const std::vector<std::string>& words, std::uint64_t seed,
                      std::string_view english, bool native_digits);

}  // namespace wiretrace::gen::detail
