// SPDX-License-Identifier: Apache-2.0
// Streaming reader of articles from JSONL dumps, text files and directories, plain or gzip/zstd
// compressed, that `scan` and `index add` share.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "wiretrace/document.hpp"
#include "wiretrace/io/text_file.hpp"

namespace wiretrace::io {

/// Default limit on the size of one record: 64 MiB.
inline constexpr std::size_t kDefaultMaxDocBytes = std::size_t{64} << 20;

/// Default number of diagnostics kept in ReadStats::diagnostics (all are counted).
inline constexpr std::size_t kDefaultMaxDiagnostics = 100;

/// JSONL field names. Each must be non-empty and distinct from the others.
struct FieldNames {
    std::string id = "id";            ///< a JSON string or integer; required
    std::string text = "text";        ///< a JSON string; required
    std::string title = "title";      ///< a JSON string or null; optional
    std::string outlet = "outlet";    ///< a JSON string or null; optional
    std::string time = "published";   ///< a time parse_time reads, an epoch number (epoch_time), or null; optional
};

/// Why a record was skipped. The values index ReadStats::skipped_by_reason.
enum class SkipReason : std::uint8_t {
    malformed_json,  ///< the line is not one JSON object (syntax error, trailing text, not an object)
    missing_id,      ///< no id field, or it is null or the empty string
    missing_text,    ///< no text field, or it is null
    wrong_type,      ///< a field of the wrong JSON type (e.g. a text that is a number, a fractional id)
    empty_text,      ///< the text is empty or ASCII whitespace only
    too_large,       ///< the raw record (JSONL line or text file) is over max_doc_bytes
    bad_utf8,        ///< invalid UTF-8 under Utf8Policy::reject
    nul_byte,        ///< a NUL byte in the raw record or in a decoded id or text: not text
    duplicate_id,    ///< the id of an earlier record (only with ReaderOptions::unique_ids)
    unreadable,      ///< a text file that cannot be opened or read (permissions, a broken link,
                     ///< gone since it was listed); a JSONL input that cannot be read stays fatal
    damaged,         ///< a WARC record (or stretch of a WARC file) that is cut short, corrupt, or
                     ///< whose HTTP body does not decode (io::WarcSkip says which)
};

/// Number of SkipReason values.
inline constexpr std::size_t kSkipReasonCount = 11;

/// Stable snake_case name of a reason, e.g. "malformed_json" (for summaries and JSON output).
std::string_view skip_reason_name(SkipReason reason);

/// One skipped record.
struct Diagnostic {
    std::string file;             ///< the file as named in Record::file ("<stdin>" for stdin)
    std::uint64_t line = 0;       ///< 1-based line; 0 when the whole file is meant
    std::string id;               ///< the record id when it was read before the problem, else empty
    SkipReason kind = SkipReason::malformed_json;
    std::string reason;           ///< human-readable message, e.g. "\"text\" must be a string"

    /// "file:line", or "file" when line is 0.
    std::string where() const;
};

/// What to read and how strictly.
struct ReaderOptions {
    FieldNames fields;
    Utf8Policy utf8 = Utf8Policy::reject;  ///< reject: skip the record (bad_utf8); repair: U+FFFD
    std::size_t max_doc_bytes = kDefaultMaxDocBytes;  ///< larger records are skipped (too_large)
    bool strict = false;   ///< the first skipped record throws Error instead (naming file:line)
    std::size_t max_diagnostics = kDefaultMaxDiagnostics;  ///< diagnostics kept; all are counted
    /// Skip a record whose id an earlier record of this reader had (duplicate_id): the first one
    /// wins. Keeps every id in memory.
    bool unique_ids = false;
    /// A strptime(3) format for the time field's strings (e.g. "%d/%m/%Y %H:%M"); empty: ISO-8601,
    /// RFC 2822 and epoch numbers are recognised (parse_time). Epoch numbers are read either way.
    std::string time_format;
    /// `-` is one plain-text article (id "<stdin>", as `compare -` reads it) instead of JSONL.
    bool stdin_text = false;
};

/// Counters of one reader; they only grow.
struct ReadStats {
    std::uint64_t records = 0;   ///< records returned by next()
    std::uint64_t skipped = 0;   ///< records skipped (the sum of skipped_by_reason)
    std::array<std::uint64_t, kSkipReasonCount> skipped_by_reason{};  ///< index: SkipReason
    std::uint64_t blank_lines = 0;   ///< JSONL lines of only whitespace: ignored, not "skipped"
    std::uint64_t bytes = 0;         ///< input bytes read, after decompression
    std::uint64_t files = 0;         ///< files opened (stdin counts as one)
    std::uint64_t ignored_files = 0; ///< directory entries that are not text files (not read)
    std::uint64_t ignored_records = 0; ///< WARC records that are no article (revisits, requests,
                                       ///< metadata, non-2xx responses, payloads neither HTML nor text)
    std::uint64_t invalid_utf8_repaired = 0;  ///< records in which invalid UTF-8 was replaced
    std::uint64_t unparsed_times = 0; ///< records kept undated: their time field is not a time
    std::vector<Diagnostic> diagnostics;  ///< the first ReaderOptions::max_diagnostics skipped records
    /// The first ReaderOptions::max_diagnostics records kept undated (kind: wrong_type), each with
    /// the value that is not a time.
    std::vector<Diagnostic> time_diagnostics;

    std::uint64_t skipped_for(SkipReason reason) const {
        return skipped_by_reason[static_cast<std::size_t>(reason)];
    }
};

/// One article and where it came from.
struct Record {
    Document doc;
    std::string file;         ///< the path it was read from (as given, or directory + "/" + relative path)
    std::uint64_t line = 0;   ///< 1-based line of a JSONL record (counted from the start of the
                              ///< InputPart when it starts inside a file); 1 for a text file
    std::uint64_t offset = 0; ///< byte offset of the record in the decompressed stream (0 for a text file)
    std::uint64_t bytes = 0;  ///< raw length of the record: the JSONL line without its newline, or the file
    bool rereadable = false;  ///< true when `file` is an uncompressed regular file, so the raw record
                              ///< can be read again at [offset, offset + bytes)
    std::string url;          ///< an HTML page's URL (its canonical link or og:url), else empty
    std::string byline;       ///< an HTML page's authors, else empty
};

/// A piece of the inputs that one process of a distributed scan reads (see plan_parts and
/// split_parts): a JSONL
/// input whole (a file, compressed or not, or `-`), a byte range of a plain JSONL file that
/// starts and ends at line boundaries, or one text file read as one article.
struct InputPart {
    static constexpr std::uint64_t kToEnd = UINT64_MAX;
    std::string path;                 ///< as given ("-": standard input), or directory + "/" + relative path
    std::string id;                   ///< non-empty: a text file, read as one article with this id
    std::uint64_t begin = 0;          ///< JSONL: the byte range [begin, end) of the file
    std::uint64_t end = kToEnd;
    std::uint64_t bytes = 0;          ///< bytes on disk (0 for standard input): what balancing weighs
};

/// The inputs as parts, in reading order: a directory becomes its text files (in the order
/// ArticleReader reads them; other files are counted in stats.ignored_files), every other input
/// one part. Reading the parts in order gives the records of reading the inputs. Throws Error as
/// ArticleReader does for bad options and missing or unreadable inputs.
std::vector<InputPart> plan_parts(const std::vector<std::string>& inputs, const ReaderOptions& options,
                                  ReadStats& stats);

/// The parts with every plain (uncompressed) JSONL file larger than `split_bytes` cut into byte
/// ranges of about split_bytes, each ending after a newline (the records of the ranges, in
/// order, are the file's records). Compressed files, `-` and text files stay whole. Throws
/// Error(io) when a file cannot be read.
std::vector<InputPart> split_parts(const std::vector<InputPart>& parts, std::uint64_t split_bytes);

/// Articles given as JSON text rather than read from files (the request bodies of `wiretrace
/// serve`): one object, read as a JSONL record is (the same fields, types, checks and UTF-8
/// policy), or a JSON array of such objects, in order (an empty array gives none). The first
/// unusable article throws Error naming it ("article 3: \"text\" must be a string"; no name
/// for a single object): Errc::bad_format for malformed JSON, a wrong or missing field or an
/// empty text, bad_utf8, binary_input (a NUL character), too_large (an array element over
/// options.max_doc_bytes).
std::vector<Document> parse_articles_json(std::string_view json, const ReaderOptions& options = {});

namespace detail {
class RecordSource;
}

/// True when a directory input reads a file of this name (`*.txt`, `*.html`, `*.htm`, each also
/// `.gz`/`.zst`, case-insensitive): what an output file must not replace (cli's check_output_not_input).
bool is_text_file_name(const std::string& name);

/// Reads articles from several inputs, in order, one record at a time.
///
/// Inputs:
/// - `-`: standard input, read as JSONL (gzip or zstd detected by magic bytes);
/// - a directory: every `*.txt` and HTML page (also `.gz`, `.zst`; case-insensitive) below it,
///   recursively, in byte order of the relative path; each file is one article whose id is the
///   path relative to the directory ('/'-separated). Other files are ignored and counted;
/// - a file whose name ends in `.txt` (after removing `.gz`/`.zst`): one article, id = the path
///   as given;
/// - an HTML page (`.html`, `.htm`, also compressed), alone or in a directory: one article,
///   extracted by io::extract_article (title, outlet, published, Record::url and byline; the
///   body without the page furniture). Pages are decoded with invalid bytes replaced whatever
///   the Utf8Policy; a page without article text is skipped as empty_text;
/// - any other file: JSONL, one object per line.
/// A file is decompressed when its name ends in `.gz`/`.zst` or its first bytes are a gzip or
/// zstd magic number (magic bytes decide; a `.gz`/`.zst` name without a known magic is an
/// error). Concatenated gzip members and zstd frames are read as one stream.
///
/// JSONL: blank lines (whitespace only) are ignored and counted in ReadStats::blank_lines; a
/// UTF-8 byte-order mark at the start of a file is ignored; the last line needs no newline. Of
/// duplicated keys in one object, the last wins. Unknown fields are ignored. Ids are not checked
/// for uniqueness unless ReaderOptions::unique_ids asks for it. A time field that parse_time or
/// epoch_time cannot read (or ReaderOptions::time_format when set) leaves Document::published
/// empty, is counted in ReadStats::unparsed_times and described in ReadStats::time_diagnostics;
/// the record is kept (with ReaderOptions::strict it throws Error naming `file:line`).
///
/// Bad records (see SkipReason) are skipped, counted and described in ReadStats::diagnostics;
/// with ReaderOptions::strict the first one throws Error naming `file:line` instead
/// (Errc::bad_format, too_large, bad_utf8 or binary_input). An empty file gives no record and no
/// error; an empty or whitespace-only text file is skipped as empty_text.
///
/// Fatal errors throw Error naming the file: a missing path (Errc::io, from the constructor,
/// which checks every input before reading any), a path that is neither file nor directory
/// (not_a_file), a JSONL file or a directory that cannot be opened or read (io), a truncated or
/// corrupt gzip/zstd stream (bad_format; "truncated" or "corrupt" in the message). Records before
/// a corruption have already been returned: reading is streaming. A text file (one record) that
/// cannot be opened or read is skipped as unreadable instead, like any bad record.
///
/// Memory is bounded by the largest record (at most about max_doc_bytes: longer lines are
/// discarded while they are read), not by the file. Not thread-safe; one reader per thread.
class ArticleReader {
public:
    /// Checks the options (Errc::bad_argument: an empty or repeated field name, max_doc_bytes 0,
    /// `-` given twice) and that every input exists (Errc::io). Reads nothing yet.
    explicit ArticleReader(std::vector<std::string> inputs, ReaderOptions options = {});
    /// Reads parts made by plan_parts() and split_parts() (any consecutive run of them). Line
    /// numbers in diagnostics and errors are those of the whole file. Checks the options.
    static ArticleReader from_parts(std::vector<InputPart> parts, ReaderOptions options);
    ~ArticleReader();
    ArticleReader(ArticleReader&&) noexcept;
    ArticleReader& operator=(ArticleReader&&) noexcept;
    ArticleReader(const ArticleReader&) = delete;
    ArticleReader& operator=(const ArticleReader&) = delete;

    /// Reads the next usable record into `out` (its buffers are reused). Returns false at the
    /// end of the last input. Throws Error as described above.
    bool next(Record& out);

    const ReadStats& stats() const noexcept { return stats_; }
    const ReaderOptions& options() const noexcept { return options_; }

    /// With ReaderOptions::unique_ids: takes `ids` as read already, so records with them are
    /// skipped as duplicate_id like any later repeat. A distributed scan's rank re-reads its part
    /// of the inputs with the ids that records on earlier ranks had. Call before the first next().
    void assume_read(std::unordered_set<std::string> ids) { ids_ = std::move(ids); }

private:
    std::unique_ptr<detail::RecordSource> open_part(const InputPart& part);

    std::vector<std::string> inputs_;
    std::vector<InputPart> parts_;
    ReaderOptions options_;
    bool use_parts_ = false;
    ReadStats stats_;
    std::size_t next_input_ = 0;
    std::unique_ptr<detail::RecordSource> source_;  ///< the input being read, or null
    std::unordered_set<std::string> ids_;  ///< ids read so far, with ReaderOptions::unique_ids
};

}  // namespace wiretrace::io
