// SPDX-License-Identifier: Apache-2.0
// Private: the word classes of the generator's language model, and the ASCII word tests and keys
// its builders and writers share.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace wiretrace::gen::detail {

/// Content words fall into part-of-speech classes, so that a slot learned from "airstrikes" is
/// filled with a plural noun and one learned from "carrying" with an -ing form. The hand-written
/// lists say the class of common words; suffixes decide for the others.
enum class WordClass : std::uint8_t { noun, plural, verb, past, gerund, adjective, adverb };
inline constexpr std::size_t kWordClasses = 7;

/// The class of a lower-case content word from its suffix alone.
WordClass classify_suffix(std::string_view word);

/// The hand-written class of each listed word.
using WordClasses = std::unordered_map<std::string, WordClass>;

/// The listed class of `word`, or its class by suffix.
WordClass classify_word(const WordClasses& classes, const std::string& word);

/// A hash of the engine's view of a word: lower case, ASCII letters and digits only (the
/// generator writes no other letters). Words that fold to the same token get the same key.
std::uint64_t fold_key(std::string_view text);

/// `s` with ASCII capitals lowered.
std::string lower_ascii(std::string_view s);

/// True for a non-empty word of ASCII lower-case letters only.
bool is_lower_alpha(std::string_view s);

inline constexpr std::array<std::string_view, 7> kWeekdays = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

/// Fixed seed of the model: the model is the same for every corpus.
inline constexpr std::uint64_t kModelSeed = 0x6d6f64656cULL;  // "model"

}  // namespace wiretrace::gen::detail
