// SPDX-License-Identifier: Apache-2.0
// The one splitter of text held in memory into lines (the embedded data tables, the gen lexicon
// and seeds, eval's truth and result files). Streams are split by the reader's LineReader.
#pragma once

#include <cstddef>
#include <string_view>

namespace wiretrace::io {

/// Calls fn(line_number, line) for every line of `bytes`, numbered from 1, without its '\n' and
/// a trailing '\r'. A last line without '\n' counts; an empty input has no lines, and a final
/// '\n' starts none.
template <class Fn>
void for_each_line(std::string_view bytes, Fn&& fn) {
    std::size_t line_no = 0;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        ++line_no;
        std::size_t end = bytes.find('\n', pos);
        if (end == std::string_view::npos) end = bytes.size();
        std::string_view line = bytes.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        fn(line_no, line);
        pos = end + 1;
    }
}

}  // namespace wiretrace::io
