// SPDX-License-Identifier: Apache-2.0
// Acceptance in every script: hand-written news in Chinese, Japanese, Thai, Arabic and Urdu
// (tests/data/scripts/<lang>/). A copy trimmed from the bottom with light edits is a rewrite of
// its wire story, which is named the source; an independent story on the same topic is unrelated;
// the passages cover the right characters (byte spans of the original spellings).
#include <catch2/catch.hpp>
#include <string>

#include "wiretrace/io/text_file.hpp"
#include "wiretrace/params.hpp"
#include "wiretrace/score/score.hpp"

using namespace wiretrace;

namespace {

Document read_doc(const std::string& lang, const std::string& name) {
    const std::string path = std::string(WIRETRACE_SOURCE_DIR) + "/tests/data/scripts/" + lang + "/" + name + ".txt";
    return io::make_text_document(lang + "/" + name, io::read_file(path), io::Utf8Policy::reject);
}

/// The bytes a token range spans in `doc`.
std::string span_text(const Document& doc, const score::Analysis& an, align::TokenRange r) {
    REQUIRE(r.begin < r.end);
    const std::uint32_t begin = an.tokens[r.begin].begin;
    const std::uint32_t end = an.tokens[r.end - 1].end;
    return doc.text.substr(begin, end - begin);
}

struct Case {
    const char* lang;
    const char* copy_starts;  ///< the first words of the copy, which its passage must start with
    const char* copy_ends;    ///< the last words of the copy's passage
    const char* wire_starts;  ///< the first words of the wire story's side of the passage
};

}  // namespace

TEST_CASE("scripts: a lightly edited copy is a rewrite of its wire story, a same-topic story is unrelated",
          "[score][scripts]") {
    const Case cases[] = {
        {"zh", "新华社昆明12月7日电", "明年游客人数有望增长三成以上", "新华社昆明12月7日电（记者王丽）"},
        {"ja", "気象庁は７日", "最新の運行情報を確認するよう呼びかけている", "気象庁は7日"},
        {"th", "กรมอุตุนิยมวิทยา", "และมีหมอกบางในบางพื้นที่", "กรมอุตุนิยมวิทยา"},
        {"ar", "الدوحة في ٧ ديسمبر", "والحوامل والاطفال والمصابين", "الدوحة في 7 ديسمبر"},
        {"ur", "اسلام آباد، ۷ دسمبر", "بچوں کو ویکسین", "اسلام آباد، 7 دسمبر"},
    };
    for (const Case& c : cases) {
        INFO(c.lang);
        const Document wire = read_doc(c.lang, "wire");
        const Document copy = read_doc(c.lang, "copy");
        const auto pair = score::score_standalone(wire, copy, Params{});
        const score::PairScore& s = pair.score;
        CHECK(s.relation == Relation::rewrite);
        CHECK(s.direction.source == Side::a);
        CHECK(s.coverage_b >= 0.95);
        CHECK(s.coverage_a >= 0.55);
        CHECK(s.coverage_a <= 0.80);
        REQUIRE(!s.alignment.passages.empty());
        const std::string copy_passage = span_text(copy, pair.analysis_b, s.alignment.passages.front().b);
        CHECK(copy_passage.starts_with(c.copy_starts));
        CHECK(copy_passage.ends_with(c.copy_ends));
        // the wire side of the passage starts at the same words in the wire text
        CHECK(span_text(wire, pair.analysis_a, s.alignment.passages.front().a).starts_with(c.wire_starts));
        const Document other = read_doc(c.lang, "other");
        const auto unrelated = score::score_standalone(wire, other, Params{});
        CHECK(unrelated.score.relation == Relation::unrelated);
        CHECK(unrelated.score.alignment.passages.empty());
    }
}
