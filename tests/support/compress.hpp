// SPDX-License-Identifier: Apache-2.0
// Test support: gzip and zstd compression of test inputs.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <zlib.h>
#include <zstd.h>

namespace wiretrace::test {

/// One gzip member of `data` (`window_bits` 15: a zlib stream instead; -15: raw deflate).
inline std::string gzip(const std::string& data, int window_bits = 15 + 16) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

/// One zstd frame; with `checksum`, the frame ends with a checksum of the content.
inline std::string zstd(const std::string& data, bool checksum = false) {
    ZSTD_CCtx* cctx = ZSTD_createCCtx();
    REQUIRE(cctx != nullptr);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, 3);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, checksum ? 1 : 0);
    std::string out(ZSTD_compressBound(data.size()), '\0');
    const std::size_t n = ZSTD_compress2(cctx, out.data(), out.size(), data.data(), data.size());
    ZSTD_freeCCtx(cctx);
    REQUIRE(ZSTD_isError(n) == 0);
    out.resize(n);
    return out;
}

}  // namespace wiretrace::test
