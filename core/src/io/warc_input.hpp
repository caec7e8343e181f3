// SPDX-License-Identifier: Apache-2.0
// Private: the decompressed bytes of one WARC file, with where each gzip member (zstd frame)
// starts in the file, and the damaged stretches of a compressed stream reported, not fatal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "io/byte_source.hpp"

namespace wiretrace::io::detail {

/// A stretch of the file that could not be decompressed; reading resumes after it.
struct StreamBreak {
    std::uint64_t file_offset = 0;    ///< where the damaged member (or the stray bytes) starts
    std::uint64_t stream_offset = 0;  ///< decompressed bytes delivered before the break
    bool truncated = false;           ///< the file ends inside a member: nothing follows
    std::string reason;
};

/// Sequential decompressed bytes of a WARC file (uncompressed, gzip or zstd, by magic bytes).
///
/// Unlike the ByteSource decoders, a corrupt gzip member or zstd frame, or bytes that are not
/// one, do not end the stream: read() stops there and returns 0, take_break() says what was
/// skipped, and the next read() goes on at the next member's magic number.
class WarcInput {
public:
    /// Opens `path` (Error(io) when it cannot be opened).
    explicit WarcInput(const std::string& path);
    ~WarcInput();
    WarcInput(const WarcInput&) = delete;
    WarcInput& operator=(const WarcInput&) = delete;

    /// Reads up to `size` decompressed bytes into `dst`. Returns 0 at the end of the file or at
    /// a break (then take_break() returns it). Throws Error(io) on a read error.
    std::size_t read(char* dst, std::size_t size);

    /// The break that stopped the last read(), once; nullopt at the real end of the file.
    std::optional<StreamBreak> take_break();

    /// The file offset of the member holding decompressed byte `stream_offset`, and whether that
    /// byte is the member's first. For an uncompressed file: (stream_offset, true).
    std::pair<std::uint64_t, bool> locate(std::uint64_t stream_offset) const;

    /// Forgets the members that end before `stream_offset` (keeps memory flat).
    void forget_before(std::uint64_t stream_offset);

    Compression compression() const noexcept { return compression_; }
    std::uint64_t raw_bytes() const noexcept { return raw_total_; }

private:
    bool refill();
    std::size_t raw_available() const noexcept { return raw_end_ - raw_pos_; }
    std::uint64_t raw_offset() const noexcept { return raw_file_pos_ - raw_available(); }
    bool at_member_magic();
    bool seek_member_magic(std::size_t from_skip);
    void set_break(std::uint64_t file_offset, std::uint64_t stream_offset, bool truncated, std::string reason);
    void start_zstd_file();
    std::size_t read_plain(char* dst, std::size_t size);

    struct Codec;
    std::string path_;
    std::unique_ptr<ByteSource> raw_;
    Compression compression_ = Compression::none;
    std::unique_ptr<Codec> codec_;
    std::string in_;                   ///< raw bytes in_[raw_pos_, raw_end_) not yet decoded
    std::size_t raw_pos_ = 0;
    std::size_t raw_end_ = 0;
    std::uint64_t raw_file_pos_ = 0;   ///< file offset just after in_[raw_end_ - 1]
    std::uint64_t raw_total_ = 0;
    bool raw_eof_ = false;
    bool in_member_ = false;
    bool ended_ = false;
    std::uint64_t member_file_offset_ = 0;
    std::uint64_t out_total_ = 0;      ///< decompressed bytes delivered
    std::deque<std::pair<std::uint64_t, std::uint64_t>> members_;  ///< (stream offset, file offset)
    std::optional<StreamBreak> break_;
    bool break_ready_ = false;         ///< break_ is to be returned by take_break()
};

}  // namespace wiretrace::io::detail
