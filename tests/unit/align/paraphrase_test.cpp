// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <random>

#include "support/random_text.hpp"
#include "wiretrace/align/paraphrase.hpp"

using namespace wiretrace;
using align::Paraphrase;
using align::TokenRange;

namespace {

struct Texts {
    std::string a, b;
    std::vector<text::Token> ta, tb;
    tfidf::DocumentFrequencies df;  // the pair's own, as compare has it
};

Texts texts(std::string a, std::string b) {
    Texts t{std::move(a), std::move(b), {}, {}, {}};
    t.ta = text::tokenize(t.a);
    t.tb = text::tokenize(t.b);
    t.df.add_document(t.ta);
    t.df.add_document(t.tb);
    return t;
}

std::vector<Paraphrase> paraphrases(const Texts& t, const Params& params = {}) {
    const align::Alignment verbatim = align::align(t.a, t.ta, t.b, t.tb, params);
    return align::paraphrases(t.a, t.ta, t.b, t.tb, verbatim, t.df, params);
}

std::string words(const std::string& s, const std::vector<text::Token>& t, TokenRange r) {
    return s.substr(t[r.begin].begin, t[r.end - 1].end - t[r.begin].begin);
}

}  // namespace

TEST_CASE("paraphrase: sentences end at sentence marks and line breaks, not at abbreviations", "[align][paraphrase]") {
    const std::string s = "Mr. Smith met J. Doe in the U.S. on Friday. Was it late? Yes!\n"
                          "A new paragraph e.g. this one\nبارش ہوئی۔ سڑکیں بند";
    const auto t = text::tokenize(s);
    const auto sentences = align::sentences(s, t);
    std::vector<std::string> got;
    for (const TokenRange r : sentences) got.push_back(words(s, t, r));
    CHECK(got == std::vector<std::string>{"Mr. Smith met J. Doe in the U.S. on Friday", "Was it late", "Yes",
                                          "A new paragraph e.g. this one", "بارش ہوئی", "سڑکیں بند"});
    CHECK(align::sentences("", {}).empty());
}

TEST_CASE("paraphrase: long sentences and unpunctuated text are cut into windows of equal length",
          "[align][paraphrase]") {
    std::string s;
    for (int i = 0; i < 40; ++i) s += fmt::format("w{} ", i);  // 40 words, no sentence mark
    s += ". Short one here.";
    const auto t = text::tokenize(s);
    const auto units = align::units(s, t, 15);
    // 40 words > 1.5 windows: round(40 / 15) = 3 windows of 14, 13 and 13 words; then a short sentence.
    CHECK(units == std::vector<align::Unit>{{{0, 14}, 0}, {{14, 27}, 0}, {{27, 40}, 0}, {{40, 43}, 1}});
    // 22 words stay one sentence (at most 1.5 windows); 23 make two windows.
    const auto unit_sizes = [](std::size_t n) {
        std::string x;
        for (std::size_t i = 0; i < n; ++i) x += fmt::format("w{} ", i);
        const auto tokens = text::tokenize(x);
        std::vector<std::uint32_t> sizes;
        for (const auto& u : align::units(x, tokens, 15)) sizes.push_back(u.tokens.size());
        return sizes;
    };
    CHECK(unit_sizes(22) == std::vector<std::uint32_t>{22});
    CHECK(unit_sizes(23) == std::vector<std::uint32_t>{12, 11});
    CHECK(align::units(s, t, 0).size() == 2);  // 0: whole sentences
}

TEST_CASE("paraphrase: reworded sentences align in any order, unrelated ones do not", "[align][paraphrase]") {
    const Texts t = texts(
        "Police arrested three men in Leeds on Tuesday after a raid on a warehouse full of stolen televisions. "
        "The weather was mild and sunny across the north. "
        "The mayor praised the officers for their swift work in the case.",
        "The mayor thanked officers for their swift work on the case. "
        "Officers detained three men in Leeds on Tuesday following a warehouse raid that found stolen televisions. "
        "Football fans celebrated a late victory at the stadium.");
    const auto found = paraphrases(t);
    REQUIRE(found.size() == 2);
    // Ordered by b: the mayor sentence (first in b, last in a), then the arrests.
    CHECK(found[0].a == TokenRange{27, 39});
    CHECK(found[0].b == TokenRange{0, 11});
    CHECK(words(t.a, t.ta, found[0].a) == "The mayor praised the officers for their swift work in the case");
    CHECK(words(t.b, t.tb, found[0].b) == "The mayor thanked officers for their swift work on the case");
    CHECK(found[1].a == TokenRange{0, 18});
    CHECK(found[1].b == TokenRange{11, 27});
    CHECK(words(t.b, t.tb, found[1].b).starts_with("Officers detained three men"));
    // The weather (a: 18-27) and the football match (b: 27-36) are in no paraphrase.
    for (const Paraphrase& p : found) {
        CHECK((p.a.end <= 18 || p.a.begin >= 27));
        CHECK(p.b.end <= 27);
        CHECK(p.shared >= 3);
        CHECK(p.score >= 0.4);
        CHECK(p.score <= 1.0);
    }
}

TEST_CASE("paraphrase: a sentence copied word for word is a passage, not a paraphrase", "[align][paraphrase]") {
    const std::string copied = "The mayor praised the officers for their swift work in the difficult case. ";
    const Texts t = texts(copied + "Police arrested three men in Leeds on Tuesday after a raid on a warehouse.",
                          "Three men were detained in Leeds on Tuesday following a warehouse raid. " + copied);
    const auto found = paraphrases(t);
    REQUIRE(found.size() == 1);
    CHECK(found[0].a == TokenRange{13, 27});
    CHECK(found[0].b == TokenRange{0, 12});
}

TEST_CASE("paraphrase: swapping the texts mirrors the paraphrases (align::mirrored)",
          "[align][paraphrase][property]") {
    std::mt19937_64 rng(GENERATE(1u, 2u, 3u, 4u, 5u, 6u));
    // Source: lines of random words; copy: its lines shuffled, each with a third of its words replaced
    // and the rest reordered in blocks, so no verbatim passage covers it.
    const auto words = test::random_words(rng, 400 + rng() % 800, 3000);
    std::vector<std::vector<std::string>> lines;
    for (std::size_t i = 0; i < words.size(); i += 20) {
        lines.emplace_back(words.begin() + static_cast<std::ptrdiff_t>(i),
                           words.begin() + static_cast<std::ptrdiff_t>(std::min(words.size(), i + 20)));
    }
    std::string a, b;
    for (const auto& line : lines) {
        for (const auto& w : line) a += w + " ";
        a += ".\n";
    }
    std::shuffle(lines.begin(), lines.end(), rng);
    for (auto& line : lines) {
        for (auto& w : line) {
            if (rng() % 3 == 0) w = fmt::format("new{}", rng() % 100000);
        }
        std::rotate(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(line.size() / 2), line.end());
        for (const auto& w : line) b += w + " ";
        b += ".\n";
    }
    Texts t = texts(a, b);
    const Texts swapped = texts(b, a);
    const auto ab = paraphrases(t);
    CHECK(!ab.empty());
    CHECK(paraphrases(swapped) == align::mirrored(ab));
    CHECK(align::mirrored(align::mirrored(ab)) == ab);
    CHECK(paraphrases(t) == ab);  // deterministic

    // The same with a corpus IDF: 40 more documents, so rarity comes from document frequencies.
    tfidf::DocumentFrequencies corpus;
    corpus.add_document(t.ta);
    corpus.add_document(t.tb);
    for (int d = 0; d < 40; ++d) {
        corpus.add_document(text::tokenize(test::join(test::random_words(rng, 300, 3000))));
    }
    const Params params;
    const auto ab_corpus = align::paraphrases(t.a, t.ta, t.b, t.tb, align::align(t.a, t.ta, t.b, t.tb, params),
                                              corpus, params);
    const auto ba_corpus = align::paraphrases(t.b, t.tb, t.a, t.ta, align::align(t.b, t.tb, t.a, t.ta, params),
                                              corpus, params);
    CHECK(ba_corpus == align::mirrored(ab_corpus));
}

TEST_CASE("paraphrase: repetitive text proposes no candidates (bounded work)", "[align][paraphrase]") {
    // 20,000 sentences a side, each three of ten words: every word is in 30% of the units (rare by
    // the unit share) but in thousands of them, far over max_postings, so it proposes nothing. Without
    // that cap every sentence would be scored against thousands and linked (three of three words
    // shared); with it the work is linear and nothing is linked.
    std::mt19937_64 rng(7);
    const auto text = [&] {
        std::string s;
        for (int i = 0; i < 20000; ++i) {
            const unsigned w = rng() % 10;
            s += fmt::format("alpha{} beta{} gamma{}.\n", w, (w + 1) % 10, (w + 2) % 10);
        }
        return s;
    };
    const Texts t = texts(text(), text());
    const Params params;
    const auto found = align::paraphrases(t.a, t.ta, t.b, t.tb, align::Alignment{}, t.df, params);
    CHECK(found.empty());
    // A cap above the postings lets the same text link: the cap is what kept it empty.
    Params uncapped = params;
    uncapped.paraphrase_max_postings = 1000000;
    const std::string small_a = t.a.substr(0, t.ta[3000].begin);
    const std::string small_b = t.b.substr(0, t.tb[3000].begin);
    const Texts s = texts(small_a, small_b);
    CHECK(!align::paraphrases(s.a, s.ta, s.b, s.tb, align::Alignment{}, s.df, uncapped).empty());
    CHECK(align::paraphrases(s.a, s.ta, s.b, s.tb, align::Alignment{}, s.df, params).empty());
}
