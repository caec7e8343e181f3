// SPDX-License-Identifier: Apache-2.0
// Join keys of small synthetic corpora, for the candidate and furniture tests.
#pragma once

#include <cstdint>
#include <vector>

#include "wiretrace/candidates/candidates.hpp"

/// Fingerprint keys of documents given as lists of fingerprint hashes (small numbers, shifted into
/// the key's hash bits), in document order; fills `docs`.
inline std::vector<std::uint64_t> keys_of(const std::vector<std::vector<std::uint64_t>>& fingerprints,
                                          std::vector<wiretrace::candidates::DocInfo>& docs) {
    std::vector<std::uint64_t> keys;
    docs.assign(fingerprints.size(), {});
    for (std::uint32_t d = 0; d < fingerprints.size(); ++d) {
        std::vector<wiretrace::sketch::Fingerprint> fps;
        for (std::uint32_t i = 0; i < fingerprints[d].size(); ++i) fps.push_back({fingerprints[d][i] << 32, i});
        docs[d].fingerprints = wiretrace::candidates::append_fingerprint_keys(fps, d, keys);
    }
    return keys;
}
