// SPDX-License-Identifier: Apache-2.0
// Tests of io::parse_articles_json, the articles of a `wiretrace serve` request: one object or an
// array, read exactly as a JSONL record is, and the first bad article named in the error.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/io/reader.hpp"

using wiretrace::Document;
using wiretrace::Errc;
using wiretrace::Error;
using wiretrace::io::parse_articles_json;
using wiretrace::io::ReaderOptions;
using wiretrace::io::Utf8Policy;

namespace {

/// The error parse_articles_json throws for `json`: its code and message.
std::pair<Errc, std::string> error_of(const std::string& json, const ReaderOptions& options = {}) {
    try {
        parse_articles_json(json, options);
    } catch (const Error& e) {
        return {e.code(), e.what()};
    }
    FAIL("no error for " << json);
    return {};
}

}  // namespace

TEST_CASE("articles json: one object, every field", "[io]") {
    const std::vector<Document> docs = parse_articles_json(
        R"( {"id": 42, "text": "Some words.", "title": "T", "outlet": "AP", "published": "2014-09-15"} )");
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].id == "42");
    CHECK(docs[0].text == "Some words.");
    CHECK(docs[0].title == "T");
    CHECK(docs[0].outlet == "AP");
    CHECK(docs[0].published == 1410739200);
    CHECK(docs[0].published_granularity == 86400);
}

TEST_CASE("articles json: an array, in order, as the JSONL reader reads the same records", "[io]") {
    const std::string a = R"({"id": "a", "text": "caf\u00e9 \"quoted\"", "published": 1000})";
    const std::string b = R"({"id": "b", "text": "second", "outlet": null, "extra": [1, 2]})";
    const std::vector<Document> docs = parse_articles_json("[" + a + ",\n " + b + "]");
    REQUIRE(docs.size() == 2);

    wiretrace::test::TempDir dir;
    wiretrace::io::ArticleReader reader({dir.write("in.jsonl", a + "\n" + b + "\n")});
    wiretrace::io::Record record;
    for (const Document& doc : docs) {
        REQUIRE(reader.next(record));
        CHECK(doc.id == record.doc.id);
        CHECK(doc.text == record.doc.text);
        CHECK(doc.outlet == record.doc.outlet);
        CHECK(doc.published == record.doc.published);
    }
    CHECK(docs[0].text == "caf\xC3\xA9 \"quoted\"");
    CHECK(docs[1].id == "b");
    CHECK(parse_articles_json(" [ ] ").empty());
}

TEST_CASE("articles json: custom field names", "[io]") {
    ReaderOptions options;
    options.fields.id = "uid";
    options.fields.text = "body";
    const std::vector<Document> docs = parse_articles_json(R"({"uid": "x", "body": "words", "text": 1})", options);
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].id == "x");
    CHECK(docs[0].text == "words");
}

TEST_CASE("articles json: the first bad article is named, with the JSONL reader's message", "[io][bad_input]") {
    CHECK(error_of(R"([{"id": 1, "text": "a"}, {"id": 2, "text": 3}])") ==
          std::pair{Errc::bad_format, std::string("article 2: \"text\" must be a string")});
    CHECK(error_of(R"([{"id": 1, "text": "a"}, 7])") ==
          std::pair{Errc::bad_format, std::string("article 2: expected a JSON object")});
    CHECK(error_of(R"({"text": "no id"})") ==
          std::pair{Errc::bad_format, std::string("no \"id\" field, or it is null or empty")});
    CHECK(error_of(R"({"id": "x", "text": "  "})") ==
          std::pair{Errc::bad_format, std::string("\"text\" is empty or whitespace only")});
    CHECK(error_of(R"({"id": "x", "text": "a"} {})") ==
          std::pair{Errc::bad_format, std::string("text after the JSON object")});
    const auto trailing = error_of(R"([{"id": "x", "text": "a"}] {})");  // simdjson sees it before the array is read
    CHECK(trailing.first == Errc::bad_format);
    CHECK(trailing.second.starts_with("invalid JSON: "));
    CHECK(error_of(R"({"id": "x", "text": "a\u0000b"})") ==
          std::pair{Errc::binary_input, std::string("NUL character in \"id\" or \"text\"")});
    CHECK(error_of("  \n").first == Errc::bad_format);
    CHECK(error_of(R"({"id": "x", "text": )").first == Errc::bad_format);
    CHECK(error_of(R"([{"id": "x", "text": "a"})").first == Errc::bad_format);
    CHECK(error_of("42").second == "expected a JSON object");
}

TEST_CASE("articles json: invalid UTF-8 is refused or repaired as the reader's policy says", "[io][bad_input]") {
    const std::string latin1 = "{\"id\": \"x\", \"text\": \"caf\xE9\"}";
    CHECK(error_of(latin1).first == Errc::bad_utf8);
    ReaderOptions repair;
    repair.utf8 = Utf8Policy::repair;
    const std::vector<Document> docs = parse_articles_json(latin1, repair);
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].text == "caf\xEF\xBF\xBD");
}

TEST_CASE("articles json: an article over max_doc_bytes is too large", "[io][bad_input]") {
    ReaderOptions small;
    small.max_doc_bytes = 40;
    const std::string big = R"({"id": "x", "text": "a text longer than forty bytes in all"})";
    CHECK(error_of(big, small).first == Errc::too_large);
    CHECK(error_of("[" + big + "]", small) ==
          std::pair{Errc::too_large, std::string("article 1: record of 60 bytes is over the limit of 40 bytes")});
    CHECK(parse_articles_json(R"({"id": "x", "text": "short"})", small).size() == 1);
}
