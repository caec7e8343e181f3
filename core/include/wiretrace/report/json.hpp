// SPDX-License-Identifier: Apache-2.0
// The JSON writer every machine-readable output of the engine goes through.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wiretrace::report {

/// A minimal streaming JSON writer: correct escaping, compact output. Strings that are not valid
/// UTF-8 are repaired (U+FFFD), so the output is always valid JSON.
class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);
    JsonWriter& value(std::string_view s);
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(double d);   ///< fixed, 4 decimals (stable across platforms)
    JsonWriter& value(std::int64_t i);
    JsonWriter& value(std::uint64_t u);
    JsonWriter& value(std::uint32_t u) { return value(static_cast<std::uint64_t>(u)); }
    JsonWriter& value(std::int32_t i) { return value(static_cast<std::int64_t>(i)); }
    JsonWriter& value(bool b);
    JsonWriter& null();

private:
    void separate();
    std::string& out_;
    bool need_comma_ = false;
};

/// Appends `s` as a JSON string literal (with quotes) to `out`.
void append_json_string(std::string& out, std::string_view s);

}  // namespace wiretrace::report
