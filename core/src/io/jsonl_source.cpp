// SPDX-License-Identifier: Apache-2.0
// The JSONL source of records: a line at a time from a LineReader, parsed in place with one
// reused simdjson On-Demand parser; bad lines become counted diagnostics.
#include "io/jsonl_source.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <string_view>
#include <vector>
#include <fmt/format.h>
#include <optional>
#include <simdjson.h>
#include <utility>

#include "io/line_reader.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/io/json_line.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::io::detail {
namespace {

namespace ondemand = simdjson::ondemand;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

/// Why a line was not usable.
struct Problem {
    SkipReason kind;
    std::string message;
};

/// What was found in one object besides the field values.
struct Seen {
    bool text = false;           ///< the text field was a string (possibly empty)
    std::string unparsed_time;   ///< the time field's value when it is not a time (parse_time)
};

Problem invalid_json(simdjson::error_code err) {
    return {SkipReason::malformed_json, JsonLineParser::invalid_json(err)};
}

bool read_string(ondemand::value& value, ondemand::json_type type, std::string_view key, std::string& dst,
                 Problem& problem) {
    dst.clear();  // the last of repeated keys wins, null included
    if (type == ondemand::json_type::null) return true;
    if (type != ondemand::json_type::string) {
        problem = {SkipReason::wrong_type, fmt::format("\"{}\" must be a string", key)};
        return false;
    }
    std::string_view s;
    if (const auto err = value.get_string().get(s)) {
        problem = invalid_json(err);
        return false;
    }
    dst.assign(s);
    return true;
}

bool read_id(ondemand::value& value, ondemand::json_type type, std::string_view key, std::string& dst,
             Problem& problem) {
    const auto wrong = [&] {
        problem = {SkipReason::wrong_type, fmt::format("\"{}\" must be a string or an integer", key)};
        return false;
    };
    if (type == ondemand::json_type::string || type == ondemand::json_type::null) {
        return read_string(value, type, key, dst, problem);
    }
    if (type != ondemand::json_type::number) return wrong();
    ondemand::number number;
    if (const auto err = value.get_number().get(number)) {
        if (err == simdjson::NUMBER_ERROR) return wrong();
        problem = invalid_json(err);
        return false;
    }
    if (number.is_int64()) {
        dst = std::to_string(number.get_int64());
    } else if (number.is_uint64()) {
        dst = std::to_string(number.get_uint64());
    } else {
        return wrong();
    }
    return true;
}

/// Reads the time field: null, a string parse_time reads, or an epoch number (epoch_time). A
/// value that is neither leaves the article undated and its JSON text in `unparsed`.
bool read_time(ondemand::value& value, ondemand::json_type type, std::string_view key, std::string_view time_format,
               Document& doc, Problem& problem, std::string& unparsed) {
    doc.published.reset();
    doc.published_granularity = 1;
    unparsed.clear();
    if (type == ondemand::json_type::null) return true;
    std::optional<Timestamp> t;
    if (type == ondemand::json_type::number) {
        double number = 0;
        if (const auto err = value.get_double().get(number)) {
            if (err != simdjson::NUMBER_ERROR && err != simdjson::NUMBER_OUT_OF_RANGE && err != simdjson::INCORRECT_TYPE) {
                problem = invalid_json(err);
                return false;
            }
            number = std::numeric_limits<double>::infinity();
        }
        t = epoch_time(number);
        if (!t) unparsed = std::isfinite(number) ? fmt::format("{}", number) : "a number out of range";
    } else if (type == ondemand::json_type::string) {
        std::string_view s;
        if (const auto err = value.get_string().get(s)) {
            problem = invalid_json(err);
            return false;
        }
        t = parse_time(s, time_format);
        if (!t) unparsed = fmt::format("\"{}\"", s.substr(0, 80));
    } else {
        problem = {SkipReason::wrong_type,
                   fmt::format("\"{}\" must be a time: a string or a number of seconds since the epoch", key)};
        return false;
    }
    if (t) {
        doc.published = t->seconds;
        doc.published_granularity = t->granularity;
    }
    return true;
}

/// Copies the wanted fields of the object into `out`; false with `problem` set on a syntax
/// error or a field of the wrong type.
bool read_fields(ondemand::document& doc, Document& out, const ReaderOptions& options, Problem& problem, Seen& seen) {
    const FieldNames& names = options.fields;
    ondemand::object obj;
    if (const auto err = doc.get_object().get(obj)) {
        problem = err == simdjson::INCORRECT_TYPE ? Problem{SkipReason::malformed_json, "expected a JSON object"}
                                                  : invalid_json(err);
        return false;
    }
    for (auto field_result : obj) {
        ondemand::field field;
        std::string_view key;
        if (auto err = std::move(field_result).get(field); err || (err = field.unescaped_key().get(key))) {
            problem = invalid_json(err);
            return false;
        }
        ondemand::value value = field.value();
        ondemand::json_type type{};
        if (const auto err = value.type().get(type)) {
            problem = invalid_json(err);
            return false;
        }
        bool field_ok = true;
        if (key == names.id) {
            field_ok = read_id(value, type, names.id, out.id, problem);
        } else if (key == names.text) {
            field_ok = read_string(value, type, names.text, out.text, problem);
            seen.text = type == ondemand::json_type::string;
        } else if (key == names.title) {
            field_ok = read_string(value, type, names.title, out.title, problem);
        } else if (key == names.outlet) {
            field_ok = read_string(value, type, names.outlet, out.outlet, problem);
        } else if (key == names.time) {
            field_ok = read_time(value, type, names.time, options.time_format, out, problem, seen.unparsed_time);
        }
        if (!field_ok) return false;
    }
    return true;
}

/// The checks that need the whole record, in a fixed order.
bool check_record(const Document& doc, const Seen& seen, const FieldNames& names, Problem& problem) {
    if (doc.id.empty()) {
        problem = {SkipReason::missing_id, fmt::format("no \"{}\" field, or it is null or empty", names.id)};
        return false;
    }
    if (!seen.text) {
        problem = {SkipReason::missing_text, fmt::format("no \"{}\" field, or it is null", names.text)};
        return false;
    }
    if (doc.id.find('\0') != std::string::npos || doc.text.find('\0') != std::string::npos) {
        problem = {SkipReason::nul_byte, fmt::format("NUL character in \"{}\" or \"{}\"", names.id, names.text)};
        return false;
    }
    if (is_blank(doc.text)) {
        problem = {SkipReason::empty_text, fmt::format("\"{}\" is empty or whitespace only", names.text)};
        return false;
    }
    return true;
}

/// Parses `text` as one article object into `doc` (its fields as FieldNames names them, then the
/// checks of the whole record); the problem when it is not usable. `padded`: the parser's padding
/// is readable after `text`. Invalid UTF-8 is replaced under Utf8Policy::repair (`repaired` set).
std::optional<Problem> parse_object(JsonLineParser& json, std::string_view text, bool padded,
                                    const ReaderOptions& options, Document& doc, Seen& seen, bool& repaired) {
    ondemand::document parsed;
    auto err = json.iterate(text, padded, parsed);
    if (err == simdjson::UTF8_ERROR) {
        if (options.utf8 == Utf8Policy::reject) {
            const text::Utf8Report report = text::check_utf8(text);
            return Problem{SkipReason::bad_utf8,
                           fmt::format("invalid UTF-8 at byte {} of the line ({} invalid sequence{})",
                                       report.first_invalid_offset, report.invalid_sequences,
                                       report.invalid_sequences == 1 ? "" : "s")};
        }
        repaired = true;
        err = json.iterate(text::repair_utf8(text), false, parsed);
    }
    if (err) return invalid_json(err);
    Problem problem{SkipReason::malformed_json, {}};
    if (!read_fields(parsed, doc, options, problem, seen)) return problem;
    if (!JsonLineParser::at_end(parsed)) return Problem{SkipReason::malformed_json, "text after the JSON object"};
    if (!check_record(doc, seen, options.fields, problem)) return problem;
    return std::nullopt;
}

/// One JSONL stream.
class JsonlSource final : public RecordSource {
public:
    /// `begin`: the byte of the file where `input` starts (a part of a plain file).
    JsonlSource(OpenedInput input, std::string file, bool regular_file, std::size_t max_doc_bytes,
                std::uint64_t begin = 0)
        : rereadable_(regular_file && input.compression == Compression::none),
          lines_(std::move(input.source), max_doc_bytes, JsonLineParser::kPadding),
          file_(std::move(file)), begin_(begin) {}

    bool next(Record& out, ReadContext& ctx) override {
        Line line;
        for (;;) {
            const bool got = lines_.next(line);
            ctx.stats.bytes += lines_.bytes_read() - counted_bytes_;
            counted_bytes_ = lines_.bytes_read();
            if (!got) return false;
            if (read_line(line, out, ctx)) return true;
        }
    }

private:
    /// The line number in the whole file of line `n` of this source. A part that starts inside
    /// the file counts the lines before it only when a message needs them.
    std::uint64_t file_line(std::uint64_t n) {
        if (begin_ > 0 && !lines_before_) lines_before_ = count_newlines(file_, begin_);
        return n + lines_before_.value_or(0);
    }

    bool read_line(const Line& line, Record& out, ReadContext& ctx) {
        const std::size_t max_bytes = ctx.options.max_doc_bytes;
        if (line.discarded_bytes > 0) {
            ctx.skip(SkipReason::too_large, file_, file_line(line.number), {},
                     fmt::format("record of {} bytes is over the limit of {} bytes", line.discarded_bytes, max_bytes));
            return false;
        }
        std::string_view text = line.text;
        std::uint64_t offset = begin_ + line.offset;
        if (begin_ == 0 && line.number == 1 && text.starts_with(kUtf8Bom)) {
            text.remove_prefix(kUtf8Bom.size());
            offset += kUtf8Bom.size();
        }
        if (is_blank(text)) {
            ++ctx.stats.blank_lines;
            return false;
        }
        if (text.size() > max_bytes) {
            ctx.skip(SkipReason::too_large, file_, file_line(line.number), {},
                     fmt::format("record of {} bytes is over the limit of {} bytes", text.size(), max_bytes));
            return false;
        }
        if (const void* nul = std::memchr(text.data(), 0, text.size())) {
            ctx.skip(SkipReason::nul_byte, file_, file_line(line.number), {},
                     fmt::format("NUL byte at byte {} of the line",
                                 static_cast<const char*>(nul) - text.data()));
            return false;
        }
        clear_record(out);
        bool repaired = false;
        Seen seen;
        // The line lives in the LineReader's buffer, which keeps the parser's padding readable
        // after it: it is parsed in place.
        if (std::optional<Problem> problem =
                parse_object(json_, text, true, ctx.options, out.doc, seen, repaired)) {
            ctx.skip(problem->kind, file_, file_line(line.number), out.doc.id, std::move(problem->message));
            return false;
        }
        if (repaired) ++ctx.stats.invalid_utf8_repaired;
        if (!seen.unparsed_time.empty()) {
            const std::string reason =
                fmt::format("\"{}\": {} is not a time (ISO-8601, RFC 2822, epoch seconds or milliseconds{})",
                            ctx.options.fields.time, seen.unparsed_time,
                            ctx.options.time_format.empty() ? "" : ", or --time-format " + ctx.options.time_format);
            ctx.unparsed_time(file_, file_line(line.number), out.doc.id, reason);
        }
        out.file.assign(file_);
        out.line = line.number;
        out.offset = offset;
        out.bytes = text.size();
        out.rereadable = rereadable_;
        return true;
    }

    bool rereadable_;
    LineReader lines_;
    std::string file_;
    std::uint64_t begin_ = 0;
    std::optional<std::uint64_t> lines_before_;
    JsonLineParser json_;
    std::uint64_t counted_bytes_ = 0;
};

}  // namespace

std::unique_ptr<RecordSource> jsonl_source(OpenedInput input, std::string file, bool regular_file,
                                           std::size_t max_doc_bytes, std::uint64_t begin) {
    return std::make_unique<JsonlSource>(std::move(input), std::move(file), regular_file, max_doc_bytes, begin);
}

}  // namespace wiretrace::io::detail

namespace wiretrace::io {
namespace {

/// The Errc of an unusable article given as JSON.
Errc errc_of(SkipReason kind) {
    switch (kind) {
    case SkipReason::too_large: return Errc::too_large;
    case SkipReason::bad_utf8: return Errc::bad_utf8;
    case SkipReason::nul_byte: return Errc::binary_input;
    default: return Errc::bad_format;
    }
}

}  // namespace

std::vector<Document> parse_articles_json(std::string_view json, const ReaderOptions& options) {
    using detail::Problem;
    JsonLineParser outer;
    JsonLineParser inner;
    const auto parse_one = [&](JsonLineParser& parser, std::string_view text, std::string where) {
        if (text.size() > options.max_doc_bytes) {
            throw Error(Errc::too_large, std::move(where),
                        fmt::format("record of {} bytes is over the limit of {} bytes", text.size(),
                                    options.max_doc_bytes));
        }
        Document doc;
        detail::Seen seen;
        bool repaired = false;
        if (std::optional<Problem> problem = detail::parse_object(parser, text, false, options, doc, seen, repaired)) {
            throw Error(errc_of(problem->kind), std::move(where), problem->message);
        }
        if (!seen.unparsed_time.empty()) {
            throw Error(Errc::bad_format, std::move(where),
                        fmt::format("\"{}\": {} is not a time (ISO-8601, RFC 2822, epoch seconds or milliseconds)",
                                    options.fields.time, seen.unparsed_time));
        }
        return doc;
    };
    const std::size_t start = json.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) throw Error(Errc::bad_format, "", "no article: the JSON is empty");
    if (json[start] != '[') return {parse_one(outer, json, "")};

    simdjson::ondemand::document doc;
    simdjson::ondemand::array array;
    if (auto err = outer.iterate(json, false, doc); err || (err = doc.get_array().get(array))) {
        throw Error(err == simdjson::UTF8_ERROR ? Errc::bad_utf8 : Errc::bad_format, "",
                    JsonLineParser::invalid_json(err));
    }
    std::vector<Document> docs;
    for (auto element : array) {
        const std::string where = fmt::format("article {}", docs.size() + 1);
        simdjson::ondemand::object object;
        std::string_view raw;
        if (auto err = element.get_object().get(object); err || (err = object.raw_json().get(raw))) {
            throw Error(Errc::bad_format, where,
                        err == simdjson::INCORRECT_TYPE ? "expected a JSON object"
                                                        : JsonLineParser::invalid_json(err));
        }
        docs.push_back(parse_one(inner, raw, where));
    }
    if (!JsonLineParser::at_end(doc)) throw Error(Errc::bad_format, "", "text after the JSON array");
    return docs;
}

}  // namespace wiretrace::io
