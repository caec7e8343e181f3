// SPDX-License-Identifier: Apache-2.0
// ArticleReader: walks the inputs, plans and cuts them into parts, and takes the records from one
// source after another (JSONL streams, jsonl_source.cpp; text files, text_source.cpp).
#include "wiretrace/io/reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <sys/stat.h>
#include <utility>

#include "io/byte_source.hpp"
#include "io/jsonl_source.hpp"
#include "io/record_source.hpp"
#include "io/text_source.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::io {

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
    case SkipReason::damaged: return "damaged";
    }
    return "unknown";
}

std::string Diagnostic::where() const { return line == 0 ? file : fmt::format("{}:{}", file, line); }

namespace detail {
namespace {

bool is_directory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool is_regular_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

/// Standard input: JSONL, or one plain-text article (ReaderOptions::stdin_text).
std::unique_ptr<RecordSource> stdin_source(const ReaderOptions& options) {
    constexpr const char* kStdinName = "<stdin>";
    if (options.stdin_text) return text_files_source({TextEntry{"-", kStdinName}});
    return jsonl_source(open_input("-", kStdinName), kStdinName, false, options.max_doc_bytes);
}

}  // namespace
}  // namespace detail

bool is_text_file_name(const std::string& name) { return detail::is_text_name(name); }

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
        if (!options_.stdin_text) ++stats_.files;  // a text source counts the file it opens
        return detail::stdin_source(options_);
    }
    if (!part.id.empty()) return detail::text_files_source({{part.path, part.id}});
    if (part.begin == 0) ++stats_.files;  // a file cut into parts counts once
    if (part.begin == 0 && part.end == InputPart::kToEnd) {
        return detail::jsonl_source(detail::open_input(part.path, part.path), part.path,
                                    detail::is_regular_file(part.path), options_.max_doc_bytes);
    }
    return detail::jsonl_source(detail::open_range(part.path, part.path, part.begin, part.end), part.path, true,
                                options_.max_doc_bytes, part.begin);
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
                source_ = detail::stdin_source(options_);
                if (!options_.stdin_text) ++stats_.files;  // a text source counts the file it opens
            } else if (detail::is_directory(input)) {
                source_ = detail::text_files_source(detail::list_directory(input, stats_));
            } else if (detail::is_text_name(input)) {
                source_ = detail::text_files_source({detail::TextEntry{input, text::escape_invalid_utf8(input)}});
            } else {
                source_ = detail::jsonl_source(detail::open_input(input, input), input, detail::is_regular_file(input),
                                               options_.max_doc_bytes);
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

