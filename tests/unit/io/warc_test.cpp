// SPDX-License-Identifier: Apache-2.0
// Tests of io::WarcReader: every file of the real WARC samples (../shared/datasets/warc-samples,
// skipped with a message when absent) with its record counts and damage named file:offset, and
// small WARC files written here: chunked and encoded HTTP bodies, gzip members and zstd frames
// (with a dictionary), truncated and corrupt members, garbage between records, limits, strict.
#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "io/byte_source.hpp"
#include "support/compress.hpp"
#include "support/files.hpp"
#include "support/temp_dir.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/io/warc.hpp"

namespace fs = std::filesystem;
using wiretrace::Errc;
using wiretrace::Error;
using namespace wiretrace::io;
using wiretrace::test::gzip;
using wiretrace::test::TempDir;
using wiretrace::test::zstd;

namespace {

/// The samples directory beside the repository, or empty (with a warning) when absent.
std::string samples_dir() {
    const fs::path dir = fs::path(WIRETRACE_SOURCE_DIR) / ".." / "shared" / "datasets" / "warc-samples";
    if (!fs::is_directory(dir)) {
        WARN("skipped: no " << dir.string() << " (the WARC samples beside the repository)");
        return {};
    }
    return dir.string();
}

struct ReadResult {
    std::vector<WarcRecord> records;
    WarcStats stats;
};

ReadResult read_file(const std::string& path, WarcOptions options = {}) {
    WarcReader reader(path, options);
    ReadResult result;
    WarcRecord record;
    while (reader.next(record)) result.records.push_back(record);
    result.stats = reader.stats();
    return result;
}

/// The counts by type as "type=n" words in WarcType order, e.g. "warcinfo=1 response=2".
std::string type_counts(const WarcStats& stats) {
    std::string out;
    for (std::size_t i = 0; i < kWarcTypeCount; ++i) {
        if (stats.by_type[i] == 0) continue;
        out += fmt::format("{}{}={}", out.empty() ? "" : " ", warc_type_name(static_cast<WarcType>(i)), stats.by_type[i]);
    }
    return out;
}

std::vector<std::string> wheres(const WarcStats& stats) {
    std::vector<std::string> out;
    for (const WarcDiagnostic& d : stats.diagnostics) out.push_back(fmt::format("{} {}", warc_skip_name(d.kind), d.where()));
    return out;
}

/// One WARC/1.0 record of `type` with `block`, and extra header lines.
std::string record(std::string_view type, std::string_view uri, std::string_view block, std::string_view extra = "",
                   std::string_view content_type = "application/http; msgtype=response") {
    return fmt::format("WARC/1.0\r\nWARC-Type: {}\r\nWARC-Target-URI: {}\r\nWARC-Date: 2024-05-01T10:00:00Z\r\n"
                       "WARC-Record-ID: <urn:uuid:{}>\r\n{}Content-Type: {}\r\nContent-Length: {}\r\n\r\n{}\r\n\r\n",
                       type, uri, uri.size(), extra, content_type, block.size(), block);
}

/// An HTTP response with these header lines and body.
std::string http(std::string_view headers, std::string_view body) {
    return fmt::format("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{}\r\n{}", headers, body);
}

std::string response(std::string_view uri, std::string_view body, std::string_view headers = "") {
    return record("response", uri, http(headers, body));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The real samples

TEST_CASE("warc samples: every file read with its record counts, damage named file:offset", "[io][warc]") {
    const std::string dir = samples_dir();
    if (dir.empty()) return;
    struct Expect {
        const char* file;
        const char* types;               // records by type (headers read)
        std::uint64_t returned;          // response + resource + revisit records returned
        std::vector<std::string> skips;  // "reason file:offset" (the file relative to dir)
    };
    const std::vector<Expect> expected = {
        {"gowarc/good.warc.gz.open", "response=50", 50, {}},
        {"gowarc/single-record.warc.gz.open", "response=1", 1, {}},
        {"gowarc/skip-non-open.warc.gz", "response=10", 10, {}},
        {"gowarc/empty.warc.gz.open", "", 0, {}},
        {"gowarc/test.warc.gz", "warcinfo=1 response=1 request=1", 1, {}},
        // Complete records, then bytes that are not gzip: named at their file offset.
        {"gowarc/corrupted-mid-record.warc.gz.open", "response=12", 12, {"corrupt_stream gowarc/corrupted-mid-record.warc.gz.open:1219"}},
        {"gowarc/corrupted-trailing-bytes.warc.gz.open", "response=30", 30, {"corrupt_stream gowarc/corrupted-trailing-bytes.warc.gz.open:2362"}},
        {"resiliparse/warcfile.warc.gz", "warcinfo=1 response=16 request=17 metadata=16", 16, {}},
        // One record of 88,275 declared bytes in a gzip member cut short.
        {"resiliparse/clipped.warc.gz", "response=1", 0, {"truncated resiliparse/clipped.warc.gz:0"}},
        {"resiliparse/clueweb-quirk.warc.gz", "warcinfo=1 response=29", 29, {}},
        {"warcio/example.warc.gz", "warcinfo=2 response=1 request=2 revisit=1", 2, {}},
        {"warcio/example.warc", "warcinfo=2 response=1 request=2 revisit=1", 2, {}},
        {"warcio/example-bad-non-chunked.warc.gz", "warcinfo=2 response=1 request=2 revisit=1", 2, {}},
        {"warcio/example-iana.org-chunked.warc", "warcinfo=1 response=1 request=1", 1, {}},
        {"warcio/example-resource.warc.gz", "warcinfo=2 resource=1", 1, {}},
        {"warcio/example-wget-bad-target-uri.warc.gz", "warcinfo=1 response=1 resource=2 request=1 metadata=1", 3, {}},
        {"warcio/example-wrong-chunks.warc.gz", "response=1 request=1", 1, {}},
        // The response's block is 2 bytes longer than its Content-Length: not followed by CRLF CRLF.
        {"warcio/example-trunc.warc", "warcinfo=2 response=1 request=1", 0, {"corrupt_record warcio/example-trunc.warc:1197"}},
    };
    std::size_t files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file() && entry.path().filename().string().find(".warc") != std::string::npos) ++files;
    }
    CHECK(files == expected.size());  // a new sample needs its line here

    for (const Expect& e : expected) {
        INFO(e.file);
        const std::string path = dir + "/" + e.file;
        const ReadResult r = read_file(path);
        CHECK(type_counts(r.stats) == e.types);
        CHECK(r.records.size() == e.returned);
        CHECK(r.stats.records == e.returned);
        CHECK(r.stats.files == 1);
        std::vector<std::string> skips;
        for (const std::string& s : e.skips) skips.push_back(fmt::format("{}{}", s.substr(0, s.find(' ') + 1), dir + "/" + s.substr(s.find(' ') + 1)));
        CHECK(wheres(r.stats) == skips);
        CHECK(r.stats.skipped == e.skips.size());
        CHECK(r.stats.compressed_bytes == fs::file_size(path));
        // Strict: the first damage is an Error naming the same file:offset.
        WarcOptions strict;
        strict.strict = true;
        if (e.skips.empty()) {
            CHECK(read_file(path, strict).records.size() == e.returned);
        } else {
            try {
                read_file(path, strict);
                FAIL("no error in strict mode");
            } catch (const Error& error) {
                CHECK(error.code() == Errc::bad_format);
                CHECK(error.where() == skips.front().substr(skips.front().find(' ') + 1));
            }
        }
    }
}

TEST_CASE("warc samples: what the records hold", "[io][warc]") {
    const std::string dir = samples_dir();
    if (dir.empty()) return;

    SECTION("warcio example: gzip Content-Encoding decoded; offsets of the members; the revisit's pointers") {
        const ReadResult gz = read_file(dir + "/warcio/example.warc.gz");
        const ReadResult plain = read_file(dir + "/warcio/example.warc");
        REQUIRE(gz.records.size() == 2);
        REQUIRE(plain.records.size() == 2);
        const WarcRecord& page = gz.records[0];
        CHECK(page.type == WarcType::response);
        CHECK(page.version == "WARC/1.0");
        CHECK(page.target_uri == "http://example.com/");
        CHECK(page.offset == 784);          // the third gzip member
        CHECK(page.stream_offset == 1197);  // as in the uncompressed copy
        CHECK(plain.records[0].offset == 1197);
        CHECK(page.http_status == 200);
        CHECK(page.content_encoding == "gzip");
        CHECK(page.http_content_type == "text/html");
        CHECK(page.body.size() == 1270);
        CHECK(page.body.starts_with("<!doctype html>"));
        CHECK(page.body.ends_with("</html>\n"));
        CHECK(plain.records[0].body == page.body);
        const WarcRecord& revisit = gz.records[1];
        CHECK(revisit.type == WarcType::revisit);
        CHECK(revisit.profile == "http://netpreserve.org/warc/1.0/revisit/uri-agnostic-identical-payload-digest");
        CHECK(revisit.refers_to_target_uri == "http://example.com/");
        CHECK(revisit.refers_to_date == "2017-03-06T04:02:06Z");
        CHECK(revisit.payload_digest == page.payload_digest);  // the same page: not a second article
        CHECK(revisit.has_http);
        CHECK(revisit.body.empty());
        // One gzip member for the whole file: the same records, offsets inside the member.
        const ReadResult one = read_file(dir + "/warcio/example-bad-non-chunked.warc.gz");
        REQUIRE(one.records.size() == 2);
        CHECK(one.records[0].body == page.body);
        CHECK(one.records[0].offset == 0);
        CHECK(one.records[0].stream_offset == 1197);
    }

    SECTION("chunked transfer coding undone") {
        const ReadResult r = read_file(dir + "/warcio/example-iana.org-chunked.warc");
        REQUIRE(r.records.size() == 1);
        CHECK(r.records[0].transfer_encoding == "chunked");
        CHECK(r.records[0].body.starts_with("<!doctype html>"));
        CHECK(r.records[0].body.ends_with("</html>\n"));
        CHECK(r.records[0].body.find("\r\n0\r\n") == std::string::npos);
        CHECK(r.stats.chunked_repaired == 0);
        // Chunked and gzip together.
        const ReadResult g = read_file(dir + "/gowarc/test.warc.gz");
        REQUIRE(g.records.size() == 1);
        CHECK(g.records[0].transfer_encoding == "chunked");
        CHECK(g.records[0].content_encoding == "gzip");
        CHECK(g.records[0].body.starts_with("(function(){"));
    }

    SECTION("wget's target URI in angle brackets; resource records are their block") {
        const ReadResult r = read_file(dir + "/warcio/example-wget-bad-target-uri.warc.gz");
        REQUIRE(r.records.size() == 3);
        CHECK(r.records[0].target_uri == "http://example.com/");
        CHECK(r.records[1].type == WarcType::resource);
        CHECK(r.records[1].target_uri == "metadata://gnu.org/software/wget/warc/wget_arguments.txt");
        CHECK_FALSE(r.records[1].has_http);
        CHECK(r.records[1].body.size() == r.records[1].content_length);
    }

    SECTION("ClueWeb's WARC/0.18: LF-only HTTP headers, a Content-Encoding the stored body no longer has") {
        const ReadResult r = read_file(dir + "/resiliparse/clueweb-quirk.warc.gz");
        REQUIRE(r.records.size() == 29);
        for (const WarcRecord& rec : r.records) {
            CHECK(rec.version == "WARC/0.18");
            CHECK(rec.http_status == 200);
            CHECK(rec.http_content_type == "text/html; charset=EUC-JP");
            CHECK(rec.body.find("<html") != std::string::npos);
        }
        CHECK(r.records[0].date == "2008-10-294T05:21:46-0700");  // as written
        CHECK(r.stats.encoding_mismatches == 29);
    }

    SECTION("Common Crawl excerpt: the 16 HTML responses, with their declared charsets") {
        const ReadResult r = read_file(dir + "/resiliparse/warcfile.warc.gz");
        REQUIRE(r.records.size() == 16);
        std::map<std::string, int> charsets;
        for (const WarcRecord& rec : r.records) {
            CHECK(rec.body.size() < rec.content_length);
            const std::string ct = rec.http_content_type;
            charsets[ct.substr(ct.find('=') == std::string::npos ? ct.size() : ct.find('=') + 1)]++;
        }
        CHECK(r.records[0].target_uri == "http://003338.cn/l41/481397.html");
        CHECK(r.records[0].offset == 940);
        CHECK(charsets.size() >= 3);
    }

    SECTION("all_types returns every record") {
        WarcOptions all;
        all.all_types = true;
        const ReadResult r = read_file(dir + "/resiliparse/warcfile.warc.gz", all);
        CHECK(r.records.size() == 50);
        CHECK(r.records[0].type == WarcType::warcinfo);
        CHECK(r.records[1].type == WarcType::request);
        CHECK_FALSE(r.records[1].has_http);
    }

    SECTION("in parallel: the same counts as one by one") {
        std::vector<std::string> paths = {dir + "/gowarc/good.warc.gz.open", dir + "/resiliparse/warcfile.warc.gz",
                                          dir + "/warcio/example-trunc.warc", dir + "/resiliparse/clueweb-quirk.warc.gz"};
        std::atomic<std::uint64_t> calls{0};
        std::atomic<std::uint64_t> body_bytes{0};
        const WarcStats all = read_warc_files(paths, {}, 2, [&](WarcRecord& rec) {
            ++calls;
            body_bytes += rec.body.size();
        });
        std::uint64_t one_by_one_bytes = 0;
        WarcStats sum;
        for (const std::string& p : paths) {
            const ReadResult r = read_file(p);
            for (const WarcRecord& rec : r.records) one_by_one_bytes += rec.body.size();
            sum.merge(r.stats, 100);
        }
        CHECK(calls == 95);
        CHECK(all.records == 95);
        CHECK(all.by_type == sum.by_type);
        CHECK(all.files == 4);
        CHECK(body_bytes == one_by_one_bytes);
        CHECK(wheres(all) == wheres(sum));
    }
}

// ---------------------------------------------------------------------------------------------
// Written here

TEST_CASE("warc: HTTP bodies decoded (chunked, gzip, deflate, zstd), or skipped with a reason", "[io][warc]") {
    TempDir tmp;
    const std::string page = "<html><body><p>Storm closes the harbour.</p></body></html>";
    std::string file;
    file += response("http://a/chunked", "4\r\n<htm\r\nA;ext=1\r\nl><body><p\r\n0\r\nTrailer: x\r\n\r\n", "Transfer-Encoding: chunked\r\n");
    file += response("http://a/gzip", gzip(page), "Content-Encoding: gzip\r\n");
    file += response("http://a/zlib", gzip(page, 15), "Content-Encoding: deflate\r\n");
    file += response("http://a/raw-deflate", gzip(page, -15), "Content-Encoding: deflate\r\n");
    file += response("http://a/zstd", zstd(page), "Content-Encoding: zstd\r\n");
    // Compressed, then chunked: both undone.
    const std::string z = gzip(page);
    file += response("http://a/both", fmt::format("{:x}\r\n{}\r\n{:x}\r\n{}\r\n0\r\n\r\n", 10, z.substr(0, 10), z.size() - 10, z.substr(10)),
                     "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n");
    file += response("http://a/bad-gzip", "\x1f\x8b\x08\x00garbage that is not deflate", "Content-Encoding: gzip\r\n");
    file += response("http://a/compress", "whatever", "Content-Encoding: compress\r\n");
    file += record("response", "http://a/not-http", "<html>no status line</html>");
    file += response("http://a/chunk-cut", "5\r\nhello\r\nzz\r\n", "Transfer-Encoding: chunked\r\n");
    const std::string path = tmp.write("bodies.warc", file);
    const ReadResult r = read_file(path);
    REQUIRE(r.records.size() == 7);
    CHECK(r.records[0].body == "<html><body><p");
    for (std::size_t i = 1; i <= 5; ++i) {
        INFO(r.records[i].target_uri);
        CHECK(r.records[i].body == page);
    }
    CHECK(r.records[6].target_uri == "http://a/chunk-cut");
    CHECK(r.records[6].body == "hello");  // the chunks before the damage
    CHECK(r.stats.chunked_repaired == 1);
    CHECK(r.stats.skipped_for(WarcSkip::bad_encoding) == 1);
    CHECK(r.stats.skipped_for(WarcSkip::unsupported_encoding) == 1);
    CHECK(r.stats.skipped_for(WarcSkip::bad_http) == 1);
    REQUIRE(r.stats.diagnostics.size() == 3);
    CHECK(r.stats.diagnostics[0].reason.starts_with("HTTP body does not decode as gzip"));
    CHECK(r.stats.diagnostics[1].reason == "HTTP Content-Encoding compress is not supported");
    CHECK(r.stats.diagnostics[2].reason.starts_with("the block does not start with an HTTP status line"));
    // Each named at its record's offset in the (uncompressed) file.
    const std::size_t bad_gzip_at = file.find("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://a/bad-gzip");
    CHECK(r.stats.diagnostics[0].where() == fmt::format("{}:{}", path, bad_gzip_at));
}

TEST_CASE("warc: limits: a record over max_record_bytes is read past; a body inflating past it is skipped", "[io][warc]") {
    TempDir tmp;
    const std::string big(5000, 'x');
    const std::string bomb = gzip(std::string(1 << 20, '\0'));  // 1 MiB of zeros in about 1 kB
    const std::string file = response("http://a/1", "small") + response("http://a/big", big) +
                             response("http://a/bomb", bomb, "Content-Encoding: gzip\r\n") + response("http://a/2", "small");
    WarcOptions options;
    options.max_record_bytes = 4096;
    const ReadResult r = read_file(tmp.write("limits.warc.gz", gzip(file)), options);
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[1].target_uri == "http://a/2");
    CHECK(r.stats.skipped_for(WarcSkip::too_large) == 2);
    CHECK(r.stats.of_type(WarcType::response) == 4);
    options.strict = true;
    CHECK_THROWS_MATCHES(read_file(tmp.str() + "/limits.warc.gz", options), Error,
                         Catch::Matchers::Predicate<Error>([](const Error& e) { return e.code() == Errc::too_large; }));
}

TEST_CASE("warc: gzip per record: offsets are the members'; a damaged member is skipped, the next one read", "[io][warc]") {
    TempDir tmp;
    const std::vector<std::string> members = {gzip(response("http://a/1", "one")), gzip(response("http://a/2", "two")),
                                              gzip(response("http://a/3", "three")), gzip(response("http://a/4", "four"))};
    const std::size_t m1 = members[0].size();
    const std::size_t m2 = m1 + members[1].size();
    const std::size_t m3 = m2 + members[2].size();

    SECTION("intact: every record at its member's offset") {
        const ReadResult r = read_file(tmp.write("a.warc.gz", members[0] + members[1] + members[2] + members[3]));
        REQUIRE(r.records.size() == 4);
        CHECK(r.records[0].offset == 0);
        CHECK(r.records[1].offset == m1);
        CHECK(r.records[2].offset == m2);
        CHECK(r.records[3].offset == m3);
        CHECK(r.records[3].body == "four");
        CHECK(r.stats.skipped == 0);
    }
    SECTION("a member cut in half: its record skipped and named, the next member read") {
        const std::string cut = members[1].substr(0, members[1].size() / 2);
        const std::string path = tmp.write("b.warc.gz", members[0] + cut + members[2] + members[3]);
        const ReadResult r = read_file(path);
        REQUIRE(r.records.size() == 3);
        CHECK(r.records[1].target_uri == "http://a/3");
        CHECK(r.records[1].offset == m1 + cut.size());
        for (const auto& d : r.stats.diagnostics) UNSCOPED_INFO(d.where() << " " << d.reason);
        REQUIRE(r.stats.diagnostics.size() == 1);
        CHECK(r.stats.diagnostics[0].kind == WarcSkip::corrupt_record);
        CHECK(r.stats.diagnostics[0].where() == fmt::format("{}:{}", path, m1));
    }
    SECTION("garbage between members: named at its offset; the file ends inside the last member") {
        const std::string junk = "junk between members\n";
        const std::string last = members[3].substr(0, members[3].size() / 2);
        const std::string path = tmp.write("c.warc.gz", members[0] + junk + members[1] + last);
        const ReadResult r = read_file(path);
        REQUIRE(r.records.size() == 2);
        CHECK(r.records[1].offset == m1 + junk.size());
        CHECK(wheres(r.stats) == std::vector<std::string>{fmt::format("corrupt_stream {}:{}", path, m1),
                                                           fmt::format("truncated {}:{}", path, m1 + junk.size() + members[1].size())});
        CHECK(r.stats.diagnostics[0].reason == fmt::format("{} bytes that are not a gzip member", junk.size()));
    }
}

TEST_CASE("warc: uncompressed damage: garbage between records, a wrong Content-Length, a truncated file", "[io][warc]") {
    TempDir tmp;
    const std::string a = response("http://a/1", "one");
    const std::string garbage = "this is not a record\r\n";
    std::string b = response("http://a/2", "two");
    const std::string c = response("http://a/3", "three");
    std::string wrong_length = response("http://a/short", "0123456789");
    const std::size_t length_at = wrong_length.find("Content-Length: ") + 16;
    REQUIRE(wrong_length.substr(length_at, 4) == "69\r\n");
    wrong_length.replace(length_at, 2, "40");  // shorter than the block
    const std::string file = a + garbage + b + wrong_length + c + c.substr(0, 60);
    const std::string path = tmp.write("d.warc", file);
    const ReadResult r = read_file(path);
    REQUIRE(r.records.size() == 3);
    CHECK(r.records[0].body == "one");
    CHECK(r.records[1].body == "two");
    CHECK(r.records[2].body == "three");
    CHECK(r.records[2].offset == a.size() + garbage.size() + b.size() + wrong_length.size());
    CHECK(wheres(r.stats) == std::vector<std::string>{
                                 fmt::format("corrupt_stream {}:{}", path, a.size()),
                                 fmt::format("corrupt_record {}:{}", path, a.size() + garbage.size() + b.size()),
                                 fmt::format("truncated {}:{}", path, file.size() - 60)});
    CHECK(r.stats.diagnostics[0].reason == fmt::format("{} bytes that are not a WARC record", garbage.size()));
    // A record without Content-Length; blank lines and a missing final CRLF CRLF are forgiven.
    const std::string no_length = "WARC/1.1\r\nWARC-Type: resource\r\n\r\nabc\r\n\r\n";
    std::string last = record("resource", "http://a/r", "payload", "", "text/plain");
    last.resize(last.size() - 4);
    const std::string e_path = tmp.write("e.warc", "\r\n\r\n" + no_length + last);
    const ReadResult s = read_file(e_path);
    REQUIRE(s.records.size() == 1);
    CHECK(s.records[0].body == "payload");
    CHECK(s.records[0].content_type == "text/plain");
    CHECK(wheres(s.stats) == std::vector<std::string>{fmt::format("corrupt_record {}:4", e_path)});
    // Empty files are empty archives.
    CHECK(read_file(tmp.write("empty.warc", "")).stats.skipped == 0);
    CHECK(read_file(tmp.write("blank.warc", "\r\n\n")).stats.skipped == 0);
    CHECK_THROWS_AS(WarcReader(tmp.str() + "/missing.warc"), Error);
}

TEST_CASE("warc: zstd frames, and the WARC zstd dictionary frame", "[io][warc]") {
    TempDir tmp;
    const std::string r1 = response("http://z/1", "first page");
    const std::string r2 = response("http://z/2", "second page");
    SECTION("one frame per record") {
        const std::string f1 = zstd(r1);
        const ReadResult r = read_file(tmp.write("a.warc.zst", f1 + zstd(r2)));
        REQUIRE(r.records.size() == 2);
        CHECK(r.records[1].offset == f1.size());
        CHECK(r.records[1].body == "second page");
    }
    SECTION("a dictionary frame first, the records compressed with it") {
        const std::string dict = "WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http; msgtype=response\r\n"
                                 "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n";
        ZSTD_CCtx* cctx = ZSTD_createCCtx();
        auto with_dict = [&](const std::string& data) {
            std::string out(ZSTD_compressBound(data.size()), '\0');
            const std::size_t n = ZSTD_compress_usingDict(cctx, out.data(), out.size(), data.data(), data.size(), dict.data(), dict.size(), 3);
            REQUIRE(ZSTD_isError(n) == 0);
            out.resize(n);
            return out;
        };
        const std::string f1 = with_dict(r1);
        const std::string f2 = with_dict(r2);
        ZSTD_freeCCtx(cctx);
        std::string frame = "\x5d\x2a\x4d\x18";
        const std::string packed = zstd(dict);  // the dictionary may itself be compressed
        for (int i = 0; i < 4; ++i) frame += static_cast<char>((packed.size() >> (8 * i)) & 0xFF);
        frame += packed;
        const ReadResult r = read_file(tmp.write("b.warc.zst", frame + f1 + f2));
        REQUIRE(r.records.size() == 2);
        CHECK(r.records[0].offset == frame.size());
        CHECK(r.records[1].offset == frame.size() + f1.size());
        CHECK(r.records[0].body == "first page");
        CHECK(r.stats.skipped == 0);
        // Without the dictionary the frames do not decode: a corrupt stretch, named.
        const ReadResult bare = read_file(tmp.write("c.warc.zst", f1 + f2));
        CHECK(bare.records.empty());
        CHECK(bare.stats.skipped_for(WarcSkip::corrupt_stream) >= 1);
        CHECK(bare.stats.diagnostics.at(0).offset == 0);
    }
}

// ---------------------------------------------------------------------------------------------
// The news WARC fixture of datasets/article_warc.py

TEST_CASE("warc fixture: the article-extraction pages as WARC/1.0 responses, gzip per record", "[io][warc]") {
    const fs::path src = fs::path(WIRETRACE_SOURCE_DIR) / ".." / "shared" / "datasets" / "article-extraction";
    if (!fs::is_directory(src)) {
        WARN("skipped: no " << src.string() << " (the article-extraction benchmark beside the repository)");
        return;
    }
    TempDir tmp;
    const std::string warc = tmp.str() + "/articles.warc.gz";
    const std::string index = tmp.str() + "/articles.tsv";
    const std::string command = fmt::format("python3 '{}/datasets/article_warc.py' --src '{}' --out '{}' --index '{}' --copies 5 > /dev/null",
                                            WIRETRACE_SOURCE_DIR, src.string(), warc, index);
    REQUIRE(std::system(command.c_str()) == 0);

    // The index the script wrote: id, URL, member offset, member length of every response.
    struct Entry {
        std::string id, url;
        std::uint64_t offset = 0;
    };
    std::vector<Entry> entries;
    std::istringstream lines(wiretrace::test::read_all(index));
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with("#")) continue;
        std::istringstream fields(line);
        Entry e;
        std::getline(fields, e.id, '\t');
        std::getline(fields, e.url, '\t');
        fields >> e.offset;
        entries.push_back(e);
    }
    REQUIRE(entries.size() == 181);

    const ReadResult r = read_file(warc);
    CHECK(type_counts(r.stats) == "warcinfo=1 response=181 request=181 revisit=5");
    CHECK(r.stats.skipped == 0);
    REQUIRE(r.records.size() == 186);
    std::set<std::string> read_ids;  // record ids of the responses read: what revisits point at
    std::size_t articles = 0;
    for (std::size_t i = 0; i < r.records.size(); ++i) {
        const WarcRecord& rec = r.records[i];
        if (rec.type == WarcType::revisit) {
            // A capture of a page already read: it points at that response, same payload.
            CHECK(read_ids.count(rec.refers_to) == 1);
            CHECK(rec.payload_digest == r.records[i - 181].payload_digest);
            CHECK(rec.refers_to == r.records[i - 181].record_id);
            continue;
        }
        ++articles;
        read_ids.insert(rec.record_id);
        const Entry& e = entries[i];
        INFO(e.id);
        CHECK(rec.target_uri == e.url);
        CHECK(rec.offset == e.offset);
        CHECK(rec.http_status == 200);
        CHECK(rec.content_encoding == (i % 3 == 0 ? "gzip" : ""));
        CHECK(rec.transfer_encoding == (i % 5 == 0 ? "chunked" : ""));
        // The body is the page, byte for byte, whatever its envelope.
        auto page = wiretrace::io::detail::open_input((src / "html" / (e.id + ".html.gz")).string(), e.id);
        std::string bytes(std::size_t{1} << 20, '\0');
        std::string expected;
        while (const std::size_t n = page.source->read(bytes.data(), bytes.size())) expected.append(bytes, 0, n);
        CHECK(rec.body == expected);
    }
    CHECK(articles == 181);
}
