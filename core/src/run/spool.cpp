// SPDX-License-Identifier: Apache-2.0
#include "run/spool.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <unistd.h>

#include "wiretrace/error.hpp"

namespace wiretrace::scan::detail {
namespace {

constexpr std::size_t kBufferBytes = std::size_t{4} << 20;

[[noreturn]] void fail(const std::string& path, std::string_view what) {
    throw Error(Errc::io, path, fmt::format("text spool: {}: {}", what, std::strerror(errno)));
}

}  // namespace

Spool::Spool(const std::string& dir) {
    std::error_code ec;
    const std::filesystem::path base = dir.empty() ? std::filesystem::temp_directory_path(ec) : std::filesystem::path(dir);
    if (ec) throw Error(Errc::io, "", "no temporary directory for the text spool (set TMPDIR or --spool-dir)");
    std::string name = (base / "wiretrace-spool-XXXXXX").string();
    fd_ = ::mkstemp(name.data());
    path_ = name;
    if (fd_ < 0) {
        const int err = errno;
        std::error_code st;
        const auto status = std::filesystem::status(base, st);
        if (!std::filesystem::exists(status)) throw Error(Errc::io, base.string(), "text spool: no such directory");
        if (!std::filesystem::is_directory(status)) throw Error(Errc::io, base.string(), "text spool: not a directory");
        // An existing directory: say so, whatever errno the file system chose (procfs answers
        // "No such file or directory" to a new file).
        throw Error(Errc::io, base.string(),
                    fmt::format("text spool: cannot create a file in this directory ({}): choose another with "
                                "--spool-dir or TMPDIR",
                                err == ENOENT ? "it accepts no new files" : std::strerror(err)));
    }
    ::unlink(name.c_str());
    buffer_.reserve(kBufferBytes);
}

Spool::~Spool() {
    if (fd_ >= 0) ::close(fd_);
}

std::uint64_t Spool::append(std::string_view text) {
    const std::uint64_t offset = size_;
    if (buffer_.size() + text.size() > kBufferBytes) flush();
    if (text.size() > kBufferBytes) {
        buffer_.assign(text);
        flush();
    } else {
        buffer_.append(text);
    }
    size_ += text.size();
    return offset;
}

void Spool::flush() {
    std::size_t done = 0;
    while (done < buffer_.size()) {
        const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail(path_, "cannot write (disk full?)");
        done += static_cast<std::size_t>(n);
    }
    buffer_.clear();
}

void Spool::read(std::uint64_t offset, std::uint64_t size, std::string& out) const {
    out.resize(size);
    std::uint64_t done = 0;
    while (done < size) {
        const ssize_t n = ::pread(fd_, out.data() + done, size - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail(path_, "cannot read back");
        done += static_cast<std::uint64_t>(n);
    }
}

}  // namespace wiretrace::scan::detail
