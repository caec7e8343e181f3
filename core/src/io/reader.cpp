// SPDX-License-Identifier: Apache-2.0
// ArticleReader: walks the inputs, parses JSONL lines with one reused simdjson On-Demand parser,
// reads text files and directories, and turns bad records into counted diagnostics.
#include "wiretrace/io/reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <fmt/format.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <utility>

#include "io/byte_source.hpp"
#include "io/line_reader.hpp"
#include "io/record_source.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/io/json_line.hpp"
#include "wiretrace/text/text.hpp"

namespace wiretrace::io {

namespace ondemand = simdjson::ondemand;

std::string_view skip_reason_name(SkipReason reason) {
    switch (reason) {
    case SkipReason::malformed_json: return "malformed_json";
    case SkipReason::missing_id: return "missing_id";
    case SkipReason::missing_text: return "missing_text";
    case SkipReason::wrong_type: return "wrong_type";
    case SkipReason::empty_text: return "empty_text";
    case SkipReason::too_large: return "too_large";
    case SkipReason::bad_utf8: return "bad_utf8";
    case SkipReason::nul_byte: return "nul_byte";
    case SkipReason::duplicate_id: return "duplicate_id";
    case SkipReason::unreadable: return "unreadable";
    }
    return "unknown";
}

std::string Diagnostic::where() const { return line == 0 ? file : fmt::format("{}:{}", file, line); }

namespace detail {

void ReadContext::skip(SkipReason kind, const std::string& file, std::uint64_t line, std::string_view id,
                       std::string reason) {
    if (options.strict) {
        Errc code = Errc::bad_format;
        if (kind == SkipReason::too_large) code = Errc::too_large;
        if (kind == SkipReason::bad_utf8) code = Errc::bad_utf8;
        if (kind == SkipReason::nul_byte) code = Errc::binary_input;
        if (kind == SkipReason::unreadable) code = Errc::io;
        std::string where = line == 0 ? file : fmt::format("{}:{}", file, line);
        throw Error(code, std::move(where), id.empty() ? reason : fmt::format("id={}: {}", id, reason));
    }
    ++stats.skipped;
    ++stats.skipped_by_reason[static_cast<std::size_t>(kind)];
    if (stats.diagnostics.size() < options.max_diagnostics) {
        stats.diagnostics.push_back(Diagnostic{file, line, std::string(id), kind, std::move(reason)});
    }
}

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_blank(std::string_view s) { return std::all_of(s.begin(), s.end(), is_space); }

/// An error's message without the "where: " that what() starts with.
std::string_view message_of(const Error& e) {
    std::string_view what = e.what();
    if (!e.where().empty() && what.starts_with(e.where())) what.remove_prefix(std::min(what.size(), e.where().size() + 2));
    return what;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// True for names read as one text document: "*.txt", also "*.txt.gz" and "*.txt.zst".
bool is_text_name(const std::string& name) {
    const std::string base = strip_compression_suffix(name);
    constexpr std::string_view kExt = ".txt";
    if (base.size() < kExt.size()) return false;
    return std::equal(kExt.begin(), kExt.end(), base.end() - static_cast<std::ptrdiff_t>(kExt.size()),
                      [](char a, char b) { return a == lower(b); });
}

void clear_record(Record& out) {
    out.doc.id.clear();
    out.doc.text.clear();
    out.doc.title.clear();
    out.doc.outlet.clear();
    out.doc.published.reset();
    out.doc.published_granularity = 1;
}

/// Why a line was not usable.
struct Problem {
    SkipReason kind;
    std::string message;
};

/// What was found in one object besides the field values.
struct Seen {
    bool text = false;           ///< the text field was a string (possibly empty)
    bool unparsed_time = false;  ///< the time field was a string that is not ISO-8601
};

Problem invalid_json(simdjson::error_code err) {
    return {SkipReason::malformed_json, JsonLineParser::invalid_json(err)};
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
        ondemand::document doc;
        // The line lives in the LineReader's buffer, which keeps the parser's padding readable
        // after it: it is parsed in place.
        auto err = json_.iterate(text, true, doc);
        if (err == simdjson::UTF8_ERROR) {
            if (ctx.options.utf8 == Utf8Policy::reject) {
                const text::Utf8Report report = text::check_utf8(text);
                ctx.skip(SkipReason::bad_utf8, file_, file_line(line.number), {},
                         fmt::format("invalid UTF-8 at byte {} of the line ({} invalid sequence{})",
                                     report.first_invalid_offset, report.invalid_sequences,
                                     report.invalid_sequences == 1 ? "" : "s"));
                return false;
            }
            repaired = true;
            err = json_.iterate(text::repair_utf8(text), false, doc);
        }
        Problem problem{SkipReason::malformed_json, {}};
        bool ok = !err;
        if (!ok) problem = invalid_json(err);
        if (ok) ok = read_fields(doc, out, ctx.options.fields, problem, seen);
        if (ok) {
            if (!JsonLineParser::at_end(doc)) {
                ok = false;
                problem = {SkipReason::malformed_json, "text after the JSON object"};
            }
        }
        if (ok) ok = check_record(out.doc, seen, ctx.options.fields, problem);
        if (!ok) {
            ctx.skip(problem.kind, file_, file_line(line.number), out.doc.id, std::move(problem.message));
            return false;
        }
        if (repaired) ++ctx.stats.invalid_utf8_repaired;
        if (seen.unparsed_time) ++ctx.stats.unparsed_times;
        out.file.assign(file_);
        out.line = line.number;
        out.offset = offset;
        out.bytes = text.size();
        out.rereadable = rereadable_;
        return true;
    }

    /// Copies the wanted fields of the object into `out`; false with `problem` set on a syntax
    /// error or a field of the wrong type.
    static bool read_fields(ondemand::document& doc, Record& out, const FieldNames& names, Problem& problem,
                            Seen& seen) {
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
                field_ok = read_id(value, type, names.id, out.doc.id, problem);
            } else if (key == names.text) {
                field_ok = read_string(value, type, names.text, out.doc.text, problem);
                seen.text = type == ondemand::json_type::string;
            } else if (key == names.title) {
                field_ok = read_string(value, type, names.title, out.doc.title, problem);
            } else if (key == names.outlet) {
                field_ok = read_string(value, type, names.outlet, out.doc.outlet, problem);
            } else if (key == names.time) {
                field_ok = read_time(value, type, names.time, out.doc, problem, seen.unparsed_time);
            }
            if (!field_ok) return false;
        }
        return true;
    }

    static bool read_string(ondemand::value& value, ondemand::json_type type, std::string_view key,
                            std::string& dst, Problem& problem) {
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

    static bool read_id(ondemand::value& value, ondemand::json_type type, std::string_view key, std::string& dst,
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

    static bool read_time(ondemand::value& value, ondemand::json_type type, std::string_view key, Document& doc,
                          Problem& problem, bool& unparsed_time) {
        doc.published.reset();
        doc.published_granularity = 1;
        unparsed_time = false;
        if (type == ondemand::json_type::null) return true;
        const auto wrong = [&] {
            problem = {SkipReason::wrong_type,
                       fmt::format("\"{}\" must be an ISO-8601 string or integer seconds since the epoch", key)};
            return false;
        };
        if (type == ondemand::json_type::number) {
            std::int64_t seconds = 0;
            if (const auto err = value.get_int64().get(seconds)) {
                if (err == simdjson::INCORRECT_TYPE || err == simdjson::NUMBER_ERROR ||
                    err == simdjson::NUMBER_OUT_OF_RANGE) {
                    return wrong();
                }
                problem = invalid_json(err);
                return false;
            }
            doc.published = seconds;
            return true;
        }
        if (type != ondemand::json_type::string) return wrong();
        std::string_view s;
        if (const auto err = value.get_string().get(s)) {
            problem = invalid_json(err);
            return false;
        }
        doc.published = parse_iso8601(s);
        if (doc.published) {
            doc.published_granularity = iso8601_granularity(s);
        } else {
            unparsed_time = true;
        }
        return true;
    }

    /// The checks that need the whole record, in a fixed order.
    static bool check_record(const Document& doc, const Seen& seen, const FieldNames& names, Problem& problem) {
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

    bool rereadable_;
    LineReader lines_;
    std::string file_;
    std::uint64_t begin_ = 0;
    std::optional<std::uint64_t> lines_before_;
    JsonLineParser json_;
    std::uint64_t counted_bytes_ = 0;
};

/// A text file to read as one article.
struct TextEntry {
    std::string path;  ///< to open, and Record::file
    std::string id;
};

/// Text files, each one article.
class TextFilesSource final : public RecordSource {
public:
    explicit TextFilesSource(std::vector<TextEntry> entries) : entries_(std::move(entries)) {}

    bool next(Record& out, ReadContext& ctx) override {
        while (next_ < entries_.size()) {
            if (read_file(entries_[next_++], out, ctx)) return true;
        }
        return false;
    }

private:
    static bool read_file(const TextEntry& entry, Record& out, ReadContext& ctx) {
        const std::size_t max_bytes = ctx.options.max_doc_bytes;
        clear_record(out);
        std::string& text = out.doc.text;
        // One file is one record: a file that cannot be opened or read is skipped like a bad
        // record (a corrupt gzip or zstd stream stays fatal, as for any input).
        bool rereadable = false;
        try {
            OpenedInput input = open_input(entry.path, entry.path);
            rereadable = input.compression == Compression::none;
            ++ctx.stats.files;
            // Reads at most max_doc_bytes + 1 bytes: enough to know the file is too large.
            for (;;) {
                const std::size_t old = text.size();
                const std::size_t want = std::min(kBlockBytes, max_bytes + 1 - old);
                text.resize(old + want);
                const std::size_t got = input.source->read(text.data() + old, want);
                text.resize(old + got);
                ctx.stats.bytes += got;
                if (got == 0 || text.size() > max_bytes) break;
            }
        } catch (const Error& e) {
            if (e.code() != Errc::io) throw;
            ctx.skip(SkipReason::unreadable, entry.path, 0, entry.id, std::string(message_of(e)));
            return false;
        }
        if (text.size() > max_bytes) {
            ctx.skip(SkipReason::too_large, entry.path, 0, entry.id,
                     fmt::format("file is over the limit of {} bytes", max_bytes));
            return false;
        }
        const text::Utf8Report report = text::check_utf8(text);
        if (report.nul_bytes > 0) {
            const auto before = std::string_view(text).substr(0, report.first_nul_offset);
            const auto line = static_cast<std::uint64_t>(std::count(before.begin(), before.end(), '\n')) + 1;
            ctx.skip(SkipReason::nul_byte, entry.path, line, entry.id,
                     fmt::format("NUL byte at byte offset {}: binary file, not text", report.first_nul_offset));
            return false;
        }
        const std::uint64_t raw_bytes = text.size();
        if (report.invalid_sequences > 0) {
            if (ctx.options.utf8 == Utf8Policy::reject) {
                ctx.skip(SkipReason::bad_utf8, entry.path, report.first_invalid_line, entry.id,
                         fmt::format("invalid UTF-8 at byte offset {} ({} invalid sequence{} in the file)",
                                     report.first_invalid_offset, report.invalid_sequences,
                                     report.invalid_sequences == 1 ? "" : "s"));
                return false;
            }
            text = text::repair_utf8(text);
        }
        if (is_blank(text)) {
            ctx.skip(SkipReason::empty_text, entry.path, 0, entry.id, "the file is empty or whitespace only");
            return false;
        }
        if (report.invalid_sequences > 0) ++ctx.stats.invalid_utf8_repaired;
        out.doc.id.assign(entry.id);
        out.file.assign(entry.path);
        out.line = 1;
        out.offset = 0;
        out.bytes = raw_bytes;
        out.rereadable = rereadable;
        return true;
    }

    std::vector<TextEntry> entries_;
    std::size_t next_ = 0;
};

/// The text files below `dir`, sorted by relative path; ids are the relative paths. A text name
/// whose status cannot be read (a broken symbolic link) is listed: reading skips it (unreadable).
std::vector<TextEntry> list_directory(const std::string& dir, ReadStats& stats) {
    namespace fs = std::filesystem;
    const fs::path root(dir);
    std::vector<TextEntry> entries;
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
    if (ec) throw Error(Errc::io, dir, fmt::format("cannot read directory: {}", ec.message()));
    for (; it != fs::recursive_directory_iterator(); ) {
        const fs::path path = it->path();
        std::error_code status_ec;
        const fs::file_status status = it->status(status_ec);  // follows symbolic links
        const bool is_dir = fs::is_directory(status);
        if (!is_dir) {
            if (!is_text_name(path.filename().string())) {
                ++stats.ignored_files;
            } else if (!status_ec && !fs::is_regular_file(status)) {
                ++stats.ignored_files;
            } else {
                std::string rel = path.lexically_relative(root).generic_string();
                std::string full = dir;
                if (full.back() != '/') full += '/';
                full += rel;
                entries.push_back(TextEntry{std::move(full), std::move(rel)});
            }
        }
        it.increment(ec);
        if (ec) {
            // Most often a subdirectory that cannot be opened: the entry just visited.
            throw Error(Errc::io, is_dir ? path.string() : dir, fmt::format("cannot read directory: {}", ec.message()));
        }
    }
    std::sort(entries.begin(), entries.end(), [](const TextEntry& a, const TextEntry& b) { return a.id < b.id; });
    return entries;
}

bool is_directory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool is_regular_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace
}  // namespace detail

ArticleReader::ArticleReader(std::vector<std::string> inputs, ReaderOptions options)
    : inputs_(std::move(inputs)), options_(std::move(options)) {
    const FieldNames& f = options_.fields;
    const std::array<const std::string*, 5> names{&f.id, &f.text, &f.title, &f.outlet, &f.time};
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i]->empty()) throw Error(Errc::bad_argument, "", "JSONL field names must not be empty");
        for (std::size_t j = 0; j < i; ++j) {
            if (*names[i] == *names[j]) {
                throw Error(Errc::bad_argument, "",
                            fmt::format("the JSONL field name \"{}\" is given for two fields", *names[i]));
            }
        }
    }
    if (options_.max_doc_bytes == 0) throw Error(Errc::bad_argument, "", "max_doc_bytes must be at least 1");
    if (std::count(inputs_.begin(), inputs_.end(), "-") > 1) {
        throw Error(Errc::bad_argument, "-", "standard input can be read only once");
    }
    for (const std::string& input : inputs_) {
        if (input == "-") continue;
        struct stat st {};
        if (::stat(input.c_str(), &st) != 0) {
            throw Error(Errc::io, input, fmt::format("cannot open: {}", std::strerror(errno)));
        }
    }
}

ArticleReader ArticleReader::from_parts(std::vector<InputPart> parts, ReaderOptions options) {
    ArticleReader reader(std::vector<std::string>{}, std::move(options));  // checks the options
    reader.parts_ = std::move(parts);
    reader.use_parts_ = true;
    return reader;
}

std::unique_ptr<detail::RecordSource> ArticleReader::open_part(const InputPart& part) {
    if (part.path == "-") {
        constexpr const char* kStdinName = "<stdin>";
        ++stats_.files;
        return std::make_unique<detail::JsonlSource>(detail::open_input(part.path, kStdinName), kStdinName, false,
                                                     options_.max_doc_bytes);
    }
    if (!part.id.empty()) {
        return std::make_unique<detail::TextFilesSource>(std::vector<detail::TextEntry>{{part.path, part.id}});
    }
    if (part.begin == 0) ++stats_.files;  // a file cut into parts counts once
    if (part.begin == 0 && part.end == InputPart::kToEnd) {
        return std::make_unique<detail::JsonlSource>(detail::open_input(part.path, part.path), part.path,
                                                     detail::is_regular_file(part.path), options_.max_doc_bytes);
    }
    return std::make_unique<detail::JsonlSource>(detail::open_range(part.path, part.path, part.begin, part.end),
                                                 part.path, true, options_.max_doc_bytes, part.begin);
}

std::vector<InputPart> plan_parts(const std::vector<std::string>& inputs, const ReaderOptions& options,
                                  ReadStats& stats) {
    const ArticleReader checked(inputs, options);  // the same checks of options and inputs
    const auto file_size = [](const std::string& path) -> std::uint64_t {
        struct stat st {};
        return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
    };
    std::vector<InputPart> parts;
    for (const std::string& input : inputs) {
        if (input == "-") {
            parts.push_back({input, {}, 0, InputPart::kToEnd, 0});
        } else if (detail::is_directory(input)) {
            for (auto& entry : detail::list_directory(input, stats)) {
                const std::uint64_t bytes = file_size(entry.path);
                parts.push_back({std::move(entry.path), std::move(entry.id), 0, InputPart::kToEnd, bytes});
            }
        } else if (detail::is_text_name(input)) {
            parts.push_back({input, input, 0, InputPart::kToEnd, file_size(input)});
        } else {
            parts.push_back({input, {}, 0, InputPart::kToEnd, file_size(input)});
        }
    }
    return parts;
}

std::vector<InputPart> split_parts(const std::vector<InputPart>& parts, std::uint64_t split_bytes) {
    split_bytes = std::max<std::uint64_t>(split_bytes, 1);
    std::vector<InputPart> out;
    std::vector<char> block;
    for (const InputPart& part : parts) {
        const std::uint64_t size = part.bytes;
        if (part.path == "-" || !part.id.empty() || part.begin != 0 || part.end != InputPart::kToEnd ||
            size <= split_bytes || !detail::is_regular_file(part.path) ||
            detail::compression_of(part.path) != detail::Compression::none) {
            out.push_back(part);
            continue;
        }
        // Cut after the first newline at or after every split_bytes.
        block.resize(detail::kBlockBytes);
        std::uint64_t begin = 0;
        while (begin + split_bytes < size) {
            detail::OpenedInput in = detail::open_range(part.path, part.path, begin + split_bytes, size);
            std::uint64_t pos = begin + split_bytes;
            std::uint64_t cut = 0;
            while (const std::size_t n = in.source->read(block.data(), block.size())) {
                if (const void* nl = std::memchr(block.data(), '\n', n)) {
                    cut = pos + static_cast<std::uint64_t>(static_cast<const char*>(nl) - block.data()) + 1;
                    break;
                }
                pos += n;
            }
            if (cut == 0 || cut >= size) break;  // the rest is one line
            out.push_back({part.path, {}, begin, cut, cut - begin});
            begin = cut;
        }
        out.push_back({part.path, {}, begin, InputPart::kToEnd, size - begin});
    }
    return out;
}

ArticleReader::~ArticleReader() = default;
ArticleReader::ArticleReader(ArticleReader&&) noexcept = default;
ArticleReader& ArticleReader::operator=(ArticleReader&&) noexcept = default;

bool ArticleReader::next(Record& out) {
    detail::ReadContext ctx{options_, stats_};
    for (;;) {
        if (!source_ && use_parts_) {
            if (next_input_ == parts_.size()) return false;
            source_ = open_part(parts_[next_input_++]);
        }
        if (!source_) {
            if (next_input_ == inputs_.size()) return false;
            const std::string& input = inputs_[next_input_++];
            if (input == "-") {
                constexpr const char* kStdinName = "<stdin>";
                source_ = std::make_unique<detail::JsonlSource>(detail::open_input(input, kStdinName), kStdinName,
                                                                false, options_.max_doc_bytes);
                ++stats_.files;
            } else if (detail::is_directory(input)) {
                source_ = std::make_unique<detail::TextFilesSource>(detail::list_directory(input, stats_));
            } else if (detail::is_text_name(input)) {
                source_ = std::make_unique<detail::TextFilesSource>(
                    std::vector<detail::TextEntry>{detail::TextEntry{input, input}});
            } else {
                source_ = std::make_unique<detail::JsonlSource>(detail::open_input(input, input), input,
                                                                detail::is_regular_file(input), options_.max_doc_bytes);
                ++stats_.files;
            }
        }
        bool got = false;
        try {
            got = source_->next(out, ctx);
        } catch (...) {
            source_.reset();  // a later call goes on with the next input
            throw;
        }
        if (!got) {
            source_.reset();
            continue;
        }
        if (options_.unique_ids && !ids_.insert(out.doc.id).second) {
            ctx.skip(SkipReason::duplicate_id, out.file, out.line, out.doc.id, "the id of an earlier record");
            continue;
        }
        ++stats_.records;
        return true;
    }
}

}  // namespace wiretrace::io
