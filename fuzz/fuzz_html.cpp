// SPDX-License-Identifier: Apache-2.0
// Fuzz target: HTML pages as arbitrary bytes through decode_html and extract_article (charset
// sniffing, gumbo, JSON-LD, scoring). Nothing may crash or throw, and every text the extractor
// returns is valid UTF-8 with paragraphs separated by exactly one blank line.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "wiretrace/io/html.hpp"
#include "wiretrace/text/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wiretrace;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    // The first line, when short, is the HTTP Content-Type: the header path is fuzzed too.
    const std::size_t nl = bytes.find('\n');
    const std::string_view content_type = nl != std::string_view::npos && nl < 64 ? bytes.substr(0, nl) : std::string_view{};
    const std::string_view page = content_type.empty() ? bytes : bytes.substr(nl + 1);

    const io::DecodedHtml decoded = io::decode_html(page, content_type);
    WIRETRACE_FUZZ_CHECK(text::check_utf8(decoded.text).invalid_sequences == 0);
    WIRETRACE_FUZZ_CHECK(!decoded.charset.empty());

    const io::ExtractedArticle a = io::extract_article(page, "https://example.com/a", content_type);
    for (const std::string* s : {&a.text, &a.title, &a.byline, &a.outlet, &a.url, &a.language}) {
        WIRETRACE_FUZZ_CHECK(text::check_utf8(*s).invalid_sequences == 0);
    }
    WIRETRACE_FUZZ_CHECK(a.text.find("\n\n\n") == std::string::npos);
    WIRETRACE_FUZZ_CHECK(!a.text.starts_with('\n') && !a.text.ends_with('\n'));
    WIRETRACE_FUZZ_CHECK(!a.outlet.empty());  // the URL's host at least
    return 0;
}
