// SPDX-License-Identifier: Apache-2.0
// The one reader of JSON lines with simdjson On-Demand, for every file read a line at a time (the
// articles' JSONL, eval's result files). It exposes simdjson's types: include it only from code
// that links simdjson.
#pragma once

#include <cstddef>
#include <simdjson.h>
#include <string>
#include <string_view>

namespace wiretrace::io {

/// Parses one JSON text a line with a single reused On-Demand parser. On-Demand reads up to
/// kPadding bytes past the text: a line whose buffer has them readable is parsed in place, any
/// other from a reused padded copy, so a line costs no allocation once the longest has been seen.
/// After a line longer than kKeepParserBytes, the parser's buffers (several bytes per input
/// byte) are released before the next shorter line rather than kept for the rest of the file.
class JsonLineParser {
public:
    /// Readable bytes a line passed as padded must have after it.
    static constexpr std::size_t kPadding = simdjson::SIMDJSON_PADDING;
    static constexpr std::size_t kKeepParserBytes = std::size_t{16} << 20;

    /// Starts `doc` on `line`; `padded`: kPadding readable bytes follow `line` in its buffer.
    /// `doc` and the values read from it are valid until the next call.
    simdjson::error_code iterate(std::string_view line, bool padded, simdjson::ondemand::document& doc);

    /// True when nothing but white space follows the value read from `doc`.
    static bool at_end(simdjson::ondemand::document& doc);

    /// "invalid JSON: " and simdjson's message for `err`.
    static std::string invalid_json(simdjson::error_code err);

private:
    simdjson::ondemand::parser parser_;
    std::string padded_;
};

}  // namespace wiretrace::io
