// SPDX-License-Identifier: Apache-2.0
// Wire signals: datelines, copyright and credit lines that say a text is wire copy or credits
// one. Only the head and the tail of a text are searched: that is where these lines stand.
#include <algorithm>
#include <array>
#include <cctype>
#include <fmt/format.h>
#include <span>
#include <string>

#include "wiretrace/error.hpp"
#include "wiretrace/text/wire.hpp"

namespace wiretrace::text {
namespace {

constexpr std::size_t kHeadBytes = 320;
constexpr std::size_t kTailBytes = 480;

struct Agency {
    std::string_view dateline;   ///< as written between parentheses in a dateline
    std::string_view name;       ///< lower-case name as written in copyright lines
};

constexpr std::array<Agency, 12> kAgencies{{
    {"AP", "associated press"},
    {"Reuters", "reuters"},
    {"AFP", "agence france-presse"},
    {"PA", "press association"},
    {"CP", "canadian press"},
    {"The Canadian Press", "the canadian press"},
    {"Bloomberg", "bloomberg"},
    {"UPI", "united press international"},
    {"dpa", "deutsche presse-agentur"},
    {"AAP", "australian associated press"},
    {"Xinhua", "xinhua"},
    {"ANSA", "ansa"},
}};

constexpr std::array<std::string_view, 7> kCreditLines{{
    "with files from",
    "contributed to this report",
    "contributed reporting",
    "from wire services",
    "from wire reports",
    "wire services contributed",
    "this story was originally published",
}};

void to_lower_ascii(std::string& s) {
    for (char& c : s) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    to_lower_ascii(out);
    return out;
}

/// True when `needle` occurs in `haystack` with no letter or digit right before or after it
/// ("ansa" is not found in "kansas").
bool contains_word(std::string_view haystack, std::string_view needle) {
    auto is_alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    for (auto at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + 1)) {
        const bool starts = at == 0 || !is_alnum(haystack[at - 1]);
        const std::size_t end = at + needle.size();
        const bool ends = end >= haystack.size() || !is_alnum(haystack[end]);
        if (starts && ends) return true;
    }
    return false;
}

/// True when `s` at `pos` starts with a dash (ASCII hyphen, en or em dash) after spaces.
bool dash_follows(std::string_view s, std::size_t pos) {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
    const std::string_view rest = s.substr(std::min(pos, s.size()));
    return rest.starts_with("-") || rest.starts_with("\xE2\x80\x94") || rest.starts_with("\xE2\x80\x93");
}

/// Keeps a prefix or suffix of about `bytes` bytes, widened to a UTF-8 character boundary.
std::string_view head(std::string_view s, std::size_t bytes) {
    std::size_t n = std::min(bytes, s.size());
    while (n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) ++n;
    return s.substr(0, n);
}
std::string_view tail(std::string_view s, std::size_t bytes) {
    std::size_t start = s.size() > bytes ? s.size() - bytes : 0;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    return s.substr(start);
}

}  // namespace

WireSignals detect_wire_signals(std::string_view text) {
    WireSignals signals;
    const std::string_view first = head(text, kHeadBytes);
    // PERF: most heads hold no parenthesis at all
    for (const Agency& agency : first.find('(') == std::string_view::npos ? std::span<const Agency>() : kAgencies) {
        // Built with append: GCC 12 warns falsely (-Wrestrict) on "(" + std::string(...) at -O3.
        std::string tag(1, '(');
        tag.append(agency.dateline).push_back(')');
        const auto at = first.find(tag);
        if (at != std::string_view::npos && dash_follows(first, at + tag.size())) {
            signals.dateline = true;
            signals.agency = std::string(agency.dateline);
            break;
        }
    }
    const std::string_view last = tail(text, kTailBytes);
    std::string ends;
    ends.reserve(first.size() + 1 + last.size());
    ends.append(first).push_back('\n');
    ends.append(last);
    to_lower_ascii(ends);
    for (std::string_view marker : {std::string_view("copyright"), std::string_view("\xC2\xA9")}) {
        for (auto at = ends.find(marker); at != std::string::npos && !signals.copyright;
             at = ends.find(marker, at + 1)) {
            const std::string_view after = std::string_view(ends).substr(at, 80);
            for (const Agency& agency : kAgencies) {
                if (contains_word(after, agency.name)) {
                    signals.copyright = true;
                    if (signals.agency.empty()) signals.agency = std::string(agency.dateline);
                    break;
                }
            }
        }
    }
    signals.credit_line = std::any_of(kCreditLines.begin(), kCreditLines.end(), [&](std::string_view line) {
        return ends.find(line) != std::string::npos;
    });
    return signals;
}

bool is_wire_outlet(std::string_view outlet) {
    const std::string o = lower_ascii(outlet);
    if (o.empty()) return false;
    return std::any_of(kAgencies.begin(), kAgencies.end(), [&](const Agency& agency) {
        constexpr std::string_view kThe = "the ";
        return o == lower_ascii(agency.dateline) || o == agency.name ||
               (o.size() == kThe.size() + agency.name.size() && o.starts_with(kThe) && o.ends_with(agency.name));
    });
}

namespace {

std::string_view trim_spaces(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool listed(const std::vector<std::string>& names, std::string_view outlet) {
    if (names.empty()) return false;
    const std::string o = lower_ascii(trim_spaces(outlet));
    return !o.empty() && std::find(names.begin(), names.end(), o) != names.end();
}

}  // namespace

bool OutletRoles::is_wire(std::string_view outlet) const { return listed(wire, outlet); }
bool OutletRoles::is_aggregator(std::string_view outlet) const { return listed(aggregators, outlet); }

std::vector<std::string> parse_outlet_list(std::string_view content, std::string_view file) {
    std::vector<std::string> names;
    std::size_t line = 0;
    while (!content.empty()) {
        ++line;
        const std::size_t end = content.find('\n');
        const std::string_view raw = content.substr(0, end);
        content.remove_prefix(end == std::string_view::npos ? content.size() : end + 1);
        const std::string_view name = trim_spaces(raw);
        if (name.empty() || name.front() == '#') continue;
        if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
            throw Error(Errc::bad_format, fmt::format("{}:{}", file, line),
                        "an outlet name holds a control character (one name a line, # starts a comment)");
        }
        std::string lower = lower_ascii(name);
        if (std::find(names.begin(), names.end(), lower) == names.end()) names.push_back(std::move(lower));
    }
    return names;
}

bool looks_like_wire(std::string_view outlet, const WireSignals& signals, const OutletRoles* roles) {
    return is_wire_outlet(outlet) || (roles != nullptr && roles->is_wire(outlet)) || signals.dateline ||
           signals.copyright;
}

}  // namespace wiretrace::text
