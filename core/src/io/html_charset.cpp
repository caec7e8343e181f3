// SPDX-License-Identifier: Apache-2.0
// decode_html: the charset of a page (BOM, HTTP header, <meta>, detection) and its conversion to
// UTF-8 with glibc's iconv.
#include <algorithm>
#include <cerrno>
#include <iconv.h>
#include <memory>
#include <uchardet/uchardet.h>

#include "io/ascii.hpp"
#include "wiretrace/io/html.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::io {
namespace {

using detail::ascii_lowered;
using detail::is_ascii_space;

constexpr std::size_t kMetaScanBytes = 4096;  ///< how far into the page <meta charset> is looked for
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

/// The value after "charset" (and '=') at `pos` of `s`, without quotes; empty when none.
std::string charset_value_at(std::string_view s, std::size_t pos) {
    pos += 7;  // "charset"
    while (pos < s.size() && is_ascii_space(s[pos])) ++pos;
    if (pos >= s.size() || s[pos] != '=') return {};
    ++pos;
    while (pos < s.size() && (is_ascii_space(s[pos]) || s[pos] == '"' || s[pos] == '\'')) ++pos;
    std::size_t end = pos;
    while (end < s.size() && !is_ascii_space(s[end]) && s[end] != '"' && s[end] != '\'' && s[end] != ';' &&
           s[end] != '>' && s[end] != '/' && s[end] != ',') {
        ++end;
    }
    return ascii_lowered(s.substr(pos, end - pos));
}

/// The charset of a Content-Type value ("text/html; charset=UTF-8"), or empty.
std::string charset_of_content_type(std::string_view content_type) {
    const std::string low = ascii_lowered(content_type);
    const std::size_t at = low.find("charset");
    return at == std::string::npos ? std::string{} : charset_value_at(low, at);
}

/// The charset a <meta> in the first bytes declares, or empty.
std::string charset_of_meta(std::string_view bytes) {
    const std::string head = ascii_lowered(bytes.substr(0, kMetaScanBytes));
    for (std::size_t at = head.find("<meta"); at != std::string::npos; at = head.find("<meta", at + 5)) {
        const std::size_t end = std::min(head.find('>', at), head.size());
        const std::string_view tag = std::string_view(head).substr(at, end - at);
        const std::size_t cs = tag.find("charset");
        if (cs == std::string_view::npos) continue;
        std::string value = charset_value_at(tag, cs);
        if (!value.empty()) return value;
    }
    return {};
}

/// The WHATWG aliases that matter: what browsers decode a label as.
std::string canonical_charset(std::string name) {
    if (name == "utf8" || name == "unicode-1-1-utf-8") return "utf-8";
    if (name == "iso-8859-1" || name == "iso8859-1" || name == "latin1" || name == "latin-1" ||
        name == "us-ascii" || name == "ascii" || name == "l1" || name == "cp1252") {
        return "windows-1252";
    }
    if (name == "gb2312" || name == "x-gbk") return "gbk";
    if (name == "shift-jis" || name == "sjis" || name == "x-sjis") return "shift_jis";
    if (name == "ks_c_5601-1987" || name == "windows-949") return "euc-kr";
    return name;
}

/// `bytes` decoded from `charset` by iconv, or nullopt when iconv does not know the charset.
/// Bytes iconv cannot convert become U+FFFD (counted in `replaced`).
std::optional<std::string> convert(std::string_view bytes, const std::string& charset, std::uint64_t& replaced) {
    iconv_t cd = ::iconv_open("UTF-8", charset.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
    const std::unique_ptr<void, int (*)(iconv_t)> closer(cd, ::iconv_close);
    std::string out(bytes.size() * 2 + 16, '\0');
    char* in = const_cast<char*>(bytes.data());  // iconv's signature; it does not write the input
    std::size_t in_left = bytes.size();
    std::size_t out_used = 0;
    while (in_left > 0) {
        if (out.size() - out_used < 16) out.resize(out.size() * 2);
        char* dst = out.data() + out_used;
        std::size_t out_left = out.size() - out_used;
        const std::size_t r = ::iconv(cd, &in, &in_left, &dst, &out_left);
        out_used = out.size() - out_left;
        if (r != static_cast<std::size_t>(-1)) break;
        if (errno == E2BIG) {
            out.resize(out.size() * 2);
        } else {  // EILSEQ, or EINVAL (an incomplete sequence at the end): one byte replaced
            out.resize(std::max(out.size(), out_used + kReplacement.size() + 16));
            out.replace(out_used, kReplacement.size(), kReplacement);
            out_used += kReplacement.size();
            ++in;
            --in_left;
            ++replaced;
            ::iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset the shift state
        }
    }
    out.resize(out_used);
    return out;
}

std::string detect_charset(std::string_view bytes) {
    uchardet_t ud = uchardet_new();
    const std::unique_ptr<std::remove_pointer_t<uchardet_t>, void (*)(uchardet_t)> closer(ud, uchardet_delete);
    // The first 64 kB are enough to tell, and keep detection cheap on large pages.
    const std::string_view head = bytes.substr(0, std::size_t{1} << 16);
    if (uchardet_handle_data(ud, head.data(), head.size()) != 0) return {};
    uchardet_data_end(ud);
    const char* name = uchardet_get_charset(ud);
    return name == nullptr ? std::string{} : ascii_lowered(name);
}

}  // namespace

DecodedHtml decode_html(std::string_view raw, std::string_view http_content_type) {
    DecodedHtml out;
    auto finish_utf8 = [&](std::string_view bytes, std::string source) {
        const text::Utf8Report report = text::check_utf8(bytes);
        out.charset = "utf-8";
        out.charset_source = std::move(source);
        if (report.invalid_sequences > 0) {
            out.text = text::repair_utf8(bytes);
            out.replaced = report.invalid_sequences;
        } else {
            out.text.assign(bytes);
        }
        return out;
    };
    auto try_charset = [&](std::string_view bytes, const std::string& name, const char* source) {
        if (name.empty()) return false;
        const std::string cs = canonical_charset(name);
        if (cs == "utf-8") {
            finish_utf8(bytes, source);
            return true;
        }
        std::uint64_t replaced = 0;
        std::optional<std::string> text = convert(bytes, cs, replaced);
        if (!text) return false;
        out.text = text::repair_utf8(*text);  // iconv output is UTF-8; this only guards it
        out.charset = cs;
        out.charset_source = source;
        out.replaced = replaced;
        return true;
    };

    if (raw.starts_with("\xEF\xBB\xBF")) return finish_utf8(raw.substr(3), "bom");
    if (raw.starts_with("\xFF\xFE") && try_charset(raw.substr(2), "utf-16le", "bom")) return out;
    if (raw.starts_with("\xFE\xFF") && try_charset(raw.substr(2), "utf-16be", "bom")) return out;
    if (try_charset(raw, charset_of_content_type(http_content_type), "http")) return out;
    if (try_charset(raw, charset_of_meta(raw), "meta")) return out;
    if (text::check_utf8(raw).invalid_sequences == 0) return finish_utf8(raw, "default");
    if (try_charset(raw, detect_charset(raw), "detected")) return out;
    if (try_charset(raw, "windows-1252", "default")) return out;
    return finish_utf8(raw, "default");
}

}  // namespace wiretrace::io
