// SPDX-License-Identifier: Apache-2.0
// Fuzz support: the input as a file the readers open by path, in memory (memfd), rewritten for
// every input.
#pragma once

#include <string>
#include <string_view>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_check.hpp"

namespace wiretrace::fuzz {

/// Writes `bytes` to this process's in-memory file `name` and returns its path.
inline std::string memory_file(const char* name, std::string_view bytes) {
    static const int fd = ::memfd_create(name, MFD_CLOEXEC);
    WIRETRACE_FUZZ_CHECK(fd >= 0);
    WIRETRACE_FUZZ_CHECK(::ftruncate(fd, 0) == 0);
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
        WIRETRACE_FUZZ_CHECK(n > 0);
        done += static_cast<std::size_t>(n);
    }
    return "/proc/self/fd/" + std::to_string(fd);
}

}  // namespace wiretrace::fuzz
