// SPDX-License-Identifier: Apache-2.0
// Throughput (MB/s) of the text stage, check_utf8, tokenize and normalize, on ~1 MB each of seed
// articles, synthetic news text, text with 10% accented letters and hand-written Chinese, Japanese,
// Thai, Arabic and Urdu news.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "seed_articles.hpp"
#include "synthetic_text.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/text/utf8.hpp"

namespace {

namespace text = wiretrace::text;

constexpr std::size_t kTargetBytes = std::size_t{1} << 20;
constexpr std::uint64_t kSyntheticSeed = 0x74657874ULL;  // "text"
constexpr double kAccentedShare = 0.10;                  // of all code points

enum class Corpus : std::uint8_t { seeds, synthetic_ascii, accented, scripts };

/// One benchmark input, built and checked once; `error` is set when a check failed.
struct Input {
    std::string text;
    std::size_t tokens = 0;
    double non_ascii_share = 0;  ///< non-ASCII code points / all code points
    std::string error;
};

/// The two seed articles, newline-separated, repeated until the text reaches `bytes`.
std::string repeated_seeds(std::size_t bytes) {
    const auto docs = wiretrace::bench::read_seed_articles();
    const std::string unit = docs[0].text + "\n" + docs[1].text + "\n";
    std::string out;
    out.reserve(bytes + unit.size());
    while (out.size() < bytes) out += unit;
    return out;
}

/// The hand-written Chinese, Japanese, Thai, Arabic and Urdu texts of tests/data/scripts/,
/// repeated until the text reaches `bytes`: ICU's word breaks and the Arabic folding at work.
std::string repeated_scripts(std::size_t bytes) {
    std::string unit;
    for (const char* lang : {"zh", "ja", "th", "ar", "ur"}) {
        for (const char* name : {"wire", "copy", "other"}) {
            const std::string path = fmt::format("{}/tests/data/scripts/{}/{}.txt", WIRETRACE_SOURCE_DIR, lang, name);
            unit += wiretrace::io::read_file(path) + "\n";
        }
    }
    std::string out;
    out.reserve(bytes + unit.size());
    while (out.size() < bytes) out += unit;
    return out;
}

/// Accented variants (UTF-8) of the lower-case ASCII letters that have common ones.
std::string_view accented(char letter, std::size_t variant) {
    static constexpr std::array<std::string_view, 4> kA = {"\u00E1", "\u00E0", "\u00E2", "\u00E4"};
    static constexpr std::array<std::string_view, 4> kE = {"\u00E9", "\u00E8", "\u00EA", "\u00EB"};
    static constexpr std::array<std::string_view, 3> kI = {"\u00ED", "\u00EE", "\u00EF"};
    static constexpr std::array<std::string_view, 3> kO = {"\u00F3", "\u00F4", "\u00F6"};
    static constexpr std::array<std::string_view, 3> kU = {"\u00FA", "\u00FB", "\u00FC"};
    switch (letter) {
        case 'a': return kA[variant % kA.size()];
        case 'e': return kE[variant % kE.size()];
        case 'i': return kI[variant % kI.size()];
        case 'o': return kO[variant % kO.size()];
        case 'u': return kU[variant % kU.size()];
        case 'c': return "\u00E7";
        case 'n': return "\u00F1";
        default: return {};
    }
}

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }

/// Share of the code points of `s` that are not ASCII.
double non_ascii_share(std::string_view s) {
    std::size_t code_points = 0, non_ascii = 0;
    for (const char c : s) {
        if (is_continuation_byte(c)) continue;
        ++code_points;
        non_ascii += static_cast<unsigned char>(c) >= 0x80U ? 1 : 0;
    }
    return code_points == 0 ? 0.0 : static_cast<double>(non_ascii) / static_cast<double>(code_points);
}

/// `source` with lower-case vowels, c and n accented, spread evenly, until `share` of all code
/// points are non-ASCII (the curly quotes already there count).
std::string with_accents(std::string_view source, double share) {
    std::string out;
    out.reserve(source.size() * 5 / 4);
    std::size_t code_points = 0, non_ascii = 0, variant = 0;
    for (const char c : source) {
        if (is_continuation_byte(c)) {
            out.push_back(c);
            continue;
        }
        ++code_points;
        const bool below = static_cast<double>(non_ascii) < share * static_cast<double>(code_points);
        if (const auto accent = accented(c, variant); below && !accent.empty()) {
            out.append(accent);
            ++variant;
            ++non_ascii;
        } else {
            out.push_back(c);
            non_ascii += static_cast<unsigned char>(c) >= 0x80U ? 1 : 0;
        }
    }
    return out;
}

/// Words of `normalize` output (single spaces between them).
std::size_t word_count(std::string_view normalized) {
    if (normalized.empty()) return 0;
    return static_cast<std::size_t>(std::count(normalized.begin(), normalized.end(), ' ')) + 1;
}

/// Words of generated text: each is followed by exactly one space or newline.
std::size_t generated_word_count(std::string_view rendered) {
    return static_cast<std::size_t>(std::count(rendered.begin(), rendered.end(), ' ') +
                                    std::count(rendered.begin(), rendered.end(), '\n'));
}

/// The checks every corpus passes before anything is timed: valid UTF-8 without NULs, and
/// tokenize() finding exactly the words that normalize() prints.
std::string check_common(std::string_view s, std::size_t tokens, std::string_view normalized) {
    const auto report = text::check_utf8(s);
    if (report.invalid_sequences != 0 || report.nul_bytes != 0) return "input is not clean UTF-8";
    if (tokens == 0 || tokens != word_count(normalized)) {
        return "tokenize and normalize disagree on the word count";
    }
    return {};
}

Input build(Corpus corpus) {
    Input in;
    try {
        switch (corpus) {
            case Corpus::seeds: {
                in.text = repeated_seeds(kTargetBytes);
                const std::string normalized = text::normalize(in.text);
                in.tokens = text::tokenize(in.text).size();
                in.error = check_common(in.text, in.tokens, normalized);
                break;
            }
            case Corpus::synthetic_ascii: {
                in.text = wiretrace::bench::synthetic_text(kSyntheticSeed, kTargetBytes);
                const std::string normalized = text::normalize(in.text);
                in.tokens = text::tokenize(in.text).size();
                in.error = check_common(in.text, in.tokens, normalized);
                if (in.error.empty() && in.tokens != generated_word_count(in.text)) {
                    in.error = "a generated word (hyphenated, abbreviation, number) is not one token";
                }
                break;
            }
            case Corpus::accented: {
                const std::string plain = wiretrace::bench::synthetic_text(kSyntheticSeed, kTargetBytes);
                in.text = with_accents(plain, kAccentedShare);
                const std::string normalized = text::normalize(in.text);
                in.tokens = text::tokenize(in.text).size();
                in.error = check_common(in.text, in.tokens, normalized);
                if (in.error.empty() && normalized != text::normalize(plain)) {
                    in.error = "accent folding: normalize(accented) differs from normalize(plain)";
                }
                break;
            }
            case Corpus::scripts: {
                in.text = repeated_scripts(kTargetBytes);
                const std::string normalized = text::normalize(in.text);
                in.tokens = text::tokenize(in.text).size();
                in.error = check_common(in.text, in.tokens, normalized);
                break;
            }
        }
    } catch (const std::exception& e) {
        in.error = e.what();
    }
    in.non_ascii_share = non_ascii_share(in.text);
    return in;
}

/// The input of `corpus`, built on first use.
const Input& input(Corpus corpus) {
    static const std::array<Input, 4> inputs = {build(Corpus::seeds), build(Corpus::synthetic_ascii),
                                                build(Corpus::accented), build(Corpus::scripts)};
    return inputs[static_cast<std::size_t>(corpus)];
}

/// Bytes and tokens per second, plus the input's non-ASCII share for reading the figures.
void report(benchmark::State& state, const Input& in) {
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(in.text.size()));
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(in.tokens));
    state.counters["non_ascii_cp"] = in.non_ascii_share;
}

/// Times `op(text)` on the corpus, skipping with the input's error when a check failed.
template <typename Op>
void time_op(benchmark::State& state, Corpus corpus, Op op) {
    const Input& in = input(corpus);
    if (!in.error.empty()) {
        state.SkipWithError(in.error.c_str());
        return;
    }
    for (auto _ : state) {
        auto result = op(in.text);
        benchmark::DoNotOptimize(result);
        benchmark::ClobberMemory();
    }
    report(state, in);
}

void BM_check_utf8(benchmark::State& state, Corpus corpus) {
    time_op(state, corpus, [](std::string_view s) { return text::check_utf8(s); });
}

void BM_tokenize(benchmark::State& state, Corpus corpus) {
    time_op(state, corpus, [](std::string_view s) { return text::tokenize(s); });
}

void BM_normalize(benchmark::State& state, Corpus corpus) {
    time_op(state, corpus, [](std::string_view s) { return text::normalize(s); });
}

constexpr auto kMs = benchmark::kMillisecond;
constexpr auto kUs = benchmark::kMicrosecond;

BENCHMARK_CAPTURE(BM_check_utf8, seeds, Corpus::seeds)->Unit(kUs);
BENCHMARK_CAPTURE(BM_check_utf8, synthetic_ascii, Corpus::synthetic_ascii)->Unit(kUs);
BENCHMARK_CAPTURE(BM_check_utf8, accented_10pct, Corpus::accented)->Unit(kUs);
BENCHMARK_CAPTURE(BM_tokenize, seeds, Corpus::seeds)->Unit(kMs);
BENCHMARK_CAPTURE(BM_tokenize, synthetic_ascii, Corpus::synthetic_ascii)->Unit(kMs);
BENCHMARK_CAPTURE(BM_tokenize, accented_10pct, Corpus::accented)->Unit(kMs);
BENCHMARK_CAPTURE(BM_tokenize, scripts_zh_ja_th_ar_ur, Corpus::scripts)->Unit(kMs);
BENCHMARK_CAPTURE(BM_normalize, seeds, Corpus::seeds)->Unit(kMs);
BENCHMARK_CAPTURE(BM_normalize, synthetic_ascii, Corpus::synthetic_ascii)->Unit(kMs);
BENCHMARK_CAPTURE(BM_normalize, accented_10pct, Corpus::accented)->Unit(kMs);
BENCHMARK_CAPTURE(BM_normalize, scripts_zh_ja_th_ar_ur, Corpus::scripts)->Unit(kMs);

}  // namespace
