// SPDX-License-Identifier: Apache-2.0
// The HTTP response of a WARC record: status line, header fields, chunked transfer coding and the
// gzip / deflate / br / zstd content codings, each decoded under the record size limit.
#include "io/warc_http.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <vector>
#include <zlib.h>
#include <zstd.h>

#ifdef WIRETRACE_HAVE_BROTLI
#include <brotli/decode.h>
#endif

namespace wiretrace::io::detail {
namespace {

constexpr std::size_t kDecodeStep = std::size_t{64} << 10;

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool contains_nocase(std::string_view haystack, std::string_view needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                       [](char a, char b) { return lower(a) == lower(b); }) != haystack.end();
}

enum class Decoded : unsigned char { ok, corrupt, too_large, unsupported };

/// Grows `out` by one step for a decoder to write into; returns false past `max` bytes.
bool grow(std::string& out, std::size_t& used, std::uint64_t max) {
    if (used > max) return false;
    if (out.size() - used < kDecodeStep) out.resize(out.size() + std::max(kDecodeStep, out.size() / 2));
    return true;
}

/// zlib inflate of one stream (`window_bits`: 16+15 gzip, 15 zlib, -15 raw deflate).
Decoded inflate_body(std::string_view in, int window_bits, std::uint64_t max, std::string& out, std::string& error) {
    z_stream z{};
    if (inflateInit2(&z, window_bits) != Z_OK) {
        error = "cannot initialize the decoder";
        return Decoded::corrupt;
    }
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(std::min<std::size_t>(in.size(), UINT32_MAX));
    std::size_t used = 0;
    Decoded result = Decoded::ok;
    for (;;) {
        if (!grow(out, used, max)) {
            result = Decoded::too_large;
            break;
        }
        z.next_out = reinterpret_cast<Bytef*>(out.data() + used);
        z.avail_out = static_cast<uInt>(std::min<std::size_t>(out.size() - used, UINT32_MAX));
        const uInt before = z.avail_out;
        const int ret = inflate(&z, Z_NO_FLUSH);
        used += before - z.avail_out;
        if (ret == Z_STREAM_END) break;
        if (ret != Z_OK && !(ret == Z_BUF_ERROR && z.avail_in > 0)) {
            error = ret == Z_BUF_ERROR ? std::string("the body ends inside the compressed stream")
                                       : std::string(z.msg != nullptr ? z.msg : zError(ret));
            result = Decoded::corrupt;
            break;
        }
    }
    inflateEnd(&z);
    out.resize(std::min<std::size_t>(used, out.size()));
    if (result == Decoded::ok && used > max) result = Decoded::too_large;
    return result;
}

Decoded zstd_body(std::string_view in, std::uint64_t max, std::string& out, std::string& error) {
    ZSTD_DCtx* dctx = ZSTD_createDCtx();
    if (dctx == nullptr) {
        error = "cannot initialize the decoder";
        return Decoded::corrupt;
    }
    ZSTD_inBuffer zin{in.data(), in.size(), 0};
    std::size_t used = 0;
    Decoded result = Decoded::ok;
    std::size_t last = 1;
    while (zin.pos < zin.size || last != 0) {
        if (!grow(out, used, max)) {
            result = Decoded::too_large;
            break;
        }
        ZSTD_outBuffer zout{out.data() + used, out.size() - used, 0};
        last = ZSTD_decompressStream(dctx, &zout, &zin);
        used += zout.pos;
        if (ZSTD_isError(last) != 0) {
            error = ZSTD_getErrorName(last);
            result = Decoded::corrupt;
            break;
        }
        if (zin.pos == zin.size && zout.pos < zout.size && last != 0) {
            error = "the body ends inside the compressed stream";
            result = Decoded::corrupt;
            break;
        }
    }
    ZSTD_freeDCtx(dctx);
    out.resize(std::min<std::size_t>(used, out.size()));
    if (result == Decoded::ok && used > max) result = Decoded::too_large;
    return result;
}

Decoded brotli_body([[maybe_unused]] std::string_view in, [[maybe_unused]] std::uint64_t max,
                    [[maybe_unused]] std::string& out, [[maybe_unused]] std::string& error) {
#ifdef WIRETRACE_HAVE_BROTLI
    BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    if (state == nullptr) {
        error = "cannot initialize the decoder";
        return Decoded::corrupt;
    }
    const auto* next_in = reinterpret_cast<const std::uint8_t*>(in.data());
    std::size_t avail_in = in.size();
    std::size_t used = 0;
    Decoded result = Decoded::ok;
    for (;;) {
        if (!grow(out, used, max)) {
            result = Decoded::too_large;
            break;
        }
        auto* next_out = reinterpret_cast<std::uint8_t*>(out.data() + used);
        std::size_t avail_out = out.size() - used;
        const std::size_t before = avail_out;
        const BrotliDecoderResult ret = BrotliDecoderDecompressStream(state, &avail_in, &next_in, &avail_out, &next_out, nullptr);
        used += before - avail_out;
        if (ret == BROTLI_DECODER_RESULT_SUCCESS) break;
        if (ret == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) continue;
        error = ret == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT
                    ? std::string("the body ends inside the compressed stream")
                    : std::string(BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state)));
        result = Decoded::corrupt;
        break;
    }
    BrotliDecoderDestroyInstance(state);
    out.resize(std::min<std::size_t>(used, out.size()));
    if (result == Decoded::ok && used > max) result = Decoded::too_large;
    return result;
#else
    return Decoded::unsupported;
#endif
}

/// Undoes the chunked transfer coding of `in` into `out`. Returns false when the chunks stop
/// being valid (then `out` holds the chunks before, or `in` itself when not even the first
/// chunk header was one).
bool dechunk(std::string_view in, std::string& out) {
    out.clear();
    std::size_t pos = 0;
    bool any = false;
    for (;;) {
        const std::size_t nl = in.find('\n', pos);
        if (nl == std::string_view::npos) break;
        std::string_view size_text = trim(in.substr(pos, nl - pos));
        size_text = trim(size_text.substr(0, size_text.find(';')));  // chunk extensions
        if (size_text.empty() || size_text.size() > 15 ||
            !std::all_of(size_text.begin(), size_text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; })) {
            break;
        }
        const std::size_t size = std::stoull(std::string(size_text), nullptr, 16);
        pos = nl + 1;
        if (size == 0) return true;  // the last chunk; trailer fields are ignored
        const std::size_t take = std::min(size, in.size() - pos);
        out.append(in.substr(pos, take));
        any = true;
        pos += take;
        if (take < size) return false;
        if (in.substr(pos).starts_with("\r\n")) pos += 2;
        else if (in.substr(pos).starts_with("\n")) pos += 1;
        else if (pos < in.size()) return false;
    }
    if (!any) out.assign(in);
    return false;
}

HttpOutcome skip_with(WarcSkip kind, std::string reason) {
    HttpOutcome outcome;
    outcome.skip = kind;
    outcome.reason = std::move(reason);
    return outcome;
}

}  // namespace

bool equals_nocase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::size_t parse_fields(std::string_view text, std::vector<WarcField>& fields, bool& malformed) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        const bool last = nl == std::string_view::npos;
        if (last) nl = text.size();
        std::string_view line = text.substr(pos, nl - pos);
        if (line.ends_with('\r')) line.remove_suffix(1);
        pos = last ? text.size() : nl + 1;
        if (line.empty()) {
            if (!last) return pos;
            break;
        }
        if ((line.front() == ' ' || line.front() == '\t') && !fields.empty()) {
            // A folded line continues the previous field's value.
            fields.back().second.append(" ").append(trim(line));
            continue;
        }
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) {
            malformed = true;
            continue;
        }
        fields.emplace_back(std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
    }
    return std::string_view::npos;
}

HttpOutcome parse_http_response(std::string_view block, WarcRecord& out, std::uint64_t max_body) {
    out.has_http = true;
    // Status line: HTTP/<version> <3 digits>[ reason]
    const std::size_t nl = block.find('\n');
    const std::string_view status_line = trim(block.substr(0, nl));
    const std::size_t space = status_line.find(' ');
    const std::string_view code = space == std::string_view::npos ? std::string_view() : trim(status_line.substr(space + 1)).substr(0, 3);
    if (!status_line.starts_with("HTTP/") || code.size() != 3 ||
        !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return skip_with(WarcSkip::bad_http, fmt::format("the block does not start with an HTTP status line (\"{}\")",
                                                          status_line.substr(0, std::min<std::size_t>(status_line.size(), 40))));
    }
    out.http_status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
    bool malformed = false;
    const std::string_view rest = nl == std::string_view::npos ? std::string_view() : block.substr(nl + 1);
    const std::size_t body_start = parse_fields(rest, out.http_fields, malformed);
    out.http_content_type = out.http_field("Content-Type");
    out.content_encoding = out.http_field("Content-Encoding");
    out.transfer_encoding = out.http_field("Transfer-Encoding");
    const std::string_view raw_body = body_start == std::string_view::npos ? std::string_view() : rest.substr(body_start);

    HttpOutcome outcome;
    if (contains_nocase(out.transfer_encoding, "chunked")) {
        outcome.chunked_repaired = !dechunk(raw_body, out.body);
    } else {
        out.body.assign(raw_body);
    }
    if (out.body.size() > max_body) {
        return skip_with(WarcSkip::too_large, fmt::format("HTTP body of {} bytes: over the limit of {}", out.body.size(), max_body));
    }
    if (out.body.empty()) return outcome;

    // Content codings were applied in the order listed: undo them from the last.
    std::vector<std::string_view> codings;
    for (std::string_view list = out.content_encoding; !list.empty();) {
        const std::size_t comma = list.find(',');
        codings.push_back(trim(list.substr(0, comma)));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
    std::string decoded;
    for (auto it = codings.rbegin(); it != codings.rend(); ++it) {
        const std::string_view coding = *it;
        if (coding.empty() || equals_nocase(coding, "identity") || equals_nocase(coding, "none")) continue;
        std::string error;
        Decoded result = Decoded::unsupported;
        decoded.clear();
        if (equals_nocase(coding, "gzip") || equals_nocase(coding, "x-gzip")) {
            if (!out.body.starts_with("\x1f\x8b")) {
                outcome.encoding_mismatch = true;  // stored decoded under the original header
                break;
            }
            result = inflate_body(out.body, 16 + 15, max_body, decoded, error);
        } else if (equals_nocase(coding, "deflate")) {
            // The zlib wrapper as the standard says, or raw deflate as some servers send.
            const auto cmf = static_cast<unsigned char>(out.body[0]);
            const bool zlib_header = out.body.size() >= 2 && (cmf & 0x0FU) == 8 &&
                                     ((cmf << 8U) | static_cast<unsigned char>(out.body[1])) % 31 == 0;
            result = inflate_body(out.body, zlib_header ? 15 : -15, max_body, decoded, error);
        } else if (equals_nocase(coding, "br")) {
            result = brotli_body(out.body, max_body, decoded, error);
        } else if (equals_nocase(coding, "zstd")) {
            if (!out.body.starts_with("\x28\xb5\x2f\xfd")) {
                outcome.encoding_mismatch = true;
                break;
            }
            result = zstd_body(out.body, max_body, decoded, error);
        }
        switch (result) {
        case Decoded::ok: out.body.swap(decoded); break;
        case Decoded::corrupt:
            return skip_with(WarcSkip::bad_encoding, fmt::format("HTTP body does not decode as {}: {}", coding, error));
        case Decoded::too_large:
            return skip_with(WarcSkip::too_large, fmt::format("HTTP body decoded from {} is over the limit of {} bytes", coding, max_body));
        case Decoded::unsupported:
            return skip_with(WarcSkip::unsupported_encoding, fmt::format("HTTP Content-Encoding {} is not supported", coding));
        }
    }
    return outcome;
}

}  // namespace wiretrace::io::detail
