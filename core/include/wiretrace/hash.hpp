// SPDX-License-Identifier: Apache-2.0
// The hash functions of the engine, for code outside it (the lab's generator) that must derive
// the same values: xxh3 of bytes and a 64-bit integer mixer.
#pragma once

#include <cstddef>
#include <cstdint>

namespace wiretrace {

/// xxh3 (64 bits) of a byte range.
std::uint64_t hash_bytes(const void* data, std::size_t size, std::uint64_t seed = 0);

/// A bijective 64-bit finalizer (SplitMix64's): spreads nearby integers over the whole range.
inline std::uint64_t mix64(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

}  // namespace wiretrace
