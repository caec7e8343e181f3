// SPDX-License-Identifier: Apache-2.0
// What unrelated texts of one corpus share by chance, estimated from the corpus itself.
//
// Whether a pair is derived cannot be read off a fixed overlap threshold: how many word pairs
// two unrelated texts share depends on the language, the domain, the house style and the texts'
// lengths (court reports share names, ages and formulaic phrases; Urdu sports stories share team
// names). So the decision asks how far a pair's overlap stands above what random pairs of the same
// corpus share, the way BLAST reports an E-value rather than a raw score: the containment of one
// text's distinct 2-word shingles in the other, minus the containment expected for two random
// texts of those sizes, in units of the spread of that containment over random pairs.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "wiretrace/params.hpp"
#include "wiretrace/sketch/tfidf.hpp"
#include "wiretrace/types.hpp"

namespace wiretrace::score {

/// One random pair of a corpus: the distinct 2-word shingles of the copy side and of the
/// source side, and the share of the copy's found in the source.
struct BackgroundSample {
    std::uint32_t copy_bigrams = 0;
    std::uint32_t source_bigrams = 0;
    double containment = 0;
};

/// The chance containment of a text's 2-word shingles in another text of the same corpus, as a
/// smooth function of both texts' sizes (least squares over the samples, quadratic in the log2
/// sizes), and the spread of the samples around it.
class Background {
public:
    /// Samples needed for an estimate; fewer give an invalid (empty) background.
    static constexpr std::size_t kMinSamples = 200;
    /// Terms of the fitted surface: 1, x, y, x*y, x^2, y^2 with x, y the log2 sizes.
    static constexpr std::size_t kTerms = 6;

    Background() = default;
    /// Fits the background to random pairs of a corpus. Fewer than kMinSamples usable samples
    /// (both sides with at least one shingle) give an invalid background.
    static Background estimate(std::span<const BackgroundSample> samples);
    /// Rebuilds a background from its stored figures (an index keeps them); invalid when `sd`
    /// is not positive and finite or `samples` is below kMinSamples.
    static Background from_stored(const std::array<double, kTerms>& coefficients, double sd, std::uint64_t samples,
                                  double mean_containment);

    bool valid() const { return valid_; }
    /// The expected containment of a copy with `copy_bigrams` distinct 2-word shingles in an
    /// unrelated source with `source_bigrams` (clamped to 0..1).
    double expected(std::uint32_t copy_bigrams, std::uint32_t source_bigrams) const;
    /// How many spreads `containment` stands above the expected containment. 0 when invalid.
    double z(std::uint32_t copy_bigrams, std::uint32_t source_bigrams, double containment) const;

    const std::array<double, kTerms>& coefficients() const { return coefficients_; }
    double sd() const { return sd_; }                  ///< spread of random pairs around the fit
    std::uint64_t samples() const { return samples_; }  ///< random pairs it was fitted on
    double mean_containment() const { return mean_; }   ///< mean containment of those pairs

private:
    std::array<double, kTerms> coefficients_{};
    double sd_ = 0;
    double mean_ = 0;
    std::uint64_t samples_ = 0;
    bool valid_ = false;
};

/// Pairs of distinct articles a scan samples for its background: `count` ordered (copy,
/// source) pairs drawn uniformly from `articles` articles, deterministic in `seed`. Empty when
/// there are fewer than two articles.
std::vector<std::pair<DocId, DocId>> background_pairs(DocId articles, std::uint32_t count, std::uint64_t seed);

/// Reads the text of article `n` into `out`; called from several threads at once.
using TextFn = std::function<void(DocId n, std::string& out)>;

/// The background samples of `pairs` ((copy, source) articles; an article may repeat): the
/// containment of each copy's distinct 2-word shingles holding a rare word of the corpus
/// (rare_bigram_set of score.hpp, with `df`) in its source's, in the order of `pairs`. Each
/// article's text is read once. Parallel (oneTBB). A text of more than kBackgroundSetKeys such
/// shingles is measured on its smallest kBackgroundSetKeys (below).
std::vector<BackgroundSample> measure_background(std::span<const std::pair<DocId, DocId>> pairs, const TextFn& text,
                                                 const tfidf::DocumentFrequencies& df, const Params& params);

/// Rare 2-word shingles of one article measure_background keeps at most (its smallest hashes, a
/// bottom-k sample; 32 kB): an ordinary article has a few hundred, so only very long texts are
/// sampled, and the memory of the background stays bounded whatever the articles' length.
inline constexpr std::size_t kBackgroundSetKeys = 4096;

/// Random pairs sampled for a background by default: enough that the fitted surface and the
/// spread are stable to about a hundredth of a spread, few enough to cost nothing at scale.
inline constexpr std::uint32_t kBackgroundPairs = 4096;

/// Fewest articles a corpus needs before its random pairs say what "unrelated" means there;
/// smaller corpora get no background and are judged by the aligned passages alone.
inline constexpr DocId kMinBackgroundArticles = 40;

}  // namespace wiretrace::score
