// SPDX-License-Identifier: Apache-2.0
// Fuzz target: publication times (parse_time, parse_iso8601, epoch numbers, RFC 2822 and strptime
// formats) on arbitrary bytes. Nothing may crash; an accepted time lies in [kEarliestTime,
// kLatestTime] with a granularity of 1, 60 or 86400 seconds; white space around the text changes
// nothing; and format_iso8601 of an accepted time reads back as the same second.
// Input: the text, or, when the first byte is '%' and a newline follows, a strptime format (the
// first line) and the text (the rest).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "wiretrace/document.hpp"

namespace {

void check_accepted(const std::optional<wiretrace::Timestamp>& t) {
    using namespace wiretrace;
    if (!t) return;
    WIRETRACE_FUZZ_CHECK(t->seconds >= kEarliestTime && t->seconds <= kLatestTime);
    WIRETRACE_FUZZ_CHECK(t->granularity == 1 || t->granularity == 60 || t->granularity == 86400);
    const std::string iso = format_iso8601(t->seconds);
    WIRETRACE_FUZZ_CHECK(iso.size() == 20);
    const auto again = parse_time(iso);
    WIRETRACE_FUZZ_CHECK(again && again->seconds == t->seconds && again->granularity == 1);
    WIRETRACE_FUZZ_CHECK(parse_iso8601(iso) == t->seconds);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wiretrace;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const std::size_t nl = bytes.find('\n');
    if (bytes.starts_with('%') && nl != std::string_view::npos) {
        const std::string_view format = bytes.substr(0, nl);
        const std::string_view text = bytes.substr(nl + 1);
        check_accepted(parse_time(text, format));
        return 0;
    }
    const auto t = parse_time(bytes);
    check_accepted(t);
    const std::string padded = " \t" + std::string(bytes) + "\r\n ";
    const auto p = parse_time(padded);
    WIRETRACE_FUZZ_CHECK(p.has_value() == t.has_value());
    if (t && p) WIRETRACE_FUZZ_CHECK(p->seconds == t->seconds && p->granularity == t->granularity);
    // What parse_iso8601 accepts inside the range, parse_time reads as the same second.
    if (const auto iso = parse_iso8601(bytes); iso && *iso >= kEarliestTime && *iso <= kLatestTime) {
        WIRETRACE_FUZZ_CHECK(t && t->seconds == *iso);
    }
    return 0;
}
