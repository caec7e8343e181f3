// SPDX-License-Identifier: Apache-2.0
// ISO-8601 timestamps for Document::published.
#include <charconv>
#include <chrono>
#include <fmt/format.h>

#include "wiretrace/document.hpp"

namespace wiretrace {
namespace {

/// Reads exactly `width` digits at `pos`; advances `pos`.
bool read_digits(std::string_view s, std::size_t& pos, std::size_t width, int& value) {
    if (pos + width > s.size()) return false;
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;  // from_chars would accept a sign
    }
    const auto* first = s.data() + pos;
    const auto [ptr, ec] = std::from_chars(first, first + width, value);
    if (ec != std::errc{} || ptr != first + width) return false;
    pos += width;
    return true;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

}  // namespace

std::optional<std::int64_t> parse_iso8601(std::string_view s) {
    using namespace std::chrono;
    std::size_t pos = 0;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!read_digits(s, pos, 4, y) || !expect(s, pos, '-') || !read_digits(s, pos, 2, mo) ||
        !expect(s, pos, '-') || !read_digits(s, pos, 2, d)) {
        return std::nullopt;
    }
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!date.ok()) return std::nullopt;
    std::int64_t offset = 0;
    if (pos < s.size()) {
        if (s[pos] != 'T' && s[pos] != ' ' && s[pos] != 't') return std::nullopt;
        ++pos;
        if (!read_digits(s, pos, 2, h) || !expect(s, pos, ':') || !read_digits(s, pos, 2, mi)) {
            return std::nullopt;
        }
        if (expect(s, pos, ':') && !read_digits(s, pos, 2, sec)) return std::nullopt;
        if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
        if (expect(s, pos, '.') || expect(s, pos, ',')) {
            const std::size_t start = pos;
            while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
            if (pos == start) return std::nullopt;
        }
        if (pos < s.size()) {
            if (s[pos] == 'Z' || s[pos] == 'z') {
                ++pos;
            } else if (s[pos] == '+' || s[pos] == '-') {
                const int sign = s[pos] == '-' ? -1 : 1;
                ++pos;
                int oh = 0, om = 0;
                if (!read_digits(s, pos, 2, oh)) return std::nullopt;
                expect(s, pos, ':');
                if (!read_digits(s, pos, 2, om) || oh > 23 || om > 59) return std::nullopt;
                offset = sign * (oh * 3600 + om * 60);
            }
        }
        if (pos != s.size()) return std::nullopt;
    }
    const auto days = sys_days{date}.time_since_epoch().count();
    return static_cast<std::int64_t>(days) * 86400 + h * 3600 + mi * 60 + sec - offset;
}

std::int64_t iso8601_granularity(std::string_view text) {
    constexpr std::size_t kDateLength = 10;        // YYYY-MM-DD
    constexpr std::size_t kMinuteLength = 16;      // YYYY-MM-DDTHH:MM
    if (text.size() <= kDateLength) return 86400;
    if (text.size() == kMinuteLength || (text.size() > kMinuteLength && text[kMinuteLength] != ':')) return 60;
    return 1;
}

std::string format_iso8601(std::int64_t seconds) {
    using namespace std::chrono;
    std::int64_t days = seconds / 86400;
    std::int64_t rem = seconds % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    const year_month_day date{sys_days{std::chrono::days{days}}};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                       rem / 3600, rem % 3600 / 60, rem % 60);
}

}  // namespace wiretrace
