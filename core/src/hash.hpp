// SPDX-License-Identifier: Apache-2.0
// The only place xxHash is included: byte hashing inlined into the engine's hot loops, and the
// integer mixer of the public header.
#pragma once

#include <cstddef>
#include <cstdint>

#include "wiretrace/hash.hpp"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace wiretrace::detail {

/// xxh3 of a byte range (inlined; wiretrace::hash_bytes is the same function out of line).
inline std::uint64_t hash_bytes(const void* data, std::size_t size, std::uint64_t seed = 0) {
    return XXH3_64bits_withSeed(data, size, seed);
}

using wiretrace::mix64;

}  // namespace wiretrace::detail
