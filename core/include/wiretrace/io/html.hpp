// SPDX-License-Identifier: Apache-2.0
// HTML pages: the bytes as fetched decoded to UTF-8, and the article they hold (title, date,
// byline, body paragraphs) with the page furniture (navigation, scripts, related links, share
// widgets, cookie notices, comments) removed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wiretrace::io {

/// A page's bytes converted to UTF-8, and how.
struct DecodedHtml {
    std::string text;             ///< valid UTF-8 (invalid input bytes are U+FFFD)
    std::string charset;          ///< the charset decoded from, lower case, e.g. "utf-8", "windows-1252"
    std::string charset_source;   ///< "http", "bom", "meta", "detected" (uchardet) or "default"
    std::uint64_t replaced = 0;   ///< bytes or sequences that could not be decoded: written U+FFFD
};

/// Decodes a page to UTF-8. The charset is taken, in this order, from the byte-order mark, the
/// HTTP Content-Type header (`http_content_type`, may be empty), a `<meta charset>` or
/// `<meta http-equiv="Content-Type">` in the first 4 kB, else it is UTF-8 when the bytes are
/// valid UTF-8 and otherwise detected (uchardet), windows-1252 when nothing is detected. As in
/// browsers, "iso-8859-1" and "us-ascii" mean windows-1252. A declared charset that cannot be
/// converted from is ignored as if it were not declared.
DecodedHtml decode_html(std::string_view raw_bytes, std::string_view http_content_type = {});

/// What extraction dropped from a page (elements, not characters), for diagnostics.
struct RemovedCounts {
    std::uint32_t scripts = 0;      ///< script, style, noscript, template, svg, iframe, ...
    std::uint32_t navigation = 0;   ///< nav, header, footer, aside, menus, breadcrumbs
    std::uint32_t forms = 0;        ///< form controls, buttons
    std::uint32_t hidden = 0;       ///< hidden, aria-hidden, display:none
    std::uint32_t boilerplate = 0;  ///< elements whose class or id names furniture: comments, share,
                                    ///< related links, newsletter and cookie notices, ads, captions
    std::uint32_t link_blocks = 0;  ///< blocks of the article's container that are mostly links
    std::uint32_t outside = 0;      ///< text blocks outside the article's container
};

/// The article of a page.
struct ExtractedArticle {
    std::string title;      ///< JSON-LD headline, og:title, else <title> (without " | Site")
    std::string url;        ///< the URL given, else the page's canonical link or og:url
    std::string outlet;     ///< og:site_name / JSON-LD publisher name, else the URL's host without "www."
    std::optional<std::int64_t> published;  ///< seconds since the epoch (UTC) from the page's metadata
    std::int64_t published_granularity = 1; ///< as Document::published_granularity
    std::string published_text;  ///< the metadata's date as written (empty when none stated)
    std::string byline;     ///< the authors, ", "-separated (JSON-LD author, meta author, rel=author)
    std::string language;   ///< <html lang> or content-language, as written (e.g. "en-US"); empty when unstated
    std::string text;       ///< the body: paragraphs separated by one blank line; empty when none found
    std::string body_source;  ///< "dom" (the page's elements) or "json-ld" (its articleBody)
    std::string charset;      ///< as DecodedHtml::charset
    std::uint64_t replaced_bytes = 0;  ///< as DecodedHtml::replaced
    RemovedCounts removed;
};

/// Extracts the article of one page. `url` (may be empty) is where the page was fetched from;
/// `http_content_type` (may be empty) the response's Content-Type header, for the charset.
/// Never throws for any input bytes (std::bad_alloc aside); a page without an article gives
/// an empty text.
ExtractedArticle extract_article(std::string_view raw_bytes, std::string_view url = {},
                                 std::string_view http_content_type = {});

/// True for names read as HTML pages: "*.html", "*.htm", also compressed ("*.html.gz", "*.htm.zst"),
/// case-insensitive.
bool is_html_file_name(const std::string& name);

}  // namespace wiretrace::io
