// SPDX-License-Identifier: Apache-2.0
// The two seed articles of the source tree (an AP story and a CBC rewrite of it) as Documents.
#pragma once

#include <array>
#include <string>

#include "wiretrace/document.hpp"
#include "wiretrace/io/text_file.hpp"

namespace wiretrace::bench {

/// Paths relative to the source tree, in pair order (a = AP, b = CBC).
inline constexpr std::array<const char*, 2> kSeedArticles = {"seeds/000_6e14ef43e76ff7c6.txt",
                                                             "seeds/003_587f8fbee9c47d45.txt"};

/// Reads both seed articles from WIRETRACE_SOURCE_DIR. Throws wiretrace::Error when one is
/// missing or not valid UTF-8.
inline std::array<Document, 2> read_seed_articles() {
    std::array<Document, 2> docs;
    for (std::size_t i = 0; i < docs.size(); ++i) {
        const std::string path = std::string(WIRETRACE_SOURCE_DIR) + "/" + kSeedArticles[i];
        docs[i] = io::make_text_document(kSeedArticles[i], io::read_file(path), io::Utf8Policy::reject);
    }
    return docs;
}

}  // namespace wiretrace::bench
