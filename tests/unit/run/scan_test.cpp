// SPDX-License-Identifier: Apache-2.0
// Tests of scan::run end to end on a small corpus: clusters, pairs along the provenance forest,
// determinism across thread counts, progress and cancellation, the texts read back.
#include <catch2/catch.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "support/corpus.hpp"
#include "support/temp_dir.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/run/pipeline.hpp"
#include "wiretrace/run/scan.hpp"
#include "run/stages.hpp"

using wiretrace::Errc;
using wiretrace::Error;
using wiretrace::Progress;
using wiretrace::Relation;
using namespace wiretrace::test;
namespace scan = wiretrace::scan;

namespace {

/// A wire story, an edited copy of it, a duplicate of the copy published a day later, and an
/// unrelated story: articles 0-3 in that order.
struct Corpus {
    std::string wire, copy, other;
    std::string jsonl;
};

Corpus make_corpus() {
    Corpus c;
    const std::vector<std::string> words = sentence_words(0, 40);
    std::mt19937_64 rng(7);
    c.wire = spaced(words);
    c.copy = spaced(edited_copy(rng, words));
    c.other = spaced(sentence_words(500, 40));
    c.jsonl = jsonl_line("wire", "AP", "2014-09-15T10:00:00Z", c.wire) +
              jsonl_line("copy", "Daily", "2014-09-15T14:00:00Z", c.copy) +
              jsonl_line("dup", "Weekly", "2014-09-16T09:00:00Z", c.copy) +
              jsonl_line("other", "Daily", "2014-09-15T12:00:00Z", c.other);
    return c;
}

const scan::Pair& pair_of(const scan::Result& r, std::uint32_t a, std::uint32_t b) {
    for (const scan::Pair& p : r.pairs) {
        if (p.a == a && p.b == b) return p;
    }
    FAIL("no pair " << a << "-" << b);
    return r.pairs.front();
}

/// 12 AP stories, each with 3 edited copies by "Daily" a day later, each copy followed by
/// `copy_tail` when it is not empty (an outlet's footer).
std::string stories_with_copies(const std::string& copy_tail = "") {
    std::string lines;
    for (int story = 0; story < 12; ++story) {
        const std::vector<std::string> words = sentence_words(story * 100, 30);
        std::mt19937_64 rng(static_cast<std::uint64_t>(story));
        lines += jsonl_line(fmt::format("s{}", story), "AP", "2014-09-15T10:00:00Z", spaced(words));
        for (int k = 0; k < 3; ++k) {
            std::string copy = spaced(edited_copy(rng, words));
            if (!copy_tail.empty()) copy += " " + copy_tail;
            lines += jsonl_line(fmt::format("s{}c{}", story, k), "Daily", "2014-09-16", copy);
        }
    }
    return lines;
}

/// Two scans of one corpus reported the same pairs (ends, relation, source, coverage, edits) and
/// the same forest.
void check_same_pairs(const scan::Result& x, const scan::Result& y) {
    REQUIRE(x.pairs.size() == y.pairs.size());
    CHECK(x.forest.parents == y.forest.parents);
    for (std::size_t i = 0; i < x.pairs.size(); ++i) {
        CHECK(x.pairs[i].a == y.pairs[i].a);
        CHECK(x.pairs[i].b == y.pairs[i].b);
        CHECK(x.pairs[i].relation == y.pairs[i].relation);
        CHECK(x.pairs[i].source == y.pairs[i].source);
        CHECK(x.pairs[i].coverage_a == y.pairs[i].coverage_a);
        CHECK(x.pairs[i].edits == y.pairs[i].edits);
    }
}

}  // namespace

TEST_CASE("scan: a wire story, its copy and the copy's duplicate form one cluster rooted at the wire story",
          "[scan]") {
    TempDir dir;
    const Corpus c = make_corpus();
    const std::string input = dir.write("in.jsonl", c.jsonl);
    const scan::Result r = scan::run({input}, scan::Options{});

    REQUIRE(r.articles.size() == 4);
    CHECK(r.articles[0].id == "wire");
    CHECK(r.articles[0].wire);
    CHECK_FALSE(r.articles[1].wire);
    REQUIRE(r.forest.clusters.size() == 1);
    CHECK(r.forest.clusters[0].root == 0);
    CHECK(r.forest.clusters[0].members == std::vector<std::uint32_t>{0, 1, 2});
    CHECK(r.forest.cluster[3] == wiretrace::provenance::Forest::kNone);
    CHECK(r.forest.parents[1] == std::vector<std::uint32_t>{0});
    CHECK(r.forest.parents[2] == std::vector<std::uint32_t>{1});  // a duplicate attaches to its twin

    // Every article with each of its ancestors, sorted by (a, b).
    REQUIRE(r.pairs.size() == 3);
    CHECK(wiretrace::is_derived(pair_of(r, 0, 1).relation));
    CHECK(pair_of(r, 0, 1).source == 0u);
    CHECK(wiretrace::is_derived(pair_of(r, 0, 2).relation));
    CHECK(pair_of(r, 0, 2).source == 0u);
    CHECK(pair_of(r, 1, 2).relation == Relation::duplicate);
    CHECK(pair_of(r, 1, 2).source == 1u);
    CHECK(pair_of(r, 1, 2).coverage_a == 1.0);
    CHECK(r.parent_pair[0] == -1);
    CHECK(r.parent_pair[3] == -1);
    CHECK(r.pairs[static_cast<std::size_t>(r.parent_pair[2])].a == 1);

    CHECK(r.stats.clusters == 1);
    CHECK(r.stats.clustered_articles == 3);
    CHECK(r.stats.pairs == 3);
    CHECK(r.stats.text_bytes == c.wire.size() + 2 * c.copy.size() + c.other.size());
    CHECK(scan::article_text(r, 2) == c.copy);
    CHECK(scan::article_document(r, 3).text == c.other);
    CHECK(scan::article_document(r, 0).outlet == "AP");
    CHECK_THROWS_AS(scan::article_text(r, 4), Error);
}

TEST_CASE("scan: the result does not depend on the number of threads", "[scan]") {
    TempDir dir;
    const std::string input = dir.write("in.jsonl", stories_with_copies());
    const scan::Result all = scan::run({input}, scan::Options{});
    scan::Result one;
    {
        const wiretrace::pipeline::ThreadLimit limit(1);
        one = scan::run({input}, scan::Options{});
    }
    check_same_pairs(all, one);
    CHECK(all.forest.clusters.size() == 12);
}

TEST_CASE("scan: progress goes through the stages in order, and returning false cancels", "[scan]") {
    TempDir dir;
    const std::string input = dir.write("in.jsonl", make_corpus().jsonl);
    std::vector<std::string> stages;
    scan::run({input}, scan::Options{}, [&](const Progress& p) {
        if (stages.empty() || stages.back() != p.stage) stages.emplace_back(p.stage);
        if (p.stage == "read") CHECK(p.total == 0);
        if (p.stage == "verify") CHECK(p.done <= p.total);
        return true;
    });
    CHECK(stages == std::vector<std::string>{"read", "candidates", "verify", "provenance"});

    try {
        scan::run({input}, scan::Options{}, [](const Progress& p) { return p.stage != "verify"; });
        FAIL("a cancelled scan returned");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::io);
        CHECK(std::string(e.what()) == "cancelled");
    }
}

TEST_CASE("scan: invalid options are refused before reading", "[scan]") {
    scan::Options o;
    o.lsh_bands = 0;
    CHECK_THROWS_MATCHES(scan::run({"/no/such/input"}, o), Error,
                         Catch::Matchers::Predicate<Error>([](const Error& e) { return e.code() == Errc::bad_argument; }));
    o = scan::Options{};
    o.candidates.max_sources = 0;
    CHECK_THROWS_MATCHES(scan::run({"/no/such/input"}, o), Error,
                         Catch::Matchers::Predicate<Error>([](const Error& e) { return e.code() == Errc::bad_argument; }));
}

TEST_CASE("scan: the edit summary counts each kind, in the order of EditKind", "[scan]") {
    scan::Pair p;
    CHECK(scan::edit_summary(p) == "no edits");
    p.edits = {2, 1, 0, 3, 1};
    CHECK(scan::edit_summary(p) == "2 respellings, 1 substitution, 3 deletions, 1 move");
}

TEST_CASE("scan: the same outlet's updated story is a version of the first one; copies stay copies",
          "[scan][version]") {
    TempDir dir;
    const std::vector<std::string> first = sentence_words(0, 30);
    std::vector<std::string> update = first;  // the story so far with new paragraphs at the end
    for (const std::string& w : sentence_words(900, 12)) update.push_back(w);
    std::mt19937_64 rng(11);
    const std::string copy = spaced(edited_copy(rng, update));
    const std::string input = dir.write(
        "in.jsonl", jsonl_line("first", "AP", "2014-09-15T10:00:00Z", spaced(first)) +
                        jsonl_line("update", "AP", "2014-09-15T12:00:00Z", spaced(update)) +
                        jsonl_line("copy", "Daily", "2014-09-15T14:00:00Z", copy) +
                        jsonl_line("repost", "Daily", "2014-09-16T09:00:00Z", copy));
    const scan::Result r = scan::run({input}, scan::Options{});

    REQUIRE(r.forest.clusters.size() == 1);
    CHECK(r.forest.parents[1] == std::vector<std::uint32_t>{0});
    CHECK(r.forest.parents[2] == std::vector<std::uint32_t>{1});
    CHECK(r.forest.parents[3] == std::vector<std::uint32_t>{2});
    // The update keeps all of the first version, which is 30 of its 42 sentences.
    const scan::Pair& version = pair_of(r, 0, 1);
    CHECK(version.relation == Relation::version);
    CHECK(version.source == 0u);
    CHECK(version.coverage_a == 1.0);
    CHECK(version.coverage_b == Approx(30.0 / 42.0).margin(0.02));
    // Another outlet's copy of the update is a copy, of the update and of the first version.
    CHECK(pair_of(r, 1, 2).relation != Relation::version);
    CHECK(wiretrace::is_derived(pair_of(r, 1, 2).relation));
    CHECK(pair_of(r, 0, 2).relation != Relation::version);
    // The outlet's repost of its own copy, the same text a day later, is a duplicate.
    CHECK(pair_of(r, 2, 3).relation == Relation::duplicate);
}

TEST_CASE("scan: union offers of pairs whose texts can be no union's copy are released", "[scan][union]") {
    using wiretrace::scan::detail::Verified;
    const auto verified = [](std::uint32_t a, std::uint32_t b, Relation relation, std::optional<std::uint32_t> source) {
        Verified v;
        v.pair.a = a;
        v.pair.b = b;
        v.pair.relation = relation;
        v.offer.emplace().source = source;
        v.side_a.ranges = {{0, 3}};
        v.side_b.ranges = {{1, 4}};
        return v;
    };
    std::vector<Verified> pairs;
    pairs.push_back(verified(0, 1, Relation::rewrite, 0));       // derived: offers for 0 and 1
    pairs.push_back(verified(1, 2, Relation::unrelated, 2));     // not derived, 2 its source: offers for 1
    pairs.push_back(verified(3, 4, Relation::unrelated, {}));    // not derived, undecided: 3 and 4, alone
    pairs.push_back(verified(5, 6, Relation::rewrite, 5));       // derived, with nothing else offered
    pairs.push_back(verified(2, 6, Relation::unrelated, 2));     // 6 now has two offers, one not derived
    wiretrace::scan::detail::release_idle_offers(pairs, 7);
    // Article 1 has two offers (0-1 and 1-2), one not derived: both kept; so are 5-6 and 2-6 for 6.
    CHECK(pairs[0].offer.has_value());
    CHECK(pairs[1].offer.has_value());
    CHECK(pairs[3].offer.has_value());
    CHECK(pairs[4].offer.has_value());
    // 3 and 4 have one offer each: released, and its copy sides with it (the pair is not derived).
    CHECK_FALSE(pairs[2].offer.has_value());
    CHECK(pairs[2].side_a.ranges.empty());
    CHECK(pairs[2].side_b.ranges.empty());
    CHECK(pairs[1].side_a.ranges.size() == 1);
}

TEST_CASE("scan: a derived pair keeps its copy sides when its offer is released", "[scan][union]") {
    std::vector<wiretrace::scan::detail::Verified> pairs(1);
    pairs[0].pair.a = 0;
    pairs[0].pair.b = 1;
    pairs[0].pair.relation = Relation::near_duplicate;
    pairs[0].offer.emplace();
    pairs[0].side_a.ranges = {{0, 3}};
    wiretrace::scan::detail::release_idle_offers(pairs, 2);
    CHECK_FALSE(pairs[0].offer.has_value());
    CHECK(pairs[0].side_a.ranges.size() == 1);  // provenance links the derived pair with them
}

TEST_CASE("scan: a memory budget that sorts the join's keys on disk gives the same result", "[scan]") {
    TempDir dir;
    // 12 stories, each with 3 edited copies by one outlet whose articles all end with the same
    // footer (its furniture, dropped from the join group by group).
    const std::string input = dir.write("in.jsonl", stories_with_copies(spaced(sentence_words(9000, 25))));
    const scan::Result memory = scan::run({input}, scan::Options{});
    scan::Options budget;
    budget.max_memory_bytes = 1024;  // runs of 32 fingerprint keys, 8 band keys: many runs
    budget.spool_dir = dir.str();
    const scan::Result spilled = scan::run({input}, budget);

    REQUIRE(memory.stats.furniture.furniture_fingerprints > 0);
    CHECK(spilled.stats.furniture.furniture_fingerprints == memory.stats.furniture.furniture_fingerprints);
    CHECK(spilled.stats.furniture.furniture_keys == memory.stats.furniture.furniture_keys);
    const auto& c = memory.stats.candidates;
    const auto& s = spilled.stats.candidates;
    REQUIRE(c.fingerprint_pairs > 0);
    CHECK(s.fingerprint_keys == c.fingerprint_keys);
    CHECK(s.shared_fingerprints == c.shared_fingerprints);
    CHECK(s.boilerplate_fingerprints == c.boilerplate_fingerprints);
    CHECK(s.fingerprint_pairs == c.fingerprint_pairs);
    CHECK(s.band_keys == c.band_keys);
    CHECK(s.band_pairs == c.band_pairs);
    CHECK(s.pairs == c.pairs);
    check_same_pairs(spilled, memory);
}
