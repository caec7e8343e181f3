// SPDX-License-Identifier: Apache-2.0
#include "hash.hpp"

namespace wiretrace {

std::uint64_t hash_bytes(const void* data, std::size_t size, std::uint64_t seed) {
    return detail::hash_bytes(data, size, seed);
}

}  // namespace wiretrace
