// SPDX-License-Identifier: Apache-2.0
// Wire signals: datelines, copyright and credit lines that say a text is wire copy or credits
// one, and the names of the wire services. Read from the text alone, before any pair is scored:
// sketching marks wire copy for candidate selection and provenance, scoring weighs the signals.
#pragma once

#include <string>
#include <string_view>

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

}  // namespace wiretrace::text
