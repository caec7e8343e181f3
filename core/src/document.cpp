// SPDX-License-Identifier: Apache-2.0
// Publication times for Document::published: ISO-8601, RFC 2822, epoch numbers, strptime formats.
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <string>
#include <fmt/format.h>
#include <algorithm>
#include <vector>

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

namespace {

std::string_view trimmed(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

bool in_range(std::int64_t seconds) { return seconds >= kEarliestTime && seconds <= kLatestTime; }

/// Case-insensitive ASCII comparison.
bool same_word(std::string_view x, std::string_view y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(x[i]) != lower(y[i])) return false;
    }
    return true;
}

/// Splits at white space (and after a comma), dropping empty pieces.
std::vector<std::string_view> words_of(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == ',')) ++i;
        const std::size_t start = i;
        while (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != ',') ++i;
        if (i > start) out.push_back(s.substr(start, i - start));
    }
    return out;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view digits) {
    int v = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), v);
    return v;
}

/// RFC 2822 / 5322 date-time, including its obsolete zone names and two-digit years.
std::optional<Timestamp> parse_rfc2822(std::string_view s) {
    static constexpr std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    static constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
    struct Zone {
        std::string_view name;
        int hours;
    };
    static constexpr std::array<Zone, 12> kZones = {{{"ut", 0},   {"gmt", 0},  {"utc", 0},  {"z", 0},
                                                     {"est", -5}, {"edt", -4}, {"cst", -6}, {"cdt", -5},
                                                     {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7}}};
    auto w = words_of(s);
    std::size_t at = 0;
    if (at < w.size() && std::any_of(kDays.begin(), kDays.end(), [&](auto d) { return same_word(w[at], d); })) ++at;
    if (w.size() < at + 4) return std::nullopt;
    if (!all_digits(w[at]) || w[at].size() > 2) return std::nullopt;
    const int d = to_int(w[at]);
    int mo = 0;
    for (std::size_t m = 0; m < kMonths.size(); ++m) {
        if (same_word(w[at + 1], kMonths[m])) mo = static_cast<int>(m) + 1;
    }
    if (mo == 0 || !all_digits(w[at + 2]) || w[at + 2].size() < 2 || w[at + 2].size() > 4) return std::nullopt;
    int y = to_int(w[at + 2]);
    if (w[at + 2].size() == 2) y += y < 50 ? 2000 : 1900;
    if (w[at + 2].size() == 3) y += 1900;
    // hh:mm[:ss]
    const std::string_view clock = w[at + 3];
    int h = 0, mi = 0, sec = 0;
    if (clock.size() != 5 && clock.size() != 8) return std::nullopt;
    if (clock[2] != ':' || (clock.size() == 8 && clock[5] != ':')) return std::nullopt;
    if (!all_digits(clock.substr(0, 2)) || !all_digits(clock.substr(3, 2))) return std::nullopt;
    h = to_int(clock.substr(0, 2));
    mi = to_int(clock.substr(3, 2));
    if (clock.size() == 8) {
        if (!all_digits(clock.substr(6, 2))) return std::nullopt;
        sec = to_int(clock.substr(6, 2));
    }
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
    std::int64_t offset = 0;
    if (w.size() > at + 4) {
        const std::string_view z = w[at + 4];
        if ((z[0] == '+' || z[0] == '-') && z.size() == 5 && all_digits(z.substr(1))) {
            const int oh = to_int(z.substr(1, 2)), om = to_int(z.substr(3, 2));
            if (oh > 23 || om > 59) return std::nullopt;
            offset = (z[0] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            const auto zone = std::find_if(kZones.begin(), kZones.end(), [&](const Zone& k) { return same_word(z, k.name); });
            if (zone == kZones.end()) return std::nullopt;
            offset = zone->hours * 3600;
        }
        // A comment such as "(UTC)" may follow the zone; nothing else.
        if (w.size() > at + 5 && !(w.size() == at + 6 && w[at + 5].starts_with('(') && w[at + 5].ends_with(')'))) {
            return std::nullopt;
        }
    }
    using namespace std::chrono;
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!date.ok()) return std::nullopt;
    const std::int64_t t = static_cast<std::int64_t>(sys_days{date}.time_since_epoch().count()) * 86400 +
                           h * 3600 + mi * 60 + sec - offset;
    if (!in_range(t)) return std::nullopt;
    return Timestamp{t, clock.size() == 5 ? 60 : 1};
}

/// An epoch number written as text: optional sign, digits, optional fraction (no exponent: a
/// time in scientific notation is more likely a mistake than a date).
std::optional<Timestamp> parse_epoch_text(std::string_view s) {
    std::size_t i = s.starts_with('-') || s.starts_with('+') ? 1 : 0;
    const std::size_t int_begin = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == int_begin) return std::nullopt;
    if (i < s.size() && s[i] == '.') {
        ++i;
        const std::size_t frac = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == frac) return std::nullopt;
    }
    if (i != s.size()) return std::nullopt;
    const std::string copy(s.starts_with('+') ? s.substr(1) : s);
    return epoch_time(std::strtod(copy.c_str(), nullptr));
}

std::optional<Timestamp> parse_with_format(std::string_view text, std::string_view format) {
    std::tm tm{};
    const std::string input(text), fmt(format);
    const char* end = strptime(input.c_str(), fmt.c_str(), &tm);
    if (end == nullptr || *end != '\0') return std::nullopt;
    const long gmtoff = tm.tm_gmtoff;  // set by %z; 0 otherwise
    tm.tm_isdst = 0;
    const std::time_t t = timegm(&tm);
    const std::int64_t seconds = static_cast<std::int64_t>(t) - gmtoff;
    if (!in_range(seconds)) return std::nullopt;
    const bool has_seconds = format.find("%S") != std::string_view::npos || format.find("%T") != std::string_view::npos ||
                             format.find("%s") != std::string_view::npos;
    const bool has_clock = has_seconds || format.find("%H") != std::string_view::npos ||
                           format.find("%R") != std::string_view::npos || format.find("%I") != std::string_view::npos;
    return Timestamp{seconds, has_seconds ? 1 : has_clock ? 60 : 86400};
}

}  // namespace

std::optional<Timestamp> epoch_time(double value) {
    if (!std::isfinite(value)) return std::nullopt;
    const double magnitude = std::fabs(value);
    double seconds = value;
    if (magnitude >= 1e17) {
        seconds = value / 1e9;
    } else if (magnitude >= 1e14) {
        seconds = value / 1e6;
    } else if (magnitude >= 1e11) {
        seconds = value / 1e3;
    }
    seconds = std::floor(seconds);
    if (seconds < static_cast<double>(kEarliestTime) || seconds > static_cast<double>(kLatestTime)) return std::nullopt;
    return Timestamp{static_cast<std::int64_t>(seconds), 1};
}

std::optional<Timestamp> parse_time(std::string_view text, std::string_view format) {
    text = trimmed(text);
    if (!format.empty()) return parse_with_format(text, format);
    if (const auto t = parse_iso8601(text)) {
        if (!in_range(*t)) return std::nullopt;
        return Timestamp{*t, iso8601_granularity(text)};
    }
    if (const auto t = parse_epoch_text(text)) return t;
    return parse_rfc2822(text);
}

}  // namespace wiretrace
