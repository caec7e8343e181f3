// SPDX-License-Identifier: Apache-2.0
// WARC records from the decompressed bytes of a file: the header, the block framed by its
// Content-Length and CRLF CRLF, the HTTP response inside; damage skipped, counted and named.
#include "wiretrace/io/warc.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <optional>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "io/warc_http.hpp"
#include "io/warc_input.hpp"
#include "wiretrace/error.hpp"

namespace wiretrace::io {
namespace {

constexpr std::array<std::string_view, kWarcTypeCount> kTypeNames = {
    "warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion", "continuation", "other"};
constexpr std::array<std::string_view, kWarcSkipCount> kSkipNames = {
    "truncated", "corrupt_record", "corrupt_stream", "too_large", "bad_http", "bad_encoding", "unsupported_encoding"};

/// Decompressed bytes asked of the input at a time.
constexpr std::size_t kReadStep = std::size_t{256} << 10;
/// A record header longer than this is not believed (no blank line in sight: not a record).
constexpr std::size_t kMaxHeaderBytes = std::size_t{1} << 20;
constexpr std::string_view kRecordStart = "WARC/";

WarcType type_of(std::string_view name) {
    for (std::size_t i = 0; i + 1 < kTypeNames.size(); ++i) {
        if (detail::equals_nocase(name, kTypeNames[i])) return static_cast<WarcType>(i);
    }
    return WarcType::other;
}

bool returned_by_default(WarcType type) {
    return type == WarcType::response || type == WarcType::resource || type == WarcType::revisit;
}

std::string_view find_field(const std::vector<WarcField>& fields, std::string_view name) {
    for (const auto& [key, value] : fields) {
        if (detail::equals_nocase(key, name)) return value;
    }
    return {};
}

/// Offset just after the blank line that ends a header in `v` (CRLF or bare LF lines), or npos.
/// Searching starts at `from` (bytes before it were searched already).
std::size_t header_end(std::string_view v, std::size_t from) {
    for (std::size_t i = v.find('\n', from); i != std::string_view::npos; i = v.find('\n', i + 1)) {
        if (v.substr(i + 1).starts_with('\n')) return i + 2;
        if (v.substr(i + 1).starts_with("\r\n")) return i + 3;
    }
    return std::string_view::npos;
}

bool is_space(char c) { return c == '\r' || c == '\n' || c == ' ' || c == '\t'; }

void clear_record(WarcRecord& out) {
    for (std::string* s : {&out.file, &out.version, &out.type_name, &out.target_uri, &out.date, &out.record_id,
                           &out.content_type, &out.payload_digest, &out.refers_to, &out.refers_to_target_uri,
                           &out.refers_to_date, &out.profile, &out.http_content_type, &out.content_encoding,
                           &out.transfer_encoding, &out.body}) {
        s->clear();
    }
    out.fields.clear();
    out.http_fields.clear();
    out.has_http = false;
    out.http_status = 0;
    out.content_length = 0;
    out.type = WarcType::other;
}

}  // namespace

std::string_view warc_type_name(WarcType type) { return kTypeNames[static_cast<std::size_t>(type)]; }
std::string_view warc_skip_name(WarcSkip reason) { return kSkipNames[static_cast<std::size_t>(reason)]; }

std::string WarcDiagnostic::where() const {
    if (!inside_member) return fmt::format("{}:{}", file, offset);
    return fmt::format("{}:{} (decompressed byte {})", file, offset, stream_offset);
}

void WarcStats::merge(const WarcStats& other, std::size_t max_diagnostics) {
    files += other.files;
    records += other.records;
    for (std::size_t i = 0; i < by_type.size(); ++i) by_type[i] += other.by_type[i];
    skipped += other.skipped;
    for (std::size_t i = 0; i < skipped_by_reason.size(); ++i) skipped_by_reason[i] += other.skipped_by_reason[i];
    bytes += other.bytes;
    compressed_bytes += other.compressed_bytes;
    encoding_mismatches += other.encoding_mismatches;
    chunked_repaired += other.chunked_repaired;
    for (const WarcDiagnostic& d : other.diagnostics) {
        if (diagnostics.size() >= max_diagnostics) break;
        diagnostics.push_back(d);
    }
}

std::string_view WarcRecord::field(std::string_view name) const { return find_field(fields, name); }
std::string_view WarcRecord::http_field(std::string_view name) const { return find_field(http_fields, name); }

namespace detail {

/// The reading state of one file (WarcReader's implementation).
class WarcParser {
public:
    WarcParser(std::string path, WarcOptions options)
        : path_(std::move(path)), options_(options), input_(path_) {
        ++stats_.files;
    }

    bool next(WarcRecord& out);
    const WarcStats& stats() const noexcept { return stats_; }

private:
    std::string_view avail() const noexcept { return std::string_view(buf_).substr(pos_); }
    std::uint64_t here() const noexcept { return base_ + pos_; }
    void consume(std::size_t n) noexcept { pos_ += n; }
    bool fill(std::size_t want);
    void resume_after_break();
    bool find_record_start();
    bool read_block(std::uint64_t length, bool keep);
    bool lost_record(std::uint64_t start, std::string_view what);
    void skip(WarcSkip kind, std::uint64_t stream_offset, std::string reason);
    void skip_at(WarcSkip kind, std::uint64_t file_offset, std::uint64_t stream_offset, bool inside_member,
                 std::string reason);

    std::string path_;
    WarcOptions options_;
    WarcStats stats_;
    WarcInput input_;
    std::string buf_;             ///< decompressed bytes; buf_[pos_..] not parsed yet
    std::size_t pos_ = 0;
    std::uint64_t base_ = 0;      ///< stream offset of buf_[0]
    std::string block_;           ///< the block of the record being read
    std::optional<StreamBreak> pending_;  ///< a damaged stretch that stopped fill()
    bool quiet_resync_ = false;   ///< the bytes up to the next record belong to a reported record
    std::uint64_t last_skip_offset_ = UINT64_MAX;  ///< file offset of the last skip reported
};

bool WarcParser::fill(std::size_t want) {
    while (buf_.size() - pos_ < want) {
        if (pending_) return false;
        if (pos_ > 0) {
            buf_.erase(0, pos_);
            base_ += pos_;
            pos_ = 0;
        }
        const std::size_t old = buf_.size();
        buf_.resize(old + std::max(kReadStep, want - old));
        const std::size_t n = input_.read(buf_.data() + old, buf_.size() - old);
        buf_.resize(old + n);
        stats_.bytes += n;
        stats_.compressed_bytes = input_.raw_bytes();
        if (n == 0) {
            pending_ = input_.take_break();
            return false;
        }
    }
    return true;
}

void WarcParser::resume_after_break() {
    // Bytes before the break that made no whole record are part of the damage.
    base_ = pending_->stream_offset;
    buf_.clear();
    pos_ = 0;
    pending_.reset();
}

void WarcParser::skip_at(WarcSkip kind, std::uint64_t file_offset, std::uint64_t stream_offset, bool inside_member,
                         std::string reason) {
    WarcDiagnostic d{path_, file_offset, stream_offset, inside_member, kind, std::move(reason)};
    last_skip_offset_ = file_offset;
    if (options_.strict) {
        throw Error(kind == WarcSkip::too_large ? Errc::too_large : Errc::bad_format, d.where(), d.reason);
    }
    ++stats_.skipped;
    ++stats_.skipped_by_reason[static_cast<std::size_t>(kind)];
    if (stats_.diagnostics.size() < options_.max_diagnostics) stats_.diagnostics.push_back(std::move(d));
}

void WarcParser::skip(WarcSkip kind, std::uint64_t stream_offset, std::string reason) {
    const auto [file_offset, member_start] = input_.locate(stream_offset);
    skip_at(kind, file_offset, stream_offset, !member_start, std::move(reason));
}

bool WarcParser::lost_record(std::uint64_t start, std::string_view what) {
    // The record starting at `start` ends early: the file ends, or a damaged stretch cuts it.
    if (pending_) {
        const bool truncated = pending_->truncated;
        skip(truncated ? WarcSkip::truncated : WarcSkip::corrupt_record, start,
             fmt::format("{}: {}", what, pending_->reason));
        resume_after_break();
        return true;
    }
    skip(WarcSkip::truncated, start, fmt::format("{}: the file ends there", what));
    return false;
}

bool WarcParser::find_record_start() {
    const bool quiet = std::exchange(quiet_resync_, false);
    std::optional<std::uint64_t> garbage;  // stream offset where bytes that are not a record begin
    auto report_garbage = [&] {
        if (garbage && !quiet && here() > *garbage) {
            skip(WarcSkip::corrupt_stream, *garbage, fmt::format("{} bytes that are not a WARC record", here() - *garbage));
        }
        garbage.reset();
    };
    for (;;) {
        while (!avail().empty() && is_space(avail().front())) consume(1);
        if (pending_ && avail().size() < kRecordStart.size()) {
            // A damaged stretch of the compressed stream, between records.
            if (garbage || !avail().empty()) {
                if (!garbage) garbage = here();
                consume(avail().size());
                report_garbage();
            }
            // Unless the damage of this member was reported already, with the record it cut.
            if (pending_->file_offset != last_skip_offset_) {
                skip_at(pending_->truncated ? WarcSkip::truncated : WarcSkip::corrupt_stream, pending_->file_offset,
                        pending_->stream_offset, false, pending_->reason);
            }
            resume_after_break();
            continue;
        }
        if (avail().size() < kRecordStart.size()) {
            const std::size_t before = avail().size();
            if (fill(kRecordStart.size()) || pending_ || avail().size() > before) continue;
            if (!avail().empty()) {
                if (!garbage) garbage = here();
                consume(avail().size());
            }
            report_garbage();
            return false;
        }
        if (avail().starts_with(kRecordStart)) {
            report_garbage();
            return true;
        }
        // Not a record: skip to the next line that starts like one.
        if (!garbage) garbage = here();
        const std::size_t at = avail().find("\nWARC/");
        if (at != std::string_view::npos) {
            consume(at + 1);
            continue;
        }
        const std::size_t keep = kRecordStart.size();
        consume(avail().size() - keep);
        if (!fill(avail().size() + 1)) {
            // The file, or the stretch before a break, ends in these bytes: none is a record.
            consume(avail().size());
            if (!pending_) {
                report_garbage();
                return false;
            }
        }
    }
}

bool WarcParser::read_block(std::uint64_t length, bool keep) {
    block_.clear();
    std::uint64_t remaining = length;
    while (remaining > 0) {
        if (avail().empty() && !fill(1)) return false;
        const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(avail().size(), remaining));
        if (keep) block_.append(avail().substr(0, take));
        consume(take);
        remaining -= take;
    }
    return true;
}

bool WarcParser::next(WarcRecord& out) {
    for (;;) {
        if (!find_record_start()) return false;
        const std::uint64_t start = here();
        input_.forget_before(start);
        clear_record(out);

        // The header: the version line, then fields up to a blank line.
        std::size_t end = std::string_view::npos;
        std::size_t searched = 0;
        while ((end = header_end(avail(), searched)) == std::string_view::npos) {
            searched = avail().size() >= 3 ? avail().size() - 3 : 0;
            if (avail().size() > kMaxHeaderBytes) break;
            if (!fill(avail().size() + 1)) break;
        }
        if (end == std::string_view::npos) {
            if (avail().size() > kMaxHeaderBytes) {
                skip(WarcSkip::corrupt_record, start, fmt::format("no end of the record header in {} bytes", kMaxHeaderBytes));
                consume(kRecordStart.size());
                quiet_resync_ = true;
                continue;
            }
            if (!lost_record(start, "the record header is cut short")) consume(avail().size());
            continue;
        }
        const std::string_view header = avail().substr(0, end);
        const std::size_t version_end = header.find('\n');
        out.version.assign(header.substr(0, version_end));
        if (out.version.ends_with('\r')) out.version.pop_back();
        bool malformed = false;
        detail::parse_fields(header.substr(version_end + 1), out.fields, malformed);
        consume(end);

        const std::string_view length_text = out.field("Content-Length");
        if (length_text.empty() || length_text.size() > 18 ||
            !std::all_of(length_text.begin(), length_text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            skip(WarcSkip::corrupt_record, start,
                 length_text.empty() ? std::string("the record header has no Content-Length")
                                     : fmt::format("bad Content-Length \"{}\"", length_text.substr(0, 40)));
            quiet_resync_ = true;
            continue;
        }
        out.content_length = std::stoull(std::string(length_text));
        out.type_name.assign(out.field("WARC-Type"));
        out.type = type_of(out.type_name);
        ++stats_.by_type[static_cast<std::size_t>(out.type)];

        const bool wanted = options_.all_types || returned_by_default(out.type);
        const bool too_large = out.content_length > options_.max_record_bytes;
        if (!read_block(out.content_length, wanted && !too_large)) {
            if (!lost_record(start, fmt::format("the record's block of {} bytes is cut short", out.content_length))) {
                consume(avail().size());
            }
            continue;
        }
        // Records are followed by CRLF CRLF; at the end of the file a missing one is forgiven.
        fill(4);
        std::size_t newlines = 0;
        std::size_t i = 0;
        for (; i < std::min<std::size_t>(4, avail().size()) && (avail()[i] == '\r' || avail()[i] == '\n'); ++i) {
            newlines += avail()[i] == '\n' ? 1 : 0;
        }
        const bool at_end = i == avail().size() && !fill(i + 1);
        if (newlines < 2 && !at_end) {
            skip(WarcSkip::corrupt_record, start,
                 fmt::format("the block of {} bytes (Content-Length) is not followed by CRLF CRLF: the length is wrong",
                             out.content_length));
            quiet_resync_ = true;
            continue;
        }
        consume(std::min(i, avail().size()));
        if (too_large) {
            skip(WarcSkip::too_large, start,
                 fmt::format("record of {} bytes: over the limit of {}", out.content_length, options_.max_record_bytes));
            continue;
        }
        if (!wanted) continue;

        out.file = path_;
        out.offset = input_.locate(start).first;
        out.stream_offset = start;
        std::string_view target = out.field("WARC-Target-URI");
        if (target.size() >= 2 && target.front() == '<' && target.back() == '>') target = target.substr(1, target.size() - 2);
        out.target_uri.assign(target);
        out.date.assign(out.field("WARC-Date"));
        out.record_id.assign(out.field("WARC-Record-ID"));
        out.content_type.assign(out.field("Content-Type"));
        out.payload_digest.assign(out.field("WARC-Payload-Digest"));
        out.refers_to.assign(out.field("WARC-Refers-To"));
        out.refers_to_target_uri.assign(out.field("WARC-Refers-To-Target-URI"));
        out.refers_to_date.assign(out.field("WARC-Refers-To-Date"));
        out.profile.assign(out.field("WARC-Profile"));

        const std::string_view ct = out.content_type;
        const bool http_block = (out.type == WarcType::response || out.type == WarcType::revisit) &&
                                (ct.empty() ? block_.starts_with("HTTP/")
                                            : ct.size() >= 16 && detail::equals_nocase(ct.substr(0, 16), "application/http"));
        if (http_block) {
            const HttpOutcome outcome = parse_http_response(block_, out, options_.max_record_bytes);
            if (outcome.skip) {
                skip(*outcome.skip, start, outcome.reason);
                continue;
            }
            stats_.encoding_mismatches += outcome.encoding_mismatch ? 1 : 0;
            stats_.chunked_repaired += outcome.chunked_repaired ? 1 : 0;
        } else {
            out.body.swap(block_);
        }
        ++stats_.records;
        return true;
    }
}

}  // namespace detail

WarcReader::WarcReader(std::string path, WarcOptions options)
    : parser_(std::make_unique<detail::WarcParser>(std::move(path), options)) {}
WarcReader::~WarcReader() = default;
WarcReader::WarcReader(WarcReader&&) noexcept = default;
WarcReader& WarcReader::operator=(WarcReader&&) noexcept = default;

bool WarcReader::next(WarcRecord& out) { return parser_->next(out); }
const WarcStats& WarcReader::stats() const noexcept { return parser_->stats(); }

WarcStats read_warc_files(const std::vector<std::string>& paths, const WarcOptions& options, unsigned threads,
                          const std::function<void(WarcRecord&)>& on_record) {
    std::vector<WarcStats> per_file(paths.size());
    tbb::task_arena arena(threads == 0 ? tbb::task_arena::automatic : static_cast<int>(threads));
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, paths.size(), [&](std::size_t i) {
            WarcReader reader(paths[i], options);
            WarcRecord record;
            while (reader.next(record)) on_record(record);
            per_file[i] = reader.stats();
        });
    });
    WarcStats total;
    for (const WarcStats& s : per_file) total.merge(s, options.max_diagnostics);
    return total;
}

}  // namespace wiretrace::io
