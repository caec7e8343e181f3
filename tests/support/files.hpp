// SPDX-License-Identifier: Apache-2.0
// Test support: locating the repository's files and reading them.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "wiretrace/document.hpp"

namespace wiretrace::test {

inline std::string source_path(const std::string& relative) {
    return std::string(WIRETRACE_SOURCE_DIR) + "/" + relative;
}

inline std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

inline constexpr const char* kSeedAp = "seeds/000_6e14ef43e76ff7c6.txt";
inline constexpr const char* kSeedCbc = "seeds/003_587f8fbee9c47d45.txt";

/// A document with only an id and a text.
inline Document doc(std::string id, std::string text) {
    Document d;
    d.id = std::move(id);
    d.text = std::move(text);
    return d;
}

/// A seed article, its repository path as the id.
inline Document seed(const char* path) { return doc(path, read_all(source_path(path))); }

}  // namespace wiretrace::test
