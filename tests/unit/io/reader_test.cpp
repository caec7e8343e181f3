// SPDX-License-Identifier: Apache-2.0
// Tests of io::ArticleReader: JSONL, text files, directories, gzip and zstd, and every kind of bad
// record and broken input, on fixture files written into a fresh temporary directory.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>
#include <zlib.h>
#include <zstd.h>

#include "wiretrace/error.hpp"
#include "support/compress.hpp"
#include "support/temp_dir.hpp"
#include "wiretrace/io/text_file.hpp"
#include "wiretrace/io/reader.hpp"

namespace fs = std::filesystem;
using wiretrace::Errc;
using wiretrace::Error;
using wiretrace::io::ArticleReader;
using wiretrace::io::ReaderOptions;
using wiretrace::io::Record;
using wiretrace::io::SkipReason;
using wiretrace::io::Utf8Policy;

namespace {

using wiretrace::test::TempDir;
using wiretrace::test::gzip;
using wiretrace::test::zstd;


std::vector<Record> read_all(ArticleReader& reader) {
    std::vector<Record> records;
    Record record;
    while (reader.next(record)) records.push_back(record);
    return records;
}

std::vector<std::string> ids_of(const std::vector<Record>& records) {
    std::vector<std::string> ids;
    for (const Record& r : records) ids.push_back(r.doc.id);
    return ids;
}

/// `n` JSONL records with ids "r0".."r{n-1}" and texts that do not compress to nothing.
std::string numbered_jsonl(int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
        out += "{\"id\":\"r" + std::to_string(i) + "\",\"text\":\"Story number " + std::to_string(i) +
               " was filed at " + std::to_string(i * 7919 % 100003) + " by desk " + std::to_string(i % 97) +
               ".\"}\n";
    }
    return out;
}

/// The error thrown by draining `reader`; also checks that the records before it are r0, r1, ...
Error drain_until_error(ArticleReader& reader, std::size_t& records) {
    Record record;
    records = 0;
    try {
        while (reader.next(record)) {
            REQUIRE(record.doc.id == fmt::format("r{}", records));
            ++records;
        }
    } catch (const Error& e) {
        return e;
    }
    FAIL("no error thrown");
    return Error(Errc::io, "", "");
}

/// Reading the first record of `path` throws Error with this code and exactly this message.
void check_first_record_error(const std::string& path, const ReaderOptions& options, Errc code,
                              const std::string& message) {
    ArticleReader reader({path}, options);
    Record record;
    try {
        reader.next(record);
        FAIL("no error thrown");
    } catch (const Error& e) {
        CHECK(e.code() == code);
        CHECK(std::string(e.what()) == message);
    }
}

}  // namespace

TEST_CASE("reader: JSONL with custom field names, numeric ids and times", "[io]") {
    TempDir dir;
    const std::string jsonl =
        "{\"doc_id\":\"a1\",\"body\":\"First text.\",\"headline\":\"T1\",\"source\":\"AP\","
        "\"date\":\"2014-09-15T10:30:00Z\",\"extra\":[1,2,{\"x\":null}]}\n"
        "{\"doc_id\":42,\"body\":\"Second \\u00e9 text.\",\"date\":\"2014-09-15\"}\n"
        "{\"doc_id\":-7,\"body\":\"Third.\",\"date\":1410777000,\"source\":null}\n"
        "{\"date\":\"yesterday\",\"body\":\"Fourth.\",\"doc_id\":\"z\",\"text\":5}\n";
    const std::string path = dir.write("corpus.jsonl", jsonl);
    ReaderOptions options;
    options.fields = {"doc_id", "body", "headline", "source", "date"};
    ArticleReader reader({path}, options);
    const std::vector<Record> records = read_all(reader);
    REQUIRE(records.size() == 4);
    CHECK(ids_of(records) == std::vector<std::string>{"a1", "42", "-7", "z"});

    CHECK(records[0].doc.text == "First text.");
    CHECK(records[0].doc.title == "T1");
    CHECK(records[0].doc.outlet == "AP");
    CHECK(records[0].doc.published == std::optional<std::int64_t>(1410777000));
    CHECK(records[0].doc.published_granularity == 1);
    CHECK(records[0].file == path);
    CHECK(records[0].line == 1);
    CHECK(records[0].offset == 0);
    CHECK(records[0].bytes == jsonl.find('\n'));
    CHECK(records[0].rereadable);

    CHECK(records[1].doc.text == "Second \xC3\xA9 text.");
    CHECK(records[1].doc.title.empty());
    CHECK(records[1].doc.published == std::optional<std::int64_t>(1410739200));
    CHECK(records[1].doc.published_granularity == 86400);
    CHECK(records[1].line == 2);
    CHECK(records[1].offset == jsonl.find('\n') + 1);

    CHECK(records[2].doc.outlet.empty());
    CHECK(records[2].doc.published == std::optional<std::int64_t>(1410777000));

    CHECK(records[3].doc.text == "Fourth.");
    CHECK_FALSE(records[3].doc.published.has_value());

    const auto& stats = reader.stats();
    CHECK(stats.records == 4);
    CHECK(stats.skipped == 0);
    CHECK(stats.bytes == jsonl.size());
    CHECK(stats.files == 1);
    CHECK(stats.unparsed_times == 1);
    CHECK(stats.diagnostics.empty());
}

TEST_CASE("reader: the offset and length of a record re-read the raw line", "[io]") {
    TempDir dir;
    const std::string jsonl = "\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"x\"}\r\n\n{\"id\":\"b\",\"text\":\"y\"}";
    const std::string path = dir.write("crlf.jsonl", jsonl);
    ArticleReader reader({path});
    const std::vector<Record> records = read_all(reader);
    REQUIRE(records.size() == 2);
    CHECK(records[0].offset == 3);  // after the byte-order mark
    CHECK(jsonl.substr(records[0].offset, records[0].bytes) == "{\"id\":\"a\",\"text\":\"x\"}\r");
    CHECK(records[1].line == 3);
    CHECK(jsonl.substr(records[1].offset, records[1].bytes) == "{\"id\":\"b\",\"text\":\"y\"}");
    CHECK(reader.stats().blank_lines == 1);
}

namespace {

/// Two good records (lines 1 and 11) among bad ones; see the expectations below.
const std::string kBadJsonl =
    "{\"id\":\"ok1\",\"text\":\"good\"}\n"                     // 1
    "{\"id\":\"m1\",\"text\":\"unterminated\n"                 // 2 malformed
    "   \n"                                                    // 3 blank
    "{\"text\":\"no id\"}\n"                                   // 4 missing id
    "{\"id\":\"m2\"}\n"                                        // 5 missing text
    "{\"id\":\"m3\",\"text\":12}\n"                            // 6 wrong type
    "{\"id\":1.5,\"text\":\"x\"}\n"                            // 7 wrong type
    "{\"id\":\"m4\",\"text\":\"  \\n\\t \"}\n"                 // 8 empty text
    "[1,2]\n"                                                  // 9 malformed: not an object
    "{\"id\":\"m5\",\"text\":\"a\"} {}\n"                      // 10 malformed: text after it
    "{\"id\":\"ok2\",\"text\":\"fine\",\"title\":null}\n"      // 11
    "{\"id\":\"m6\",\"text\":\"x\",\"title\":5}\n"             // 12 wrong type
    "{\"id\":\"\",\"text\":\"x\"}\n"                           // 13 missing id (empty)
    "{\"id\":\"m7\",\"text\":null}\n"                          // 14 missing text (null)
    "{\"id\":\"m8\",\"text\":\"a\\u0000b\"}\n"                 // 15 NUL in the text
    "{\"id\":\"m9\",\"text\":\"x\",\"published\":{}}\n"        // 16 wrong type
    "\n";                                                      // 17 blank

}  // namespace

TEST_CASE("reader: bad JSONL records are skipped, counted and located", "[io][bad_input]") {
    TempDir dir;
    const std::string path = dir.write("bad.jsonl", kBadJsonl);
    ArticleReader reader({path});
    const std::vector<Record> records = read_all(reader);
    CHECK(ids_of(records) == std::vector<std::string>{"ok1", "ok2"});
    CHECK(records[1].line == 11);

    const auto& stats = reader.stats();
    CHECK(stats.records == 2);
    CHECK(stats.skipped == 13);
    CHECK(stats.blank_lines == 2);
    CHECK(stats.skipped_for(SkipReason::malformed_json) == 3);
    CHECK(stats.skipped_for(SkipReason::missing_id) == 2);
    CHECK(stats.skipped_for(SkipReason::missing_text) == 2);
    CHECK(stats.skipped_for(SkipReason::wrong_type) == 4);
    CHECK(stats.skipped_for(SkipReason::empty_text) == 1);
    CHECK(stats.skipped_for(SkipReason::nul_byte) == 1);
    CHECK(stats.skipped_for(SkipReason::too_large) == 0);
    CHECK(stats.skipped_for(SkipReason::bad_utf8) == 0);

    REQUIRE(stats.diagnostics.size() == 13);
    std::vector<std::uint64_t> lines;
    std::vector<SkipReason> kinds;
    for (const auto& d : stats.diagnostics) {
        lines.push_back(d.line);
        kinds.push_back(d.kind);
        CHECK(d.file == path);
    }
    CHECK(lines == std::vector<std::uint64_t>{2, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16});
    CHECK(kinds == std::vector<SkipReason>{SkipReason::malformed_json, SkipReason::missing_id,
                                           SkipReason::missing_text, SkipReason::wrong_type, SkipReason::wrong_type,
                                           SkipReason::empty_text, SkipReason::malformed_json,
                                           SkipReason::malformed_json, SkipReason::wrong_type,
                                           SkipReason::missing_id, SkipReason::missing_text, SkipReason::nul_byte,
                                           SkipReason::wrong_type});
    CHECK(stats.diagnostics[0].where() == path + ":2");
    CHECK(stats.diagnostics[3].id == "m3");
    CHECK(stats.diagnostics[3].reason == "\"text\" must be a string");
    CHECK(stats.diagnostics[4].id.empty());
    CHECK(stats.diagnostics[4].reason == "\"id\" must be a string or an integer");
    CHECK(stats.diagnostics[7].id == "m5");
    CHECK(stats.diagnostics[7].reason == "text after the JSON object");
    CHECK(stats.diagnostics[6].reason == "expected a JSON object");
    CHECK(stats.diagnostics[8].reason == "\"title\" must be a string");
    CHECK(wiretrace::io::skip_reason_name(SkipReason::wrong_type) == "wrong_type");
}

TEST_CASE("reader: only the first diagnostics are kept, all are counted", "[io][bad_input]") {
    TempDir dir;
    const std::string path = dir.write("bad.jsonl", kBadJsonl);
    ReaderOptions options;
    options.max_diagnostics = 2;
    ArticleReader reader({path}, options);
    CHECK(read_all(reader).size() == 2);
    CHECK(reader.stats().skipped == 13);
    REQUIRE(reader.stats().diagnostics.size() == 2);
    CHECK(reader.stats().diagnostics[1].line == 4);
}

TEST_CASE("reader: strict mode throws at the first bad record, naming file:line", "[io][bad_input]") {
    TempDir dir;
    ReaderOptions options;
    options.strict = true;

    SECTION("malformed JSON") {
        const std::string path = dir.write("bad.jsonl", kBadJsonl);
        ArticleReader reader({path}, options);
        Record record;
        REQUIRE(reader.next(record));
        CHECK(record.doc.id == "ok1");
        try {
            reader.next(record);
            FAIL("no error thrown");
        } catch (const Error& e) {
            CHECK(e.code() == Errc::bad_format);
            CHECK(e.where() == path + ":2");
            CHECK(std::string(e.what()).starts_with(path + ":2: invalid JSON"));
        }
    }
    SECTION("wrong type names the id") {
        const std::string path = dir.write("t.jsonl", "{\"id\":\"m3\",\"text\":12}\n");
        check_first_record_error(path, options, Errc::bad_format, path + ":1: id=m3: \"text\" must be a string");
    }
    SECTION("NUL byte is binary input") {
        const std::string path = dir.write("n.jsonl", std::string("{\"id\":\"a\",\"text\":\"x") + '\0' + "y\"}\n");
        check_first_record_error(path, options, Errc::binary_input, path + ":1: NUL byte at byte 19 of the line");
    }
    SECTION("invalid UTF-8") {
        const std::string path = dir.write("u.jsonl", "{\"id\":\"a\",\"text\":\"caf\xE9\"}\n");
        check_first_record_error(path, options, Errc::bad_utf8, path + ":1: invalid UTF-8 at byte 21 of the line (1 invalid sequence)");
    }
    SECTION("too large") {
        options.max_doc_bytes = 10;
        const std::string path = dir.write("l.jsonl", "{\"id\":\"a\",\"text\":\"long enough\"}\n");
        ArticleReader reader({path}, options);
        Record record;
        try {
            reader.next(record);
            FAIL("no error thrown");
        } catch (const Error& e) {
            CHECK(e.code() == Errc::too_large);
            CHECK(e.where() == path + ":1");
        }
    }
}

TEST_CASE("reader: gzip and zstd round trips, concatenated members and frames", "[io]") {
    TempDir dir;
    const std::string part1 = numbered_jsonl(3);
    std::string part2;
    for (int i = 3; i < 5; ++i) part2 += "{\"id\":\"r" + std::to_string(i) + "\",\"text\":\"t" + std::to_string(i) + "\"}\n";
    const std::vector<std::string> expected{"r0", "r1", "r2", "r3", "r4"};

    SECTION("gzip") {
        const std::string path = dir.write("c.jsonl.gz", gzip(part1 + part2));
        ArticleReader reader({path});
        const auto records = read_all(reader);
        CHECK(ids_of(records) == expected);
        CHECK_FALSE(records[0].rereadable);
        CHECK(records[3].offset == part1.size());
        CHECK(reader.stats().bytes == part1.size() + part2.size());
    }
    SECTION("concatenated gzip members") {
        const std::string path = dir.write("c.jsonl.gz", gzip(part1) + gzip(part2));
        ArticleReader reader({path});
        CHECK(ids_of(read_all(reader)) == expected);
    }
    SECTION("zstd") {
        const std::string path = dir.write("c.jsonl.zst", zstd(part1 + part2));
        ArticleReader reader({path});
        const auto records = read_all(reader);
        CHECK(ids_of(records) == expected);
        CHECK(records[4].doc.text == "t4");
    }
    SECTION("concatenated zstd frames") {
        const std::string path = dir.write("c.jsonl.zst", zstd(part1) + zstd(part2));
        ArticleReader reader({path});
        CHECK(ids_of(read_all(reader)) == expected);
    }
    SECTION("gzip member of nothing") {
        const std::string path = dir.write("e.jsonl.gz", gzip(""));
        ArticleReader reader({path});
        CHECK(read_all(reader).empty());
    }
}

TEST_CASE("reader: truncated gzip and zstd return the records before the cut, then fail", "[io][bad_input]") {
    TempDir dir;
    constexpr int kRecords = 200000;  // about 12 MB: several decoder calls before the cut
    const std::string jsonl = numbered_jsonl(kRecords);
    const std::string gz = gzip(jsonl);
    const std::string zs = zstd(jsonl);

    struct Compressed {
        const char* name;
        const char* format;
        const std::string& bytes;
    };
    for (const Compressed& c : {Compressed{"cut.jsonl.gz", "gzip", gz}, Compressed{"cut.jsonl.zst", "zstd", zs}}) {
        DYNAMIC_SECTION(c.format) {
            const std::string path = dir.write(c.name, c.bytes.substr(0, c.bytes.size() * 3 / 4));
            ArticleReader reader({path});
            std::size_t records = 0;
            const Error e = drain_until_error(reader, records);
            CHECK(e.code() == Errc::bad_format);
            CHECK(e.where() == path);
            CHECK_THAT(e.what(), Catch::Contains(std::string("truncated ") + c.format + " stream"));
            CHECK(records > kRecords / 2);
            CHECK(records < kRecords);
        }
    }
    SECTION("gzip cut inside its header") {
        const std::string path = dir.write("tiny.gz", gz.substr(0, 5));
        ArticleReader reader({path});
        std::size_t records = 0;
        const Error e = drain_until_error(reader, records);
        CHECK(records == 0);
        CHECK_THAT(e.what(), Catch::Contains("truncated gzip stream"));
    }
    SECTION("corrupt gzip") {
        std::string broken = gz;
        for (std::size_t i = 100; i < 400; ++i) broken[i] = static_cast<char>(broken[i] ^ 0x5A);
        const std::string path = dir.write("bad.jsonl.gz", broken);
        ArticleReader reader({path});
        std::size_t records = 0;
        const Error e = drain_until_error(reader, records);
        CHECK(e.code() == Errc::bad_format);
        CHECK_THAT(e.what(), Catch::Contains(path + ": corrupt gzip stream"));
    }
    SECTION("corrupt zstd") {
        // Without a checksum, zstd cannot see every flipped bit: garbled text then shows up as
        // bad records. With one, the frame fails at its end, after its garbled lines were read.
        std::string broken = zstd(jsonl, true);
        for (std::size_t i = 100; i < 400; ++i) broken[i] = static_cast<char>(broken[i] ^ 0x5A);
        const std::string path = dir.write("bad.jsonl.zst", broken);
        ArticleReader reader({path});
        Record record;
        try {
            while (reader.next(record)) {
            }
            FAIL("no error thrown");
        } catch (const Error& e) {
            CHECK(e.code() == Errc::bad_format);
            CHECK_THAT(e.what(), Catch::Contains(path + ": corrupt zstd stream"));
        }
    }
    SECTION("a compressed name without the magic number") {
        const std::string path = dir.write("plain.jsonl.gz", jsonl.substr(0, 100));
        ArticleReader reader({path});
        std::size_t records = 0;
        const Error e = drain_until_error(reader, records);
        CHECK(std::string(e.what()) == path + ": corrupt gzip file: it does not start with the gzip magic number");
    }
}

TEST_CASE("reader: compression is detected by magic bytes whatever the name", "[io]") {
    TempDir dir;
    const std::string jsonl = numbered_jsonl(2);
    const std::string a = dir.write("dump.jsonl", gzip(jsonl));
    const std::string b = dir.write("dump2", zstd(jsonl));
    const std::string c = dir.write("story.txt", zstd("A story.\n"));
    ArticleReader reader({a, b, c});
    const auto records = read_all(reader);
    CHECK(ids_of(records) == std::vector<std::string>{"r0", "r1", "r0", "r1", c});
    CHECK(records[4].doc.text == "A story.\n");
    CHECK_FALSE(records[4].rereadable);
    CHECK(reader.stats().files == 3);
}

TEST_CASE("reader: directories are read recursively in path order with relative ids", "[io]") {
    TempDir dir;
    dir.write("corpus/b.txt", "Bee.");
    dir.write("corpus/a/z.txt", "Zed.");
    dir.write("corpus/a.txt", "A.");
    dir.write("corpus/A/x.TXT", "Upper.");
    dir.write("corpus/notes.md", "ignored");
    dir.write("corpus/empty.txt", " \n");
    dir.write("corpus/sub/deep/c.txt.gz", gzip("Compressed."));
    const std::string root = dir.str() + "/corpus";
    ArticleReader reader({root});
    const auto records = read_all(reader);
    CHECK(ids_of(records) == std::vector<std::string>{"A/x.TXT", "a.txt", "a/z.txt", "b.txt", "sub/deep/c.txt.gz"});
    REQUIRE(records.size() == 5);
    CHECK(records[0].doc.text == "Upper.");
    CHECK(records[2].file == root + "/a/z.txt");
    CHECK(records[2].doc.text == "Zed.");
    CHECK(records[2].line == 1);
    CHECK(records[2].offset == 0);
    CHECK(records[2].bytes == 4);
    CHECK(records[2].rereadable);
    CHECK(records[4].doc.text == "Compressed.");
    CHECK_FALSE(records[4].rereadable);
    const auto& stats = reader.stats();
    CHECK(stats.ignored_files == 1);
    CHECK(stats.files == 6);
    CHECK(stats.skipped_for(SkipReason::empty_text) == 1);
    REQUIRE(stats.diagnostics.size() == 1);
    CHECK(stats.diagnostics[0].where() == root + "/empty.txt");
    CHECK(stats.diagnostics[0].id == "empty.txt");

    SECTION("a trailing slash gives the same ids") {
        ArticleReader again({root + "/"});
        CHECK(ids_of(read_all(again)) == ids_of(records));
    }
}

TEST_CASE("reader: several inputs are read in order", "[io]") {
    TempDir dir;
    const std::string line = "{\"id\":\"j1\",\"text\":\"one\"}\n";
    const std::string jsonl = dir.write("a.jsonl", line);
    const std::string txt = dir.write("single.txt", "Single file.");
    dir.write("d/x.txt", "Dir file.");
    ArticleReader reader({jsonl, txt, dir.str() + "/d"});
    const auto records = read_all(reader);
    CHECK(ids_of(records) == std::vector<std::string>{"j1", txt, "x.txt"});
    CHECK(records[1].doc.text == "Single file.");
    CHECK(records[1].bytes == 12);
    CHECK(reader.stats().files == 3);
    CHECK(reader.stats().bytes == line.size() + 12 + 9);
}

TEST_CASE("reader: a 20 MB single-line record", "[io]") {
    TempDir dir;
    std::string body;
    body.reserve(20u << 20);
    while (body.size() < (20u << 20)) body += "wire copy ";
    const std::string big_line = "{\"id\":\"big\",\"text\":\"" + body + "\"}";
    const std::string path = dir.write("big.jsonl", big_line + "\n{\"id\":\"small\",\"text\":\"s\"}\n");
    ArticleReader reader({path});
    const auto records = read_all(reader);
    REQUIRE(records.size() == 2);
    CHECK(records[0].doc.id == "big");
    CHECK(records[0].doc.text.size() == body.size());
    CHECK(records[0].doc.text == body);
    CHECK(records[0].bytes == big_line.size());
    CHECK(records[1].doc.id == "small");
    CHECK(records[1].line == 2);
    CHECK(records[1].offset == big_line.size() + 1);
}

TEST_CASE("reader: records over max_doc_bytes are skipped", "[io][bad_input]") {
    TempDir dir;
    ReaderOptions options;
    options.max_doc_bytes = 100;
    const std::string ok = "{\"id\":\"ok\",\"text\":\"short\"}";
    const std::string medium = "{\"id\":\"m\",\"text\":\"" + std::string(150 - 20, 'x') + "\"}";
    REQUIRE(medium.size() == 150);
    const std::string huge = "{\"id\":\"h\",\"text\":\"" + std::string((10u << 20) - 20, 'y') + "\"}";
    REQUIRE(huge.size() == 10u << 20);
    const std::string path = dir.write("sizes.jsonl", ok + "\n" + medium + "\n" + huge + "\n" + ok + "\n");
    const std::string txt = dir.write("long.txt", std::string(101, 'z'));

    ArticleReader reader({path, txt}, options);
    const auto records = read_all(reader);
    CHECK(ids_of(records) == std::vector<std::string>{"ok", "ok"});
    CHECK(records[1].line == 4);
    CHECK(records[1].offset == ok.size() + medium.size() + huge.size() + 3);
    const auto& stats = reader.stats();
    CHECK(stats.skipped_for(SkipReason::too_large) == 3);
    REQUIRE(stats.diagnostics.size() == 3);
    CHECK(stats.diagnostics[0].where() == path + ":2");
    CHECK(stats.diagnostics[0].reason == "record of 150 bytes is over the limit of 100 bytes");
    CHECK(stats.diagnostics[1].where() == path + ":3");
    CHECK(stats.diagnostics[1].reason == "record of 10485760 bytes is over the limit of 100 bytes");
    CHECK(stats.diagnostics[2].where() == txt);
    CHECK(stats.diagnostics[2].reason == "file is over the limit of 100 bytes");
}

TEST_CASE("reader: invalid UTF-8 is rejected or repaired", "[io][bad_input]") {
    TempDir dir;
    // Line 2 has a Latin-1 byte, line 3 an overlong encoding of '/'.
    const std::string jsonl = "{\"id\":\"a\",\"text\":\"fine\"}\n"
                              "{\"id\":\"b\",\"text\":\"caf\xE9 au lait\"}\n"
                              "{\"id\":\"c\",\"text\":\"a\xC0\xAF b\"}\n";
    const std::string path = dir.write("u.jsonl", jsonl);
    const std::string txt = dir.write("latin1.txt", "ok\ncaf\xE9\n");

    SECTION("rejected") {
        ArticleReader reader({path, txt});
        CHECK(ids_of(read_all(reader)) == std::vector<std::string>{"a"});
        const auto& stats = reader.stats();
        CHECK(stats.skipped_for(SkipReason::bad_utf8) == 3);
        CHECK(stats.invalid_utf8_repaired == 0);
        REQUIRE(stats.diagnostics.size() == 3);
        CHECK(stats.diagnostics[0].where() == path + ":2");
        CHECK(stats.diagnostics[0].reason == "invalid UTF-8 at byte 21 of the line (1 invalid sequence)");
        CHECK(stats.diagnostics[1].where() == path + ":3");
        CHECK(stats.diagnostics[1].reason == "invalid UTF-8 at byte 19 of the line (2 invalid sequences)");
        CHECK(stats.diagnostics[2].where() == txt + ":2");
        CHECK(stats.diagnostics[2].reason == "invalid UTF-8 at byte offset 6 (1 invalid sequence in the file)");
    }
    SECTION("repaired") {
        ReaderOptions options;
        options.utf8 = Utf8Policy::repair;
        ArticleReader reader({path, txt}, options);
        const auto records = read_all(reader);
        REQUIRE(ids_of(records) == std::vector<std::string>{"a", "b", "c", txt});
        CHECK(records[1].doc.text == "caf\xEF\xBF\xBD au lait");
        CHECK(records[2].doc.text == "a\xEF\xBF\xBD\xEF\xBF\xBD b");
        CHECK(records[3].doc.text == "ok\ncaf\xEF\xBF\xBD\n");
        CHECK(records[3].bytes == 8);  // the raw file, before repair
        CHECK(reader.stats().invalid_utf8_repaired == 3);
        CHECK(reader.stats().skipped == 0);
    }
}

TEST_CASE("reader: NUL bytes make a record binary", "[io][bad_input]") {
    TempDir dir;
    const std::string jsonl = std::string("{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"x") + '\0' + "\"}\n";
    const std::string path = dir.write("n.jsonl", jsonl);
    const std::string txt = dir.write("bin.txt", std::string("line\nli") + '\0' + "ne\n");
    ArticleReader reader({path, txt});
    CHECK(ids_of(read_all(reader)) == std::vector<std::string>{"a"});
    const auto& stats = reader.stats();
    CHECK(stats.skipped_for(SkipReason::nul_byte) == 2);
    REQUIRE(stats.diagnostics.size() == 2);
    CHECK(stats.diagnostics[0].where() == path + ":2");
    CHECK(stats.diagnostics[0].reason == "NUL byte at byte 19 of the line");
    CHECK(stats.diagnostics[1].where() == txt + ":2");
    CHECK(stats.diagnostics[1].reason == "NUL byte at byte offset 7: binary file, not text");
}

TEST_CASE("reader: empty and whitespace-only inputs", "[io][bad_input]") {
    TempDir dir;
    const std::string empty = dir.write("empty.jsonl", "");
    const std::string empty_gz = dir.write("empty.jsonl.gz", "");
    const std::string blank = dir.write("blank.jsonl", "  \n\n \t\r\n");
    ArticleReader reader({empty, empty_gz, blank});
    CHECK(read_all(reader).empty());
    const auto& stats = reader.stats();
    CHECK(stats.records == 0);
    CHECK(stats.skipped == 0);
    CHECK(stats.blank_lines == 3);
    CHECK(stats.files == 3);
    CHECK(stats.bytes == 8);

    SECTION("an empty list of inputs reads nothing") {
        ArticleReader none({});
        Record record;
        CHECK_FALSE(none.next(record));
    }
}

TEST_CASE("reader: fatal errors and bad options", "[io][bad_input]") {
    TempDir dir;
    const std::string missing = dir.str() + "/missing.jsonl";
    try {
        ArticleReader reader({missing});
        FAIL("no error thrown");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::io);
        CHECK(std::string(e.what()) == missing + ": cannot open: No such file or directory");
    }
    try {
        ArticleReader reader({"-", "-"});
        FAIL("no error thrown");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::bad_argument);
    }
    ReaderOptions same;
    same.fields.title = "text";
    CHECK_THROWS_WITH(ArticleReader({}, same), "the JSONL field name \"text\" is given for two fields");
    ReaderOptions zero;
    zero.max_doc_bytes = 0;
    CHECK_THROWS_AS(ArticleReader({}, zero), Error);
}

TEST_CASE("reader: an unreadable file in a directory is skipped and counted, naming it", "[io][bad_input]") {
    if (::geteuid() == 0) {
        WARN("skipped: running as root, permissions are not enforced");
        return;
    }
    TempDir dir;
    dir.write("d/a.txt", "Readable.");
    const std::string locked = dir.write("d/b.txt", "Locked.");
    dir.write("d/c.txt", "Also readable.");
    fs::permissions(locked, fs::perms::none);
    ArticleReader reader({dir.str() + "/d"});
    Record record;
    REQUIRE(reader.next(record));
    CHECK(record.doc.id == "a.txt");
    REQUIRE(reader.next(record));
    CHECK(record.doc.id == "c.txt");
    CHECK_FALSE(reader.next(record));
    const wiretrace::io::ReadStats& stats = reader.stats();
    CHECK(stats.records == 2);
    CHECK(stats.skipped_for(SkipReason::unreadable) == 1);
    REQUIRE(stats.diagnostics.size() == 1);
    CHECK(stats.diagnostics[0].where() == locked);
    CHECK(stats.diagnostics[0].id == "b.txt");
    CHECK(stats.diagnostics[0].reason == "cannot open: Permission denied");
}

TEST_CASE("reader: a text file that cannot be opened is skipped, or fatal with strict", "[io][bad_input]") {
    TempDir dir;
    dir.write("d/a.txt", "Readable.");
    const std::string dangling = dir.str() + "/d/b.txt";
    fs::create_symlink(dir.str() + "/nowhere.txt", dangling);
    ArticleReader reader({dir.str() + "/d"});
    Record record;
    REQUIRE(reader.next(record));
    CHECK(record.doc.id == "a.txt");
    CHECK_FALSE(reader.next(record));
    CHECK(reader.stats().skipped == 1);
    CHECK(reader.stats().skipped_for(SkipReason::unreadable) == 1);
    REQUIRE(reader.stats().diagnostics.size() == 1);
    CHECK(reader.stats().diagnostics[0].file == dangling);
    CHECK(reader.stats().diagnostics[0].reason == "cannot open: No such file or directory");
    CHECK(wiretrace::io::skip_reason_name(SkipReason::unreadable) == "unreadable");

    ReaderOptions strict;
    strict.strict = true;
    try {
        ArticleReader fatal({dir.str() + "/d"}, strict);
        while (fatal.next(record)) {
        }
        FAIL("no error thrown");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::io);
        CHECK(std::string(e.what()) == dangling + ": id=b.txt: cannot open: No such file or directory");
    }
}

TEST_CASE("reader: input parts read the same records as the inputs", "[io]") {
    using wiretrace::io::InputPart;
    TempDir dir;
    // A BOM, a blank line and a malformed line (line 42) in a file cut into many byte ranges.
    std::string big = "\xEF\xBB\xBF" + numbered_jsonl(40) + "\n{broken\n" + numbered_jsonl(60);
    const std::string big_path = dir.write("big.jsonl", big);
    const std::string gz_path = dir.write("small.jsonl.gz", gzip(numbered_jsonl(5)));
    dir.write("texts/b.txt", "Text b.");
    dir.write("texts/a.txt", "Text a.");
    dir.write("texts/notes.md", "not read");
    const std::vector<std::string> inputs{big_path, dir.str() + "/texts", gz_path};

    wiretrace::io::ReadStats plan_stats;
    const std::vector<InputPart> whole = wiretrace::io::plan_parts(inputs, {}, plan_stats);
    CHECK(plan_stats.ignored_files == 1);
    REQUIRE(whole.size() == 4);  // big, a.txt, b.txt, the gzip file
    CHECK(whole[0].bytes == big.size());
    CHECK(whole[1].id == "a.txt");
    CHECK(whole[2].id == "b.txt");
    const std::vector<InputPart> parts = wiretrace::io::split_parts(whole, 500);
    std::size_t big_parts = 0;
    std::uint64_t next = 0;
    for (const InputPart& p : parts) {
        if (p.path != big_path) continue;
        ++big_parts;
        CHECK(p.begin == next);
        CHECK((p.begin == 0 || big[p.begin - 1] == '\n'));  // every range starts a line
        next = p.end;
    }
    CHECK(next == InputPart::kToEnd);
    CHECK(big_parts >= big.size() / 500 - 1);
    CHECK(parts.size() == big_parts + 3);  // the text files and the gzip file stay whole

    ArticleReader plain(inputs, {});
    const std::vector<Record> expected = read_all(plain);
    ArticleReader cut = ArticleReader::from_parts(parts, {});
    const std::vector<Record> got = read_all(cut);
    REQUIRE(got.size() == expected.size());
    REQUIRE(got.size() == 107);
    for (std::size_t i = 0; i < got.size(); ++i) {
        CHECK(got[i].doc.id == expected[i].doc.id);
        CHECK(got[i].doc.text == expected[i].doc.text);
        CHECK(got[i].file == expected[i].file);
        CHECK(got[i].offset == expected[i].offset);
        CHECK(got[i].bytes == expected[i].bytes);
    }
    const auto& a = plain.stats();
    const auto& b = cut.stats();
    CHECK(b.records == a.records);
    CHECK(b.skipped == 1);
    CHECK(b.blank_lines == a.blank_lines);
    CHECK(b.bytes == a.bytes);
    CHECK(b.files == a.files);  // big.jsonl once, though cut
    REQUIRE(b.diagnostics.size() == 1);
    CHECK(b.diagnostics[0].where() == big_path + ":42");  // the line in the whole file
    CHECK(a.diagnostics[0].where() == big_path + ":42");

    SECTION("strict mode names the line in the whole file") {
        ReaderOptions strict;
        strict.strict = true;
        std::vector<InputPart> tail;  // big.jsonl without its first range: the count starts later
        for (const InputPart& p : parts) {
            if (p.path == big_path && p.begin > 0) tail.push_back(p);
        }
        ArticleReader reader = ArticleReader::from_parts(tail, strict);
        try {
            read_all(reader);
            FAIL("no error thrown");
        } catch (const Error& e) {
            CHECK(e.code() == Errc::bad_format);
            CHECK(e.where() == big_path + ":42");
        }
    }
}
TEST_CASE("reader: with unique_ids a repeated id is skipped and the first record wins", "[io][bad_input]") {
    TempDir dir;
    const std::string first = dir.write("a.jsonl",
                                        "{\"id\":\"x\",\"text\":\"first\"}\n{\"id\":\"y\",\"text\":\"other\"}\n"
                                        "{\"id\":\"x\",\"text\":\"second\"}\n");
    const std::string second = dir.write("b.jsonl", "{\"id\":\"y\",\"text\":\"again\"}\n{\"id\":7,\"text\":\"seven\"}\n");
    ReaderOptions options;
    SECTION("without unique_ids every record is read") {
        ArticleReader reader({first, second}, options);
        CHECK(ids_of(read_all(reader)) == std::vector<std::string>{"x", "y", "x", "y", "7"});
        CHECK(reader.stats().skipped == 0);
    }
    SECTION("with unique_ids the repeats are skipped, counted and located") {
        options.unique_ids = true;
        ArticleReader reader({first, second}, options);
        const auto records = read_all(reader);
        CHECK(ids_of(records) == std::vector<std::string>{"x", "y", "7"});
        CHECK(records[0].doc.text == "first");
        const auto& stats = reader.stats();
        CHECK(stats.records == 3);
        CHECK(stats.skipped == 2);
        CHECK(stats.skipped_for(SkipReason::duplicate_id) == 2);
        REQUIRE(stats.diagnostics.size() == 2);
        CHECK(stats.diagnostics[0].where() == first + ":3");
        CHECK(stats.diagnostics[0].id == "x");
        CHECK(stats.diagnostics[0].reason == "the id of an earlier record");
        CHECK(stats.diagnostics[1].where() == second + ":1");
        CHECK(wiretrace::io::skip_reason_name(SkipReason::duplicate_id) == "duplicate_id");
    }
    SECTION("strict mode throws at the first repeat") {
        options.unique_ids = true;
        options.strict = true;
        ArticleReader reader({first, second}, options);
        Record record;
        REQUIRE(reader.next(record));
        REQUIRE(reader.next(record));
        try {
            reader.next(record);
            FAIL("no error thrown");
        } catch (const Error& e) {
            CHECK(e.code() == Errc::bad_format);
            CHECK(std::string(e.what()) == first + ":3: id=x: the id of an earlier record");
        }
    }
}

TEST_CASE("reader: an id of the wrong JSON type names both accepted types", "[io][bad_input]") {
    TempDir dir;
    const std::string path = dir.write("ids.jsonl",
                                       "{\"id\":{\"n\":1},\"text\":\"x\"}\n{\"id\":[1],\"text\":\"x\"}\n"
                                       "{\"id\":true,\"text\":\"x\"}\n{\"id\":1.5,\"text\":\"x\"}\n");
    ArticleReader reader({path});
    CHECK(read_all(reader).empty());
    const auto& stats = reader.stats();
    REQUIRE(stats.diagnostics.size() == 4);
    for (const auto& d : stats.diagnostics) {
        CHECK(d.kind == SkipReason::wrong_type);
        CHECK(d.reason == "\"id\" must be a string or an integer");
    }
}

TEST_CASE("io::read_stream and read_file: whole inputs, with or without a byte limit", "[io]") {
    using wiretrace::io::read_file;
    using wiretrace::io::read_stream;
    // Sizes around the 64 KiB block the reader uses, and an empty input.
    for (const std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{65535}, std::size_t{65536},
                                   std::size_t{65537}, std::size_t{200000}}) {
        std::string data(size, 'x');
        for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<char>('a' + i % 26);
        std::istringstream unlimited(data);
        CHECK(read_stream(unlimited, "s") == data);  // no limit (the default)
        std::istringstream at_limit(data);
        CHECK(read_stream(at_limit, "s", size) == data);
        if (size > 0) {
            std::istringstream over(data);
            CHECK_THROWS_WITH(read_stream(over, "s", size - 1),
                              fmt::format("s: over the limit of {} bytes (--max-doc-bytes)", size - 1));
        }
    }
    TempDir dir;
    const std::string path = dir.write("a.txt", "Twelve bytes");
    CHECK(read_file(path) == "Twelve bytes");
    CHECK(read_file(path, 12) == "Twelve bytes");
    try {
        read_file(path, 11);
        FAIL("no error thrown");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::too_large);
        CHECK(std::string(e.what()) == path + ": over the limit of 11 bytes (--max-doc-bytes)");
    }
}
