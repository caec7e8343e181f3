// SPDX-License-Identifier: Apache-2.0
// The frame shared by every HTML page wiretrace writes: document head with the inline style
// sheet, navigation bar, closing with the inline script.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "wiretrace/report/html.hpp"

namespace wiretrace::report::detail {

/// Appends the doctype, the head (charset, viewport, generator, escaped `title`, the style sheet)
/// and opens `<body class="body_class">`.
void begin_html_page(std::string& out, std::string_view title, std::string_view body_class);

/// Appends the inline script (hover and click pairing of passages and edits) and closes the page.
void end_html_page(std::string& out);

/// Appends `<nav>` with the links, or nothing when there are none.
void append_nav(std::string& out, const std::vector<HtmlLink>& links);

/// Appends `<bdi>s</bdi>`, `s` escaped: an id or a title isolated from the text around it and
/// laid out in its own direction (an Arabic title in an English sentence, or the reverse).
void append_bdi(std::string& out, std::string_view s);

/// Appends `<a href="href" class="cls">label</a>`, every part escaped.
void append_link(std::string& out, std::string_view href, std::string_view label, std::string_view cls = {});

/// A share as a whole percentage, e.g. 0.694 -> "69%".
std::string percent(double share);

/// Appends a horizontal bar `share` full, followed by `percent(share)`.
void append_bar(std::string& out, double share);

}  // namespace wiretrace::report::detail
