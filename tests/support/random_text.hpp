// SPDX-License-Identifier: Apache-2.0
// Test support: seeded random texts and edited copies of them, for property tests.
#pragma once

#include <cmath>
#include <fmt/format.h>
#include <random>
#include <string>
#include <vector>

namespace wiretrace::test {

/// `n` words drawn from a Zipf-like vocabulary of `vocabulary` words ("w0", "w1", ...), with a
/// newline every ~25 words so paragraphs exist.
inline std::vector<std::string> random_words(std::mt19937_64& rng, std::size_t n, std::size_t vocabulary = 2000) {
    std::vector<std::string> out;
    out.reserve(n);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (std::size_t i = 0; i < n; ++i) {
        // inverse-CDF sample of a 1/x distribution over [1, vocabulary]
        const auto rank = static_cast<std::size_t>(std::pow(static_cast<double>(vocabulary), u(rng)));
        out.push_back(fmt::format("w{}", rank));
    }
    return out;
}

inline std::string join(const std::vector<std::string>& words) {
    std::string s;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) s += (i % 25 == 0) ? "\n" : " ";
        s += words[i];
    }
    return s;
}

/// A copy of `words` with random word substitutions, a deleted stretch and an inserted one.
inline std::vector<std::string> edited_copy(std::mt19937_64& rng, std::vector<std::string> words) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (auto& w : words) {
        if (u(rng) < 0.05) w = fmt::format("sub{}", rng() % 100000);
    }
    if (words.size() > 40) {
        const auto at = rng() % (words.size() - 20);
        words.erase(words.begin() + static_cast<std::ptrdiff_t>(at), words.begin() + static_cast<std::ptrdiff_t>(at + 10));
        const auto ins = rng() % words.size();
        std::vector<std::string> extra;
        for (int i = 0; i < 30; ++i) extra.push_back(fmt::format("local{}", rng() % 1000));
        words.insert(words.begin() + static_cast<std::ptrdiff_t>(ins), extra.begin(), extra.end());
    }
    return words;
}

}  // namespace wiretrace::test
