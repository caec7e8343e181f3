// SPDX-License-Identifier: Apache-2.0
// UTF-8 validation and repair. simdjson's SIMD validator answers the common case (valid text)
// at memory speed; only invalid input takes the byte-by-byte path that finds and replaces the
// maximal invalid subparts.
#include <algorithm>
#include <cstring>
#include <simdjson.h>

#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::text {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

/// Length of the well-formed sequence starting at `s[0]` (Unicode Table 3-7), or 0 when the
/// bytes there do not start one. When 0, `*invalid_len` receives the length of the maximal
/// invalid subpart (at least 1): the prefix that could still have begun a valid sequence.
std::size_t sequence_length(const unsigned char* s, std::size_t avail, std::size_t* invalid_len) {
    const unsigned char c = s[0];
    if (c < 0x80) return 1;
    std::size_t need = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
    } else {
        *invalid_len = 1;
        return 0;
    }
    std::size_t i = 1;
    for (; i < need; ++i) {
        if (i >= avail) break;
        const unsigned char lo_i = i == 1 ? lo : 0x80;
        const unsigned char hi_i = i == 1 ? hi : 0xBF;
        if (s[i] < lo_i || s[i] > hi_i) break;
    }
    if (i == need) return need;
    *invalid_len = i;
    return 0;
}

/// Walks `bytes`, calling `valid(chunk)` for runs of valid text and `invalid()` once per
/// maximal invalid subpart; fills the report.
template <typename OnValid, typename OnInvalid>
void walk_utf8(std::string_view bytes, Utf8Report& report, OnValid valid, OnInvalid invalid) {
    const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t run_start = 0;
    std::size_t line = 1;
    std::size_t i = 0;
    while (i < n) {
        if (s[i] == '\n') ++line;
        if (s[i] == 0 && report.nul_bytes++ == 0) report.first_nul_offset = i;
        std::size_t bad = 0;
        const std::size_t len = sequence_length(s + i, n - i, &bad);
        if (len > 0) {
            i += len;
            continue;
        }
        if (report.invalid_sequences++ == 0) {
            report.first_invalid_offset = i;
            report.first_invalid_line = line;
        }
        valid(bytes.substr(run_start, i - run_start));
        invalid();
        i += bad;
        run_start = i;
    }
    valid(bytes.substr(run_start, n - run_start));
}

void count_nuls(std::string_view bytes, Utf8Report& report) {
    if (bytes.empty()) return;  // an empty view may have a null data(): memchr must not see it
    const void* nul = std::memchr(bytes.data(), 0, bytes.size());
    if (nul == nullptr) return;
    report.first_nul_offset = static_cast<std::size_t>(static_cast<const char*>(nul) - bytes.data());
    report.nul_bytes = static_cast<std::size_t>(std::count(bytes.begin(), bytes.end(), '\0'));
}

}  // namespace

Utf8Report check_utf8(std::string_view bytes) {
    Utf8Report report;
    if (simdjson::validate_utf8(bytes.data(), bytes.size())) {
        count_nuls(bytes, report);
        return report;
    }
    walk_utf8(bytes, report, [](std::string_view) {}, [] {});
    return report;
}

std::string repair_utf8(std::string_view bytes, Utf8Report* report) {
    Utf8Report local;
    Utf8Report& r = report != nullptr ? *report : local;
    r = Utf8Report{};
    if (simdjson::validate_utf8(bytes.data(), bytes.size())) {
        count_nuls(bytes, r);
        return std::string(bytes);
    }
    std::string out;
    out.reserve(bytes.size() + 16);
    walk_utf8(bytes, r, [&](std::string_view chunk) { out.append(chunk); },
              [&] { out.append(kReplacement); });
    return out;
}

}  // namespace wiretrace::text
