// SPDX-License-Identifier: Apache-2.0
// Private: the sentence skeleton of the generator's language model, a trigram model over
// function words and word-class slots, learned from the seed articles.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gen/rng.hpp"
#include "gen/words.hpp"

namespace wiretrace::gen::detail {

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

/// The skeleton learned from the seed articles; the content words seen, with their counts, go
/// to `content_counts`, and the number of sentences learned from to `sentence_count`.
Skeleton learn_skeleton(const WordClasses& classes, std::map<std::string, std::size_t>& content_counts,
                        std::size_t& sentence_count);

}  // namespace wiretrace::gen::detail
