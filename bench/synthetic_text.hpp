// SPDX-License-Identifier: Apache-2.0
// Deterministic news-like English for the benchmarks: paragraphs of words in which every word,
// punctuation included, is exactly one token of text::tokenize().
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wiretrace::bench {

/// One paragraph: its words in order, each with the punctuation that touches it.
using Paragraph = std::vector<std::string>;

namespace detail {

inline constexpr std::array<std::string_view, 40> kFunctionWords = {
    "the",  "of",   "and",   "to",    "a",     "in",   "for",  "on",    "that", "with",
    "as",   "at",   "by",    "from",  "was",   "is",   "has",  "have",  "were", "will",
    "it",   "its",  "an",    "be",    "but",   "not",  "after", "who",  "which", "their",
    "more", "than", "about", "over",  "also",  "would", "had", "been",  "they", "said"};

inline constexpr std::array<std::string_view, 96> kContentWords = {
    "officials",  "government", "minister",  "president",  "police",     "city",
    "council",    "report",     "country",   "people",     "year",       "week",
    "Monday",     "Tuesday",    "Friday",    "state",      "federal",    "military",
    "forces",     "attack",     "election",  "vote",       "percent",    "million",
    "billion",    "market",     "prices",    "oil",        "company",    "workers",
    "union",      "strike",     "court",     "judge",      "ruling",     "law",
    "bill",       "parliament", "spokesman", "statement",  "agency",     "talks",
    "leaders",    "summit",     "crisis",    "border",     "refugees",   "troops",
    "airstrikes", "coalition",  "health",    "hospital",   "patients",   "school",
    "students",   "water",      "storm",     "flood",      "fire",       "residents",
    "families",   "investigation", "evidence", "charges",  "trial",      "economy",
    "growth",     "inflation",  "bank",      "rates",      "budget",     "tax",
    "plan",       "program",    "project",   "international", "national", "local",
    "regional",   "security",   "energy",    "climate",    "emissions",  "agreement",
    "deal",       "support",    "opposition", "campaign",  "candidates", "Paris",
    "Iraq",       "Syria",      "Ottawa",    "London",     "neighbours", "centre"};

inline constexpr std::array<std::string_view, 12> kHyphenated = {
    "well-organized", "co-operation",  "long-term",   "cease-fire",     "so-called",
    "decision-making", "18-year-old",  "high-profile", "follow-up",     "anti-government",
    "two-thirds",     "front-line"};

inline constexpr std::array<std::string_view, 9> kAbbreviations = {
    "U.S.", "U.N.", "U.K.", "E.U.", "Dr.", "Mr.", "Mrs.", "a.m.", "p.m."};

inline constexpr std::array<std::string_view, 8> kPossessives = {
    "Iraq\u2019s",    "government\u2019s", "country\u2019s", "president\u2019s",
    "city\u2019s",    "police\u2019s",     "company\u2019s", "minister\u2019s"};

inline constexpr std::array<std::string_view, 24> kSyllables = {
    "ka", "lo", "mi", "ren", "tas", "vor", "bel", "dun", "gra", "hol", "jen", "kor",
    "lan", "mar", "nel", "pet", "ros", "sal", "tor", "ul", "van", "wes", "yor", "zel"};

inline constexpr std::string_view kOpenQuote = "\u201C";
inline constexpr std::string_view kCloseQuote = "\u201D";

}  // namespace detail

/// Draws words, sentences and paragraphs from a fixed-seed std::mt19937_64: function words,
/// news vocabulary (two British spellings among it), hyphenated words, abbreviations (U.S.),
/// numbers with thousands separators or decimals (20,000, 3.5), possessives with a curly
/// apostrophe, invented proper names, and sentences of which a quarter are in curly quotes.
class NewsTextGenerator {
public:
    explicit NewsTextGenerator(std::uint64_t seed) : rng_(seed) {}

    /// One word without sentence punctuation.
    std::string word() {
        const auto roll = uniform(100);
        if (roll < 36) return std::string(pick(detail::kFunctionWords));
        if (roll < 80) return std::string(pick(detail::kContentWords));
        if (roll < 87) return name();
        if (roll < 91) return number();
        if (roll < 95) return std::string(pick(detail::kHyphenated));
        if (roll < 98) return std::string(pick(detail::kAbbreviations));
        return std::string(pick(detail::kPossessives));
    }

    /// A sentence of 10-27 words: capitalized, a few commas, a final period, sometimes quoted.
    std::vector<std::string> sentence() {
        const auto count = 10 + uniform(18);
        std::vector<std::string> words;
        words.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            std::string w = word();
            if (i + 1 < count && uniform(100) < 7) w.push_back(',');
            words.push_back(std::move(w));
        }
        if (words.front()[0] >= 'a' && words.front()[0] <= 'z') {
            words.front()[0] = static_cast<char>(words.front()[0] - 'a' + 'A');
        }
        if (words.back().back() != '.') words.back().push_back('.');
        if (uniform(4) == 0) {
            words.front().insert(0, detail::kOpenQuote);
            words.back().append(detail::kCloseQuote);
        }
        return words;
    }

    /// A paragraph of two or three sentences.
    Paragraph paragraph() {
        Paragraph words;
        const auto sentences = 2 + uniform(2);
        for (std::size_t s = 0; s < sentences; ++s) {
            for (auto& w : sentence()) words.push_back(std::move(w));
        }
        return words;
    }

    /// Paragraphs holding exactly `tokens` words (the last one cut short if needed).
    std::vector<Paragraph> paragraphs(std::size_t tokens) {
        std::vector<Paragraph> out;
        std::size_t total = 0;
        while (total < tokens) {
            Paragraph p = paragraph();
            if (total + p.size() > tokens) p.resize(tokens - total);
            total += p.size();
            out.push_back(std::move(p));
        }
        return out;
    }

    /// Uniform in [0, bound).
    std::size_t uniform(std::size_t bound) {
        return std::uniform_int_distribution<std::size_t>(0, bound - 1)(rng_);
    }

private:
    template <std::size_t N>
    std::string_view pick(const std::array<std::string_view, N>& words) {
        return words[uniform(N)];
    }

    /// An invented proper name of two or three syllables, e.g. "Korsalven".
    std::string name() {
        std::string out;
        const auto syllables = 2 + uniform(2);
        for (std::size_t s = 0; s < syllables; ++s) out.append(pick(detail::kSyllables));
        out[0] = static_cast<char>(out[0] - 'a' + 'A');
        return out;
    }

    /// "45", "2014", "20,000", "1,250,000" or "3.5".
    std::string number() {
        switch (uniform(4)) {
            case 0: return std::to_string(1 + uniform(99));
            case 1: return std::to_string(1990 + uniform(36));
            case 2: {
                std::string out = std::to_string(1 + uniform(999));
                const auto groups = 1 + uniform(2);
                for (std::size_t g = 0; g < groups; ++g) {
                    const std::string digits = std::to_string(1000 + uniform(1000));
                    out += ',' + digits.substr(1);
                }
                return out;
            }
            default: return std::to_string(uniform(10)) + '.' + std::to_string(1 + uniform(9));
        }
    }

    std::mt19937_64 rng_;
};

/// Words joined by spaces, paragraphs by newlines.
inline std::string render(std::span<const Paragraph> paragraphs) {
    std::string out;
    for (const Paragraph& p : paragraphs) {
        for (std::size_t i = 0; i < p.size(); ++i) {
            if (i > 0) out.push_back(' ');
            out.append(p[i]);
        }
        out.push_back('\n');
    }
    return out;
}

/// At least `min_bytes` of rendered news-like text from `seed`.
inline std::string synthetic_text(std::uint64_t seed, std::size_t min_bytes) {
    NewsTextGenerator generator(seed);
    std::string out;
    out.reserve(min_bytes + 1024);
    while (out.size() < min_bytes) {
        const Paragraph p = generator.paragraph();
        out.append(render(std::span<const Paragraph>(&p, 1)));
    }
    return out;
}

}  // namespace wiretrace::bench
