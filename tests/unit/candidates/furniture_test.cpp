// SPDX-License-Identifier: Apache-2.0
// Tests of the boilerplate cap relative to the corpus and of each outlet's furniture: which
// fingerprints are furniture (exact counts on small synthetic corpora), what is dropped from the
// join, which words are blanked before verification, and the lines read as code, embeds, captions.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "wiretrace/candidates/furniture.hpp"
#include "wiretrace/document.hpp"
#include "wiretrace/sketch/document_sketch.hpp"
#include "unit/candidates/keys.hpp"

namespace cand = wiretrace::candidates;

namespace {

/// The sorted join keys of documents given as lists of fingerprint hashes; fills docs.
std::vector<std::uint64_t> corpus(const std::vector<std::vector<std::uint64_t>>& fingerprints,
                                  std::vector<cand::DocInfo>& docs) {
    std::vector<std::uint64_t> keys = keys_of(fingerprints, docs);
    std::sort(keys.begin(), keys.end());
    return keys;
}

std::uint64_t hash_of(std::uint64_t small) { return small << 32; }

}  // namespace

TEST_CASE("furniture: the corpus cap is a share of the corpus between a floor and --max-df", "[candidates][furniture]") {
    CHECK(cand::corpus_cap(612, 0.02, 100) == 20);     // 13 raised to the floor
    CHECK(cand::corpus_cap(2000, 0.02, 100) == 40);
    CHECK(cand::corpus_cap(2001, 0.02, 100) == 41);    // rounded up
    CHECK(cand::corpus_cap(20000, 0.02, 100) == 100);  // the ceiling bounds the join's work
    CHECK(cand::corpus_cap(20000, 0.0, 100) == 100);   // --max-df alone
    CHECK(cand::corpus_cap(50, 0.0, 7) == 7);
    CHECK(cand::corpus_cap(50, 0.02, 7) == 7);         // a ceiling under the floor wins
}

TEST_CASE("furniture: an outlet's repeated fingerprints are its furniture, a small outlet keeps its copies",
          "[candidates][furniture]") {
    // Outlet 1 ("Planet") has 10 articles, outlet 2 ("Star") 3, two articles name no outlet.
    // Fingerprint 1 is in 5 Planet articles and 1 Star article; 2 in 3 Planet articles; 3 in all
    // 3 Star articles; 4 in 2 unnamed articles.
    std::vector<std::vector<std::uint64_t>> fps(15);
    for (std::uint32_t d = 0; d < 15; ++d) fps[d].push_back(100 + d);  // every article its own text
    for (const std::uint32_t d : {0U, 1U, 2U, 3U, 4U}) fps[d].push_back(1);
    fps[10].push_back(1);
    for (const std::uint32_t d : {5U, 6U, 7U}) fps[d].push_back(2);
    for (const std::uint32_t d : {10U, 11U, 12U}) fps[d].push_back(3);
    for (const std::uint32_t d : {13U, 14U}) fps[d].push_back(4);
    std::vector<cand::DocInfo> docs;
    std::vector<std::uint64_t> keys = corpus(fps, docs);
    const std::size_t before = keys.size();

    cand::Furniture f;
    std::vector<std::uint32_t> outlet_of;
    for (std::uint32_t d = 0; d < 15; ++d) outlet_of.push_back(f.add_outlet(d < 10 ? "Planet" : d < 13 ? "Star" : ""));
    CHECK(f.outlet_number("Planet") == 1);
    CHECK(f.outlet_number("Star") == 2);
    CHECK(f.outlet_number("") == 0);
    CHECK(f.outlet_number("Moon") == 0);

    cand::FurnitureStats stats;
    const cand::FurnitureOptions options;  // 10% of an outlet's articles, at least 4
    f.find(keys, outlet_of, docs, 20, options, 0, stats);
    CHECK(stats.corpus_cap == 20);
    CHECK(stats.outlets == 2);
    CHECK(stats.furniture_outlets == 1);
    CHECK(stats.furniture_fingerprints == 1);
    CHECK(stats.furniture_keys == 6);  // furniture wherever it stands: the Star article's too
    CHECK(keys.size() == before - 6);
    CHECK(std::is_sorted(keys.begin(), keys.end()));
    CHECK(f.is_furniture(1, hash_of(1)));
    CHECK_FALSE(f.is_furniture(2, hash_of(1)));  // not the Star's own furniture ...
    CHECK(f.is_furniture(hash_of(1)));           // ... but furniture wherever it stands
    CHECK_FALSE(f.is_furniture(1, hash_of(2)));  // 3 of Planet's 10: under the minimum of 4
    CHECK_FALSE(f.is_furniture(2, hash_of(3)));  // all of Star's 3: too few articles to tell
    CHECK_FALSE(f.is_furniture(0, hash_of(4)));  // unnamed articles have no furniture
    CHECK_FALSE(f.is_furniture(hash_of(3)));
    CHECK(f.too_small_to_measure("Star"));  // 3 articles, 4 needed
    CHECK_FALSE(f.too_small_to_measure("Planet"));
    CHECK_FALSE(f.too_small_to_measure(""));
    for (std::uint32_t d = 0; d < 15; ++d) {
        const bool lost = d < 5 || d == 10;
        CHECK(docs[d].fingerprints == (fps[d].size() - (lost ? 1 : 0)));
        CHECK_FALSE(std::binary_search(keys.begin(), keys.end(), cand::make_key(hash_of(1), d)));
        CHECK(std::binary_search(keys.begin(), keys.end(), cand::make_key(hash_of(100 + d), d)));
    }

    SECTION("a lower minimum makes the small outlet's shared passage furniture too") {
        cand::Furniture g;
        for (std::uint32_t d = 0; d < 15; ++d) g.add_outlet(d < 10 ? "Planet" : d < 13 ? "Star" : "");
        std::vector<std::uint64_t> again = corpus(fps, docs);
        cand::FurnitureStats s2;
        g.find(again, outlet_of, docs, 20, {0.02, 0.1, 3}, 0, s2);
        CHECK(s2.furniture_fingerprints == 3);  // 1 and 2 of Planet, 3 of Star
        CHECK(s2.furniture_outlets == 2);
        CHECK(s2.furniture_keys == 12);
        CHECK_FALSE(g.too_small_to_measure("Star"));
    }
    SECTION("what was found is stored and read back as an index does") {
        const std::vector<cand::OutletFurniture> stored = f.outlets();
        REQUIRE(stored.size() == 2);
        CHECK(stored[0] == cand::OutletFurniture{"Planet", 10, {hash_of(1) >> cand::kDocBits}});
        CHECK(stored[1] == cand::OutletFurniture{"Star", 3, {}});
        const cand::Furniture g = cand::Furniture::from_outlets(stored, 4);
        CHECK(g.outlets() == stored);
        CHECK(g.is_furniture(g.outlet_number("Planet"), hash_of(1)));
        CHECK(g.is_furniture(hash_of(1)));
        CHECK_FALSE(g.is_furniture(hash_of(2)));
        CHECK(g.too_small_to_measure("Star"));
        CHECK_FALSE(g.too_small_to_measure("Planet"));
        CHECK_FALSE(g.too_small_to_measure("Moon"));  // not measured at all
        CHECK(cand::Furniture::from_outlets({}, 4).empty());
    }
    SECTION("share 0 turns outlet furniture off") {
        cand::Furniture g;
        for (std::uint32_t d = 0; d < 15; ++d) g.add_outlet(d < 10 ? "Planet" : d < 13 ? "Star" : "");
        std::vector<std::uint64_t> again = corpus(fps, docs);
        cand::FurnitureStats s2;
        g.find(again, outlet_of, docs, 20, {0.02, 0.0, 4}, 0, s2);
        CHECK(s2.furniture_fingerprints == 0);
        CHECK(again.size() == before);
        CHECK(g.empty());
        CHECK_FALSE(g.too_small_to_measure("Star"));  // nothing measured: no pair rule either
    }
}

TEST_CASE("furniture: the share is of the outlet's own articles", "[candidates][furniture]") {
    // 100 articles of one outlet: a fingerprint in 9 of them (under 10%) is not furniture, one in
    // 10 of them is.
    std::vector<std::vector<std::uint64_t>> fps(100);
    for (std::uint32_t d = 0; d < 100; ++d) fps[d].push_back(1000 + d);
    for (std::uint32_t d = 0; d < 9; ++d) fps[d].push_back(1);
    for (std::uint32_t d = 50; d < 60; ++d) fps[d].push_back(2);
    std::vector<cand::DocInfo> docs;
    std::vector<std::uint64_t> keys = corpus(fps, docs);
    cand::Furniture f;
    std::vector<std::uint32_t> outlet_of(100, f.add_outlet("Daily"));
    cand::FurnitureStats stats;
    f.find(keys, outlet_of, docs, 100, {}, 0, stats);
    CHECK(stats.furniture_fingerprints == 1);
    CHECK(stats.furniture_keys == 10);
    CHECK_FALSE(f.is_furniture(1, hash_of(1)));
    CHECK(f.is_furniture(1, hash_of(2)));
}

TEST_CASE("furniture: code, embedded posts and captions are told from text", "[candidates][furniture]") {
    using K = cand::LineKind;
    CHECK(cand::line_kind("window._taboola = window._taboola || []; _taboola.push({article:'auto'});") == K::code);
    CHECK(cand::line_kind(".share-bar { display: none; margin: 0 }") == K::code);
    CHECK(cand::line_kind("(function() { var s = document.createElement('script'); })();") == K::code);
    CHECK(cand::line_kind("The mayor said the plan would cost $2 million; the council disagreed; a vote is due.") ==
          K::text);
    CHECK(cand::line_kind("Scores: Smith 3, Jones 2 [after extra time]") == K::text);
    CHECK(cand::line_kind("Great game tonight! pic.twitter.com/AbC123") == K::embed);
    CHECK(cand::line_kind("\xE2\x80\x94 Jane Doe (@jane_doe) July 15, 2018") == K::embed);
    CHECK(cand::line_kind("Contact the newsroom (@ the front desk) any time.") == K::text);
    CHECK(cand::line_kind("President Trump waves as he leaves the White House on Monday. (AP Photo/Evan Vucci)") ==
          K::caption);
    CHECK(cand::line_kind("Fans at the stadium. Photo: Getty Images") == K::caption);
    CHECK(cand::line_kind("The photographer said the light was good.") == K::text);
}

TEST_CASE("furniture: an outlet's footer is blanked in its articles, bytes kept in place", "[candidates][furniture]") {
    const wiretrace::Params params;
    const std::string footer =
        "Click here to comment on this article. Comments are moderated by the Daily Planet and may take a day to appear.";
    const std::vector<std::string> bodies = {
        "The town library will stay open until nine on weekdays from next month after students asked for it",
        "A lorry overturned on the ring road early on Tuesday and closed two lanes for most of the morning rush",
        "The county cricket club named a new captain who first played for the side as a schoolboy in the nineties",
        "Heavy rain flooded the market square and traders moved their stalls into the old corn exchange for a day",
        "The hospital opened a new ward for children with a garden on its roof paid for by a local charity appeal"};
    std::vector<wiretrace::Document> docs;
    std::vector<std::uint64_t> keys;
    std::vector<std::uint64_t> bands;
    std::vector<cand::DocInfo> info(bodies.size() + 1);
    cand::Furniture f;
    std::vector<std::uint32_t> outlet_of;
    for (std::size_t i = 0; i <= bodies.size(); ++i) {
        wiretrace::Document d;
        // The last article is another outlet's copy of the first with the same footer.
        d.text = (i < bodies.size() ? bodies[i] : bodies[0]) + ".\n" + footer;
        d.outlet = i < bodies.size() ? "Daily Planet" : "Evening Star";
        const auto sk = wiretrace::sketch::sketch_document(d, params, 32);
        info[i].fingerprints = cand::append_keys(sk, static_cast<std::uint32_t>(i), keys, bands);
        outlet_of.push_back(f.add_outlet(d.outlet));
        docs.push_back(std::move(d));
    }
    std::sort(keys.begin(), keys.end());
    cand::FurnitureStats stats;
    f.find(keys, outlet_of, info, 20, {}, 10, stats);
    REQUIRE(stats.furniture_outlets == 1);
    // Each footer fingerprint is in 4 to 6 articles (winnowing picks near the footer's first words
    // depend on the words before it).
    CHECK(stats.furniture_keys >= 4 * stats.furniture_fingerprints);
    CHECK(stats.furniture_keys <= 6 * stats.furniture_fingerprints);

    const std::vector<wiretrace::text::Token> tokens = wiretrace::text::tokenize(docs[1].text);
    const auto footer_begin = static_cast<std::uint32_t>(wiretrace::text::tokenize(bodies[1]).size());
    const std::vector<cand::MaskedSpan> spans = cand::furniture_spans(docs[1].text, tokens, &f, params);
    REQUIRE(spans.size() == 1);
    CHECK(spans[0].kind == cand::LineKind::text);
    CHECK(spans[0].end == tokens.size());  // the whole footer ...
    CHECK(spans[0].begin == footer_begin);  // ... and nothing of the story on the line before it
    const std::string masked = cand::masked_text(docs[1].text, tokens, spans);
    REQUIRE(masked.size() == docs[1].text.size());
    CHECK(masked.find("Click here") == std::string::npos);
    CHECK(masked.find("moderated") == std::string::npos);
    CHECK(masked.find('\n') == docs[1].text.find('\n'));  // line breaks stay
    CHECK(masked.substr(0, 40) == docs[1].text.substr(0, 40));

    // The other outlet's copy loses the same footer (a copy and its source lose the same words),
    // and nothing else.
    const auto star_tokens = wiretrace::text::tokenize(docs.back().text);
    const auto star_spans = cand::furniture_spans(docs.back().text, star_tokens, &f, params);
    REQUIRE(star_spans.size() == 1);
    CHECK(star_spans[0].end == star_tokens.size());
    CHECK(star_spans[0].begin == wiretrace::text::tokenize(bodies[0]).size());
    // A text of no outlet with no furniture and no code keeps everything.
    CHECK(cand::furniture_spans(bodies[2], wiretrace::text::tokenize(bodies[2]), &f, params).empty());

    const std::vector<cand::RepeatedPassage> passages =
        cand::repeated_passages(f, 10, params, [&](std::uint32_t n, std::string& text) { text = docs[n].text; });
    REQUIRE(passages.size() == 1);
    CHECK(passages[0].owner == "Daily Planet");
    CHECK(passages[0].articles == 5);
    CHECK(passages[0].text.ends_with("may take a day to appear"));
    CHECK(passages[0].text.find("Click here to comment") != std::string::npos);
}
