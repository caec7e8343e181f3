// SPDX-License-Identifier: Apache-2.0
// JsonLineParser: one reused simdjson On-Demand parser over lines, in place or padded.
#include "wiretrace/io/json_line.hpp"

#include <fmt/format.h>

namespace wiretrace::io {

namespace ondemand = simdjson::ondemand;

simdjson::error_code JsonLineParser::iterate(std::string_view line, bool padded, ondemand::document& doc) {
    if (parser_.capacity() > kKeepParserBytes && line.size() <= kKeepParserBytes) parser_ = ondemand::parser{};
    if (padded) {
        // PERF: parsing in place saves a copy of every line.
        return parser_.iterate(line.data(), line.size(), line.size() + kPadding).get(doc);
    }
    padded_.assign(line);
    padded_.append(kPadding, ' ');
    return parser_.iterate(padded_.data(), line.size(), padded_.size()).get(doc);
}

bool JsonLineParser::at_end(ondemand::document& doc) {
    const char* rest = nullptr;
    return doc.current_location().get(rest) == simdjson::OUT_OF_BOUNDS;
}

std::string JsonLineParser::invalid_json(simdjson::error_code err) {
    return fmt::format("invalid JSON: {}", simdjson::error_message(err));
}

}  // namespace wiretrace::io
