// SPDX-License-Identifier: Apache-2.0
// Private interface between ArticleReader and the sources of records (a JSONL stream,
// jsonl_source.hpp; text files, text_source.hpp), and what the sources share.
#pragma once

#include <string>
#include <string_view>

#include "wiretrace/io/reader.hpp"

namespace wiretrace::io::detail {

/// What a source needs from its reader for one call: the options, and the counters.
struct ReadContext {
    const ReaderOptions& options;
    ReadStats& stats;

    /// Counts a skipped record and keeps its diagnostic; under strict, throws Error naming
    /// file:line instead.
    void skip(SkipReason kind, const std::string& file, std::uint64_t line, std::string_view id,
              std::string reason);
    /// A record kept without its time: counted and described, or Error with options.strict.
    void unparsed_time(const std::string& file, std::uint64_t line, std::string_view id, std::string reason);
};

/// One input being read.
class RecordSource {
public:
    virtual ~RecordSource() = default;
    /// The next usable record, or false when the input is exhausted.
    virtual bool next(Record& out, ReadContext& ctx) = 0;
};

/// Clears the document of `out` for the next record (keeping its buffers).
void clear_record(Record& out);

/// True for text of white space only (also empty).
bool is_blank(std::string_view s);

}  // namespace wiretrace::io::detail
