// SPDX-License-Identifier: Apache-2.0
// UTF-8 validation and repair. simdjson's SIMD validator answers the common case (valid text)
// at memory speed; only invalid input takes the byte-by-byte path that finds and replaces the
// maximal invalid subparts.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fmt/format.h>
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

namespace {

/// True for a code point escape_controls writes as \uXXXX: C1 controls, bidirectional
/// embeddings, overrides and isolates, line and paragraph separators.
bool is_hidden_control(char32_t cp) {
    return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
           cp == 0x2028 || cp == 0x2029;
}

/// The code point of the well-formed sequence of `len` bytes at `s`.
char32_t decode(const unsigned char* s, std::size_t len) {
    constexpr unsigned char kLeadMask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    char32_t cp = s[0] & kLeadMask[len];
    for (std::size_t i = 1; i < len; ++i) cp = (cp << 6) | (s[i] & 0x3FU);
    return cp;
}

/// escape_controls (controls = true) and escape_invalid_utf8 (false): one walk over the bytes.
std::string escape(std::string_view bytes, bool controls, LineBreaks breaks) {
    const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::string out;
    out.reserve(n);
    std::size_t run = 0;  // start of the bytes not yet copied
    const auto flush = [&](std::size_t upto) { out.append(bytes.data() + run, upto - run); };
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c >= 0x20 && c < 0x7F) {
            ++i;
            continue;
        }
        if (c < 0x80) {  // a C0 control or DEL
            const bool line_break = c == '\t' || c == '\n' || c == '\r';
            if (!controls || (line_break && breaks == LineBreaks::keep)) {
                ++i;
                continue;
            }
            flush(i);
            if (line_break) {
                out += c == '\t' ? "\\t" : c == '\n' ? "\\n" : "\\r";
            } else {
                out += fmt::format("\\x{:02X}", c);
            }
            run = ++i;
            continue;
        }
        std::size_t bad = 0;
        const std::size_t len = sequence_length(s + i, n - i, &bad);
        if (len == 0) {
            flush(i);
            for (std::size_t k = 0; k < bad; ++k) out += fmt::format("\\x{:02X}", s[i + k]);
            run = i += bad;
            continue;
        }
        if (controls && is_hidden_control(decode(s + i, len))) {
            flush(i);
            out += fmt::format("\\u{:04X}", static_cast<std::uint32_t>(decode(s + i, len)));
            run = i + len;
        }
        i += len;
    }
    flush(n);
    return out;
}

}  // namespace

std::string escape_controls(std::string_view s, LineBreaks breaks) { return escape(s, true, breaks); }

std::string escape_invalid_utf8(std::string_view s) { return escape(s, false, LineBreaks::keep); }

}  // namespace wiretrace::text
