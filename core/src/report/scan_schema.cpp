// SPDX-License-Identifier: Apache-2.0
// The scan JSONL schema's id, written and read back.
#include "wiretrace/report/scan_schema.hpp"

#include <charconv>
#include <fmt/format.h>

namespace wiretrace::report::scan_jsonl {

std::string schema_id() { return fmt::format("{}/{}", kSchemaName, kSchemaVersion); }

std::optional<int> schema_major(std::string_view schema) {
    if (!schema.starts_with(kSchemaName) || schema.substr(kSchemaName.size(), 1) != "/") return std::nullopt;
    std::string_view version = schema.substr(kSchemaName.size() + 1);
    version = version.substr(0, version.find('.'));
    int major = 0;
    const char* end = version.data() + version.size();
    const auto [ptr, ec] = std::from_chars(version.data(), end, major);
    if (version.empty() || ec != std::errc{} || ptr != end) return std::nullopt;
    return major;
}

}  // namespace wiretrace::report::scan_jsonl
