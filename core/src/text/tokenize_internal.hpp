// SPDX-License-Identifier: Apache-2.0
// Private: the tokenizer with its ASCII fast path turned off, so that tests can check that the
// fast path changes nothing. Includes only the public header (tests include it by path).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "wiretrace/text/tokenize.hpp"

namespace wiretrace::text::detail {

/// tokenize() with every code point taken by the general scanner (no ASCII fast path).
std::vector<Token> tokenize_general(std::string_view text);

/// normalize() with every code point taken by the general scanner (no ASCII fast path).
std::string normalize_general(std::string_view text);

}  // namespace wiretrace::text::detail
