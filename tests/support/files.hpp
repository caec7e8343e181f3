// SPDX-License-Identifier: Apache-2.0
// Test support: locating the repository's files and reading them.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

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

}  // namespace wiretrace::test
