// SPDX-License-Identifier: Apache-2.0
// Pairs/s and tokens/s of align::align and score::score_pair on the seed pair, on edited synthetic
// pairs of growing length (with fitted complexity), on highly repetitive text and on pairs made of
// many short passages.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "seed_articles.hpp"
#include "synthetic_text.hpp"
#include "wiretrace/align/align.hpp"
#include "wiretrace/document.hpp"
#include "wiretrace/params.hpp"
#include "wiretrace/score/score.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/sketch/tfidf.hpp"

namespace {

namespace align = wiretrace::align;
namespace score = wiretrace::score;
namespace text = wiretrace::text;
using wiretrace::Document;
using wiretrace::Params;
using wiretrace::bench::Paragraph;

constexpr std::uint64_t kPairSeed = 0x616c69676eULL;  // "align"
constexpr std::size_t kSubstitutedPercent = 10;       // of the words of a
constexpr std::size_t kParagraphsPerInsertion = 8;    // one local paragraph per this many
constexpr std::size_t kSentenceTokens = 20;           // words of kRepeatedSentence
constexpr std::size_t kSentenceRepeats = 200;         // the adversarial case: 4000 tokens
constexpr std::size_t kChunkTokens = 20;              // many-passages case: shared chunk ...
constexpr std::size_t kFreshTokens = 15;              // ... then this many new words in b

/// The 20-word sentence of the repetitive case (no word repeated inside it).
constexpr const char* kRepeatedSentence =
    "The minister told reporters on Monday that talks with union leaders would resume next week "
    "in Ottawa after long strikes.";

/// Two documents with their analyses and pair statistics, built and checked once.
struct Pair {
    Document a, b;
    score::Analysis analysis_a, analysis_b;
    wiretrace::tfidf::DocumentFrequencies df;
    std::string error;  ///< set when a check failed: the benchmark is skipped with it

    std::size_t tokens() const { return analysis_a.tokens.size() + analysis_b.tokens.size(); }
};

const Params& params() {
    static const Params p;
    return p;
}

align::Alignment run_align(const Document& a, const score::Analysis& aa, const Document& b,
                           const score::Analysis& ab) {
    return align::align(a.text, aa.tokens, b.text, ab.tokens, params());
}

/// Empty when aligning `doc` with itself covers every token on both sides.
std::string check_self_alignment(const Document& doc, const score::Analysis& analysis) {
    const auto al = run_align(doc, analysis, doc, analysis);
    if (analysis.tokens.empty() || al.coverage_a != 1.0 || al.coverage_b != 1.0) {
        return "align(a, a) of " + doc.id + " does not cover every token";
    }
    return {};
}

Pair make_pair(Document a, Document b) {
    Pair p;
    p.a = std::move(a);
    p.b = std::move(b);
    auto standalone = score::score_standalone(p.a, p.b, params());
    p.analysis_a = std::move(standalone.analysis_a);
    p.analysis_b = std::move(standalone.analysis_b);
    p.df = std::move(standalone.df);
    return p;
}

Document document(std::string id, std::string body) {
    Document doc;
    doc.id = std::move(id);
    doc.text = std::move(body);
    return doc;
}

const Pair& seed_pair() {
    static const Pair pair = [] {
        Pair p;
        try {
            auto docs = wiretrace::bench::read_seed_articles();
            p = make_pair(std::move(docs[0]), std::move(docs[1]));
        } catch (const std::exception& e) {
            p.error = e.what();
            return p;
        }
        p.error = check_self_alignment(p.a, p.analysis_a);
        if (p.error.empty()) p.error = check_self_alignment(p.b, p.analysis_b);
        if (p.error.empty()) {
            const auto scored = score::score_pair(p.a, p.analysis_a, p.b, p.analysis_b, p.df, params());
            if (!is_derived(scored.relation)) p.error = "the seed pair is not scored as derived";
        }
        return p;
    }();
    return pair;
}

/// b = a with 10% of its words substituted, one paragraph moved from the first to the last
/// quarter, and one fresh "local" paragraph inserted after every 8th paragraph (in the middle
/// when there are fewer than 8).
std::vector<Paragraph> edited_copy(std::vector<Paragraph> paragraphs,
                                   wiretrace::bench::NewsTextGenerator& gen) {
    std::vector<std::pair<std::size_t, std::size_t>> positions;  // (paragraph, word)
    for (std::size_t p = 0; p < paragraphs.size(); ++p) {
        for (std::size_t w = 0; w < paragraphs[p].size(); ++w) positions.emplace_back(p, w);
    }
    for (std::size_t i = positions.size(); i > 1; --i) {
        std::swap(positions[i - 1], positions[gen.uniform(i)]);  // Fisher-Yates
    }
    positions.resize(positions.size() * kSubstitutedPercent / 100);
    for (const auto& [p, w] : positions) {
        std::string& word = paragraphs[p][w];
        std::string replacement = gen.word();
        while (text::fold_word(replacement) == text::fold_word(word)) replacement = gen.word();
        word = std::move(replacement);
    }
    if (paragraphs.size() >= 2) {
        const std::size_t from = paragraphs.size() / 4;
        const std::size_t to = std::max(from + 1, paragraphs.size() * 3 / 4);
        std::rotate(paragraphs.begin() + static_cast<std::ptrdiff_t>(from),
                    paragraphs.begin() + static_cast<std::ptrdiff_t>(from) + 1,
                    paragraphs.begin() + static_cast<std::ptrdiff_t>(to) + 1);
    }
    std::vector<Paragraph> out;
    const std::size_t count = paragraphs.size();
    for (std::size_t p = 0; p < count; ++p) {
        out.push_back(std::move(paragraphs[p]));
        const bool short_text = count < kParagraphsPerInsertion;
        if ((p + 1) % kParagraphsPerInsertion == 0 || (short_text && p == count / 2)) {
            out.push_back(gen.paragraph());
        }
    }
    return out;
}

/// Synthetic pair whose a holds exactly `tokens` words, by length, built on first use.
const Pair& synthetic_pair(std::size_t tokens) {
    static std::map<std::size_t, Pair> pairs;
    if (const auto it = pairs.find(tokens); it != pairs.end()) return it->second;
    wiretrace::bench::NewsTextGenerator gen(kPairSeed);
    const std::vector<Paragraph> a = gen.paragraphs(tokens);
    const std::vector<Paragraph> b = edited_copy(a, gen);
    Pair p = make_pair(document("synthetic-a", wiretrace::bench::render(a)),
                       document("synthetic-b", wiretrace::bench::render(b)));
    if (p.analysis_a.tokens.size() != tokens) {
        p.error = "a generated word did not make exactly one token";
    } else {
        p.error = check_self_alignment(p.a, p.analysis_a);
    }
    if (p.error.empty()) {
        const auto al = run_align(p.a, p.analysis_a, p.b, p.analysis_b);
        const bool moved = std::any_of(al.passages.begin(), al.passages.end(),
                                       [](const align::Passage& passage) { return passage.moved; });
        if (al.coverage_a < 0.5 || (tokens >= 800 && !moved)) {
            p.error = "the edited copy is not found (coverage of a < 0.5 or no moved passage)";
        }
    }
    return pairs.emplace(tokens, std::move(p)).first->second;
}

/// b = a cut into 20-word chunks, each followed by 15 fresh words: every chunk is its own
/// passage (gaps exceed max_gap_tokens), so the passage count grows with the length.
const Pair& many_passages_pair(std::size_t tokens) {
    static std::map<std::size_t, Pair> pairs;
    if (const auto it = pairs.find(tokens); it != pairs.end()) return it->second;
    wiretrace::bench::NewsTextGenerator gen(kPairSeed);
    Paragraph words;
    for (Paragraph& paragraph : gen.paragraphs(tokens)) {
        for (std::string& w : paragraph) words.push_back(std::move(w));
    }
    std::vector<Paragraph> a, b;
    for (std::size_t i = 0; i < words.size(); i += kChunkTokens) {
        const auto first = words.begin() + static_cast<std::ptrdiff_t>(i);
        const auto last =
            words.begin() + static_cast<std::ptrdiff_t>(std::min(words.size(), i + kChunkTokens));
        a.emplace_back(first, last);
        b.emplace_back(first, last);
        Paragraph fresh;
        for (std::size_t k = 0; k < kFreshTokens; ++k) fresh.push_back(gen.word());
        b.push_back(std::move(fresh));
    }
    Pair p = make_pair(document("chunks-a", wiretrace::bench::render(a)),
                       document("chunks-b", wiretrace::bench::render(b)));
    const auto al = run_align(p.a, p.analysis_a, p.b, p.analysis_b);
    if (al.coverage_a != 1.0 || al.passages.size() != a.size()) {
        p.error = "the chunks of a are not each found as one passage";
    }
    return pairs.emplace(tokens, std::move(p)).first->second;
}

/// Both sides: the same 20-word sentence `repeats` times, one sentence per line.
const Pair& repetitive_pair(std::size_t repeats) {
    static std::map<std::size_t, Pair> pairs;
    if (const auto it = pairs.find(repeats); it != pairs.end()) return it->second;
    std::string body;
    for (std::size_t r = 0; r < repeats; ++r) (body += kRepeatedSentence) += '\n';
    Pair p = make_pair(document("repetitive-a", body), document("repetitive-b", body));
    if (p.analysis_a.tokens.size() != kSentenceTokens * repeats) {
        p.error = "the repeated sentence is not 20 tokens";
    } else {
        p.error = check_self_alignment(p.a, p.analysis_a);  // a and b are the same text
    }
    return pairs.emplace(repeats, std::move(p)).first->second;
}

/// Pairs/s (items), tokens/s of both sides, and the alignment's shape for reading the figures.
void report(benchmark::State& state, const Pair& p, const align::Alignment& last) {
    state.SetItemsProcessed(state.iterations());
    state.counters["tokens/s"] =
        benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(p.tokens()),
                           benchmark::Counter::kIsRate);
    state.counters["tokens_a"] = static_cast<double>(p.analysis_a.tokens.size());
    state.counters["tokens_b"] = static_cast<double>(p.analysis_b.tokens.size());
    state.counters["passages"] = static_cast<double>(last.passages.size());
    state.counters["edits"] = static_cast<double>(last.edits.size());
    state.counters["coverage_a"] = last.coverage_a;
}

void time_align(benchmark::State& state, const Pair& p) {
    if (!p.error.empty()) {
        state.SkipWithError(p.error.c_str());
        return;
    }
    align::Alignment last;
    for (auto _ : state) {
        last = run_align(p.a, p.analysis_a, p.b, p.analysis_b);
        benchmark::DoNotOptimize(last.runs.data());
        benchmark::ClobberMemory();
    }
    report(state, p, last);
}

void time_score(benchmark::State& state, const Pair& p) {
    if (!p.error.empty()) {
        state.SkipWithError(p.error.c_str());
        return;
    }
    score::PairScore last;
    for (auto _ : state) {
        last = score::score_pair(p.a, p.analysis_a, p.b, p.analysis_b, p.df, params());
        benchmark::DoNotOptimize(last.jaccard);
        benchmark::ClobberMemory();
    }
    report(state, p, last.alignment);
}

void BM_align_seed_pair(benchmark::State& state) { time_align(state, seed_pair()); }
void BM_score_pair_seed_pair(benchmark::State& state) { time_score(state, seed_pair()); }

void BM_align_synthetic(benchmark::State& state) {
    time_align(state, synthetic_pair(static_cast<std::size_t>(state.range(0))));
    state.SetComplexityN(state.range(0));
}

void BM_score_pair_synthetic(benchmark::State& state) {
    time_score(state, synthetic_pair(static_cast<std::size_t>(state.range(0))));
    state.SetComplexityN(state.range(0));
}

void BM_align_repetitive(benchmark::State& state) {
    time_align(state, repetitive_pair(static_cast<std::size_t>(state.range(0))));
    state.SetComplexityN(state.range(0) * static_cast<std::int64_t>(kSentenceTokens));
}

void BM_align_many_passages(benchmark::State& state) {
    time_align(state, many_passages_pair(static_cast<std::size_t>(state.range(0))));
    state.SetComplexityN(state.range(0));
}

/// Arguments lo, 4 lo, 16 lo, ... up to hi. (Range(200, 12800) with RangeMultiplier(4) would
/// give 200, 256, 1024, 4096, 12800: it steps through powers of the multiplier.)
void times_four(benchmark::internal::Benchmark* b, std::int64_t lo, std::int64_t hi) {
    for (std::int64_t n = lo; n <= hi; n *= 4) b->Arg(n);
}

/// Lengths of a in tokens for the edited pairs: 200, 800, 3200, 12800.
void lengths(benchmark::internal::Benchmark* b) { times_four(b, 200, 12800); }

/// Lengths of a in tokens for the many-passages pairs: 800 to 204800.
void long_lengths(benchmark::internal::Benchmark* b) { times_four(b, 800, 204800); }

BENCHMARK(BM_align_seed_pair)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_score_pair_seed_pair)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_align_synthetic)->Apply(lengths)->Complexity()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_score_pair_synthetic)->Apply(lengths)->Complexity()->Unit(benchmark::kMicrosecond);
// Under the anchor cap (64 occurrences) every k-gram is an anchor with `repeats` hits: 16, 64.
BENCHMARK(BM_align_repetitive)
    ->Name("BM_align_repetitive_under_cap")
    ->Arg(16)
    ->Arg(64)
    ->Unit(benchmark::kMicrosecond);
// Above it (200 repeats, 4000 tokens a side, then 4x and 16x that) no k-gram is an anchor; the two
// identical sides still align through their common prefix. The cap should keep the cost
// linear in the length. N = tokens of one side.
BENCHMARK(BM_align_repetitive)
    ->Name("BM_align_repetitive_over_cap")
    ->Arg(kSentenceRepeats)
    ->Arg(4 * kSentenceRepeats)
    ->Arg(16 * kSentenceRepeats)
    ->Complexity()
    ->Unit(benchmark::kMicrosecond);
// One passage per 35 tokens of b, to expose costs that grow with the number of passages.
BENCHMARK(BM_align_many_passages)->Apply(long_lengths)->Complexity()->Unit(benchmark::kMillisecond);

}  // namespace
