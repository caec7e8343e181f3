// SPDX-License-Identifier: Apache-2.0
// Private: the HTTP response inside a WARC record: status line, header fields, and the body with
// its transfer and content encodings undone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wiretrace/io/warc.hpp"

namespace wiretrace::io::detail {

/// Why a response could not be used, or what was repaired in it.
struct HttpOutcome {
    std::optional<WarcSkip> skip;  ///< set: the record is to be skipped for this reason
    std::string reason;            ///< with skip: what is wrong
    bool encoding_mismatch = false;  ///< the body did not look encoded as declared; kept as is
    bool chunked_repaired = false;   ///< the chunked body stopped being valid chunks
};

/// Parses the HTTP response `block` into out's http_* fields and out.body (decoded, at most
/// `max_body` bytes: a larger one is a too_large skip). Never throws for bad input.
HttpOutcome parse_http_response(std::string_view block, WarcRecord& out, std::uint64_t max_body);

/// ASCII case-insensitive equality.
bool equals_nocase(std::string_view a, std::string_view b);

/// The header line fields of `text` ("Name: value" lines ending in CRLF or LF, folded lines
/// joined) into `fields`, up to the first empty line; returns the offset just after it, or npos
/// when the text ends first (the fields read so far are kept). A line without a colon makes
/// `malformed` true (the line is skipped).
std::size_t parse_fields(std::string_view text, std::vector<WarcField>& fields, bool& malformed);

}  // namespace wiretrace::io::detail
