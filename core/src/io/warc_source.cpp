// SPDX-License-Identifier: Apache-2.0
// WARC files as a source of articles: the record reader (warc.cpp) below, the HTML extractor
// (html.cpp) on each page.
#include "io/warc_source.hpp"

#include <fmt/format.h>

#include "io/ascii.hpp"
#include "wiretrace/io/html.hpp"
#include "wiretrace/io/warc.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::io::detail {
namespace {

bool contains(std::string_view haystack, std::string_view needle) {
    return ascii_lowered(haystack).find(needle) != std::string::npos;
}

class WarcSource final : public RecordSource {
public:
    explicit WarcSource(std::string path) : path_(std::move(path)) {}

    bool next(Record& out, ReadContext& ctx) override {
        if (!reader_) open(ctx);
        for (;;) {
            const std::uint64_t bytes_before = reader_->stats().bytes;
            bool got = false;
            try {
                got = reader_->next(record_);
            } catch (...) {
                ctx.stats.bytes += reader_->stats().bytes - bytes_before;
                throw;
            }
            ctx.stats.bytes += reader_->stats().bytes - bytes_before;
            report_skips(ctx);
            if (!got) return false;
            if (article(out, ctx)) return true;
        }
    }

private:
    void open(ReadContext& ctx) {
        WarcOptions options;
        options.max_record_bytes = ctx.options.max_doc_bytes;
        options.strict = ctx.options.strict;
        options.max_diagnostics = ctx.options.max_diagnostics;
        options.all_types = true;  // every record read is an article or counted as read past
        reader_ = std::make_unique<WarcReader>(path_, options);
        ++ctx.stats.files;
    }

    /// The reader's new skips, as skipped records of this reader.
    void report_skips(ReadContext& ctx) {
        const WarcStats& s = reader_->stats();
        for (; reported_ < s.skipped; ++reported_) {
            if (reported_ < s.diagnostics.size()) {
                const WarcDiagnostic& d = s.diagnostics[reported_];
                ctx.skip(SkipReason::damaged, d.where(), 0, {},
                         fmt::format("{}: {}", warc_skip_name(d.kind), d.reason));
            } else {
                ctx.skip(SkipReason::damaged, path_, 0, {}, "a damaged WARC record (not described: too many)");
            }
        }
    }

    /// The record as an article; false (counted) when it is none.
    bool article(Record& out, ReadContext& ctx) {
        const WarcRecord& r = record_;
        std::string_view type;
        if (r.type == WarcType::response && r.has_http) {
            if (r.http_status < 200 || r.http_status > 299) return ignore(ctx);
            type = r.http_content_type;
        } else if (r.type == WarcType::resource) {
            type = r.content_type;
        } else {
            return ignore(ctx);  // revisits (the page read before), requests, metadata, ...
        }
        const bool html = contains(type, "html") || (type.empty() && r.body.find('<') != std::string::npos);
        const bool plain = contains(type, "text/plain");
        if (!html && !plain) return ignore(ctx);
        clear_record(out);
        const std::string id = !r.target_uri.empty() ? r.target_uri
                               : !r.record_id.empty() ? r.record_id
                                                      : fmt::format("{}:{}", r.file, r.offset);
        const std::string where = fmt::format("{}:{}", r.file, r.offset);
        if (html) {
            ExtractedArticle a = extract_article(r.body, r.target_uri, r.http_content_type);
            if (is_blank(a.text)) {
                ctx.skip(SkipReason::empty_text, where, 0, id, "no article text found in the page");
                return false;
            }
            if (a.replaced_bytes > 0) ++ctx.stats.invalid_utf8_repaired;
            out.doc.text = std::move(a.text);
            out.doc.title = std::move(a.title);
            out.doc.outlet = std::move(a.outlet);
            out.doc.published = a.published;
            out.doc.published_granularity = a.published_granularity;
            out.url = a.url.empty() ? r.target_uri : std::move(a.url);
            out.byline = std::move(a.byline);
        } else {
            const text::Utf8Report report = text::check_utf8(r.body);
            if (report.nul_bytes > 0) {
                ctx.skip(SkipReason::nul_byte, where, 0, id, "NUL byte in a text/plain payload: not text");
                return false;
            }
            if (report.invalid_sequences > 0 && ctx.options.utf8 == Utf8Policy::reject) {
                ctx.skip(SkipReason::bad_utf8, where, 0, id,
                         fmt::format("invalid UTF-8 at byte offset {} of the payload", report.first_invalid_offset));
                return false;
            }
            out.doc.text = report.invalid_sequences > 0 ? text::repair_utf8(r.body) : r.body;
            if (report.invalid_sequences > 0) ++ctx.stats.invalid_utf8_repaired;
            if (is_blank(out.doc.text)) {
                ctx.skip(SkipReason::empty_text, where, 0, id, "the payload is empty or whitespace only");
                return false;
            }
            out.url = r.target_uri;
        }
        out.doc.id = id;
        out.file = path_;
        out.line = 0;
        out.offset = r.offset;
        out.bytes = r.content_length;
        out.rereadable = false;  // the raw record is a WARC block, not the text
        return true;
    }

    bool ignore(ReadContext& ctx) {
        ++ctx.stats.ignored_records;
        return false;
    }

    std::string path_;
    std::unique_ptr<WarcReader> reader_;
    WarcRecord record_;
    std::uint64_t reported_ = 0;
};

}  // namespace

std::unique_ptr<RecordSource> warc_source(const std::string& path) { return std::make_unique<WarcSource>(path); }

bool is_warc_name(const std::string& name) {
    std::string lower = ascii_lowered(name);
    for (const std::string_view suffix : {".open", ".gz", ".zst"}) {
        if (lower.ends_with(suffix)) lower.resize(lower.size() - suffix.size());
    }
    return lower.ends_with(".warc");
}

}  // namespace wiretrace::io::detail
