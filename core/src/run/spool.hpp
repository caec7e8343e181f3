// SPDX-License-Identifier: Apache-2.0
// The text spool of a scan: article texts written once, in order, to an anonymous temporary file
// and read back by offset from any thread. Memory does not grow with the corpus, and re-reading
// does not depend on the input format (gzip, zstd, stdin). KeyRuns sorts 64-bit keys on disk in
// the same way (the candidate join of a scan under a memory budget).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wiretrace::scan::detail {

class Spool {
public:
    /// Creates the spool in `dir` (the system temporary directory when empty). The file is
    /// unlinked at once: it disappears with the process, even after a crash. `what` names it in
    /// messages ("text spool: cannot write (disk full?)"). Throws Error(io).
    explicit Spool(const std::string& dir, std::string_view what = "text spool");
    ~Spool();
    Spool(const Spool&) = delete;
    Spool& operator=(const Spool&) = delete;

    /// Appends `text` (buffered); returns its offset. Not thread-safe: one writer.
    std::uint64_t append(std::string_view text);
    /// Writes the buffer out; call before reading. Throws Error(io) (e.g. disk full).
    void flush();
    /// Reads `size` bytes at `offset` into `out`. Thread-safe. Throws Error(io).
    void read(std::uint64_t offset, std::uint64_t size, std::string& out) const;
    /// Reads `size` bytes at `offset` into out[0, size). Thread-safe. Throws Error(io).
    void read(std::uint64_t offset, std::uint64_t size, char* out) const;

    const std::string& path() const { return path_; }

private:
    void write_all(std::string_view bytes);
    int fd_ = -1;
    std::string path_;      ///< for messages only: the name is unlinked
    std::string what_;      ///< "text spool": what messages call it
    std::string buffer_;
    std::uint64_t size_ = 0;  ///< bytes appended, buffered ones included
};

/// 64-bit keys sorted with bounded memory (an external sort): appended in any order and held in
/// memory up to `run_keys` keys, which are then sorted and written as one run to an unlinked file
/// (a Spool) in a directory; read back in ascending order by a merge of the runs that holds a
/// small buffer of each. Memory: run_keys keys while appending, kMergeBufferKeys a run while
/// merging.
class KeyRuns {
public:
    /// Keys of each run's buffer while merging (256 kB).
    static constexpr std::size_t kMergeBufferKeys = std::size_t{1} << 15;

    /// Runs of at most `run_keys` keys (at least 1) in a file in `dir` (the system temporary
    /// directory when empty), created at once. Throws Error(io) as Spool does.
    KeyRuns(const std::string& dir, std::size_t run_keys);

    /// Appends keys; a full buffer becomes a run on disk. Not thread-safe. Throws Error(io).
    void append(std::span<const std::uint64_t> keys);
    /// Keys appended.
    std::uint64_t size() const { return size_; }
    /// Runs written to disk so far.
    std::size_t runs() const { return runs_.size(); }

    /// Every key appended, in ascending order (duplicates kept), through next(). Writes the last
    /// run first: call once, after the last append. Throws Error(io).
    class Merge {
    public:
        /// The next key into `key`; false after the last.
        bool next(std::uint64_t& key);

    private:
        friend class KeyRuns;
        struct Run {
            std::uint64_t offset = 0;    ///< next unread byte in the file
            std::uint64_t left = 0;      ///< keys not yet read from the file
            std::vector<std::uint64_t> buffer;
            std::size_t at = 0;          ///< next key of the buffer
        };
        explicit Merge(const KeyRuns& runs);
        bool refill(Run& run);
        const KeyRuns& owner_;
        std::vector<Run> runs_;
        std::vector<std::pair<std::uint64_t, std::size_t>> heap_;  ///< (key, run), a min-heap
    };
    Merge merge();

    /// Every key appended, sorted, in one vector of exactly their number (no growth by doubling).
    std::vector<std::uint64_t> sorted();

private:
    void write_run();
    Spool file_;
    std::size_t run_keys_;
    std::vector<std::uint64_t> buffer_;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> runs_;  ///< (byte offset, keys)
    std::uint64_t size_ = 0;
};

}  // namespace wiretrace::scan::detail
