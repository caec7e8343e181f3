// SPDX-License-Identifier: Apache-2.0
// Private: the content vocabulary of the generator's language model, Zipf-ranked real and
// invented words with their British and Canadian spellings, its samplers, and the invented names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gen/rng.hpp"
#include "gen/words.hpp"

namespace wiretrace::gen::detail {

struct Model;

/// One content word of the vocabulary.
struct VocabWord {
    std::string text;  ///< lower-case US spelling
    std::string uk;    ///< British (and Australian) spelling; empty when it is the same
    std::string ca;    ///< Canadian spelling; empty when it is the same
    WordClass cls = WordClass::noun;
    bool real = false; ///< from the seeds or the spelling table rather than invented
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

/// Builds the vocabulary of `m` (vocab and its views, class_words, class_first, class_zipf,
/// class_head, real_words) from its listed words and the content words of the seeds.
void build_vocabulary(Model& m, const WordClasses& classes, const std::map<std::string, std::size_t>& content_counts);

/// Invents m.invented_names from the letters of the lexicon's names and places.
void invent_names(Model& m);

}  // namespace wiretrace::gen::detail
