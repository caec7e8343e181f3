// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>
#include <random>

#include "text/tokenize_internal.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/text/utf8.hpp"
#include "wiretrace/text/tables.hpp"

using namespace wiretrace;

namespace {

std::vector<std::string> words(std::string_view s) {
    std::vector<std::string> out;
    const std::string norm = text::normalize(s);
    std::size_t i = 0;
    while (i < norm.size()) {
        const auto sp = norm.find(' ', i);
        out.push_back(norm.substr(i, sp == std::string::npos ? std::string::npos : sp - i));
        if (sp == std::string::npos) break;
        i = sp + 1;
    }
    return out;
}

}  // namespace

TEST_CASE("escape_controls: every control character, bidi control and invalid byte is a visible escape", "[text]") {
    using text::escape_controls;
    CHECK(escape_controls("plain id 12/a_b.txt, caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80") ==
          "plain id 12/a_b.txt, caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80");
    CHECK(escape_controls("a\tb\nc\rd") == "a\\tb\\nc\\rd");
    CHECK(escape_controls("a\tb\nc\rd", text::LineBreaks::keep) == "a\tb\nc\rd");
    CHECK(escape_controls("\x1B]0;owned\x07\x1B[2J") == "\\x1B]0;owned\\x07\\x1B[2J");
    CHECK(escape_controls(std::string("nul\0del\x7F", 8)) == "nul\\x00del\\x7F");
    CHECK(escape_controls("c1 \xC2\x80 \xC2\x9B \xC2\x9F, not \xC2\xA0") == "c1 \\u0080 \\u009B \\u009F, not \xC2\xA0");
    CHECK(escape_controls("\xE2\x80\xAA\xE2\x80\xAE \xE2\x81\xA6\xE2\x81\xA9 \xE2\x80\xA8\xE2\x80\xA9 \xE2\x80\xAF") ==
          "\\u202A\\u202E \\u2066\\u2069 \\u2028\\u2029 \xE2\x80\xAF");
    CHECK(escape_controls("x\xFF.txt") == "x\\xFF.txt");
    CHECK(escape_controls("\xE2\x80") == "\\xE2\\x80");  // a truncated sequence: each byte
    CHECK(escape_controls("back\\slash") == "back\\slash");  // kept: the escapes are not decoded
    CHECK(escape_controls("") == "");
    const std::string once = escape_controls("a\x1B\xFF\xE2\x80\xAE\n");
    CHECK(escape_controls(once) == once);  // escaping twice changes nothing
}

TEST_CASE("escape_invalid_utf8: only invalid bytes are escaped, so names differing in them stay apart", "[text]") {
    CHECK(text::escape_invalid_utf8("x\xFF.txt") == "x\\xFF.txt");
    CHECK(text::escape_invalid_utf8("x\xFE.txt") == "x\\xFE.txt");
    CHECK(text::escape_invalid_utf8("caf\xC3\xA9\ttab\x1B") == "caf\xC3\xA9\ttab\x1B");
    CHECK(text::check_utf8(text::escape_invalid_utf8("\xC0\xAF\xED\xA0\x80")).invalid_sequences == 0);
}

TEST_CASE("utf8: valid text passes unchanged", "[text]") {
    const std::string s = "Fran\xC3\xA7ois \xE2\x80\x94 \xF0\x9F\x98\x80 ok";
    const auto r = text::check_utf8(s);
    CHECK(r.invalid_sequences == 0);
    CHECK(r.nul_bytes == 0);
    CHECK(text::repair_utf8(s) == s);
}

TEST_CASE("utf8: maximal invalid subparts become one U+FFFD each", "[text]") {
    text::Utf8Report r;
    // stray continuation, truncated 3-byte sequence, overlong 2-byte form, surrogate, 0xFF
    const std::string bad = std::string("a\x80") + "b\xE2\x82" + "c\xC0\xAF" + "d\xED\xA0\x80" + "e\xFF\nf";
    const std::string fixed = text::repair_utf8(bad, &r);
    CHECK(fixed == "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD" "d\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                   "e\xEF\xBF\xBD\nf");
    CHECK(r.invalid_sequences == 8);
    CHECK(r.first_invalid_offset == 1);
    CHECK(r.first_invalid_line == 1);
    CHECK(text::check_utf8(fixed).invalid_sequences == 0);
}

TEST_CASE("utf8: the line of the first invalid byte is reported", "[text]") {
    const auto r = text::check_utf8("one\ntwo\nthr\xFF" "ee");
    CHECK(r.invalid_sequences == 1);
    CHECK(r.first_invalid_line == 3);
    CHECK(r.first_invalid_offset == 11);
}

TEST_CASE("utf8: NUL bytes are counted", "[text]") {
    const auto r = text::check_utf8(std::string("ab\0cd\0", 6));
    CHECK(r.nul_bytes == 2);
    CHECK(r.first_nul_offset == 2);
}

TEST_CASE("utf8: random bytes never break the repairer", "[text][property]") {
    std::mt19937_64 rng(42);
    for (int iter = 0; iter < 500; ++iter) {
        std::string s(rng() % 64, '\0');
        for (auto& c : s) c = static_cast<char>(rng() % 256);
        text::Utf8Report r;
        const std::string fixed = text::repair_utf8(s, &r);
        INFO("iteration " << iter);
        CHECK(text::check_utf8(fixed).invalid_sequences == 0);
        CHECK((r.invalid_sequences == 0) == (fixed == s));
    }
}

TEST_CASE("normalize: case, accents, quotes, dashes and spaces fold", "[text]") {
    CHECK(text::normalize("Fran\xC3\xA7ois HOLLANDE") == "francois hollande");
    CHECK(text::normalize("Iraq\xE2\x80\x99s neighbours\xC2\xA0\xE2\x80\x94 \xE2\x80\x9Cgo\xE2\x80\x9D") ==
          "iraqs neighbors go");
    CHECK(text::normalize("\xEF\xAC\x81nance Stra\xC3\x9F" "e") == "finance strasse");  // ﬁ ligature, ß
}

TEST_CASE("normalize: hyphenated and split forms join", "[text]") {
    CHECK(text::normalize("co-operation") == text::normalize("cooperation"));
    CHECK(text::normalize("co-ordinate") == "coordinate");
    CHECK(text::normalize("co\xE2\x80\x91operation") == "cooperation");  // non-breaking hyphen
    CHECK(text::normalize("co-\noperation") == "cooperation");           // line-break hyphenation
    CHECK(text::normalize("co\xC2\xAD" "operation") == "cooperation");   // soft hyphen
    CHECK(text::normalize("Iraq - Syria") == "iraq syria");
    CHECK(text::normalize("al-Assad") == "alassad");
}

TEST_CASE("normalize: abbreviations and numbers", "[text]") {
    CHECK(text::normalize("the U.S. invasion") == "the us invasion");
    CHECK(text::normalize("$3 million, 20,000 and 3.5%") == "3 million 20000 and 3.5");
    CHECK(text::normalize("end. Next") == "end next");
}

TEST_CASE("normalize: spelling variants fold to one form", "[text]") {
    CHECK(text::normalize("neighbours") == text::normalize("neighbors"));
    CHECK(text::normalize("Colour") == "color");
    CHECK(text::normalize("organised defence programme") == text::normalize("organized defense program"));
    CHECK(text::normalize("centre theatre") == "center theater");
    CHECK(text::spelling_variant_count() >= 300);
}

TEST_CASE("normalize: idempotent on random mixed text", "[text][property]") {
    const std::vector<std::string> pieces = {
        "a", "B", "z", "0", "7", " ", "  ", "\n", "-", "'", ".", ",", "\"", "U.S.", "co-", "\xE2\x80\x94",
        "\xE2\x80\x99", "\xC3\xA9", "\xC3\x9F", "\xEF\xAC\x81", "\xC2\xBD", "\xCE\xA3", "\xE2\x80\x9C",
        "colour", "neighbours", "3.5", "1,000", "\xC2\xA0", "\xCC\x81", "\xD9\xA3", "\xE2\x80\x91", "\xC2\xAD"};
    std::mt19937_64 rng(7);
    for (int iter = 0; iter < 1000; ++iter) {
        std::string s;
        const auto n = rng() % 24;
        for (std::size_t i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
        const std::string once = text::normalize(s);
        INFO("input: " << s);
        CHECK(text::normalize(once) == once);
    }
}

TEST_CASE("tokenize: spans point at the original spelling", "[text]") {
    const std::string s = "With memories of the 2003 U.S. invasion, Fran\xC3\xA7ois said: \"co-operate.\"";
    const auto tokens = text::tokenize(s);
    std::vector<std::string> originals;
    for (const auto& t : tokens) originals.push_back(s.substr(t.begin, t.end - t.begin));
    CHECK(originals == std::vector<std::string>{"With", "memories", "of", "the", "2003", "U.S", "invasion",
                                                "Fran\xC3\xA7ois", "said", "co-operate"});
    CHECK(tokens.back().in_quote);
    CHECK_FALSE(tokens.front().in_quote);
    CHECK(tokens.size() == words(s).size());
}

TEST_CASE("tokenize: token hashes equal the hash of the folded word", "[text]") {
    const auto tokens = text::tokenize("Neighbours co-operate");
    REQUIRE(tokens.size() == 2);
    CHECK(tokens[0].hash == text::hash_folded("neighbors"));
    CHECK(tokens[1].hash == text::hash_folded("cooperate"));
    CHECK(text::fold_word("Neighbours") == "neighbors");
}

TEST_CASE("tokenize: quotation state resets at a new paragraph", "[text]") {
    const auto tokens = text::tokenize("He said \"one two\nthree \xE2\x80\x9C" "four\xE2\x80\x9D five");
    std::vector<bool> quoted;
    for (const auto& t : tokens) quoted.push_back(t.in_quote);
    CHECK(quoted == std::vector<bool>{false, false, true, true, false, true, false});
}

TEST_CASE("tokenize: empty and separator-only texts have no tokens", "[text]") {
    CHECK(text::tokenize("").empty());
    CHECK(text::tokenize(" \n\t \xE2\x80\x94 ... \"\"").empty());
}

TEST_CASE("stopwords: function words are recognized by hash", "[text]") {
    CHECK(text::is_stopword(text::hash_folded("the")));
    CHECK(text::is_stopword(text::hash_folded("and")));
    CHECK_FALSE(text::is_stopword(text::hash_folded("iraq")));
}

TEST_CASE("normalize: an abbreviation joins a following hyphen or apostrophe like the plain form", "[text][regress]") {
    CHECK(text::normalize("U.S.-led") == text::normalize("US-led"));
    CHECK(text::normalize("U.S.'s allies") == text::normalize("US's allies"));
    CHECK(text::normalize("the U.S. - and others") == "the us and others");
}

TEST_CASE("normalize: zero-width characters inside a word do not split it", "[text][regress]") {
    CHECK(text::normalize("Zero\xE2\x80\x8Dwidth") == "zerowidth");          // ZWJ
    CHECK(text::normalize("Zero\xE2\x80\x8Cwidth") == "zerowidth");          // ZWNJ
    CHECK(text::normalize("Zero\xE2\x81\xA0width") == "zerowidth");          // word joiner
    CHECK(text::normalize("\xEF\xBB\xBFHello world") == "hello world");       // BOM at the start
}

TEST_CASE("normalize: a letter that decomposes to an apostrophe folds without it, idempotently", "[text][regress]") {
    // See: fuzz/regressions/text (fuzz_text found normalize("\u0149") == "\u02BCn", normalized again "n").
    const std::string n_apostrophe = "\xC5\x89";  // U+0149, compatibility form of U+02BC U+006E
    CHECK(text::normalize(n_apostrophe) == "n");
    CHECK(text::normalize("rock\xC5\x89roll") == "rocknroll");
    CHECK(text::normalize(text::normalize("\xC5\x89x \xCA\xBCn")) == text::normalize("\xC5\x89x \xCA\xBCn"));
    const auto tokens = text::tokenize(n_apostrophe);
    REQUIRE(tokens.size() == 1);
    CHECK(tokens[0].hash == text::hash_folded("n"));
    CHECK(tokens[0].begin == 0);
    CHECK(tokens[0].end == 2);
}

TEST_CASE("tokenize: the ASCII fast path gives the same tokens as the general scanner", "[text][property]") {
    // Pieces that meet at random: ASCII runs around the 8-byte block size in both cases, digits,
    // every joiner and quote, accented, CJK and Cyrillic letters, invisible and compatibility
    // characters, spelling variants, and bytes that are not valid UTF-8 (a stray byte decodes as
    // a separator in both paths).
    const std::vector<std::string> pieces = {
        "a", "Z", "q", "0", "7", "the", "Said", "WORLD", "officials", "ABCDEFGH", "abcdefghi",
        "Internationally", "abcdefghijklmnop", "x1y2z3w4v5", "2003", "20", "000", "3",
        " ", " ", " ", "  ", "\t", "\r", "\n", "\n\n", "-", "-\n", "- \n ", "'", ".", ",", "\"", ";", ":",
        "(", ")", "!", "?", "/", "_", "@", "`", "~", "[", "\x7F", std::string(1, '\0'),
        "U.S.", "U.S.-led", "co-", "-operate", "3.5", "1,000", "e.g.", "a.m.",
        "colour", "Neighbours", "CENTRE", "organised", "theatre",
        "\xC3\xA9", "\xC3\x89", "\xC3\x9F", "\xEF\xAC\x81", "\xC2\xBD", "\xCE\xA3", "\xCC\x81",
        "\xD9\xA3", "\xE4\xB8\xAD\xE6\x96\x87", "\xD0\x9F\xD1\x80\xD0\xB8", "caf\xC3\xA9",
        "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9E", "\xC2\xAB",
        "\xC2\xBB", "\xCA\xBC", "\xE2\x80\x94", "\xE2\x80\x90", "\xE2\x80\x91", "\xC2\xA0",
        "\xC2\xAD", "\xE2\x80\x8B", "\xE2\x80\x8D", "\xE2\x81\xA0", "\xEF\xBB\xBF", "\xE2\x80\xA8",
        "\xC2\x85", "\xEF\xBC\xA1", "\xF0\x9D\x90\x80",
        "\x80", "\xBF", "\xC3", "\xE2\x80", "\xF0\x9F", "\xFF", "\xC0\xAF", "\xED\xA0\x80"};
    auto check_same = [](const std::string& s) {
        INFO("input: " << s);
        const auto fast = text::tokenize(s);
        const auto general = text::detail::tokenize_general(s);
        REQUIRE(fast.size() == general.size());
        for (std::size_t k = 0; k < fast.size(); ++k) {
            INFO("token " << k);
            CHECK(fast[k].hash == general[k].hash);
            CHECK(fast[k].begin == general[k].begin);
            CHECK(fast[k].end == general[k].end);
            CHECK(fast[k].in_quote == general[k].in_quote);
        }
        CHECK(text::normalize(s) == text::detail::normalize_general(s));
    };
    std::mt19937_64 rng(20240611);
    for (int iter = 0; iter < 20000; ++iter) {
        std::string s;
        const auto n = rng() % 40;
        for (std::size_t i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
        check_same(s);
    }
    // Raw bytes from a small alphabet: word bytes next to joiners, lead and continuation bytes.
    const std::string alphabet = std::string("aZ09 .,-'\"\n") + "\xC3\xA9\x80\xE2\x9C\xAD\xC2";
    for (int iter = 0; iter < 20000; ++iter) {
        std::string s;
        const auto n = rng() % 48;
        for (std::size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
        check_same(s);
    }
}

TEST_CASE("tokenize: every spelling variant takes its canonical hash", "[text]") {
    for (const auto& [variant, canonical] : text::spelling_variant_pairs()) {
        INFO(variant << " -> " << canonical);
        std::string upper(variant);
        for (auto& c : upper) c = static_cast<char>(c - 'a' + 'A');
        for (const std::string& word : {std::string(variant), upper, "the " + std::string(variant) + "."}) {
            const auto tokens = text::tokenize(word);
            REQUIRE(!tokens.empty());
            CHECK(tokens.back().hash == text::hash_folded(canonical));
        }
    }
}

TEST_CASE("starts_uppercase: uppercase and titlecase letters; never in scripts without case") {
    CHECK(text::starts_uppercase("Smith"));
    CHECK(text::starts_uppercase("\xC3\x89ric"));        // Éric
    CHECK(text::starts_uppercase("\xC7\x85ungla"));      // U+01C5, titlecase
    CHECK_FALSE(text::starts_uppercase("smith"));
    CHECK_FALSE(text::starts_uppercase("\xC3\xA9ric"));  // éric
    CHECK_FALSE(text::starts_uppercase("2014"));
    CHECK_FALSE(text::starts_uppercase("\xD9\x84\xD8\xA7\xDB\x81\xD9\x88\xD8\xB1"));  // Urdu: Lahore
    CHECK_FALSE(text::starts_uppercase(""));
    CHECK_FALSE(text::starts_uppercase("\xFF"));  // not UTF-8
}
