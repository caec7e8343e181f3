// SPDX-License-Identifier: Apache-2.0
// Private: the spelling-variant and stop-word tables, parsed once from core/data.
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace wiretrace::text::detail {

struct Tables {
    /// folded variant spelling -> folded canonical (US) spelling
    std::unordered_map<std::string_view, std::string_view> canonical;
    std::unordered_set<std::uint64_t> stopword_hashes;
};

/// The tables, built on first use (thread-safe static initialization).
const Tables& tables();

}  // namespace wiretrace::text::detail
