// SPDX-License-Identifier: Apache-2.0
// Test support: small JSONL corpora of random-word stories.
#pragma once

#include <fmt/format.h>
#include <random>
#include <string>
#include <vector>

#include "support/random_text.hpp"

namespace wiretrace::test {

/// A JSONL line; `text` must not need JSON escaping beyond quotes (the tests' texts do not).
inline std::string jsonl_line(const std::string& id, const std::string& outlet, const std::string& published,
                              const std::string& text) {
    return fmt::format(R"({{"id":"{}","outlet":"{}","published":"{}","text":"{}"}})", id, outlet, published, text) +
           "\n";
}

/// Words joined by single spaces.
inline std::string spaced(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& w : words) out += out.empty() ? w : " " + w;
    return out;
}

/// About 12 * `count` random words, seeded by `from`: different seeds share no shingles.
inline std::vector<std::string> sentence_words(int from, int count) {
    std::mt19937_64 rng(static_cast<std::uint64_t>(from) + 1);
    return random_words(rng, static_cast<std::size_t>(count) * 12);
}

}  // namespace wiretrace::test
