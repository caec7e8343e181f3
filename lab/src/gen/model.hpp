// SPDX-License-Identifier: Apache-2.0
// Private: the language model of `wiretrace gen`, learned once from the seed articles, the
// spelling-variant table and the hand-written lexicon: a sentence skeleton model over function
// words and word-class slots (skeleton.hpp), and a large Zipf-ranked content vocabulary of real
// and invented words (vocabulary.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gen/rng.hpp"
#include "gen/skeleton.hpp"
#include "gen/vocabulary.hpp"
#include "gen/words.hpp"

namespace wiretrace::gen::detail {

/// A city with its country and nationality adjective.
struct Place {
    std::string city;
    std::string country;
    std::string adjective;
};

/// Everything the generator knows about language, built once and then read-only.
struct Model {
    // From core/data/gen_lexicon.txt.
    std::vector<std::string> first_names, surnames, generic_names, title_roles, appositive_roles,
        org_nouns, town_prefixes, town_suffixes, paper_names, boilerplate;
    std::array<std::vector<std::string>, kWordClasses> listed;  ///< common words by class, by rank
    std::vector<Place> places;

    // Learned.
    Skeleton skeleton;
    std::vector<VocabWord> vocab;   ///< content words, grouped by class, by Zipf rank within one
    std::string vocab_chars;        ///< the texts of vocab, back to back
    std::vector<std::string_view> vocab_text;  ///< vocab[i].text inside vocab_chars (hot path)
    std::vector<std::uint8_t> vocab_respelled; ///< bit 0: vocab[i].uk is set, bit 1: vocab[i].ca
    std::vector<std::uint64_t> vocab_key;      ///< hash of the engine's folded form of vocab[i]
    std::array<std::vector<std::uint32_t>, kWordClasses> class_words;  ///< vocab ids by rank
    std::array<std::uint32_t, kWordClasses> class_first{};  ///< class_words[c][i] == class_first[c] + i
    std::array<WordSampler, kWordClasses> class_zipf;  ///< Zipf-Mandelbrot over class_words[c]
    std::array<std::size_t, kWordClasses> class_head{};  ///< leading class_words that are common real words
    std::vector<std::string> invented_names;          ///< capitalized invented names
    std::array<std::string, 7> weekdays;
    /// The lexicon's synonym groups as vocab ids (each group of one class, 2+ words), and the
    /// group of each vocab id (kNoGroup when it has none).
    std::vector<std::vector<std::uint32_t>> synonym_groups;
    std::vector<std::uint32_t> synonym_group;
    static constexpr std::uint32_t kNoGroup = 0xffff'ffffU;
    std::vector<std::vector<std::string>> synonym_lines;  ///< the lexicon's [synonyms], as written
    std::size_t real_words = 0;     ///< vocab entries that are real English words
    std::size_t seed_sentences = 0; ///< sentences the skeleton was trained on
};

/// The model, built on first use (thread-safe static initialization; ~0.3 s).
const Model& model();

}  // namespace wiretrace::gen::detail
