// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <tuple>
#include <catch2/catch.hpp>

#include "support/files.hpp"
#include "support/random_text.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/score/score.hpp"
#include "wiretrace/sketch/sketch.hpp"
#include "wiretrace/text/tokenize.hpp"

using namespace wiretrace;
using wiretrace::Relation;
using wiretrace::Side;

namespace {

struct Scored {
    Document a, b;
    score::Analysis aa, ab;
    score::PairScore s;
};

Scored scored(Document a, Document b, const Params& params = {}) {
    Scored out{std::move(a), std::move(b), {}, {}, {}};
    auto pair = score::score_standalone(out.a, out.b, params);
    out.aa = std::move(pair.analysis_a);
    out.ab = std::move(pair.analysis_b);
    out.s = std::move(pair.score);
    return out;
}

using wiretrace::test::doc;
using wiretrace::test::seed;

std::string quote(const Document& d, const score::Analysis& an, align::TokenRange r) {
    if (r.empty()) return "";
    return d.text.substr(an.tokens[r.begin].begin, an.tokens[r.end - 1].end - an.tokens[r.begin].begin);
}

bool has_edit(const Scored& x, EditKind kind, std::string_view a_text, std::string_view b_text) {
    return std::any_of(x.s.alignment.edits.begin(), x.s.alignment.edits.end(), [&](const align::Edit& e) {
        return e.kind == kind && quote(x.a, x.aa, e.a) == a_text && quote(x.b, x.ab, e.b) == b_text;
    });
}

bool has_edit_containing(const Scored& x, EditKind kind, bool in_b, std::string_view needle) {
    return std::any_of(x.s.alignment.edits.begin(), x.s.alignment.edits.end(), [&](const align::Edit& e) {
        const std::string t = in_b ? quote(x.b, x.ab, e.b) : quote(x.a, x.aa, e.a);
        return e.kind == kind && t.find(needle) != std::string::npos;
    });
}

}  // namespace

TEST_CASE("score: the seed pair is a rewrite of the AP story, in both orders", "[score][seed]") {
    const auto ap_cbc = scored(seed(test::kSeedAp), seed(test::kSeedCbc));
    const auto cbc_ap = scored(seed(test::kSeedCbc), seed(test::kSeedAp));
    using wiretrace::EditKind;
    for (const auto* x : {&ap_cbc, &cbc_ap}) {
        const bool ap_first = x == &ap_cbc;
        INFO((ap_first ? "AP, CBC" : "CBC, AP"));
        CHECK(x->s.relation == Relation::rewrite);
        CHECK(x->s.direction.source == (ap_first ? Side::a : Side::b));
        const double ap_cov = ap_first ? x->s.coverage_a : x->s.coverage_b;
        const double cbc_cov = ap_first ? x->s.coverage_b : x->s.coverage_a;
        CHECK(ap_cov >= 0.60);
        CHECK(cbc_cov >= 0.30);
        CHECK(cbc_cov <= 0.50);
        CHECK(x->s.jaccard < 0.35);  // the case a Jaccard threshold misses
    }
    const auto& x = ap_cbc;
    CHECK(has_edit(x, EditKind::respelling, "neighbors", "neighbours"));
    CHECK(has_edit(x, EditKind::respelling, "cooperation", "co-operation"));
    CHECK(has_edit(x, EditKind::respelling, "coordinate", "co-ordinate"));
    CHECK(has_edit(x, EditKind::respelling, "Francois", "Fran\xC3\xA7ois"));
    CHECK(has_edit(x, EditKind::substitution, "Shiite", "Shia"));
    CHECK(has_edit(x, EditKind::substitution, "fresh", "raw"));
    CHECK(has_edit(x, EditKind::substitution, "Assad", "al-Assad"));
    CHECK(has_edit_containing(x, EditKind::insertion, true, "John Baird"));
    CHECK(has_edit_containing(x, EditKind::insertion, true, "Stephen\xC2\xA0Harper"));  // NBSP in the source
    CHECK(has_edit_containing(x, EditKind::insertion, true, "John Kerry"));
    // the same sections, seen from the CBC side, are text only in a
    CHECK(has_edit_containing(cbc_ap, EditKind::deletion, false, "John Baird"));
    CHECK(has_edit(cbc_ap, EditKind::substitution, "Shia", "Shiite"));
}

TEST_CASE("score: a text compared with itself is a duplicate with coverage 1", "[score][property]") {
    std::mt19937_64 rng(5);
    std::vector<Document> docs = {seed(test::kSeedAp), seed(test::kSeedCbc)};
    for (int i = 0; i < 20; ++i) docs.push_back(doc("r", test::join(test::random_words(rng, 1 + rng() % 400))));
    for (const auto& d : docs) {
        const auto x = scored(d, d);
        INFO(d.text.substr(0, 60));
        CHECK(x.s.relation == Relation::duplicate);
        CHECK(x.s.coverage_a == 1.0);
        CHECK(x.s.coverage_b == 1.0);
        CHECK(x.s.jaccard == 1.0);
        CHECK(x.s.alignment.edits.empty());
        CHECK(x.s.direction.source == Side::undecided);
    }
}

TEST_CASE("score: swapping a and b swaps the directional figures and nothing else", "[score][property]") {
    std::mt19937_64 rng(17);
    for (int iter = 0; iter < 100; ++iter) {
        const auto words = test::random_words(rng, 30 + rng() % 500, 200 + rng() % 4000);
        Document a = doc("a", test::join(words));
        Document b = doc("b", test::join(test::edited_copy(rng, words)));
        if (rng() % 2 == 0) a.published = 1000;
        if (rng() % 3 == 0) b.published = 5000;
        const auto ab = scored(a, b);
        const auto ba = scored(b, a);
        INFO("iteration " << iter);
        CHECK(ab.s.relation == ba.s.relation);
        CHECK(ab.s.jaccard == ba.s.jaccard);
        CHECK(ab.s.jaccard_estimate == ba.s.jaccard_estimate);
        CHECK(ab.s.cosine == Approx(ba.s.cosine).margin(1e-6));
        CHECK(ab.s.coverage_a == ba.s.coverage_b);
        CHECK(ab.s.coverage_b == ba.s.coverage_a);
        CHECK(ab.s.containment_a == ba.s.containment_b);
        CHECK(ab.s.weighted_coverage_a == ba.s.weighted_coverage_b);
        CHECK(ab.s.longest_passage == ba.s.longest_passage);
        CHECK(ab.s.derived_probability == ba.s.derived_probability);
        CHECK(ab.s.model_decides == ba.s.model_decides);
        const auto flip = [](Side s) { return s == Side::a ? Side::b : s == Side::b ? Side::a : s; };
        CHECK(ab.s.direction.source == flip(ba.s.direction.source));
        CHECK(ab.s.direction.decided_by == ba.s.direction.decided_by);
    }
}

TEST_CASE("score: mirrored is the score of the swapped documents", "[score][property]") {
    // Every kind of direction evidence: timestamps, wire outlet, dateline, copyright, credit line,
    // structure and containment, on either side.
    std::mt19937_64 rng(29);
    const auto by_kind = [](std::vector<score::Evidence> evidence) {
        std::vector<std::tuple<std::string, Side, double, std::string>> out;
        for (auto& e : evidence) out.emplace_back(std::move(e.kind), e.favours, e.weight, std::move(e.detail));
        std::sort(out.begin(), out.end());  // equally weighted evidence may come in either order
        return out;
    };
    const auto figures = [](const score::PairScore& s) {
        return std::tuple(s.tokens_a, s.tokens_b, s.containment_a, s.containment_b, s.coverage_a, s.coverage_b,
                          s.weighted_coverage_a, s.weighted_coverage_b, s.jaccard, s.longest_passage, s.relation,
                          s.direction.source, s.direction.decided_by);
    };
    std::set<std::string> kinds;  // seen, to show every kind is tested
    for (int iter = 0; iter < 100; ++iter) {
        const auto words = test::random_words(rng, 30 + rng() % 500, 200 + rng() % 4000);
        auto copied = test::edited_copy(rng, words);
        if (rng() % 3 == 0) copied.erase(copied.begin() + static_cast<std::ptrdiff_t>(copied.size() / 2), copied.end());
        std::string text_a = test::join(words);
        std::string text_b = test::join(copied);
        if (rng() % 3 == 0) text_a = "LONDON (Reuters) - " + text_a;
        if (rng() % 3 == 0) text_a += "\n\nCopyright 2014 The Associated Press.";
        if (rng() % 3 == 0) text_b += "\n\nWith files from The Canadian Press";
        if (rng() % 3 == 0) text_b = "Residents of the town were not consulted about any of it. " + text_b;
        Document a = doc("a", text_a);
        Document b = doc("b", text_b);
        if (rng() % 2 == 0) a.published = 1000;
        if (rng() % 2 == 0) b.published = 1000 + static_cast<std::int64_t>(rng() % 3) * 86400;
        if (rng() % 4 == 0) a.outlet = "Reuters";
        const auto ab = scored(a, b);
        const auto ba = scored(b, a);
        const score::PairScore m = score::mirrored(ab.s);
        INFO("iteration " << iter);
        CHECK(figures(m) == figures(ba.s));
        CHECK(m.alignment.passages == ba.s.alignment.passages);
        CHECK(m.alignment.edits == ba.s.alignment.edits);
        CHECK(by_kind(m.direction.evidence) == by_kind(ba.s.direction.evidence));
        for (const auto& e : ab.s.direction.evidence) kinds.insert(e.kind);
    }
    CHECK(kinds == std::set<std::string>{"containment", "credit-line", "local-lead", "timestamp", "truncation",
                                         "wire-copyright", "wire-dateline", "wire-outlet"});
}

TEST_CASE("score: relation thresholds", "[score]") {
    const Params params;
    score::PairScore s;
    s.tokens_a = s.tokens_b = 100;
    s.coverage_a = s.coverage_b = 1.0;
    CHECK(score::decide_relation(s, params) == Relation::duplicate);
    s.alignment.edits.push_back({EditKind::substitution, {1, 2}, {1, 2}, 0});
    CHECK(score::decide_relation(s, params) == Relation::near_duplicate);
    s.coverage_b = 0.79;
    s.jaccard = 0.5;
    s.weighted_coverage_a = 1.0;
    s.longest_passage = 12;
    CHECK(score::decide_relation(s, params) == Relation::rewrite);
    s.longest_passage = 11;  // only short scattered passages: not a rewrite
    CHECK(score::decide_relation(s, params) == Relation::unrelated);
    s.cosine = 0.5;
    CHECK(score::decide_relation(s, params) == Relation::same_story);
    s.tokens_a = 0;
    CHECK(score::decide_relation(s, params) == Relation::unrelated);
}

TEST_CASE("score: below the coverage line the model decides pairs with a long passage", "[score]") {
    Params params;
    score::PairScore s;
    s.tokens_a = s.tokens_b = 100;
    s.coverage_a = s.coverage_b = s.weighted_coverage_a = s.weighted_coverage_b = 0.1;
    s.longest_passage = 12;
    s.derived_probability = 0.6;
    CHECK(score::model_may_decide(s, params));
    CHECK(score::decide_relation(s, params) == Relation::rewrite);
    s.derived_probability = 0.4;
    CHECK(score::decide_relation(s, params) == Relation::unrelated);
    s.derived_probability = 0.99;
    s.longest_passage = 11;  // shared words and short phrases only: the model may not decide
    CHECK_FALSE(score::model_may_decide(s, params));
    CHECK(score::decide_relation(s, params) == Relation::unrelated);
    s.longest_passage = 12;
    params.rewrite_probability = 2;  // above 1: the model never decides
    CHECK(score::decide_relation(s, params) == Relation::unrelated);
}

TEST_CASE("score: the model's inputs", "[score]") {
    // Content words: a has 4, b has 6, 2 shared; 2-word shingles: a 3, b 5, 1 shared ("alpha bravo").
    const auto x = scored(doc("a", "alpha bravo charlie delta"), doc("b", "alpha bravo echo foxtrot golf hotel"));
    const auto& f = x.s.features;
    CHECK(f.word_containment == 0.5);
    CHECK(f.bigram_containment == Approx(1.0 / 3.0));
    CHECK(f.log_shorter_words == Approx(std::log(5.0)));
    CHECK(f.log_longer_words == Approx(std::log(7.0)));
    CHECK(x.s.derived_probability == score::derived_probability(f));
    CHECK_FALSE(x.s.model_decides);
    // Stop words do not count as shared words; the probability grows with each containment.
    const auto y = scored(doc("a", "the alpha and the bravo"), doc("b", "the and the of echo"));
    CHECK(y.s.features.word_containment == 0.0);
    score::DerivedFeatures more = f;
    more.word_containment = 0.8;
    CHECK(score::derived_probability(more) > score::derived_probability(f));
    more.bigram_containment = 0.6;
    CHECK(score::derived_probability(more) > score::derived_probability(f));
    CHECK(score::derived_probability(more) < 1.0);
}

TEST_CASE("score: an earlier timestamp decides the direction", "[score]") {
    const std::string text = test::read_all(test::source_path(test::kSeedAp));
    Document a = doc("a", text.substr(0, 2000));
    Document b = doc("b", text.substr(0, 2000) + "\nA local paragraph added by the outlet about the town.");
    a.published = parse_iso8601("2014-09-15T12:00:00Z");
    b.published = parse_iso8601("2014-09-15T10:00:00Z");
    const auto x = scored(a, b);
    CHECK(is_derived(x.s.relation));
    CHECK(x.s.direction.source == Side::b);
    CHECK(x.s.direction.decided_by == "timestamp");
}

TEST_CASE("score: the user's outlets: a wire outlet weighs as wire, an aggregator is never the source", "[score]") {
    const std::string text = test::read_all(test::source_path(test::kSeedAp));
    const std::string body = text.substr(text.find('\n') + 1, 1500);  // no dateline
    Document a = doc("a", body);
    Document b = doc("b", body + "\nA local paragraph added by the outlet about the town.");
    a.outlet = "Quote Hub";
    b.outlet = "Metro Desk";
    a.published = parse_iso8601("2014-09-15T09:00:00Z");  // the aggregator's page is dated first
    b.published = parse_iso8601("2014-09-15T12:00:00Z");
    CHECK(scored(a, b).s.direction.decided_by == "timestamp");
    CHECK(scored(a, b).s.direction.source == Side::a);
    auto roles = std::make_shared<text::OutletRoles>();
    roles->aggregators = {"quote hub"};
    Params params;
    params.outlet_roles = roles;
    auto x = scored(a, b, params);
    CHECK(x.s.direction.source == Side::b);
    CHECK(x.s.direction.decided_by == "aggregator");
    CHECK(x.s.direction.evidence.front().detail == "aggregator outlet in a only");
    // mirrored: the same decision seen from the other side
    const auto y = scored(b, a, params);
    CHECK(y.s.direction.source == Side::a);
    CHECK(y.s.direction.evidence.front().detail == "aggregator outlet in b only");
    CHECK(score::mirrored(x.s).direction.evidence.front().detail == "aggregator outlet in b only");

    // A near-duplicate nothing orders is undecided, until one outlet is named a source by trade.
    Document c = doc("c", body);
    c.outlet = "Metro Desk";
    a.published.reset();
    CHECK(scored(a, c).s.direction.source == Side::undecided);
    roles->aggregators.clear();
    roles->wire = {"metro desk"};
    x = scored(a, c, params);
    CHECK(x.s.direction.source == Side::b);
    CHECK(x.s.direction.decided_by == "wire-outlet");
}

TEST_CASE("signals: outlet lists: one name a line, # comments, any case", "[score]") {
    const auto names = text::parse_outlet_list("# wire desks\n  Metro Desk \r\n\nAP\nmetro desk\n#AFP\n", "list.txt");
    CHECK(names == std::vector<std::string>{"metro desk", "ap"});
    text::OutletRoles roles;
    roles.wire = names;
    CHECK(roles.is_wire("METRO DESK"));
    CHECK(roles.is_wire(" Metro Desk "));
    CHECK_FALSE(roles.is_wire("Metro"));
    CHECK_FALSE(roles.is_wire(""));
    CHECK_FALSE(roles.is_aggregator("metro desk"));
    CHECK(text::parse_outlet_list("", "empty.txt").empty());
    try {
        text::parse_outlet_list("AP\nNews\tHub\n", "list.txt");
        FAIL("a tab inside a name is refused");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("list.txt:2") != std::string::npos);
    }
    CHECK(text::looks_like_wire("Metro Desk", {}, &roles));
    CHECK_FALSE(text::looks_like_wire("Metro Desk", {}, nullptr));
    CHECK(text::looks_like_wire("Reuters", {}, nullptr));
}

TEST_CASE("score: with weak evidence the direction stays undecided", "[score]") {
    const std::string first = "The council voted on Tuesday to close the old library on Main Street after a long "
                              "debate about the cost of repairs.";
    const std::string second = "The future of the building in the town centre is still open and the mayor said a "
                               "buyer could be found before the end of the year.";
    const auto x = scored(doc("a", first + " " + second),
                          doc("b", first + " Residents were not consulted. " + second));
    CHECK(is_derived(x.s.relation));
    // b adds a short sentence in the middle: at most a small containment gap, too weak to decide
    CHECK(std::all_of(x.s.direction.evidence.begin(), x.s.direction.evidence.end(),
                      [](const auto& e) { return e.kind == "containment" && e.weight < 1.0; }));
    CHECK(x.s.direction.source == Side::undecided);
}

TEST_CASE("score: a local lead marks the copy", "[score]") {
    const std::string text = "The council voted on Tuesday to close the old library on Main Street after a long "
                             "debate about the cost of repairs and the future of the building in the town centre.";
    const auto x = scored(doc("a", text), doc("b", "Residents of Springfield were not consulted. " + text));
    CHECK(x.s.direction.source == Side::a);
    CHECK(x.s.direction.decided_by == "local-lead");
}

TEST_CASE("score: a copy trimmed from the end points to the longer text as source", "[score]") {
    std::string text = test::read_all(test::source_path(test::kSeedAp));
    text = text.substr(0, text.find("Copyright"));  // no copyright evidence: structure alone decides
    const auto cut = text.find("Russian Foreign Minister");
    const auto x = scored(doc("excerpt", text.substr(0, cut)), doc("full", text));
    CHECK(is_derived(x.s.relation));
    CHECK(x.s.coverage_a == 1.0);
    CHECK(x.s.direction.source == Side::b);
    CHECK(x.s.direction.decided_by == "truncation");
    // the dateline is in both texts, so it is no evidence either way
    CHECK(std::none_of(x.s.direction.evidence.begin(), x.s.direction.evidence.end(),
                       [](const auto& e) { return e.kind == "wire-dateline"; }));
}

TEST_CASE("signals: datelines, copyright and credit lines", "[score]") {
    auto s = score::detect_wire_signals("PARIS (AP) \xE2\x80\x94 Diplomats met.");
    CHECK(s.dateline);
    CHECK(s.agency == "AP");
    s = score::detect_wire_signals("LONDON, Sept 15 (Reuters) - Shares rose.");
    CHECK(s.dateline);
    CHECK(s.agency == "Reuters");
    CHECK_FALSE(score::detect_wire_signals("He told AP (AP is a news agency) that").dateline);
    CHECK(score::detect_wire_signals("Text.\nCopyright 2014 The Associated Press. All rights reserved.").copyright);
    CHECK(score::detect_wire_signals("Text.\nWith files from The Canadian Press").credit_line);
    CHECK(score::detect_wire_signals("Text. The Associated Press contributed to this report.").credit_line);
    const auto none = score::detect_wire_signals("A plain local story about the council.");
    CHECK_FALSE(none.dateline);
    CHECK_FALSE(none.copyright);
    CHECK_FALSE(none.credit_line);
    CHECK(score::is_wire_outlet("AP"));
    CHECK(score::is_wire_outlet("The Associated Press"));
    CHECK(score::is_wire_outlet("reuters"));
    CHECK_FALSE(score::is_wire_outlet("CBC"));
    CHECK_FALSE(score::is_wire_outlet(""));
}

TEST_CASE("document: ISO-8601 timestamps", "[document]") {
    CHECK(parse_iso8601("1970-01-01") == 0);
    CHECK(parse_iso8601("2014-09-15T10:30:00Z") == 1410777000);
    CHECK(parse_iso8601("2014-09-15 12:30:00+02:00") == 1410777000);
    CHECK(parse_iso8601("2014-09-15T10:30:00.123Z") == 1410777000);
    CHECK(parse_iso8601("2014-09-15T10:30") == 1410777000);
    CHECK_FALSE(parse_iso8601("2014-02-30"));
    CHECK_FALSE(parse_iso8601("yesterday"));
    CHECK_FALSE(parse_iso8601("2014-09-15T25:00"));
    CHECK_FALSE(parse_iso8601("2014-09-15T10:30Zjunk"));
    CHECK(format_iso8601(1410777000) == "2014-09-15T10:30:00Z");
    CHECK(format_iso8601(-1) == "1969-12-31T23:59:59Z");
}

TEST_CASE("document: publication times in every common form (parse_time, epoch_time)", "[document]") {
    const auto at = [](std::string_view text, std::string_view format = {}) -> std::optional<std::int64_t> {
        const auto t = parse_time(text, format);
        return t ? std::optional<std::int64_t>(t->seconds) : std::nullopt;
    };
    // 2018-07-15T10:00:00Z in every form
    constexpr std::int64_t kNoon = 1531648800;
    CHECK(at("2018-07-15T10:00:00Z") == kNoon);
    CHECK(at("  2018-07-15T12:00:00+02:00\n") == kNoon);
    CHECK(at("Sun, 15 Jul 2018 10:00:00 GMT") == kNoon);
    CHECK(at("15 Jul 2018 12:00:00 +0200") == kNoon);
    CHECK(at("sun, 15 jul 2018 06:00:00 EDT") == kNoon);
    CHECK(at("15 Jul 18 10:00 UT") == kNoon);
    CHECK(at("Sun, 15 Jul 2018 10:00:00 +0000 (UTC)") == kNoon);
    CHECK(at("1531648800") == kNoon);
    CHECK(at("1531648800.75") == kNoon);
    CHECK(at("1531648800000") == kNoon);          // milliseconds
    CHECK(at("1531648800000000") == kNoon);       // microseconds
    CHECK(at("1531648800000000000") == kNoon);    // nanoseconds
    CHECK(at("15/07/2018 12:00 +0200", "%d/%m/%Y %H:%M %z") == kNoon);
    CHECK(at("15/07/2018", "%d/%m/%Y") == kNoon - 10 * 3600);
    CHECK(parse_time("Sun, 15 Jul 2018 10:00 GMT")->granularity == 60);
    CHECK(parse_time("15/07/2018", "%d/%m/%Y")->granularity == 86400);
    CHECK(parse_time("2018-07-15")->granularity == 86400);
    // not times: counted by the readers, never guessed
    for (const std::string_view bad : {"garbage", "2020-13-45", "", "Sun, 31 Feb 2018 10:00:00 GMT",
                                       "15 Jul 2018 25:00 GMT", "15 Jul 2018 10:00 XYZ", "1e9", "0x5B4B1C20",
                                       "10021-07-18T16:10:41Z", "2018-07-15T10:00:00Z trailing"}) {
        INFO(bad);
        CHECK_FALSE(parse_time(bad));
    }
    CHECK_FALSE(parse_time("2018-07-15", "%d/%m/%Y"));  // a format given is the only one tried
    // epoch numbers by magnitude, within years 1 to 9999
    CHECK(epoch_time(1531648800.9)->seconds == kNoon);
    CHECK(epoch_time(1531648800123.0)->seconds == kNoon);
    CHECK(epoch_time(-1.5)->seconds == -2);
    CHECK(epoch_time(0.0)->seconds == 0);
    CHECK(epoch_time(99999999999.0)->seconds == 99999999999);   // the year 5138, in seconds
    CHECK(epoch_time(100000000000.0)->seconds == 100000000);    // from 1e11 on, milliseconds
    CHECK_FALSE(epoch_time(1e300));
    CHECK_FALSE(epoch_time(-99999999999999.0));  // milliseconds: the year -1199
    CHECK_FALSE(epoch_time(std::nan("")));
    CHECK(format_iso8601(kEarliestTime) == "0001-01-01T00:00:00Z");
    CHECK(format_iso8601(kLatestTime) == "9999-12-31T23:59:59Z");
}

TEST_CASE("score: a one-word text is never a rewrite", "[score][regress]") {
    const auto x = scored(doc("one", "Iraq"), seed(test::kSeedAp));
    CHECK(x.s.relation != Relation::rewrite);
    CHECK_FALSE(is_derived(x.s.relation));
}

TEST_CASE("score: a copy trimmed from the bottom, losing the credit line, is not the source", "[score][regress]") {
    const std::string cbc = test::read_all(test::source_path(test::kSeedCbc));
    const auto x = scored(doc("full", cbc), doc("trimmed", cbc.substr(0, 5500)));
    CHECK(is_derived(x.s.relation));
    CHECK(x.s.direction.source == Side::a);
    CHECK(x.s.direction.decided_by == "truncation");
}

TEST_CASE("score: a date alone does not order two articles of that day", "[score][regress]") {
    Document a = seed(test::kSeedAp);
    Document b = seed(test::kSeedCbc);
    a.published = parse_iso8601("2014-09-15T09:00:00Z");
    b.published = parse_iso8601("2014-09-15");
    b.published_granularity = iso8601_granularity("2014-09-15");
    const auto x = scored(a, b);
    CHECK(std::none_of(x.s.direction.evidence.begin(), x.s.direction.evidence.end(),
                       [](const auto& e) { return e.kind == "timestamp"; }));
    CHECK(x.s.direction.decided_by == "wire-dateline");
    b.published = parse_iso8601("2014-09-16");
    CHECK(scored(a, b).s.direction.decided_by == "timestamp");
}

TEST_CASE("document: ISO-8601 fields are digits only", "[document][regress]") {
    CHECK_FALSE(parse_iso8601("2014-09-15T-1:-5"));
    CHECK_FALSE(parse_iso8601("-014-09-15"));
    CHECK(iso8601_granularity("2014-09-15") == 86400);
    CHECK(iso8601_granularity("2014-09-15T10:30") == 60);
    CHECK(iso8601_granularity("2014-09-15T10:30Z") == 60);
    CHECK(iso8601_granularity("2014-09-15T10:30:00Z") == 1);
}

TEST_CASE("signals: agency names match whole words only", "[score][regress]") {
    const auto s = score::detect_wire_signals("Story.\nCopyright 2014 The Kansas City Star");
    CHECK_FALSE(s.copyright);
    CHECK(s.agency.empty());
}

TEST_CASE("score: phrases computed once per article give the pair's phrase figures computed per pair",
          "[score][property]") {
    const Params params;
    auto x = scored(seed(test::kSeedAp), seed(test::kSeedCbc), params);
    REQUIRE(x.aa.phrase_hashes.empty());  // score_standalone leaves them to describe_derived
    REQUIRE(x.s.phrase_share > 0.0);
    score::add_phrases(x.aa, params);
    score::add_phrases(x.ab, params);
    // The hashes are the 3-word shingles in text order, the set those sorted and unique.
    CHECK(x.aa.phrase_hashes == sketch::shingle_hashes(x.aa.tokens, 3, params.seed));
    CHECK(x.aa.phrase_hashes.size() == x.aa.tokens.size() - 2);
    CHECK(x.aa.phrase_set == sketch::to_set(x.aa.phrase_hashes));
    score::PairScore again = x.s;
    again.phrase_share = again.mean_phrase_run = again.source_phrase_share = 0;
    score::describe_derived(again, x.a, x.aa, x.b, x.ab, params);
    CHECK(again.phrase_share == x.s.phrase_share);
    CHECK(again.mean_phrase_run == x.s.mean_phrase_run);
    CHECK(again.source_phrase_share == x.s.source_phrase_share);
    CHECK(again.grade == x.s.grade);
    // One side precomputed, the other not: the same again.
    x.ab.phrase_hashes.clear();
    x.ab.phrase_set.clear();
    score::describe_derived(again, x.a, x.aa, x.b, x.ab, params);
    CHECK(again.phrase_share == x.s.phrase_share);
    CHECK(again.mean_phrase_run == x.s.mean_phrase_run);
}

TEST_CASE("score: a repeated phrase is one member of the phrase set", "[score]") {
    const Params params;
    score::Analysis an;
    an.tokens = text::tokenize("red fox runs red fox runs red fox");
    score::add_phrases(an, params);
    CHECK(an.phrase_hashes.size() == 6);
    CHECK(an.phrase_set.size() == 3);  // "red fox runs", "fox runs red", "runs red fox"
    CHECK(an.phrase_hashes[0] == an.phrase_hashes[3]);
}
