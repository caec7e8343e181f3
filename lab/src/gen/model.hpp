// SPDX-License-Identifier: Apache-2.0
// Private: the language model of `wiretrace gen`, learned once from the seed articles, the
// spelling-variant table and the hand-written lexicon: a sentence skeleton model over function
// words and word-class slots, and a large Zipf-ranked content vocabulary (real and invented words).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gen/rng.hpp"

namespace wiretrace::gen::detail {

/// Content words fall into part-of-speech classes, so that a slot learned from "airstrikes" is
/// filled with a plural noun and one learned from "carrying" with an -ing form. The hand-written
/// lists say the class of common words; suffixes decide for the others.
enum class WordClass : std::uint8_t { noun, plural, verb, past, gerund, adjective, adverb };
inline constexpr std::size_t kWordClasses = 7;

/// The class of a lower-case content word from its suffix alone.
WordClass classify_suffix(std::string_view word);

/// One content word of the vocabulary.
struct VocabWord {
    std::string text;  ///< lower-case US spelling
    std::string uk;    ///< British (and Australian) spelling; empty when it is the same
    std::string ca;    ///< Canadian spelling; empty when it is the same
    WordClass cls = WordClass::noun;
    bool real = false; ///< from the seeds or the spelling table rather than invented
};

/// Skeleton token ids: structural tokens, one slot per content class, then literal words.
enum SkeletonToken : std::uint16_t {
    kTokBoundary = 0,       ///< sentence start and end
    kTokComma,
    kTokDash,
    kTokNumber,
    kTokName,               ///< a proper name (person, place, organization)
    kTokNamePossessive,     ///< a proper name with 's
    kTokDay,                ///< the story's weekday
    kTokContent,            ///< + WordClass: a content word of that class
    kFirstLiteral = kTokContent + kWordClasses,
};

/// An interpolated trigram model over skeleton tokens (Jelinek-Mercer smoothing of the trigram
/// with the bigram), learned from the seed sentences.
class Skeleton {
public:
    /// `sentences` hold token ids without boundaries; `literals` names the literal tokens.
    void train(const std::vector<std::vector<std::uint16_t>>& sentences, std::vector<std::string> literals);

    /// The token after the context (a, b); kTokBoundary ends the sentence.
    std::uint16_t next(std::uint16_t a, std::uint16_t b, Rng& rng) const;

    std::string_view literal(std::uint16_t token) const { return literals_[token - kFirstLiteral]; }
    std::size_t token_count() const { return token_count_; }

private:
    /// One cell of an alias table whose columns are tokens; a distribution is a run of cells.
    struct Cell {
        std::uint32_t threshold;  ///< keep this cell's token when the draw's low half is below
        std::uint16_t token;
        std::uint16_t alias;      ///< the token otherwise
    };
    struct Dist {
        std::uint32_t first;  ///< first cell in cells_
        std::uint32_t size;
    };
    std::size_t token_count_ = 0;
    std::vector<std::string> literals_;
    std::vector<std::int32_t> trigram_;  ///< [a * T + b] -> dist index, -1 when unseen
    std::vector<std::int32_t> bigram_;   ///< [b] -> dist index
    std::vector<Dist> dists_;
    std::vector<Cell> cells_;            ///< all distributions, contiguous
};

/// Samples a content word of one class by its Zipf weight: an alias table whose cells also hold
/// where each word's text is, so that one 16-byte cell is all a draw touches (the tables are
/// large and flat: sampling was bound by cache misses).
class WordSampler {
public:
    WordSampler() = default;
    /// `first` is the vocab id of position 0; `texts` the words' texts inside `chars`.
    WordSampler(std::span<const double> weights, std::uint32_t first, std::span<const std::string_view> texts,
                std::string_view chars);

    struct Pick {
        std::uint32_t id;
        std::string_view text;
    };
    Pick sample(Rng& rng) const {
        const std::uint64_t r = rng.next();
        const auto i = static_cast<std::uint32_t>(((r >> 32) * cells_.size()) >> 32);
        const Cell& c = cells_[i];
        const bool keep = static_cast<std::uint32_t>(r) < c.threshold;
        const std::uint32_t text = keep ? c.keep_text : c.alias_text;
        return Pick{first_ + (keep ? i : c.alias), std::string_view(chars_ + (text >> 8), text & 0xff)};
    }

private:
    struct Cell {
        std::uint32_t threshold;
        std::uint32_t alias;       ///< position taken otherwise
        std::uint32_t keep_text;   ///< offset << 8 | length of keep's text in chars_
        std::uint32_t alias_text;  ///< the same for alias
    };
    std::vector<Cell> cells_;
    std::uint32_t first_ = 0;
    const char* chars_ = nullptr;
};

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
    std::size_t real_words = 0;     ///< vocab entries that are real English words
    std::size_t seed_sentences = 0; ///< sentences the skeleton was trained on
};

/// A hash of the engine's view of a word: lower case, ASCII letters and digits only (the
/// generator writes no other letters). Words that fold to the same token get the same key.
std::uint64_t fold_key(std::string_view text);

/// The model, built on first use (thread-safe static initialization; ~0.3 s).
const Model& model();

}  // namespace wiretrace::gen::detail
