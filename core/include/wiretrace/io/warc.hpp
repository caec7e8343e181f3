// SPDX-License-Identifier: Apache-2.0
// Streaming reader of WARC web archives (ISO 28500: WARC/1.0 and 1.1, and the WARC/0.18 files of
// ClueWeb): one record at a time, with the HTTP response of a record parsed and its body decoded.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wiretrace::io {

/// The WARC-Type of a record.
enum class WarcType : std::uint8_t {
    warcinfo, response, resource, request, metadata, revisit, conversion, continuation,
    other,  ///< a type this reader does not know (kept in WarcRecord::type_name)
};

/// Number of WarcType values.
inline constexpr std::size_t kWarcTypeCount = 9;

/// The type's name as WARC spells it ("response"; "other" for other).
std::string_view warc_type_name(WarcType type);

/// Why a record, or a stretch of a file, was skipped. The values index WarcStats::skipped_by_reason.
enum class WarcSkip : std::uint8_t {
    truncated,        ///< the file (or its gzip/zstd stream) ends inside the record
    corrupt_record,   ///< a malformed header (no WARC/ line, no Content-Length), or the record is
                      ///< not followed by CRLF CRLF (its Content-Length is wrong)
    corrupt_stream,   ///< bytes that are not a record (garbage between records) or a corrupt
                      ///< gzip/zstd stretch; reading resumes at the next record or member
    too_large,        ///< the record's Content-Length, or its decoded HTTP body, is over the limit
    bad_http,         ///< an application/http block that is not an HTTP response
    bad_encoding,     ///< the HTTP body does not decode as its Content-Encoding says
    unsupported_encoding,  ///< a Content-Encoding this build cannot decode (br without libbrotli,
                           ///< compress, ...)
};

/// Number of WarcSkip values.
inline constexpr std::size_t kWarcSkipCount = 7;

/// Stable snake_case name of a reason, e.g. "corrupt_stream".
std::string_view warc_skip_name(WarcSkip reason);

/// Default limit on a record's Content-Length and on its decoded HTTP body: 64 MiB.
inline constexpr std::uint64_t kDefaultMaxWarcRecordBytes = std::uint64_t{64} << 20;

/// What to read and how strictly.
struct WarcOptions {
    /// Records with a larger Content-Length are skipped (read past, never held: too_large), and
    /// so are records whose decoded HTTP body would be larger (the bomb limit).
    std::uint64_t max_record_bytes = kDefaultMaxWarcRecordBytes;
    bool strict = false;              ///< the first skip throws Error naming file:offset instead
    std::size_t max_diagnostics = 100;  ///< diagnostics kept; all are counted
    /// Also return warcinfo, request, metadata, conversion, continuation and unknown records
    /// (block as read, no HTTP parsing). By default only response, resource and revisit records
    /// are returned and the others are counted in WarcStats::by_type and read past.
    bool all_types = false;
};

/// One skipped record or stretch of a file.
struct WarcDiagnostic {
    std::string file;
    /// Byte offset in the file: of the record itself in an uncompressed file; in a compressed
    /// file, of the gzip member (zstd frame) in which the record or stretch starts.
    std::uint64_t offset = 0;
    /// Offset in the decompressed stream (equal to offset in an uncompressed file).
    std::uint64_t stream_offset = 0;
    /// The record starts inside its gzip member (zstd frame), not at its first byte: offset
    /// alone does not find it (members cut anywhere, or one member for the whole file).
    bool inside_member = false;
    WarcSkip kind = WarcSkip::corrupt_record;
    std::string reason;  ///< human-readable, e.g. "the file ends 12618 bytes into the record's block"

    /// "file:offset", with " (decompressed byte N)" when inside_member.
    std::string where() const;
};

/// Counters of a reader (or of several, merged); they only grow.
struct WarcStats {
    std::uint64_t files = 0;            ///< files opened
    std::uint64_t records = 0;          ///< records returned
    /// Records whose header was read, by WarcType (also those then skipped or not returned).
    std::array<std::uint64_t, kWarcTypeCount> by_type{};
    std::uint64_t skipped = 0;          ///< the sum of skipped_by_reason
    std::array<std::uint64_t, kWarcSkipCount> skipped_by_reason{};
    std::uint64_t bytes = 0;            ///< decompressed bytes read
    std::uint64_t compressed_bytes = 0; ///< bytes of the files read (compressed or not)
    /// HTTP bodies that do not start as their Content-Encoding says (ClueWeb keeps the header of
    /// a body it stored decoded): kept as they are.
    std::uint64_t encoding_mismatches = 0;
    /// Chunked HTTP bodies that stop being valid chunks: the chunks before are kept (or the body
    /// as it is when even the first chunk header is not one).
    std::uint64_t chunked_repaired = 0;
    std::vector<WarcDiagnostic> diagnostics;  ///< the first WarcOptions::max_diagnostics skips

    std::uint64_t of_type(WarcType type) const { return by_type[static_cast<std::size_t>(type)]; }
    std::uint64_t skipped_for(WarcSkip reason) const {
        return skipped_by_reason[static_cast<std::size_t>(reason)];
    }
    /// Adds `other`'s counters, and its diagnostics up to `max_diagnostics` in all.
    void merge(const WarcStats& other, std::size_t max_diagnostics);
};

/// One header field, as written (the name keeps its case; the value is trimmed).
using WarcField = std::pair<std::string, std::string>;

/// One record. Strings are empty when the header lacks the field.
struct WarcRecord {
    std::string file;
    std::uint64_t offset = 0;         ///< as WarcDiagnostic::offset
    std::uint64_t stream_offset = 0;  ///< as WarcDiagnostic::stream_offset
    std::string version;              ///< "WARC/1.0", "WARC/1.1", "WARC/0.18"
    WarcType type = WarcType::other;
    std::string type_name;            ///< WARC-Type as written
    std::string target_uri;           ///< WARC-Target-URI, without the <> that wget puts around it
    std::string date;                 ///< WARC-Date as written (not checked: old files break ISO 8601)
    std::string record_id;            ///< WARC-Record-ID, e.g. "<urn:uuid:...>"
    std::string content_type;         ///< the record's Content-Type (of its block)
    std::uint64_t content_length = 0; ///< the block's length
    std::string payload_digest;       ///< WARC-Payload-Digest (what identical-payload revisits cite)
    // Revisit records: what they point at, so a caller can drop a revisit of a page it has read.
    std::string refers_to;            ///< WARC-Refers-To (record id of the original)
    std::string refers_to_target_uri; ///< WARC-Refers-To-Target-URI
    std::string refers_to_date;       ///< WARC-Refers-To-Date
    std::string profile;              ///< WARC-Profile, e.g. ".../revisit/identical-payload-digest"
    std::vector<WarcField> fields;    ///< every WARC header field, in order

    /// True when the block is an HTTP response (Content-Type application/http of a response or
    /// revisit record, or a block that starts with "HTTP/"): the fields below are set.
    bool has_http = false;
    int http_status = 0;                   ///< e.g. 200
    std::vector<WarcField> http_fields;    ///< the HTTP header fields, in order
    std::string http_content_type;         ///< e.g. "text/html; charset=utf-8"
    std::string content_encoding;          ///< HTTP Content-Encoding as sent, e.g. "gzip"
    std::string transfer_encoding;         ///< HTTP Transfer-Encoding as sent, e.g. "chunked"

    /// The payload: for an HTTP response, its body with the transfer and content encodings
    /// undone (the page as the server meant it); for a resource record (and with all_types, the
    /// other types), the block itself. A revisit usually has none.
    std::string body;

    /// Value of the first WARC header field named `name` (case-insensitive), or empty.
    std::string_view field(std::string_view name) const;
    /// Value of the first HTTP header field named `name` (case-insensitive), or empty.
    std::string_view http_field(std::string_view name) const;
};

namespace detail {
class WarcParser;
}

/// Reads the records of one WARC file, in order.
///
/// The file may be uncompressed, gzip (one member per record, as the standard recommends, or
/// members cut anywhere, or one member for the whole file) or zstd (frames; a file that starts
/// with the WARC zstd dictionary frame is decoded with its dictionary). Magic bytes decide, not
/// the name (gowarc's `.warc.gz.open` files read as gzip).
///
/// Damage is skipped, counted and named file:offset (WarcSkip), and reading goes on: a corrupt
/// gzip member or zstd frame resumes at the next member's magic; bytes that are not a record
/// resume at the next "WARC/" line; a record cut short, a record not followed by CRLF CRLF, an
/// HTTP block that is not HTTP or whose body does not decode, each is skipped. With
/// WarcOptions::strict the first such skip throws Error (Errc::bad_format, or too_large) whose
/// where() is "file:offset" instead. A file that cannot be opened or read throws Error(io).
///
/// Memory holds one record's block at most (records over max_record_bytes are read past in
/// pieces, never held), whatever the file's size. Not thread-safe; one reader per thread (see
/// read_warc_files for several files at once).
class WarcReader {
public:
    /// Opens `path` (Errc::io when it cannot be opened). Reads nothing yet.
    explicit WarcReader(std::string path, WarcOptions options = {});
    ~WarcReader();
    WarcReader(WarcReader&&) noexcept;
    WarcReader& operator=(WarcReader&&) noexcept;
    WarcReader(const WarcReader&) = delete;
    WarcReader& operator=(const WarcReader&) = delete;

    /// Reads the next record to return into `out` (its buffers are reused). Returns false at the
    /// end of the file. Throws Error as described above.
    bool next(WarcRecord& out);

    const WarcStats& stats() const noexcept;

private:
    std::unique_ptr<detail::WarcParser> parser_;
};

/// Reads several WARC files at once, `threads` of them in parallel (0: all cores), calling
/// `on_record` for every record returned, from several threads at once (the callback must be
/// thread-safe; records of one file come in order, from one thread at a time). Returns the
/// counters of all files, diagnostics in file order. Parallel across files only: a gzip file is
/// not split across its members (finding a member boundary means inflating up to it, unless an
/// index says where they are). Throws the first Error of any file (strict mode, a file that
/// cannot be read); the callback's exceptions are passed on too.
WarcStats read_warc_files(const std::vector<std::string>& paths, const WarcOptions& options, unsigned threads,
                          const std::function<void(WarcRecord&)>& on_record);

}  // namespace wiretrace::io
