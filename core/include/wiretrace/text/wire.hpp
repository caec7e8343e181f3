// SPDX-License-Identifier: Apache-2.0
// Wire signals: datelines, copyright and credit lines that say a text is wire copy or credits
// one, and the names of the wire services. Read from the text alone, before any pair is scored:
// sketching marks wire copy for candidate selection and provenance, scoring weighs the signals.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wiretrace::text {

/// Signs in a text that it is wire copy, or that it credits a wire service.
struct WireSignals {
    bool dateline = false;    ///< "PARIS (AP) —", "LONDON (Reuters) -" near the start
    bool copyright = false;   ///< "Copyright Associated Press", "© Reuters" ...
    bool credit_line = false; ///< "With files from The Canadian Press", "... contributed to this report"
    std::string agency;       ///< the agency named by a dateline or copyright line, if any
};

/// Scans the start and the end of a text for wire datelines, copyright and credit lines.
WireSignals detect_wire_signals(std::string_view text);

/// True when the outlet name is a known wire service (AP, Reuters, AFP, PA, CP, ...).
bool is_wire_outlet(std::string_view outlet);

/// Outlets the user names for what they are by trade (`--wire-outlets FILE`, `--aggregators
/// FILE`). Names are matched whole, ignoring ASCII case and the spaces around them.
struct OutletRoles {
    /// Sources by trade (a news agency, a syndication desk): weighed as a wire outlet, beside the
    /// agencies is_wire_outlet knows.
    std::vector<std::string> wire;
    /// Pages that quote others (news aggregators, digests of other sites): never a source.
    std::vector<std::string> aggregators;

    bool is_wire(std::string_view outlet) const;
    bool is_aggregator(std::string_view outlet) const;
};

/// The outlet names of a list file: one a line, blank lines and lines starting with '#' skipped,
/// spaces around a name dropped; kept lower-cased (as OutletRoles matches them). Throws
/// Error(bad_format) naming `file:line` for a name holding a control character (a tab, a NUL).
std::vector<std::string> parse_outlet_list(std::string_view content, std::string_view file);

/// The wire flag of a text (a wire outlet, the user's wire outlets, a wire dateline or copyright
/// line): what candidate selection and provenance's tie-break read. `roles` may be null.
bool looks_like_wire(std::string_view outlet, const WireSignals& signals, const OutletRoles* roles);

}  // namespace wiretrace::text
