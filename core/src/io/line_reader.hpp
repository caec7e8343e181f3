// SPDX-License-Identifier: Apache-2.0
// Private line splitter of the reader: yields the lines of a byte stream from one growing buffer
// that always has simdjson's padding after the data, so lines are parsed in place.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#include "io/byte_source.hpp"

namespace wiretrace::io::detail {

/// One line of the stream.
struct Line {
    std::string_view text;       ///< without the '\n'; empty when `discarded_bytes` > 0
    std::uint64_t number = 0;    ///< 1-based
    std::uint64_t offset = 0;    ///< of the first byte in the stream
    std::uint64_t discarded_bytes = 0;  ///< > 0: the line was longer than the limit and dropped
};

/// Splits a ByteSource into lines. Memory: about the longest line kept, capped by `max_line`
/// (longer lines are dropped while they are read and reported with their length).
class LineReader {
public:
    /// `padding`: readable bytes guaranteed after every returned line's text.
    LineReader(std::unique_ptr<ByteSource> source, std::size_t max_line, std::size_t padding)
        : source_(std::move(source)), max_line_(max_line), padding_(padding),
          buf_(std::make_unique_for_overwrite<char[]>(kInitialBytes + padding)), size_(kInitialBytes + padding) {
        // PERF: the buffer is left uninitialized (filling 4 MiB with zeros for every file made
        // small files cost milliseconds); only the padding, which parsers may read, is cleared.
        std::memset(buf_.get() + kInitialBytes, 0, padding);
    }

    /// Total bytes read from the source so far.
    std::uint64_t bytes_read() const noexcept { return stream_pos_ + end_; }

    /// The next line, or false at the end of the stream. Throws what the source throws.
    bool next(Line& out) {
        for (;;) {
            const char* base = buf_.get();
            if (const void* nl = std::memchr(base + scan_, '\n', end_ - scan_)) {
                const auto stop = static_cast<std::size_t>(static_cast<const char*>(nl) - base);
                emit(out, stop);
                begin_ = scan_ = stop + 1;
                return true;
            }
            scan_ = end_;
            if (eof_) {
                if (begin_ == end_ && !discarding_) return false;
                emit(out, end_);
                begin_ = scan_ = end_;
                return true;
            }
            if (!discarding_ && end_ - begin_ > max_line_) {
                // PERF and memory: an overlong line is never held whole.
                discarding_ = true;
                discard_number_ = line_number_ + 1;
                discard_offset_ = stream_pos_ + begin_;
                discarded_ = 0;
            }
            if (discarding_) {
                discarded_ += end_ - begin_;
                begin_ = scan_ = end_;
            }
            fill();
        }
    }

private:
    static constexpr std::size_t kInitialBytes = 4 * kBlockBytes;

    void emit(Line& out, std::size_t stop) {
        ++line_number_;
        if (discarding_) {
            out.text = {};
            out.number = discard_number_;
            out.offset = discard_offset_;
            out.discarded_bytes = discarded_ + (stop - begin_);
            discarding_ = false;
            return;
        }
        out.text = std::string_view(buf_.get() + begin_, stop - begin_);
        out.number = line_number_;
        out.offset = stream_pos_ + begin_;
        out.discarded_bytes = 0;
    }

    /// Reads one more block, first moving the unfinished line to the front or growing the buffer
    /// so that a whole block fits.
    void fill() {
        const std::size_t capacity = size_ - padding_;
        if (capacity - end_ < kBlockBytes && begin_ > 0) {
            std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
            stream_pos_ += begin_;
            end_ -= begin_;
            scan_ -= begin_;
            begin_ = 0;
        }
        if (capacity - end_ < kBlockBytes) {
            // Doubling, but never past what a line of max_line_ bytes needs: a record over the
            // limit costs about the limit, not twice it (the last doubling would copy into a
            // buffer of 2 * max_line_).
            std::size_t grown = std::max(2 * capacity, end_ + kBlockBytes);
            if (max_line_ < grown && end_ + kBlockBytes <= max_line_ + 2 * kBlockBytes) {
                grown = std::max(end_ + kBlockBytes, max_line_ + 2 * kBlockBytes);
            }
            auto bigger = std::make_unique_for_overwrite<char[]>(grown + padding_);
            std::memcpy(bigger.get(), buf_.get(), end_);
            buf_ = std::move(bigger);
            size_ = grown + padding_;
        }
        const std::size_t n = source_->read(buf_.get() + end_, size_ - padding_ - end_);
        if (n == 0) eof_ = true;
        end_ += n;
        // Parsers read up to `padding_` bytes past a line: past the data they must be initialized.
        std::memset(buf_.get() + end_, 0, std::min(padding_, size_ - end_));
    }

    std::unique_ptr<ByteSource> source_;
    std::size_t max_line_;
    std::size_t padding_;
    std::unique_ptr<char[]> buf_;
    std::size_t size_;  ///< of buf_: the capacity and the padding
    std::size_t begin_ = 0;  ///< start of the unfinished line
    std::size_t scan_ = 0;   ///< no '\n' in [begin_, scan_)
    std::size_t end_ = 0;    ///< end of the data read
    std::uint64_t stream_pos_ = 0;  ///< stream offset of buf_[0]
    std::uint64_t line_number_ = 0;
    bool eof_ = false;
    bool discarding_ = false;
    std::uint64_t discard_number_ = 0;
    std::uint64_t discard_offset_ = 0;
    std::uint64_t discarded_ = 0;
};

}  // namespace wiretrace::io::detail
