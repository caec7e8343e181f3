// SPDX-License-Identifier: Apache-2.0
// The only place xxHash is included: byte hashing and integer mixing for the whole core.
#pragma once

#include <cstddef>
#include <cstdint>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace wiretrace::detail {

/// xxh3 of a byte range.
inline std::uint64_t hash_bytes(const void* data, std::size_t size, std::uint64_t seed = 0) {
    return XXH3_64bits_withSeed(data, size, seed);
}

/// A bijective 64-bit finalizer (SplitMix64's): spreads nearby integers over the whole range.
inline std::uint64_t mix64(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

}  // namespace wiretrace::detail
