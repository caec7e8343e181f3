// SPDX-License-Identifier: Apache-2.0
// Private byte streams of the reader: files and stdin, with gzip and zstd decoded transparently.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace wiretrace::io::detail {

/// Size of one read from a file or decoder. PERF: 1 MiB blocks keep syscalls and decoder calls
/// off the profile; larger blocks gained nothing measurable.
inline constexpr std::size_t kBlockBytes = std::size_t{1} << 20;

enum class Compression : unsigned char { none, gzip, zstd };

/// A sequential stream of bytes.
class ByteSource {
public:
    virtual ~ByteSource() = default;
    /// Reads up to `size` bytes into `dst`; returns 0 only at the end of the stream. Throws
    /// Error (io: a read error; bad_format: a truncated or corrupt compressed stream).
    virtual std::size_t read(char* dst, std::size_t size) = 0;
};

/// An opened input, decompressing when needed.
struct OpenedInput {
    std::unique_ptr<ByteSource> source;
    Compression compression = Compression::none;
};

/// Opens `path` ("-" for standard input; `name` is used in messages), detecting compression by
/// magic bytes and by the `.gz`/`.zst` extension. Throws Error(io) when the file cannot be
/// opened, Error(bad_format) when the name says compressed but the magic bytes do not.
OpenedInput open_input(const std::string& path, const std::string& name);

/// Opens the bytes [begin, end) of the uncompressed regular file `path` (end may be past the
/// end of the file). Throws Error(io) naming `name`.
OpenedInput open_range(const std::string& path, const std::string& name, std::uint64_t begin, std::uint64_t end);

/// Newlines in the first `bytes` bytes of the uncompressed file `path`. Throws Error(io).
std::uint64_t count_newlines(const std::string& path, std::uint64_t bytes);

/// Compression of `path` by its magic bytes (and name, as open_input decides). Throws as open_input.
Compression compression_of(const std::string& path);

/// The name without a trailing ".gz" or ".zst" (case-insensitive).
std::string strip_compression_suffix(const std::string& name);

}  // namespace wiretrace::io::detail
