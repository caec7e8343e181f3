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

/// The times an article may carry: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z (what
/// format_iso8601 writes with four digits). Anything outside is a misread, not a date.
inline constexpr std::int64_t kEarliestTime = -62135596800;
inline constexpr std::int64_t kLatestTime = 253402300799;

/// A publication time and the seconds it is exact to (Document::published_granularity).
struct Timestamp {
    std::int64_t seconds = 0;
    std::int64_t granularity = 1;
};

/// Seconds, milliseconds, microseconds or nanoseconds since the epoch, told apart by magnitude:
/// |value| under 1e11 is seconds (1e11 s would be the year 5138), under 1e14 milliseconds, under
/// 1e17 microseconds, else nanoseconds. Fractions are cut to the second. Nullopt for a value
/// that is not finite or lies outside [kEarliestTime, kLatestTime].
std::optional<Timestamp> epoch_time(double value);

/// Reads a publication time. Without `format`, any of: ISO-8601 (parse_iso8601); RFC 2822
/// ("Sun, 15 Jul 2018 10:00:00 GMT", "15 Jul 2018 10:00 +0200"; day name, seconds optional; zones
/// as numeric offsets or UT, GMT, UTC, Z, EST, EDT, CST, CDT, MST, MDT, PST, PDT; two-digit years
/// as RFC 5322 says: under 50 is 20xx); an epoch number written as text, fraction allowed
/// (epoch_time). With `format`, only that strptime(3) format (e.g. "%d/%m/%Y %H:%M", "%z" for an
/// offset), read in UTC. Leading and trailing white space is ignored. Nullopt when the text is
/// none of these or the time lies outside [kEarliestTime, kLatestTime].
std::optional<Timestamp> parse_time(std::string_view text, std::string_view format = {});

}  // namespace wiretrace
