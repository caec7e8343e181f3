// SPDX-License-Identifier: Apache-2.0
// Document: one article and its metadata, as read from any input.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace wiretrace {

struct Document {
    std::string id;        ///< unique within a run: a path as given, or the JSONL id field
    std::string outlet;    ///< publisher, e.g. "AP" or "CBC" (empty when unknown)
    std::optional<std::int64_t> published; ///< seconds since the Unix epoch, UTC, when known
    std::int64_t published_granularity = 1; ///< seconds `published` is exact to: 86400 for a date alone
    std::string title;
    std::string text;      ///< valid UTF-8 (readers repair or reject invalid input)
};

/// Parses ISO-8601 dates and times: "2014-09-15", "2014-09-15T10:30", "2014-09-15T10:30:00Z",
/// "2014-09-15 10:30:00+02:00", with optional fractional seconds. Returns seconds since the Unix
/// epoch (UTC), or nullopt when the text is not such a timestamp.
std::optional<std::int64_t> parse_iso8601(std::string_view text);

/// The precision of an ISO-8601 text accepted by parse_iso8601, in seconds: 86400 for a date
/// alone, 60 without seconds, 1 otherwise.
std::int64_t iso8601_granularity(std::string_view text);

/// Formats seconds since the epoch as "YYYY-MM-DDTHH:MM:SSZ".
std::string format_iso8601(std::int64_t seconds);

}  // namespace wiretrace
