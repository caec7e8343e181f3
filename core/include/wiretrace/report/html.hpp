// SPDX-License-Identifier: Apache-2.0
// What every HTML report shares: escaping (every piece of input text reaches a page through
// html_escape alone), navigation links, and the sink that receives the files of a report
// directory. Every page is self-contained (inline CSS and a few lines of inline script, nothing
// fetched). The pages: html_pair.hpp (one pair), html_scan.hpp (a scan), check.hpp (a check).
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace wiretrace::report {

/// Appends `s` to `out` with `&`, `<`, `>`, `"` and `'` replaced by character references, so the
/// result is inert both as element text and as a quoted attribute value. Control characters other
/// than tab and line breaks, the bidirectional overrides, embeddings and isolates, and invalid
/// UTF-8 are written as visible escapes (text::escape_controls): ids, titles and outlets come from
/// file names and hostile dumps. The style sheet isolates every cell, heading and link
/// (unicode-bidi: isolate), so right-to-left text in one cannot reorder its neighbours, and lets
/// long ids wrap.
void append_html_escaped(std::string& out, std::string_view s);

/// `s` escaped as by append_html_escaped.
std::string html_escape(std::string_view s);

/// A link shown in the navigation bar of a page.
struct HtmlLink {
    std::string href;   ///< relative URL (escaped when written)
    std::string label;  ///< text (escaped when written)
};

/// Receives one file of an HTML scan report: its path relative to the report directory (with
/// '/' separators, e.g. "clusters/12.html") and its content. Called from several threads at once
/// (pair pages are rendered in parallel), so it must be thread-safe.
using HtmlFileSink = std::function<void(const std::string& path, const std::string& content)>;

}  // namespace wiretrace::report
