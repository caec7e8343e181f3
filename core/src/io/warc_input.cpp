// SPDX-License-Identifier: Apache-2.0
// The decompressed bytes of a WARC file, member by member: gzip members and zstd frames are
// decoded one after the other, their file offsets remembered, and a damaged one skipped up to the
// next magic number instead of ending the file.
#include "io/warc_input.hpp"

#include <algorithm>
#include <cstring>
#include <fmt/format.h>
#include <string_view>
#include <vector>
#include <zlib.h>
#include <zstd.h>

#include "wiretrace/error.hpp"

namespace wiretrace::io::detail {
namespace {

// A gzip member starts 1f 8b 08 (deflate, the only method); a zstd frame 28 b5 2f fd.
constexpr std::string_view kGzipMagic("\x1f\x8b\x08", 3);
constexpr std::string_view kZstdMagic("\x28\xb5\x2f\xfd", 4);
// The WARC zstd dictionary: a skippable frame of this magic (LE 0x184D2A5D) opening the file,
// holding a dictionary (itself possibly zstd-compressed) for every frame that follows.
constexpr std::string_view kZstdDictionaryMagic("\x5d\x2a\x4d\x18", 4);
// Dictionaries larger than this are not believed (a corrupt size field).
constexpr std::uint64_t kMaxDictionaryBytes = std::uint64_t{64} << 20;

bool is_zstd_skippable(std::string_view head) {
    return head.size() >= 4 && (static_cast<unsigned char>(head[0]) & 0xF0U) == 0x50 && head[1] == '\x2a' &&
           head[2] == '\x4d' && head[3] == '\x18';
}

}  // namespace

/// The decoder state of the file's compression.
struct WarcInput::Codec {
    z_stream z{};
    bool z_ready = false;
    ZSTD_DCtx* zstd = nullptr;

    ~Codec() {
        if (z_ready) inflateEnd(&z);
        ZSTD_freeDCtx(zstd);
    }
};

WarcInput::WarcInput(const std::string& path)
    : path_(path), raw_(open_range(path, path, 0, UINT64_MAX).source), codec_(std::make_unique<Codec>()) {
    in_.resize(kBlockBytes);
    while (raw_available() < 4 && refill()) {
    }
    const std::string_view head(in_.data() + raw_pos_, raw_available());
    if (head.starts_with(kGzipMagic.substr(0, 2))) {
        compression_ = Compression::gzip;
        if (inflateInit2(&codec_->z, 15 + 16) != Z_OK) throw Error(Errc::io, path_, "cannot initialize the gzip decoder");
        codec_->z_ready = true;
    } else if (head.starts_with(kZstdMagic) || head.starts_with(kZstdDictionaryMagic)) {
        compression_ = Compression::zstd;
        codec_->zstd = ZSTD_createDCtx();
        if (codec_->zstd == nullptr) throw Error(Errc::io, path_, "cannot initialize the zstd decoder");
        if (head.starts_with(kZstdDictionaryMagic)) start_zstd_file();
    } else {
        members_.emplace_back(0, 0);
    }
}

WarcInput::~WarcInput() = default;

bool WarcInput::refill() {
    if (raw_eof_) return false;
    if (raw_pos_ > 0) {
        std::memmove(in_.data(), in_.data() + raw_pos_, raw_available());
        raw_end_ -= raw_pos_;
        raw_pos_ = 0;
    }
    if (raw_end_ == in_.size()) return true;  // full: the caller consumes first
    const std::size_t n = raw_->read(in_.data() + raw_end_, in_.size() - raw_end_);
    if (n == 0) {
        raw_eof_ = true;
        return false;
    }
    raw_end_ += n;
    raw_file_pos_ += n;
    raw_total_ += n;
    return true;
}

void WarcInput::start_zstd_file() {
    // Frame header: 4 bytes of magic, 4 bytes of little-endian size, then the dictionary.
    while (raw_available() < 8 && refill()) {
    }
    if (raw_available() < 8) {
        set_break(0, 0, true, "the file ends inside its zstd dictionary frame");
        return;
    }
    const auto* p = reinterpret_cast<const unsigned char*>(in_.data() + raw_pos_ + 4);
    const std::uint64_t size = p[0] | (std::uint64_t{p[1]} << 8) | (std::uint64_t{p[2]} << 16) | (std::uint64_t{p[3]} << 24);
    if (size > kMaxDictionaryBytes) {
        set_break(0, 0, false, fmt::format("zstd dictionary frame of {} bytes: over the limit of {}", size, kMaxDictionaryBytes));
        raw_pos_ += 4;  // the break's resync looks for the next frame
        return;
    }
    raw_pos_ += 8;
    std::string dict;
    while (dict.size() < size) {
        if (raw_available() == 0 && !refill()) {
            set_break(0, 0, true, "the file ends inside its zstd dictionary frame");
            return;
        }
        const std::size_t n = std::min<std::size_t>(raw_available(), size - dict.size());
        dict.append(in_.data() + raw_pos_, n);
        raw_pos_ += n;
    }
    if (std::string_view(dict).starts_with(kZstdMagic)) {
        // The dictionary itself is compressed (as the WARC zstd specification allows).
        const unsigned long long plain = ZSTD_getFrameContentSize(dict.data(), dict.size());
        if (plain == ZSTD_CONTENTSIZE_ERROR || plain == ZSTD_CONTENTSIZE_UNKNOWN || plain > kMaxDictionaryBytes) {
            set_break(0, 0, false, "the zstd dictionary frame holds no usable dictionary");
            return;
        }
        std::string decoded(plain, '\0');
        const std::size_t got = ZSTD_decompress(decoded.data(), decoded.size(), dict.data(), dict.size());
        if (ZSTD_isError(got) != 0) {
            set_break(0, 0, false, fmt::format("corrupt zstd dictionary: {}", ZSTD_getErrorName(got)));
            return;
        }
        decoded.resize(got);
        dict = std::move(decoded);
    }
    const std::size_t ret = ZSTD_DCtx_loadDictionary(codec_->zstd, dict.data(), dict.size());
    if (ZSTD_isError(ret) != 0) set_break(0, 0, false, fmt::format("unusable zstd dictionary: {}", ZSTD_getErrorName(ret)));
}

bool WarcInput::at_member_magic() {
    while (raw_available() < 4 && refill()) {
    }
    const std::string_view head(in_.data() + raw_pos_, raw_available());
    if (compression_ == Compression::gzip) return head.starts_with(kGzipMagic);
    return head.starts_with(kZstdMagic) || is_zstd_skippable(head);
}

bool WarcInput::seek_member_magic(std::size_t from_skip) {
    const std::string_view magic = compression_ == Compression::gzip ? kGzipMagic : kZstdMagic;
    raw_pos_ = std::min(raw_end_, raw_pos_ + from_skip);
    for (;;) {
        const std::string_view window(in_.data() + raw_pos_, raw_available());
        const std::size_t at = window.find(magic);
        if (at != std::string_view::npos) {
            raw_pos_ += at;
            return true;
        }
        // Keep a possible magic number's start for the next block.
        raw_pos_ = std::max(raw_pos_, raw_end_ - std::min(raw_end_, magic.size() - 1));
        if (!refill() && raw_eof_) {
            raw_pos_ = raw_end_;
            return false;
        }
    }
}

void WarcInput::set_break(std::uint64_t file_offset, std::uint64_t stream_offset, bool truncated, std::string reason) {
    break_ = StreamBreak{file_offset, stream_offset, truncated, std::move(reason)};
    break_ready_ = true;
    if (truncated) ended_ = true;
}

std::optional<StreamBreak> WarcInput::take_break() {
    if (!break_ready_) return std::nullopt;
    break_ready_ = false;
    return std::exchange(break_, std::nullopt);
}

std::pair<std::uint64_t, bool> WarcInput::locate(std::uint64_t stream_offset) const {
    if (compression_ == Compression::none) return {stream_offset, true};
    // The last member that starts at or before the offset.
    auto it = std::upper_bound(members_.begin(), members_.end(), stream_offset,
                               [](std::uint64_t s, const auto& member) { return s < member.first; });
    if (it == members_.begin()) return {0, stream_offset == 0};
    --it;
    return {it->second, it->first == stream_offset};
}

void WarcInput::forget_before(std::uint64_t stream_offset) {
    while (members_.size() > 1 && members_[1].first <= stream_offset) members_.pop_front();
}

std::size_t WarcInput::read_plain(char* dst, std::size_t size) {
    if (raw_available() > 0) {
        const std::size_t n = std::min(size, raw_available());
        std::memcpy(dst, in_.data() + raw_pos_, n);
        raw_pos_ += n;
        out_total_ += n;
        return n;
    }
    if (raw_eof_) return 0;
    const std::size_t n = raw_->read(dst, size);
    if (n == 0) raw_eof_ = true;
    raw_file_pos_ += n;
    raw_total_ += n;
    out_total_ += n;
    return n;
}

std::size_t WarcInput::read(char* dst, std::size_t size) {
    if (break_ready_ || ended_ || size == 0) return 0;
    if (compression_ == Compression::none) return read_plain(dst, size);
    const char* codec_name = compression_ == Compression::gzip ? "gzip member" : "zstd frame";
    std::size_t produced = 0;
    while (produced < size && !break_ready_ && !ended_) {
        if (!in_member_) {
            if (!at_member_magic()) {
                if (raw_available() == 0) {
                    ended_ = true;
                    break;
                }
                const std::uint64_t at = raw_offset();
                const std::uint64_t before = raw_total_ - raw_available();
                const bool found = seek_member_magic(0);
                const std::uint64_t skipped = raw_total_ - raw_available() - before;
                set_break(at, out_total_ + produced, false,
                          fmt::format("{} bytes that are not a {}{}", skipped, codec_name, found ? "" : " (to the end of the file)"));
                break;
            }
            member_file_offset_ = raw_offset();
            members_.emplace_back(out_total_ + produced, member_file_offset_);
            if (compression_ == Compression::gzip) {
                if (inflateReset(&codec_->z) != Z_OK) throw Error(Errc::io, path_, "cannot reset the gzip decoder");
            } else {
                ZSTD_DCtx_reset(codec_->zstd, ZSTD_reset_session_only);
            }
            in_member_ = true;
        }
        if (raw_available() == 0) refill();
        const std::size_t avail = raw_available();
        std::size_t consumed = 0;
        std::size_t out = 0;
        bool member_end = false;
        std::string error;
        if (compression_ == Compression::gzip) {
            z_stream& z = codec_->z;
            z.next_in = reinterpret_cast<Bytef*>(in_.data() + raw_pos_);
            z.avail_in = static_cast<uInt>(std::min<std::size_t>(avail, UINT32_MAX));
            z.next_out = reinterpret_cast<Bytef*>(dst + produced);
            z.avail_out = static_cast<uInt>(std::min<std::size_t>(size - produced, UINT32_MAX));
            const uInt in_before = z.avail_in;
            const uInt out_before = z.avail_out;
            const int ret = inflate(&z, Z_NO_FLUSH);
            consumed = in_before - z.avail_in;
            out = out_before - z.avail_out;
            if (ret == Z_STREAM_END) member_end = true;
            else if (ret != Z_OK && ret != Z_BUF_ERROR) error = z.msg != nullptr ? z.msg : zError(ret);
        } else {
            ZSTD_inBuffer zin{in_.data() + raw_pos_, avail, 0};
            ZSTD_outBuffer zout{dst + produced, size - produced, 0};
            const std::size_t ret = ZSTD_decompressStream(codec_->zstd, &zout, &zin);
            consumed = zin.pos;
            out = zout.pos;
            if (ZSTD_isError(ret) != 0) error = ZSTD_getErrorName(ret);
            else if (ret == 0) member_end = true;
        }
        raw_pos_ += consumed;
        produced += out;
        if (!error.empty()) {
            const std::uint64_t member = member_file_offset_;
            // Resume at the first magic number after the member's own: the decoder may have
            // read past the start of the next member before it noticed the damage.
            const std::uint64_t buffer_start = raw_file_pos_ - raw_end_;
            if (member >= buffer_start) raw_pos_ = static_cast<std::size_t>(member - buffer_start);
            const bool found = seek_member_magic(1);
            set_break(member, out_total_ + produced, false,
                      fmt::format("corrupt {} at byte {}: {}{}", codec_name, member, error,
                                  found ? "" : " (nothing readable follows)"));
            in_member_ = false;
            break;
        }
        if (member_end) {
            in_member_ = false;
            continue;
        }
        if (consumed == 0 && out == 0 && raw_available() == 0 && raw_eof_) {
            set_break(member_file_offset_, out_total_ + produced, true,
                      fmt::format("the file ends inside the {} at byte {}", codec_name, member_file_offset_));
            break;
        }
    }
    out_total_ += produced;
    return produced;
}

}  // namespace wiretrace::io::detail
