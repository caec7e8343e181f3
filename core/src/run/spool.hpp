// SPDX-License-Identifier: Apache-2.0
// The text spool of a scan: article texts written once, in order, to an anonymous temporary file
// and read back by offset from any thread. Memory does not grow with the corpus, and re-reading
// does not depend on the input format (gzip, zstd, stdin).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wiretrace::scan::detail {

class Spool {
public:
    /// Creates the spool in `dir` (the system temporary directory when empty). The file is
    /// unlinked at once: it disappears with the process, even after a crash. Throws Error(io).
    explicit Spool(const std::string& dir);
    ~Spool();
    Spool(const Spool&) = delete;
    Spool& operator=(const Spool&) = delete;

    /// Appends `text` (buffered); returns its offset. Not thread-safe: one writer.
    std::uint64_t append(std::string_view text);
    /// Writes the buffer out; call before reading. Throws Error(io) (e.g. disk full).
    void flush();
    /// Reads `size` bytes at `offset` into `out`. Thread-safe. Throws Error(io).
    void read(std::uint64_t offset, std::uint64_t size, std::string& out) const;

    const std::string& path() const { return path_; }

private:
    int fd_ = -1;
    std::string path_;      ///< for messages only: the name is unlinked
    std::string buffer_;
    std::uint64_t size_ = 0;  ///< bytes appended, buffered ones included
};

}  // namespace wiretrace::scan::detail
