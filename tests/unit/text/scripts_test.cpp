// SPDX-License-Identifier: Apache-2.0
// Words and folding in scripts other than Latin: runs written without spaces (Chinese, Japanese,
// Thai) split by ICU's dictionaries, Arabic-script letter variants, digits of other sets. The
// segmentations asserted here are those of ICU 72 (Debian 12's libicu72).
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "text/tokenize_internal.hpp"
#include "wiretrace/text/tokenize.hpp"

using namespace wiretrace;

namespace {

/// The original spelling of every token of `s`, from its byte span.
std::vector<std::string> spellings(const std::string& s) {
    std::vector<std::string> out;
    for (const auto& t : text::tokenize(s)) out.push_back(s.substr(t.begin, t.end - t.begin));
    return out;
}

std::uint64_t hash_of(const std::string& word) {
    const auto tokens = text::tokenize(word);
    REQUIRE(tokens.size() == 1);
    return tokens[0].hash;
}

}  // namespace

TEST_CASE("tokenize: Chinese splits into dictionary words whose spans are the original bytes", "[text][scripts]") {
    const std::string s = "新华社昆明12月7日电（记者王丽）连接昆明和西双版纳的高速铁路";
    CHECK(spellings(s) == std::vector<std::string>{"新华社", "昆明", "12", "月", "7", "日", "电", "记者", "王", "丽",
                                                   "连接", "昆明", "和", "西双版纳", "的", "高速", "铁路"});
    // the same word in two places hashes alike
    const auto tokens = text::tokenize(s);
    CHECK(tokens[1].hash == tokens[11].hash);
    CHECK(text::normalize(s) == "新华社 昆明 12 月 7 日 电 记者 王 丽 连接 昆明 和 西双版纳 的 高速 铁路");
}

TEST_CASE("tokenize: Japanese and Thai split into words; Latin next to them stays one word", "[text][scripts]") {
    CHECK(spellings("気象庁は７日、発表した") == std::vector<std::string>{"気象", "庁", "は", "７", "日", "発表", "した"});
    CHECK(spellings("กรมอุตุนิยมวิทยาประกาศเตือน") ==
          std::vector<std::string>{"กรม", "อุตุนิยมวิทยา", "ประกาศ", "เตือน"});
    CHECK(spellings("iPhone手机") == std::vector<std::string>{"iPhone", "手机"});
    // quotation state carries into the run
    const auto quoted = text::tokenize("他说“铁路开通”");
    REQUIRE(quoted.size() == 4);
    CHECK_FALSE(quoted[0].in_quote);
    CHECK(quoted[3].in_quote);
}

TEST_CASE("normalize: full-width and half-width forms fold; marks that are letters stay", "[text][scripts]") {
    CHECK(hash_of("ｶﾞｽ") == hash_of("ガス"));             // half-width katakana with its voicing mark
    CHECK(hash_of("ガス") != hash_of("カス"));             // voicing is a letter: not stripped like an accent
    CHECK(text::normalize("７日") == text::normalize("7日"));  // full-width digit
    CHECK(hash_of("ไม้") != hash_of("ไม่"));                  // Thai tone marks tell wood from "not"
    CHECK(hash_of("ไม้") != hash_of("ไม"));
}

TEST_CASE("normalize: Arabic-script letter variants, tatweel and harakat fold", "[text][scripts]") {
    CHECK(hash_of("أعلنت") == hash_of("اعلنت"));    // alef with hamza above
    CHECK(hash_of("إطلاق") == hash_of("اطلاق"));    // ... below
    CHECK(hash_of("آباد") == hash_of("اباد"));      // alef with madda
    CHECK(hash_of("ٱلله") == hash_of("الله"));      // alef wasla
    CHECK(hash_of("فى") == hash_of("في"));          // alef maksura
    CHECK(hash_of("الحملـــة") == hash_of("الحملة"));  // tatweel
    CHECK(hash_of("وَأَوْضَحَتْ") == hash_of("واوضحت"));  // harakat
    CHECK(hash_of("الصحية") == hash_of("الصحيه"));  // teh marbuta as heh
    // Urdu and Persian letters and their Arabic twins: keheh, Farsi yeh, heh goal, doachashmee
    CHECK(hash_of("کے") == hash_of("كے"));
    CHECK(hash_of("ہے") == hash_of("هے"));
    CHECK(hash_of("یہ") == hash_of("يه"));
    CHECK(hash_of("بھی") == hash_of("بهي"));
    CHECK(hash_of("کی") != hash_of("کے"));          // yeh barree is a letter of its own
    CHECK(hash_of("ملک") != hash_of("ملا"));
    CHECK(text::normalize("وزارة الصحة") == "وزاره الصحه");
}

TEST_CASE("normalize: digits of every set match ASCII digits", "[text][scripts]") {
    for (const std::string seven : {"٧", "۷", "७", "๗", "７", "৭"}) {
        INFO(seven);
        CHECK(text::normalize(seven + " ديسمبر") == text::normalize("7 ديسمبر"));
    }
    CHECK(text::normalize("٢٠٢٦") == "2026");
    CHECK(text::normalize("۳.۵ فیصد") == text::normalize("3.5 فیصد"));
    CHECK(text::normalize("๗ ธ.ค.") == text::normalize("7 ธ.ค."));
    const std::string s = "اسلام آباد، ۷ دسمبر";
    const auto tokens = text::tokenize(s);
    REQUIRE(tokens.size() == 4);
    CHECK(s.substr(tokens[2].begin, tokens[2].end - tokens[2].begin) == "۷");
}

TEST_CASE("tokenize: with chinese_variants, Traditional characters fold to Simplified; off by default", "[text][scripts]") {
    const std::string traditional = "連接昆明和西雙版納的高速鐵路";
    const std::string simplified = "连接昆明和西双版纳的高速铁路";
    CHECK(hash_of("鐵路") != hash_of("铁路"));
    struct Restore {
        ~Restore() { text::set_fold_options({}); }
    } restore;
    text::set_fold_options({.chinese_variants = true});
    CHECK(text::fold_options().chinese_variants);
    // the words are found on the Simplified form; the spans are those of the original bytes
    CHECK(spellings(traditional) == std::vector<std::string>{"連接", "昆明", "和", "西雙版納", "的", "高速", "鐵路"});
    const auto a = text::tokenize(traditional);
    const auto b = text::tokenize(simplified);
    REQUIRE(a.size() == b.size());
    for (std::size_t k = 0; k < a.size(); ++k) CHECK(a[k].hash == b[k].hash);
    CHECK(text::normalize(traditional) == "连接 昆明 和 西双版纳 的 高速 铁路");
}

TEST_CASE("normalize: idempotent on random text mixing scripts", "[text][scripts][property]") {
    const std::vector<std::string> pieces = {
        "a", "Z", "7", " ", "\n", "-", ".", ",", "\"", "“", "”", "新华社", "昆明", "高速铁路", "中", "的",
        "気象庁", "は", "ガス", "ｶﾞｽ", "ー", "々", "７", "กรุงเทพฯ", "ไม้", "อุตุนิยมวิทยา", "ำ", "ສະບາຍດີ",
        "ភាសាខ្មែរ", "မြန်မာ", "\xE3\x82\x99", "\xE2\x80\x8B", "\xCC\x81", "๗", "٧", "۷", "७", "أعلنت",
        "ـ", "ى", "ة", "کے", "ہ", "ھ", "وَ", "ٱ"};
    std::mt19937_64 rng(18);
    for (int iter = 0; iter < 3000; ++iter) {
        std::string s;
        const auto n = rng() % 16;
        for (std::size_t i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
        INFO("input: " << s);
        const std::string once = text::normalize(s);
        CHECK(text::normalize(once) == once);
        // the ASCII fast path changes nothing here either
        CHECK(text::normalize(s) == text::detail::normalize_general(s));
        const auto tokens = text::tokenize(s);
        for (std::size_t k = 0; k < tokens.size(); ++k) {
            CHECK(tokens[k].begin < tokens[k].end);
            CHECK(tokens[k].end <= s.size());
            if (k > 0) CHECK(tokens[k - 1].end <= tokens[k].begin);
        }
    }
}

TEST_CASE("word_weight: a token set apart counts one word; tokens written together count by length",
          "[text][scripts]") {
    // Text written with spaces counts exactly its tokens, however short the words.
    const std::string english = "It is a 5% rise, U.S. officials said: co-operation (at last) in a day.";
    const auto en = text::tokenize(english);
    for (std::size_t i = 0; i < en.size(); ++i) CHECK(text::word_weight(english, en, i) == 1.0);
    CHECK(text::words_per_token(english, en) == 1.0);
    CHECK(text::words_per_token("", {}) == 1.0);
    // Thai: "แฮนด์ดิแค็บอื้อธรรมานุสาร", three dictionary entries (25 code points) written together,
    // is 8 tokens to ICU; each counts its code points over 4.7, at most 1: two tokens of 5 code
    // points or more count 1 each, the other six (15 code points) 15 / 4.7.
    const std::string thai = "แฮนด์ดิแค็บอื้อธรรมานุสาร";
    const auto th = text::tokenize(thai);
    REQUIRE(th.size() == 8);
    double words = 0;
    int whole = 0;
    for (std::size_t i = 0; i < th.size(); ++i) {
        const double w = text::word_weight(thai, th, i);
        CHECK(w <= 1.0);
        whole += w == 1.0 ? 1 : 0;
        words += w;
    }
    CHECK(whole == 2);
    CHECK(words == Approx(2 + 15 / text::kCodePointsPerWord));
    CHECK(text::words_per_token(thai, th) == Approx((2 + 15 / text::kCodePointsPerWord) / 8));
    // A Thai word between spaces is a word like any other.
    const std::string apart = "ก ข";
    const auto ap = text::tokenize(apart);
    REQUIRE(ap.size() == 2);
    CHECK(text::word_weight(apart, ap, 0) == 1.0);
    // Token counts to words: unchanged at 1, rounded to the nearest below.
    CHECK(text::words_of_tokens(12, 1.0) == 12);
    CHECK(text::words_of_tokens(12, 0.5) == 6);
    CHECK(text::words_of_tokens(8, 0.66) == 5);
}
