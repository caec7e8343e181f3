// SPDX-License-Identifier: Apache-2.0
// The rare-word candidate source: profiles of each document's highest-weight words, an inverted
// index over them, and each document's nearest possible sources by the restricted cosine.
#include "wiretrace/candidates/rare_terms.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <tbb/blocked_range.h>
#include <tbb/combinable.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include "candidates/join.hpp"
#include "wiretrace/error.hpp"

namespace wiretrace::candidates {

void RareTerms::add(std::span<const std::int32_t> words, const tfidf::DocumentFrequencies& df,
                    std::uint32_t max_postings) {
    corpus_documents = df.documents();
    const auto n = static_cast<double>(corpus_documents);
    struct Word {
        std::uint32_t df;
        std::int32_t feature;
    };
    std::vector<Word> indexed;
    double squared_norm = 0;
    std::vector<std::uint32_t> counts(words.size());
    df.document_frequencies(words, counts);
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::int32_t f = words[i];
        const std::uint32_t count = counts[i];
        if (count == 0 || static_cast<double>(count) >= n) continue;  // weight 0 (or not counted)
        const double w = std::log(n / static_cast<double>(count));
        squared_norm += w * w;
        if (count >= 2 && count <= max_postings) indexed.push_back({count, f});
    }
    // The rarest words weigh most: fewest documents first, ties by feature.
    const auto rarer = [](const Word& x, const Word& y) { return x.df != y.df ? x.df < y.df : x.feature < y.feature; };
    if (indexed.size() > kMaxIndexedWords) {
        std::nth_element(indexed.begin(), indexed.begin() + kMaxIndexedWords, indexed.end(), rarer);
        indexed.resize(kMaxIndexedWords);
    }
    std::sort(indexed.begin(), indexed.end(), rarer);
    for (const Word& w : indexed) features.push_back(w.feature);
    offsets.push_back(features.size());
    norms.push_back(static_cast<float>(std::sqrt(squared_norm)));
}

void RareTerms::append(const RareTerms& other) {
    const std::uint64_t base = features.size();
    features.insert(features.end(), other.features.begin(), other.features.end());
    norms.insert(norms.end(), other.norms.begin(), other.norms.end());
    for (std::size_t d = 1; d < other.offsets.size(); ++d) offsets.push_back(base + other.offsets[d]);
    corpus_documents = std::max(corpus_documents, other.corpus_documents);
}

namespace detail {
namespace {

/// Per-thread buffers of the search: a score per document (dense; only touched entries are
/// nonzero between documents) and the documents touched.
struct Scratch {
    std::vector<float> score;
    std::vector<std::uint32_t> touched;
    std::vector<Neighbour> found;   ///< this document's qualifying partners
};

/// The inverted index: (feature, document) keys sorted, and the start of each feature's postings.
/// PERF: the keys are 8 bytes per indexed word; the profiles keep 4 (the feature) until the search
/// is over.
struct Postings {
    Keys keys;                              ///< (feature << kDocBits) | document
    std::vector<std::int32_t> features;     ///< distinct features, ascending
    std::vector<std::size_t> starts;        ///< features[g]'s postings: keys[starts[g], starts[g + 1])

    explicit Postings(const RareTerms& terms) {
        keys.reserve(terms.features.size());
        for (std::uint32_t d = 0; d < terms.documents(); ++d) {
            for (std::uint64_t i = terms.offsets[d]; i < terms.offsets[d + 1]; ++i) {
                keys.push_back((static_cast<std::uint64_t>(terms.features[i]) << kDocBits) | d);
            }
        }
        tbb::parallel_sort(keys.begin(), keys.end());
        starts = group_starts(keys);
        features.resize(starts.size() - 1);
        for (std::size_t g = 0; g + 1 < starts.size(); ++g) features[g] = static_cast<std::int32_t>(key_hash(keys[starts[g]]));
    }
    /// The postings of `feature` (present: it is some document's profile word).
    std::pair<std::size_t, std::size_t> of(std::int32_t feature) const {
        const auto g = static_cast<std::size_t>(std::lower_bound(features.begin(), features.end(), feature) - features.begin());
        return {starts[g], starts[g + 1]};
    }
};

}  // namespace

std::vector<Neighbour> rare_term_neighbours(const RareTerms& terms, const DocTable& docs, const Options& o,
                                            Stats& stats) {
    const std::uint32_t n = terms.documents();
    if (n > kMaxDocuments) throw Error(Errc::too_large, "", "more documents than the candidate join can number (2^28)");
    if (o.tfidf_neighbours == 0 || n < 2) return {};
    const Postings index(terms);
    stats.tfidf_postings += index.keys.size();
    const auto n_corpus = static_cast<double>(std::max<std::uint64_t>(terms.corpus_documents, n));
    // Fixed blocks, each run by one thread: the result is concatenated in block order.
    constexpr std::uint32_t kBlock = 512;
    const std::uint32_t blocks = (n + kBlock - 1) / kBlock;
    std::vector<std::vector<Neighbour>> by_block(blocks);
    tbb::combinable<Scratch> scratch([n] {
        Scratch s;
        s.score.assign(n, 0.0F);
        return s;
    });
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, blocks, 1), [&](const auto& range) {
        Scratch& s = scratch.local();
        for (std::uint32_t block = range.begin(); block < range.end(); ++block) {
            std::vector<Neighbour>& out = by_block[block];
            for (std::uint32_t a = block * kBlock; a < std::min(n, (block + 1) * kBlock); ++a) {
                s.touched.clear();
                const std::uint64_t query_end = std::min(terms.offsets[a + 1], terms.offsets[a] + o.tfidf_terms);
                for (std::uint64_t i = terms.offsets[a]; i < query_end; ++i) {
                    // Every document holding the word is indexed: the postings count its df.
                    const auto [begin, end] = index.of(terms.features[i]);
                    const auto w = static_cast<float>(std::log(n_corpus / static_cast<double>(end - begin)));
                    const float w2 = w * w;
                    for (std::size_t k = begin; k < end; ++k) {
                        const std::uint32_t b = key_doc(index.keys[k]);
                        if (b == a) continue;
                        if (s.score[b] == 0.0F) s.touched.push_back(b);
                        s.score[b] += w2;
                    }
                }
                s.found.clear();
                for (const std::uint32_t b : s.touched) {
                    const float dot = s.score[b];
                    s.score[b] = 0.0F;
                    const float norms = terms.norms[a] * terms.norms[b];
                    if (norms <= 0.0F) continue;
                    const float cosine = std::min(1.0F, dot / norms);
                    if (cosine < o.tfidf_min_cosine) continue;
                    if (outside_window(docs[a], docs[b], o.window_seconds)) continue;
                    if (!can_be_source(docs[b], docs[a], o.timestamp_tolerance_seconds)) continue;
                    s.found.push_back({a, b, cosine});
                }
                std::sort(s.found.begin(), s.found.end(), [&](const Neighbour& x, const Neighbour& y) {
                    if (x.cosine != y.cosine) return x.cosine > y.cosine;
                    return earlier(docs, x.partner, y.partner);
                });
                const auto k = static_cast<std::ptrdiff_t>(std::min<std::size_t>(s.found.size(), o.tfidf_neighbours));
                out.insert(out.end(), s.found.begin(), s.found.begin() + k);
                // The wire story itself, when other copies of it fill the first k: the likeliest source.
                const auto is_wire = [&](const Neighbour& x) { return docs[x.partner].wire; };
                if (std::none_of(s.found.begin(), s.found.begin() + k, is_wire)) {
                    const auto wire = std::find_if(s.found.begin() + k, s.found.end(), is_wire);
                    if (wire != s.found.end()) out.push_back(*wire);
                }
            }
        }
    });
    std::vector<Neighbour> all;
    for (const auto& block : by_block) all.insert(all.end(), block.begin(), block.end());
    return all;
}

}  // namespace detail

std::vector<Neighbour> rare_term_neighbours(const RareTerms& terms, std::span<const DocInfo> docs,
                                            const Options& options, Stats& stats) {
    if (options.tfidf_neighbours == 0) return {};
    if (docs.size() != terms.documents()) {
        throw Error(Errc::bad_argument, "", "rare-word neighbours: profiles and document information differ in number");
    }
    return detail::rare_term_neighbours(terms, detail::DocTable(docs, 0), options, stats);
}

std::vector<std::uint64_t> tfidf_pair_codes(std::span<const Neighbour> neighbours) {
    std::vector<std::uint64_t> codes(neighbours.size());
    std::transform(neighbours.begin(), neighbours.end(), codes.begin(),
                   [](const Neighbour& x) { return pair_code(x.doc, x.partner); });
    tbb::parallel_sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    return codes;
}

}  // namespace wiretrace::candidates
