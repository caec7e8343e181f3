// SPDX-License-Identifier: Apache-2.0
// File and stdin byte streams, and streaming gzip (zlib) and zstd decoders over them.
#include "io/byte_source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <optional>
#include <unistd.h>
#include <vector>
#include <zlib.h>
#include <zstd.h>

#include "wiretrace/error.hpp"

namespace wiretrace::io::detail {
namespace {

constexpr unsigned char kGzipMagic[] = {0x1f, 0x8b};
constexpr unsigned char kZstdMagic[] = {0x28, 0xb5, 0x2f, 0xfd};
constexpr std::size_t kMagicBytes = 4;

bool ends_with_nocase(const std::string& s, std::string_view suffix) {
    if (s.size() < suffix.size()) return false;
    return std::equal(suffix.begin(), suffix.end(), s.end() - static_cast<std::ptrdiff_t>(suffix.size()),
                      [](char a, char b) { return a == (b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b); });
}

/// An error found while decoding, held until the bytes decoded before it have been returned.
class PendingError {
public:
    void set(Error error) { error_.emplace(std::move(error)); }
    void rethrow() const {
        if (error_) throw *error_;
    }

private:
    std::optional<Error> error_;
};

/// A file descriptor, with a few bytes that may already have been read (the magic number).
class FdSource final : public ByteSource {
public:
    FdSource(int fd, bool owned, std::string name) : fd_(fd), owned_(owned), name_(std::move(name)) {
#ifdef POSIX_FADV_SEQUENTIAL
        if (owned_) ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    }
    ~FdSource() override {
        if (owned_) ::close(fd_);
    }
    FdSource(const FdSource&) = delete;
    FdSource& operator=(const FdSource&) = delete;

    /// Reads up to `n` bytes ahead without consuming them (short only at the end of the file).
    const std::string& peek(std::size_t n) {
        while (head_.size() < n) {
            char buf[kMagicBytes];
            const std::size_t got = raw_read(buf, std::min(n - head_.size(), sizeof buf));
            if (got == 0) break;
            head_.append(buf, got);
        }
        return head_;
    }

    std::size_t read(char* dst, std::size_t size) override {
        if (head_pos_ < head_.size()) {
            const std::size_t n = std::min(size, head_.size() - head_pos_);
            std::memcpy(dst, head_.data() + head_pos_, n);
            head_pos_ += n;
            return n;
        }
        return raw_read(dst, size);
    }

private:
    std::size_t raw_read(char* dst, std::size_t size) {
        for (;;) {
            const ssize_t n = ::read(fd_, dst, size);
            if (n >= 0) return static_cast<std::size_t>(n);
            if (errno == EINTR) continue;
            throw Error(Errc::io, name_, fmt::format("read error: {}", std::strerror(errno)));
        }
    }

    int fd_;
    bool owned_;
    std::string name_;
    std::string head_;
    std::size_t head_pos_ = 0;
};

/// gzip (RFC 1952) decoder; concatenated members form one stream, as with `gzip -d`.
class GzipSource final : public ByteSource {
public:
    GzipSource(std::unique_ptr<ByteSource> raw, std::string name)
        : raw_(std::move(raw)), name_(std::move(name)), in_(kBlockBytes) {
        // 15 + 16: the largest window, gzip wrapper only.
        if (inflateInit2(&z_, 15 + 16) != Z_OK) {
            throw Error(Errc::io, name_, "cannot initialize the gzip decoder (out of memory)");
        }
    }
    ~GzipSource() override { inflateEnd(&z_); }
    GzipSource(const GzipSource&) = delete;
    GzipSource& operator=(const GzipSource&) = delete;

    std::size_t read(char* dst, std::size_t size) override {
        pending_.rethrow();
        z_.next_out = reinterpret_cast<Bytef*>(dst);
        z_.avail_out = static_cast<uInt>(std::min<std::size_t>(size, kBlockBytes * 64));
        const uInt want = z_.avail_out;
        while (z_.avail_out > 0) {
            if (z_.avail_in == 0 && !raw_eof_) refill();
            if (z_.avail_in == 0 && raw_eof_ && !in_member_) break;
            if (!in_member_) {
                // Another member follows the previous one (or this is the first).
                if (started_ && inflateReset(&z_) != Z_OK) throw corrupt("cannot reset the decoder");
                started_ = true;
                in_member_ = true;
            }
            const uInt before = z_.avail_out;
            const int ret = inflate(&z_, Z_NO_FLUSH);
            if (ret == Z_STREAM_END) {
                in_member_ = false;
                continue;
            }
            if (ret != Z_OK && ret != Z_BUF_ERROR) {
                pending_.set(corrupt(z_.msg != nullptr ? z_.msg : zError(ret)));
                break;
            }
            // The decoder may still flush buffered output after the last input byte; only a call
            // that makes no progress at the end of the file proves the member is cut short.
            if (z_.avail_in == 0 && raw_eof_ && z_.avail_out == before) {
                pending_.set(Error(Errc::bad_format, name_,
                                   fmt::format("truncated gzip stream: unexpected end of file after {} "
                                               "compressed bytes",
                                               compressed_)));
                break;
            }
        }
        // The bytes decoded before a problem are returned first, so that every complete record
        // before a corruption reaches the caller; the error comes with the next call.
        if (want == z_.avail_out) pending_.rethrow();
        return want - z_.avail_out;
    }

private:
    void refill() {
        const std::size_t n = raw_->read(reinterpret_cast<char*>(in_.data()), in_.size());
        if (n == 0) {
            raw_eof_ = true;
            return;
        }
        compressed_ += n;
        z_.next_in = in_.data();
        z_.avail_in = static_cast<uInt>(n);
    }

    Error corrupt(const char* what) const {
        return Error(Errc::bad_format, name_,
                     fmt::format("corrupt gzip stream near compressed byte {}: {}", compressed_ - z_.avail_in, what));
    }

    std::unique_ptr<ByteSource> raw_;
    std::string name_;
    std::vector<unsigned char> in_;
    z_stream z_{};
    bool raw_eof_ = false;
    bool in_member_ = false;
    bool started_ = false;
    std::uint64_t compressed_ = 0;
    PendingError pending_;
};

/// zstd decoder; concatenated and skippable frames are handled by the library.
class ZstdSource final : public ByteSource {
public:
    ZstdSource(std::unique_ptr<ByteSource> raw, std::string name)
        : raw_(std::move(raw)), name_(std::move(name)), in_buf_(ZSTD_DStreamInSize()),
          dctx_(ZSTD_createDCtx()) {
        if (dctx_ == nullptr) throw Error(Errc::io, name_, "cannot initialize the zstd decoder (out of memory)");
    }
    ~ZstdSource() override { ZSTD_freeDCtx(dctx_); }
    ZstdSource(const ZstdSource&) = delete;
    ZstdSource& operator=(const ZstdSource&) = delete;

    std::size_t read(char* dst, std::size_t size) override {
        pending_.rethrow();
        ZSTD_outBuffer out{dst, size, 0};
        while (out.pos < out.size) {
            if (in_.pos == in_.size && !raw_eof_) refill();
            if (in_.pos == in_.size && raw_eof_ && frame_done_) break;
            const std::size_t before = out.pos;
            const std::size_t ret = ZSTD_decompressStream(dctx_, &out, &in_);
            if (ZSTD_isError(ret) != 0) {
                pending_.set(Error(Errc::bad_format, name_,
                                   fmt::format("corrupt zstd stream near compressed byte {}: {}",
                                               compressed_ - (in_.size - in_.pos), ZSTD_getErrorName(ret))));
                break;
            }
            frame_done_ = ret == 0;
            if (in_.pos == in_.size && raw_eof_ && out.pos == before && !frame_done_) {
                pending_.set(Error(Errc::bad_format, name_,
                                   fmt::format("truncated zstd stream: unexpected end of file after {} "
                                               "compressed bytes",
                                               compressed_)));
                break;
            }
        }
        if (out.pos == 0) pending_.rethrow();  // as in GzipSource: decoded bytes first
        return out.pos;
    }

private:
    void refill() {
        const std::size_t n = raw_->read(in_buf_.data(), in_buf_.size());
        if (n == 0) {
            raw_eof_ = true;
            return;
        }
        compressed_ += n;
        in_ = ZSTD_inBuffer{in_buf_.data(), n, 0};
    }

    std::unique_ptr<ByteSource> raw_;
    std::string name_;
    std::vector<char> in_buf_;
    ZSTD_inBuffer in_{nullptr, 0, 0};
    ZSTD_DCtx* dctx_;
    bool raw_eof_ = false;
    bool frame_done_ = true;  ///< no frame begun, or the last one ended
    std::uint64_t compressed_ = 0;
    PendingError pending_;
};

/// Bytes [begin, end) of a file, read with pread.
class RangeSource final : public ByteSource {
public:
    RangeSource(int fd, std::string name, std::uint64_t begin, std::uint64_t end)
        : fd_(fd), name_(std::move(name)), pos_(begin), end_(end) {}
    ~RangeSource() override { ::close(fd_); }
    RangeSource(const RangeSource&) = delete;
    RangeSource& operator=(const RangeSource&) = delete;

    std::size_t read(char* dst, std::size_t size) override {
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(size, end_ - pos_));
        for (;;) {
            if (want == 0) return 0;
            const ssize_t n = ::pread(fd_, dst, want, static_cast<off_t>(pos_));
            if (n >= 0) {
                pos_ += static_cast<std::uint64_t>(n);
                if (n == 0) end_ = pos_;  // the file ends before `end`
                return static_cast<std::size_t>(n);
            }
            if (errno == EINTR) continue;
            throw Error(Errc::io, name_, fmt::format("read error: {}", std::strerror(errno)));
        }
    }

private:
    int fd_;
    std::string name_;
    std::uint64_t pos_;
    std::uint64_t end_;
};

bool has_magic(const std::string& head, const unsigned char* magic, std::size_t size) {
    return head.size() >= size && std::memcmp(head.data(), magic, size) == 0;
}

}  // namespace

std::string strip_compression_suffix(const std::string& name) {
    if (ends_with_nocase(name, ".gz")) return name.substr(0, name.size() - 3);
    if (ends_with_nocase(name, ".zst")) return name.substr(0, name.size() - 4);
    return name;
}

OpenedInput open_range(const std::string& path, const std::string& name, std::uint64_t begin, std::uint64_t end) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(Errc::io, name, fmt::format("cannot open: {}", std::strerror(errno)));
#ifdef POSIX_FADV_SEQUENTIAL
    ::posix_fadvise(fd, static_cast<off_t>(begin), 0, POSIX_FADV_SEQUENTIAL);
#endif
    OpenedInput opened;
    opened.source = std::make_unique<RangeSource>(fd, name, begin, std::max(begin, end));
    return opened;
}

std::uint64_t count_newlines(const std::string& path, std::uint64_t bytes) {
    OpenedInput input = open_range(path, path, 0, bytes);
    std::vector<char> block(kBlockBytes);
    std::uint64_t lines = 0;
    while (const std::size_t n = input.source->read(block.data(), block.size())) {
        lines += static_cast<std::uint64_t>(std::count(block.data(), block.data() + n, '\n'));
    }
    return lines;
}

Compression compression_of(const std::string& path) { return open_input(path, path).compression; }

OpenedInput open_input(const std::string& path, const std::string& name) {
    std::unique_ptr<FdSource> fd;
    if (path == "-") {
        fd = std::make_unique<FdSource>(STDIN_FILENO, false, name);
    } else {
        const int raw = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (raw < 0) throw Error(Errc::io, name, fmt::format("cannot open: {}", std::strerror(errno)));
        fd = std::make_unique<FdSource>(raw, true, name);
    }
    const std::string& head = fd->peek(kMagicBytes);
    OpenedInput opened;
    if (has_magic(head, kGzipMagic, sizeof kGzipMagic)) {
        opened.compression = Compression::gzip;
    } else if (has_magic(head, kZstdMagic, sizeof kZstdMagic)) {
        opened.compression = Compression::zstd;
    } else if (!head.empty() && (ends_with_nocase(path, ".gz") || ends_with_nocase(path, ".zst"))) {
        // An empty file is an empty input whatever its name; a non-empty one must match its name.
        throw Error(Errc::bad_format, name,
                    fmt::format("corrupt {} file: it does not start with the {} magic number",
                                ends_with_nocase(path, ".gz") ? "gzip" : "zstd",
                                ends_with_nocase(path, ".gz") ? "gzip" : "zstd"));
    }
    switch (opened.compression) {
    case Compression::gzip: opened.source = std::make_unique<GzipSource>(std::move(fd), name); break;
    case Compression::zstd: opened.source = std::make_unique<ZstdSource>(std::move(fd), name); break;
    case Compression::none: opened.source = std::move(fd); break;
    }
    return opened;
}

}  // namespace wiretrace::io::detail
