// SPDX-License-Identifier: Apache-2.0
// Fuzz target: io::ArticleReader on arbitrary bytes read as a JSONL file (gzip or zstd when the
// bytes start with their magic number). The first byte chooses the reader options; the rest is
// the file. Every returned record and the counters must keep the reader's documented promises.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "fuzz_file.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/io/reader.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/text/utf8.hpp"

namespace {

using namespace wiretrace;

bool is_blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t flags = data[0];
    const std::string_view file(reinterpret_cast<const char*>(data + 1), size - 1);

    io::ReaderOptions options;
    options.strict = (flags & 1) != 0;
    options.utf8 = (flags & 2) != 0 ? io::Utf8Policy::repair : io::Utf8Policy::reject;
    options.max_doc_bytes = (flags & 4) != 0 ? 48 : io::kDefaultMaxDocBytes;
    options.max_diagnostics = 3;

    const std::string path = fuzz::memory_file("wiretrace-fuzz-jsonl", file);
    const bool compressed = file.starts_with("\x1f\x8b") || file.starts_with("\x28\xb5\x2f\xfd");

    io::ArticleReader reader({path}, options);
    io::Record record;
    std::uint64_t records = 0;
    std::uint64_t last_line = 0;
    bool completed = false;
    try {
        while (reader.next(record)) {
            ++records;
            WIRETRACE_FUZZ_CHECK(!record.doc.id.empty());
            WIRETRACE_FUZZ_CHECK(!is_blank(record.doc.text));
            const text::Utf8Report utf8 = text::check_utf8(record.doc.text);
            WIRETRACE_FUZZ_CHECK(utf8.invalid_sequences == 0);
            WIRETRACE_FUZZ_CHECK(utf8.nul_bytes == 0);
            WIRETRACE_FUZZ_CHECK(text::check_utf8(record.doc.id).invalid_sequences == 0);
            WIRETRACE_FUZZ_CHECK(record.line > last_line);
            last_line = record.line;
            WIRETRACE_FUZZ_CHECK(record.bytes <= options.max_doc_bytes);
            WIRETRACE_FUZZ_CHECK(record.file == path);
            WIRETRACE_FUZZ_CHECK(record.rereadable == !compressed);
            if (record.rereadable) {
                // The raw record is the line at [offset, offset + bytes): no newline inside.
                WIRETRACE_FUZZ_CHECK(record.offset + record.bytes <= file.size());
                const std::string_view raw = file.substr(record.offset, record.bytes);
                WIRETRACE_FUZZ_CHECK(raw.find('\n') == std::string_view::npos);
                WIRETRACE_FUZZ_CHECK(raw.find('{') != std::string_view::npos);
            }
        }
        completed = true;
    } catch (const Error& e) {
        // Without strict mode only a broken compressed stream is fatal.
        WIRETRACE_FUZZ_CHECK(options.strict || (compressed && e.code() == Errc::bad_format));
        WIRETRACE_FUZZ_CHECK(e.what()[0] != '\0');
    }
    const io::ReadStats& s = reader.stats();
    WIRETRACE_FUZZ_CHECK(s.records == records);
    std::uint64_t by_reason = 0;
    for (const std::uint64_t n : s.skipped_by_reason) by_reason += n;
    WIRETRACE_FUZZ_CHECK(s.skipped == by_reason);
    WIRETRACE_FUZZ_CHECK(s.diagnostics.size() == std::min<std::uint64_t>(s.skipped, options.max_diagnostics));
    for (const io::Diagnostic& d : s.diagnostics) {
        WIRETRACE_FUZZ_CHECK(d.file == path);
        WIRETRACE_FUZZ_CHECK(d.line >= 1);
        WIRETRACE_FUZZ_CHECK(!d.reason.empty());
    }
    if (options.strict) WIRETRACE_FUZZ_CHECK(s.skipped == 0);
    if (completed && !compressed) WIRETRACE_FUZZ_CHECK(s.bytes == file.size());
    return 0;
}
