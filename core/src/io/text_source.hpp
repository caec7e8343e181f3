// SPDX-License-Identifier: Apache-2.0
// Private: the source of records of text files, each one article, and the listing of directories.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "io/record_source.hpp"

namespace wiretrace::io::detail {

/// A text file to read as one article.
struct TextEntry {
    std::string path;  ///< to open, and Record::file
    std::string id;    ///< the path (relative to the directory read), invalid UTF-8 bytes written \xFF
};

/// The records of `entries`: one a file, or a WARC file's articles.
std::unique_ptr<RecordSource> text_files_source(std::vector<TextEntry> entries);

/// The text files below `dir`, sorted by relative path; ids are the relative paths. A text name
/// whose status cannot be read (a broken symbolic link) is listed: reading skips it (unreadable).
std::vector<TextEntry> list_directory(const std::string& dir, ReadStats& stats);

/// True for the file names read as articles: "*.txt" and HTML pages ("*.html", "*.htm"), one
/// article a file, also compressed (".gz", ".zst"); and WARC files (warc_source.hpp), the
/// articles of their pages.
bool is_text_name(const std::string& name);

}  // namespace wiretrace::io::detail
