// SPDX-License-Identifier: Apache-2.0
// Test and benchmark support: token streams built straight from hashes, and reference
// implementations written from the definitions, to check the fast ones against.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <set>
#include <span>
#include <vector>

#include "wiretrace/sketch/sketch.hpp"
#include "wiretrace/text/tokenize.hpp"

namespace wiretrace::test {

/// Tokens with the given hashes, laid out as 5-byte words separated by one space.
inline std::vector<text::Token> make_tokens(std::span<const std::uint64_t> hashes) {
    std::vector<text::Token> tokens;
    tokens.reserve(hashes.size());
    std::uint32_t offset = 0;
    for (const std::uint64_t hash : hashes) {
        tokens.push_back(text::Token{hash, offset, offset + 5, false});
        offset += 6;
    }
    return tokens;
}

inline std::vector<text::Token> make_tokens(std::initializer_list<std::uint64_t> hashes) {
    return make_tokens(std::span<const std::uint64_t>(hashes.begin(), hashes.size()));
}

/// Winnowing straight from its definition: the rightmost minimum of every window.
inline std::vector<sketch::Fingerprint> winnow_reference(std::span<const std::uint64_t> hashes,
                                                         std::uint32_t window) {
    const std::size_t width = std::min<std::size_t>(window, hashes.size());
    std::set<std::size_t> selected;
    for (std::size_t start = 0; start + width <= hashes.size() && width > 0; ++start) {
        std::size_t best = start;
        for (std::size_t i = start; i < start + width; ++i) {
            if (hashes[i] <= hashes[best]) best = i;
        }
        selected.insert(best);
    }
    std::vector<sketch::Fingerprint> fingerprints;
    for (const std::size_t position : selected) {
        fingerprints.push_back({hashes[position], static_cast<std::uint32_t>(position)});
    }
    return fingerprints;
}

}  // namespace wiretrace::test
