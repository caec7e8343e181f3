// SPDX-License-Identifier: Apache-2.0
// Text files as records, one article a file, and the text files of a directory.
#include "io/text_source.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <utility>

#include "io/ascii.hpp"
#include "io/byte_source.hpp"
#include "wiretrace/error.hpp"
#include "io/warc_source.hpp"
#include "wiretrace/io/html.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::io::detail {
namespace {

/// An error's message without the "where: " that what() starts with.
std::string_view message_of(const Error& e) {
    std::string_view what = e.what();
    if (!e.where().empty() && what.starts_with(e.where())) what.remove_prefix(std::min(what.size(), e.where().size() + 2));
    return what;
}


/// Text files, each one article.
class TextFilesSource final : public RecordSource {
public:
    explicit TextFilesSource(std::vector<TextEntry> entries) : entries_(std::move(entries)) {}

    bool next(Record& out, ReadContext& ctx) override {
        for (;;) {
            if (warc_) {  // a WARC file among the entries: its articles, then the next entry
                if (warc_->next(out, ctx)) return true;
                warc_.reset();
            }
            if (next_ == entries_.size()) return false;
            const TextEntry& entry = entries_[next_++];
            if (is_warc_name(entry.path)) {
                warc_ = warc_source(entry.path);
                continue;
            }
            if (read_file(entry, out, ctx)) return true;
        }
    }

private:
    /// An HTML page: its article extracted. Pages are decoded with invalid bytes replaced
    /// (U+FFFD, counted as repaired) whatever the UTF-8 policy: their declared charsets are
    /// often wrong in a few bytes, and the markup around the text is dropped anyway.
    static bool read_html(const TextEntry& entry, const std::string& page, Record& out, ReadContext& ctx) {
        ExtractedArticle article = extract_article(page);
        if (is_blank(article.text)) {
            ctx.skip(SkipReason::empty_text, entry.path, 0, entry.id, "no article text found in the page");
            return false;
        }
        if (article.replaced_bytes > 0) ++ctx.stats.invalid_utf8_repaired;
        out.doc.id.assign(entry.id);
        out.doc.text = std::move(article.text);
        out.doc.title = std::move(article.title);
        out.doc.outlet = std::move(article.outlet);
        out.doc.published = article.published;
        out.doc.published_granularity = article.published_granularity;
        out.url = std::move(article.url);
        out.byline = std::move(article.byline);
        out.file.assign(entry.path);
        out.line = 1;
        out.offset = 0;
        out.bytes = page.size();
        out.rereadable = false;  // the raw record is markup, not the text
        return true;
    }

    static bool read_file(const TextEntry& entry, Record& out, ReadContext& ctx) {
        const std::size_t max_bytes = ctx.options.max_doc_bytes;
        clear_record(out);
        std::string& text = out.doc.text;
        // One file is one record: a file that cannot be opened or read is skipped like a bad
        // record (a corrupt gzip or zstd stream stays fatal, as for any input).
        bool rereadable = false;
        try {
            OpenedInput input = open_input(entry.path, entry.path);
            rereadable = input.compression == Compression::none && entry.path != "-";
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
        if (is_html_file_name(entry.path)) {
            const std::string page = std::move(text);
            return read_html(entry, page, out, ctx);
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
    std::unique_ptr<RecordSource> warc_;
};

}  // namespace

bool is_text_name(const std::string& name) {
    if (is_html_file_name(name) || is_warc_name(name)) return true;
    const std::string base = strip_compression_suffix(name);
    constexpr std::string_view kExt = ".txt";
    if (base.size() < kExt.size()) return false;
    return std::equal(kExt.begin(), kExt.end(), base.end() - static_cast<std::ptrdiff_t>(kExt.size()),
                      [](char a, char b) { return a == ascii_lower(b); });
}

std::unique_ptr<RecordSource> text_files_source(std::vector<TextEntry> entries) {
    return std::make_unique<TextFilesSource>(std::move(entries));
}

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
                const std::string rel = path.lexically_relative(root).generic_string();
                std::string full = dir;
                if (full.back() != '/') full += '/';
                full += rel;
                // The id is valid UTF-8 (every output can show it) and keeps names that differ only
                // in invalid bytes apart: x\xFF.txt and x\xFE.txt.
                entries.push_back(TextEntry{std::move(full), text::escape_invalid_utf8(rel)});
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

}  // namespace wiretrace::io::detail
