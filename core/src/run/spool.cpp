// SPDX-License-Identifier: Apache-2.0
#include "run/spool.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <functional>
#include <utility>
#include <unistd.h>

#include "wiretrace/error.hpp"

namespace wiretrace::scan::detail {
namespace {

constexpr std::size_t kBufferBytes = std::size_t{4} << 20;

[[noreturn]] void fail(const std::string& path, std::string_view name, std::string_view what) {
    throw Error(Errc::io, path, fmt::format("{}: {}: {}", name, what, std::strerror(errno)));
}

}  // namespace

Spool::Spool(const std::string& dir, std::string_view what) : what_(what) {
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
        if (!std::filesystem::exists(status)) throw Error(Errc::io, base.string(), what_ + ": no such directory");
        if (!std::filesystem::is_directory(status)) throw Error(Errc::io, base.string(), what_ + ": not a directory");
        // An existing directory: say so, whatever errno the file system chose (procfs answers
        // "No such file or directory" to a new file).
        throw Error(Errc::io, base.string(),
                    fmt::format("{}: cannot create a file in this directory ({}): choose another with "
                                "--spool-dir or TMPDIR",
                                what_, err == ENOENT ? "it accepts no new files" : std::strerror(err)));
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
        write_all(text);  // not copied into the buffer: a large text (or run of keys) is not held twice
    } else {
        buffer_.append(text);
    }
    size_ += text.size();
    return offset;
}

void Spool::flush() {
    write_all(buffer_);
    buffer_.clear();
}

void Spool::write_all(std::string_view bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail(path_, what_, "cannot write (disk full?)");
        done += static_cast<std::size_t>(n);
    }
}

void Spool::read(std::uint64_t offset, std::uint64_t size, std::string& out) const {
    out.resize(size);
    read(offset, size, out.data());
}

void Spool::read(std::uint64_t offset, std::uint64_t size, char* out) const {
    std::uint64_t done = 0;
    while (done < size) {
        const ssize_t n = ::pread(fd_, out + done, size - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail(path_, what_, "cannot read back");
        done += static_cast<std::uint64_t>(n);
    }
}

KeyRuns::KeyRuns(const std::string& dir, std::size_t run_keys)
    : file_(dir, "spill of the candidate join"), run_keys_(std::max<std::size_t>(run_keys, 1)) {}

void KeyRuns::append(std::span<const std::uint64_t> keys) {
    while (!keys.empty()) {
        // Grown up to the run's size (a large budget on a small corpus asks for no more than its
        // keys), never past it: a full buffer is a run.
        if (buffer_.size() == buffer_.capacity() && buffer_.capacity() < run_keys_) {
            constexpr std::size_t kFirstKeys = std::size_t{1} << 17;  // 1 MB
            buffer_.reserve(std::min(run_keys_, std::max(2 * buffer_.capacity(), kFirstKeys)));
        }
        const std::size_t n =
            std::min({keys.size(), run_keys_ - buffer_.size(), buffer_.capacity() - buffer_.size()});
        buffer_.insert(buffer_.end(), keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(n));
        size_ += n;
        keys = keys.subspan(n);
        if (buffer_.size() == run_keys_) write_run();
    }
}

void KeyRuns::write_run() {
    if (buffer_.empty()) return;
    std::sort(buffer_.begin(), buffer_.end());
    const std::uint64_t offset = file_.append(
        std::string_view(reinterpret_cast<const char*>(buffer_.data()), buffer_.size() * sizeof(std::uint64_t)));
    runs_.emplace_back(offset, buffer_.size());
    buffer_.clear();
}

KeyRuns::Merge KeyRuns::merge() {
    write_run();
    std::vector<std::uint64_t>().swap(buffer_);
    file_.flush();
    return Merge(*this);
}

std::vector<std::uint64_t> KeyRuns::sorted() {
    Merge m = merge();
    std::vector<std::uint64_t> out;
    out.reserve(size_);
    for (std::uint64_t key = 0; m.next(key);) out.push_back(key);
    return out;
}

KeyRuns::Merge::Merge(const KeyRuns& runs) : owner_(runs) {
    runs_.resize(runs.runs_.size());
    for (std::size_t r = 0; r < runs_.size(); ++r) {
        runs_[r].offset = runs.runs_[r].first;
        runs_[r].left = runs.runs_[r].second;
        if (refill(runs_[r])) heap_.emplace_back(runs_[r].buffer[0], r);
    }
    std::make_heap(heap_.begin(), heap_.end(), std::greater<>());
}

bool KeyRuns::Merge::refill(Run& run) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(run.left, kMergeBufferKeys));
    run.buffer.resize(n);
    run.at = 0;
    if (n == 0) {
        std::vector<std::uint64_t>().swap(run.buffer);
        return false;
    }
    owner_.file_.read(run.offset, n * sizeof(std::uint64_t), reinterpret_cast<char*>(run.buffer.data()));
    run.offset += n * sizeof(std::uint64_t);
    run.left -= n;
    return true;
}

bool KeyRuns::Merge::next(std::uint64_t& key) {
    if (heap_.empty()) return false;
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
    const std::size_t r = heap_.back().second;
    key = heap_.back().first;
    heap_.pop_back();
    Run& run = runs_[r];
    if (++run.at < run.buffer.size() || refill(run)) {
        heap_.emplace_back(run.buffer[run.at], r);
        std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
    }
    return true;
}

}  // namespace wiretrace::scan::detail
