// SPDX-License-Identifier: Apache-2.0
// JsonWriter: escaping and separators for the JSON outputs.
#include <cmath>
#include <fmt/format.h>

#include "wiretrace/report/pair.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::report {

void append_json_string(std::string& out, std::string_view s) {
    // Ids and outlets come from the command line and file names: repair them so the JSON
    // document is valid UTF-8 whatever the bytes were (a no-op for valid text).
    std::string repaired;
    if (text::check_utf8(s).invalid_sequences > 0) {
        repaired = text::repair_utf8(s);
        s = repaired;
    }
    out.push_back('"');
    // PERF: runs of characters that need no escape are appended at once (gen spent a third of
    // its time here appending character by character).
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                out += fmt::format("\\u{:04x}", c);
        }
    }
    out.append(s.data() + run, s.size() - run);
    out.push_back('"');
}

void JsonWriter::separate() {
    if (need_comma_) out_.push_back(',');
    need_comma_ = true;
}

JsonWriter& JsonWriter::begin_object() {
    separate();
    out_.push_back('{');
    need_comma_ = false;
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    out_.push_back('}');
    need_comma_ = true;
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    separate();
    out_.push_back('[');
    need_comma_ = false;
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    out_.push_back(']');
    need_comma_ = true;
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    separate();
    append_json_string(out_, name);
    out_.push_back(':');
    need_comma_ = false;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
    separate();
    append_json_string(out_, s);
    return *this;
}

JsonWriter& JsonWriter::value(double d) {
    separate();
    if (!std::isfinite(d)) {
        out_ += "null";
    } else {
        out_ += fmt::format("{:.4f}", d == 0.0 ? 0.0 : d);  // no "-0.0000"
    }
    return *this;
}

JsonWriter& JsonWriter::value(std::int64_t i) {
    separate();
    out_ += fmt::format("{}", i);
    return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t u) {
    separate();
    out_ += fmt::format("{}", u);
    return *this;
}

JsonWriter& JsonWriter::value(bool b) {
    separate();
    out_ += b ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null() {
    separate();
    out_ += "null";
    return *this;
}

}  // namespace wiretrace::report
