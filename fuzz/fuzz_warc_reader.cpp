// SPDX-License-Identifier: Apache-2.0
// Fuzz target: io::WarcReader on arbitrary bytes read as a WARC file (gzip or zstd when the bytes
// start with their magic number). The first byte chooses the options; the rest is the file. Only
// strict mode may throw; every record and the counters keep the reader's documented promises.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "fuzz_file.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/io/warc.hpp"

using namespace wiretrace;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t flags = data[0];
    const std::string_view file(reinterpret_cast<const char*>(data + 1), size - 1);

    io::WarcOptions options;
    options.strict = (flags & 1) != 0;
    options.all_types = (flags & 2) != 0;
    options.max_record_bytes = (flags & 4) != 0 ? 64 : io::kDefaultMaxWarcRecordBytes;
    options.max_diagnostics = 3;

    const std::string path = fuzz::memory_file("wiretrace-fuzz-warc", file);
    const bool compressed = file.starts_with("\x1f\x8b") || file.starts_with("\x28\xb5\x2f\xfd") ||
                            file.starts_with("\x5d\x2a\x4d\x18");
    io::WarcReader reader(path, options);
    io::WarcRecord record;
    std::uint64_t records = 0;
    std::uint64_t last_offset = 0;
    bool completed = false;
    try {
        while (reader.next(record)) {
            ++records;
            WIRETRACE_FUZZ_CHECK(record.file == path);
            WIRETRACE_FUZZ_CHECK(record.version.starts_with("WARC/"));
            WIRETRACE_FUZZ_CHECK(record.stream_offset >= last_offset);
            last_offset = record.stream_offset;
            WIRETRACE_FUZZ_CHECK(record.content_length <= options.max_record_bytes);
            WIRETRACE_FUZZ_CHECK(record.body.size() <= options.max_record_bytes);
            if (!compressed) {
                // The record is where it says, and its block fits in the file.
                WIRETRACE_FUZZ_CHECK(record.offset == record.stream_offset);
                WIRETRACE_FUZZ_CHECK(file.substr(record.offset).starts_with("WARC/"));
                WIRETRACE_FUZZ_CHECK(record.offset + record.content_length <= file.size());
            }
            if (!record.has_http && record.type != io::WarcType::revisit) {
                WIRETRACE_FUZZ_CHECK(record.body.size() == record.content_length);
            }
            if (!options.all_types) {
                WIRETRACE_FUZZ_CHECK(record.type == io::WarcType::response || record.type == io::WarcType::resource ||
                                     record.type == io::WarcType::revisit);
            }
        }
        completed = true;
    } catch (const Error& e) {
        WIRETRACE_FUZZ_CHECK(options.strict);
        WIRETRACE_FUZZ_CHECK(e.code() == Errc::bad_format || e.code() == Errc::too_large);
        WIRETRACE_FUZZ_CHECK(e.where().starts_with(path + ":"));
    }
    const io::WarcStats& s = reader.stats();
    WIRETRACE_FUZZ_CHECK(s.records == records);
    std::uint64_t by_reason = 0;
    for (const std::uint64_t n : s.skipped_by_reason) by_reason += n;
    WIRETRACE_FUZZ_CHECK(s.skipped == by_reason);
    std::uint64_t by_type = 0;
    for (const std::uint64_t n : s.by_type) by_type += n;
    WIRETRACE_FUZZ_CHECK(by_type >= records);
    WIRETRACE_FUZZ_CHECK(s.diagnostics.size() == std::min<std::uint64_t>(s.skipped, options.max_diagnostics));
    for (const io::WarcDiagnostic& d : s.diagnostics) {
        WIRETRACE_FUZZ_CHECK(d.file == path);
        WIRETRACE_FUZZ_CHECK(!d.reason.empty());
        if (!compressed) WIRETRACE_FUZZ_CHECK(d.offset <= file.size());
    }
    if (options.strict) WIRETRACE_FUZZ_CHECK(s.skipped == 0);
    if (completed) {
        WIRETRACE_FUZZ_CHECK(s.compressed_bytes == file.size());
        if (!compressed) WIRETRACE_FUZZ_CHECK(s.bytes == file.size());
    }
    return 0;
}
