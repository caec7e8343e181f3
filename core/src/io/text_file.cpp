// SPDX-License-Identifier: Apache-2.0
// Whole-file reading and validation of single text documents.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <limits>
#include <sstream>
#include <sys/stat.h>

#include "wiretrace/error.hpp"
#include "wiretrace/io/text_file.hpp"

namespace wiretrace::io {

std::string read_file(const std::string& path, std::size_t max_bytes) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        throw Error(Errc::io, path, std::string("cannot open: ") + std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) throw Error(Errc::not_a_file, path, "is a directory, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(Errc::io, path, std::string("cannot open: ") + std::strerror(errno));
    return read_stream(in, path, max_bytes);
}

std::string read_stream(std::istream& in, const std::string& name, std::size_t max_bytes) {
    constexpr std::size_t kBlock = std::size_t{1} << 16;
    std::string out;
    while (in && out.size() <= max_bytes) {
        const std::size_t old = out.size();
        // Up to one byte past the limit, to tell "at the limit" from "over it" (and no overflow
        // when there is no limit: max_bytes may be SIZE_MAX).
        const std::size_t room = max_bytes - old;
        const std::size_t want = room >= kBlock ? kBlock : room + 1;
        out.resize(old + want);
        in.read(out.data() + old, static_cast<std::streamsize>(want));
        out.resize(old + static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) throw Error(Errc::io, name, "read error");
    if (out.size() > max_bytes) {
        throw Error(Errc::too_large, name, fmt::format("over the limit of {} bytes (--max-doc-bytes)", max_bytes));
    }
    return out;
}

Document make_text_document(std::string id, std::string bytes, Utf8Policy policy, text::Utf8Report* report) {
    text::Utf8Report local;
    text::Utf8Report& r = report != nullptr ? *report : local;
    if (bytes.size() > std::numeric_limits<std::uint32_t>::max() - 16) {
        throw Error(Errc::too_large, id, fmt::format("{} bytes: documents are limited to 4 GiB", bytes.size()));
    }
    r = text::check_utf8(bytes);
    if (r.nul_bytes > 0) {
        throw Error(Errc::binary_input, id,
                    fmt::format("binary file (NUL byte at offset {}); wiretrace reads UTF-8 text",
                                r.first_nul_offset));
    }
    Document doc;
    if (r.invalid_sequences > 0) {
        if (policy == Utf8Policy::reject) {
            throw Error(Errc::bad_utf8, fmt::format("{}:{}", id, r.first_invalid_line),
                        fmt::format("invalid UTF-8 at byte offset {} ({} invalid sequence{} in the file); "
                                    "pass --repair-utf8 to replace them with U+FFFD",
                                    r.first_invalid_offset, r.invalid_sequences,
                                    r.invalid_sequences == 1 ? "" : "s"));
        }
        doc.text = text::repair_utf8(bytes, &r);
    } else {
        doc.text = std::move(bytes);
    }
    doc.id = std::move(id);
    return doc;
}

}  // namespace wiretrace::io
