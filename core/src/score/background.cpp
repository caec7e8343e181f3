// SPDX-License-Identifier: Apache-2.0
// The corpus background: a least-squares surface of chance containment over the two texts' log2
// sizes, fitted with Eigen, and the spread around it.
#include "wiretrace/score/background.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "wiretrace/hash.hpp"
#include "wiretrace/score/score.hpp"
#include "wiretrace/sketch/sketch.hpp"
#include "wiretrace/text/tokenize.hpp"

namespace wiretrace::score {
namespace {

/// A spread below this is a degenerate background: in a broad corpus (Reuters-21578, generated
/// news) almost every random pair shares no rare word pair at all, the measured spread falls to
/// a few thousandths, and any two reports of one event would stand dozens of spreads above it.
/// z is measured against at least this: the spread of narrow one-domain corpora (METER courts
/// 0.025, COUNTER 0.026), so four spreads always mean a tenth of the copy's rare word pairs.
constexpr double kMinSpread = 0.025;

std::array<double, Background::kTerms> terms(std::uint32_t copy_bigrams, std::uint32_t source_bigrams) {
    const double x = std::log2(1.0 + copy_bigrams);
    const double y = std::log2(1.0 + source_bigrams);
    return {1.0, x, y, x * y, x * x, y * y};
}

}  // namespace

Background Background::estimate(std::span<const BackgroundSample> samples) {
    Background out;
    Eigen::Matrix<double, kTerms, kTerms> normal = Eigen::Matrix<double, kTerms, kTerms>::Zero();
    Eigen::Matrix<double, kTerms, 1> rhs = Eigen::Matrix<double, kTerms, 1>::Zero();
    std::uint64_t used = 0;
    double sum = 0;
    for (const BackgroundSample& s : samples) {
        if (s.copy_bigrams == 0 || s.source_bigrams == 0 || !std::isfinite(s.containment)) continue;
        const auto t = terms(s.copy_bigrams, s.source_bigrams);
        const Eigen::Map<const Eigen::Matrix<double, kTerms, 1>> v(t.data());
        normal += v * v.transpose();
        rhs += v * s.containment;
        sum += s.containment;
        ++used;
    }
    if (used < kMinSamples) return out;
    // A small ridge keeps the fit defined when the sizes barely vary (every text the same length).
    normal += 1e-6 * static_cast<double>(used) * Eigen::Matrix<double, kTerms, kTerms>::Identity();
    const Eigen::Matrix<double, kTerms, 1> beta = normal.ldlt().solve(rhs);
    for (std::size_t i = 0; i < kTerms; ++i) out.coefficients_[i] = beta(static_cast<Eigen::Index>(i));
    out.samples_ = used;
    out.mean_ = sum / static_cast<double>(used);
    out.valid_ = true;
    double squares = 0;
    for (const BackgroundSample& s : samples) {
        if (s.copy_bigrams == 0 || s.source_bigrams == 0 || !std::isfinite(s.containment)) continue;
        const double r = s.containment - out.expected(s.copy_bigrams, s.source_bigrams);
        squares += r * r;
    }
    out.sd_ = std::max(kMinSpread, std::sqrt(squares / static_cast<double>(used)));
    return out;
}

Background Background::from_stored(const std::array<double, kTerms>& coefficients, double sd, std::uint64_t samples,
                                   double mean_containment) {
    Background out;
    const bool finite = std::all_of(coefficients.begin(), coefficients.end(), [](double c) { return std::isfinite(c); });
    if (!finite || !std::isfinite(sd) || sd <= 0 || samples < kMinSamples) return out;
    out.coefficients_ = coefficients;
    out.sd_ = std::max(kMinSpread, sd);
    out.samples_ = samples;
    out.mean_ = mean_containment;
    out.valid_ = true;
    return out;
}

double Background::expected(std::uint32_t copy_bigrams, std::uint32_t source_bigrams) const {
    const auto t = terms(copy_bigrams, source_bigrams);
    double e = 0;
    for (std::size_t i = 0; i < kTerms; ++i) e += coefficients_[i] * t[i];
    return std::clamp(e, 0.0, 1.0);
}

double Background::z(std::uint32_t copy_bigrams, std::uint32_t source_bigrams, double containment) const {
    if (!valid_) return 0;
    return (containment - expected(copy_bigrams, source_bigrams)) / sd_;
}

std::vector<std::pair<DocId, DocId>> background_pairs(DocId articles, std::uint32_t count, std::uint64_t seed) {
    std::vector<std::pair<DocId, DocId>> out;
    if (articles < 2) return out;
    out.reserve(count);
    std::uint64_t state = seed;
    const auto next = [&state](DocId bound) {
        state += 0x9e3779b97f4a7c15ULL;
        return static_cast<DocId>(mix64(state) % bound);
    };
    for (std::uint32_t i = 0; i < count; ++i) {
        const DocId copy = next(articles);
        DocId source = next(articles - 1);
        if (source >= copy) ++source;  // any article but the copy, uniformly
        out.emplace_back(copy, source);
    }
    return out;
}

std::vector<BackgroundSample> measure_background(std::span<const std::pair<DocId, DocId>> pairs, const TextFn& text,
                                                 const tfidf::DocumentFrequencies& df, const Params& params) {
    std::vector<DocId> docs;
    docs.reserve(pairs.size() * 2);
    for (const auto& [copy, source] : pairs) {
        docs.push_back(copy);
        docs.push_back(source);
    }
    std::sort(docs.begin(), docs.end());
    docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
    // Each article's set is kept whole up to kBackgroundSetKeys hashes, beyond that as its
    // smallest kBackgroundSetKeys (a bottom-k sample: the hashes are uniform), so the memory of
    // the sampled articles does not grow with their length. A pair's containment is then measured
    // below the smaller of its two sides' largest kept hash, where both sets are complete.
    struct Kept {
        std::uint32_t size = 0;             ///< distinct rare 2-word shingles of the whole text
        std::vector<std::uint64_t> lowest;  ///< the smallest of them, sorted
    };
    std::vector<Kept> kept(docs.size());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, docs.size(), 16), [&](const auto& range) {
        std::string body;
        for (std::size_t i = range.begin(); i < range.end(); ++i) {
            text(docs[i], body);
            std::vector<std::uint64_t> set = rare_bigram_set(text::tokenize(body), df, params);
            kept[i].size = static_cast<std::uint32_t>(set.size());
            if (set.size() > kBackgroundSetKeys) {
                set.resize(kBackgroundSetKeys);
                set.shrink_to_fit();
            }
            kept[i].lowest = std::move(set);
        }
    });
    const auto kept_of = [&](DocId d) -> const Kept& {
        return kept[static_cast<std::size_t>(std::lower_bound(docs.begin(), docs.end(), d) - docs.begin())];
    };
    const auto complete_below = [](const Kept& k) {
        return k.lowest.size() < k.size ? k.lowest.back() : std::numeric_limits<std::uint64_t>::max();
    };
    std::vector<BackgroundSample> out(pairs.size());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, pairs.size(), 64), [&](const auto& range) {
        for (std::size_t i = range.begin(); i < range.end(); ++i) {
            const Kept& copy = kept_of(pairs[i].first);
            const Kept& source = kept_of(pairs[i].second);
            const std::uint64_t limit = std::min(complete_below(copy), complete_below(source));
            const auto below = [limit](const std::vector<std::uint64_t>& set) {
                return std::span<const std::uint64_t>(set.data(), static_cast<std::size_t>(
                    std::upper_bound(set.begin(), set.end(), limit) - set.begin()));
            };
            out[i] = {copy.size, source.size, sketch::overlap(below(copy.lowest), below(source.lowest)).containment_a()};
        }
    });
    return out;
}

}  // namespace wiretrace::score
