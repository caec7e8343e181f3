// SPDX-License-Identifier: Apache-2.0
// Private: ASCII case and white space, for names (file names, charsets, tags, attributes) that
// the readers compare without regard to case.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace wiretrace::io::detail {

/// `c` in lower case when it is an ASCII capital; any other byte as it is.
inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// `s` with its ASCII capitals in lower case.
inline std::string ascii_lowered(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
    return out;
}

/// HTML's white space (and vertical tab).
inline bool is_ascii_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace wiretrace::io::detail
