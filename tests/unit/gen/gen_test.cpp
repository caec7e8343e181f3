// SPDX-License-Identifier: Apache-2.0
// Tests of the synthetic corpus generator: determinism across runs and thread counts, document
// kinds in their stated proportions, truth rows consistent with the corpus, no chance shared runs
// between unrelated stories, and words that are exactly the engine's tokens.
#include <catch2/catch.hpp>
#include <simdjson.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "gen/edits.hpp"
#include "wiretrace/document.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/lab/gen.hpp"
#include "wiretrace/sketch/sketch.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/text/tables.hpp"

namespace gen = wiretrace::gen;
namespace text = wiretrace::text;
namespace sketch = wiretrace::sketch;

namespace {

/// Shared runs of this many words are what the tests forbid between unrelated stories.
constexpr std::uint32_t kRunTokens = 8;
constexpr std::uint64_t kShingleSeed = 7;

struct Output {
    std::string corpus;
    std::string truth;
    gen::Stats stats;
};

Output generate(const gen::Config& config, std::size_t threads = 2) {
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    const gen::Generator generator(config);
    std::ostringstream corpus, truth;
    Output out;
    out.stats = gen::generate_corpus(generator, corpus, &truth);
    out.corpus = corpus.str();
    out.truth = truth.str();
    return out;
}

gen::Config config_with(std::uint64_t docs, std::uint64_t seed) {
    gen::Config c;
    c.docs = docs;
    c.seed = seed;
    return c;
}

struct Record {
    std::string outlet;
    std::int64_t published = 0;
    std::string text;
};

/// The corpus parsed with simdjson ondemand, one document per line; fails the test on bad JSON.
std::unordered_map<std::string, Record> parse_corpus(const std::string& jsonl, std::vector<std::string>* order = nullptr) {
    std::unordered_map<std::string, Record> records;
    simdjson::ondemand::parser parser;
    std::size_t pos = 0;
    while (pos < jsonl.size()) {
        const std::size_t nl = jsonl.find('\n', pos);
        REQUIRE(nl != std::string::npos);  // every line ends with a newline
        const simdjson::padded_string line(jsonl.data() + pos, nl - pos);
        pos = nl + 1;
        simdjson::ondemand::document doc = parser.iterate(line);
        std::string_view id, outlet, published, title, body;
        REQUIRE(doc["id"].get_string().get(id) == simdjson::SUCCESS);
        REQUIRE(doc["outlet"].get_string().get(outlet) == simdjson::SUCCESS);
        REQUIRE(doc["published"].get_string().get(published) == simdjson::SUCCESS);
        REQUIRE(doc["title"].get_string().get(title) == simdjson::SUCCESS);
        REQUIRE(doc["text"].get_string().get(body) == simdjson::SUCCESS);
        const auto time = wiretrace::parse_iso8601(published);
        REQUIRE(time.has_value());
        REQUIRE(!title.empty());
        Record r{std::string(outlet), *time, std::string(body)};
        if (order != nullptr) order->emplace_back(id);
        REQUIRE(records.emplace(std::string(id), std::move(r)).second);  // ids are unique
    }
    return records;
}

struct Row {
    std::string copy, source, relation;
    double coverage_of_source = 0, coverage_of_copy = 0;
    bool direct = false;
    bool traceable = true;
    std::string kind;
};

double parse_double(std::string_view s) {
    double v = -1;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

std::vector<Row> parse_truth(const std::string& tsv) {
    std::vector<Row> rows;
    std::istringstream in(tsv);
    std::string line;
    REQUIRE(std::getline(in, line));
    REQUIRE(line + "\n" == gen::kTruthHeader);
    while (std::getline(in, line)) {
        std::vector<std::string_view> f;
        std::string_view rest(line);
        for (std::size_t tab; (tab = rest.find('\t')) != std::string_view::npos; rest.remove_prefix(tab + 1)) {
            f.push_back(rest.substr(0, tab));
        }
        f.push_back(rest);
        REQUIRE(f.size() == 8);
        REQUIRE((f[5] == "0" || f[5] == "1"));
        REQUIRE((f[6] == "0" || f[6] == "1"));
        REQUIRE(f[3].size() == 6);  // four decimals: "0.1234"
        rows.push_back(Row{std::string(f[0]), std::string(f[1]), std::string(f[2]), parse_double(f[3]),
                           parse_double(f[4]), f[5] == "1", f[6] == "1", std::string(f[7])});
    }
    return rows;
}

bool is_wire(const std::string& outlet) {
    return outlet == "AP" || outlet == "Reuters" || outlet == "AFP" || outlet == "PA" ||
           outlet == "The Canadian Press";
}

/// The kind of every document, told from the truth rows and the outlets alone.
std::unordered_map<std::string, gen::DocKind> classify(const std::unordered_map<std::string, Record>& corpus,
                                                       const std::vector<Row>& truth) {
    std::unordered_map<std::string, std::vector<const Row*>> direct;
    std::unordered_set<std::string> same_story;
    for (const Row& r : truth) {
        if (r.relation == "same-story") same_story.insert(r.copy);
        if (r.direct) direct[r.copy].push_back(&r);
    }
    std::unordered_map<std::string, gen::DocKind> kinds;
    for (const auto& [id, rec] : corpus) {
        gen::DocKind k;
        const auto it = direct.find(id);
        if (same_story.count(id) != 0) {
            k = gen::DocKind::same_event;
        } else if (it == direct.end()) {
            k = is_wire(rec.outlet) ? gen::DocKind::wire : gen::DocKind::unrelated;
        } else if (const std::string& made = it->second.front()->kind;
                   made == "paraphrase" || made == "take" || made == "multi-take") {
            // Made from the same sources as copies and updates: only the kind column tells them apart.
            k = made == "paraphrase" ? gen::DocKind::paraphrase : made == "take" ? gen::DocKind::take : gen::DocKind::multi_take;
        } else if (it->second.size() >= 2) {
            k = gen::DocKind::roundup;
        } else {
            const Row& r = *it->second.front();
            const Record& source = corpus.at(r.source);
            if (r.relation == "duplicate") {
                k = gen::DocKind::duplicate;
            } else if (source.outlet == rec.outlet && is_wire(rec.outlet)) {
                k = gen::DocKind::update;
            } else if (r.relation == "near-duplicate") {
                k = gen::DocKind::near_duplicate;
            } else {
                k = is_wire(source.outlet) ? gen::DocKind::copy : gen::DocKind::copy_of_copy;
            }
        }
        kinds.emplace(id, k);
    }
    return kinds;
}

/// The 20k-document corpus that several tests read (generated once per process).
const Output& medium_corpus() {
    static const Output out = generate(config_with(20000, 11));
    return out;
}

std::vector<std::uint64_t> run_hashes(std::string_view body) {
    const auto tokens = text::tokenize(body);
    return sketch::to_set(sketch::shingle_hashes(tokens, kRunTokens, kShingleSeed));
}

}  // namespace

TEST_CASE("gen: the same seed gives byte-identical corpus and truth", "[gen][property]") {
    const Output a = generate(config_with(2000, 7));
    const Output b = generate(config_with(2000, 7));
    CHECK(a.corpus == b.corpus);
    CHECK(a.truth == b.truth);
    CHECK(std::count(a.corpus.begin(), a.corpus.end(), '\n') == 2000);
    const Output c = generate(config_with(2000, 8));
    CHECK(c.corpus != a.corpus);
}

TEST_CASE("gen: one and two threads give byte-identical files", "[gen][property]") {
    const Output one = generate(config_with(5000, 3), 1);
    const Output two = generate(config_with(5000, 3), 2);
    CHECK(one.stats.docs == 5000);
    CHECK(one.corpus == two.corpus);
    CHECK(one.truth == two.truth);
}

TEST_CASE("gen: a group is the same whichever order groups are made in", "[gen][property]") {
    const gen::Generator g(config_with(1000, 5));
    const gen::Group later = g.generate_group(40, g.group_size(40));
    for (std::uint64_t i = 0; i < 40; ++i) (void)g.generate_group(i, g.group_size(i));
    const gen::Group again = g.generate_group(40, g.group_size(40));
    REQUIRE(later.articles.size() == again.articles.size());
    for (std::size_t i = 0; i < later.articles.size(); ++i) CHECK(later.articles[i].text == again.articles[i].text);
    // A truncated group is a prefix of the whole one.
    for (std::uint64_t group = 0; group < 200; ++group) {
        const std::uint32_t size = g.group_size(group);
        if (size < 3) continue;
        const gen::Group whole = g.generate_group(group, size);
        const gen::Group part = g.generate_group(group, 2);
        REQUIRE(part.articles.size() == 2);
        CHECK(part.articles[1].text == whole.articles[1].text);
        break;
    }
}

TEST_CASE("gen: JSONL parses and truth rows agree with the corpus", "[gen]") {
    const Output& out = medium_corpus();
    std::vector<std::string> order;
    const auto corpus = parse_corpus(out.corpus, &order);
    REQUIRE(corpus.size() == 20000);
    const auto truth = parse_truth(out.truth);
    REQUIRE(truth.size() == out.stats.truth_rows);
    std::set<std::pair<std::string, std::string>> pairs;
    for (const Row& r : truth) {
        INFO(r.copy << " <- " << r.source << " " << r.relation);
        REQUIRE(corpus.count(r.copy) == 1);
        REQUIRE(corpus.count(r.source) == 1);
        CHECK(r.copy != r.source);
        CHECK(pairs.insert({r.copy, r.source}).second);  // one row per pair
        CHECK(r.coverage_of_source >= 0.0);
        CHECK(r.coverage_of_source <= 1.0);
        CHECK(r.coverage_of_copy >= 0.0);
        CHECK(r.coverage_of_copy <= 1.0);
        if (r.relation == "same-story") {
            CHECK_FALSE(r.direct);
            CHECK(r.coverage_of_source == 0.0);
            CHECK(r.coverage_of_copy == 0.0);
            CHECK(r.traceable);
            continue;
        }
        // A copy is published after its source, direct or not.
        CHECK(corpus.at(r.copy).published > corpus.at(r.source).published);
        if (r.relation == "duplicate") {
            CHECK(r.coverage_of_source == 1.0);
            CHECK(r.coverage_of_copy == 1.0);
        } else if (r.relation == "near-duplicate") {
            CHECK(r.coverage_of_source >= 0.8);
            CHECK(r.coverage_of_copy >= 0.8);
        } else if (r.relation == "version") {
            // An agency's later text of its own story (provenance::VersionRule, on gen's origins).
            CHECK((r.kind == "update" || r.kind == "take"));
            CHECK(corpus.at(r.copy).outlet == corpus.at(r.source).outlet);
            CHECK(corpus.at(r.copy).published - corpus.at(r.source).published <= 2 * 86400);
            CHECK(r.coverage_of_source >= 0.6);
            CHECK(r.coverage_of_copy >= 0.4);
            CHECK((r.coverage_of_source < 1.0 || r.coverage_of_copy < 1.0));
        } else {
            REQUIRE(r.relation == "rewrite");
            CHECK((r.coverage_of_source < 0.8 || r.coverage_of_copy < 0.8));
            CHECK(r.coverage_of_source > 0.0);
        }
    }
    // A duplicate has the same words: the engine's tokens are equal.
    int duplicates = 0;
    for (const Row& r : truth) {
        if (r.relation != "duplicate" || ++duplicates > 200) continue;
        CHECK(text::normalize(corpus.at(r.copy).text) == text::normalize(corpus.at(r.source).text));
    }
    // Every source comes before its copies in the corpus.
    std::unordered_map<std::string, std::size_t> position;
    for (std::size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
    for (const Row& r : truth) {
        if (r.relation != "same-story") CHECK(position.at(r.source) < position.at(r.copy));
    }
}

TEST_CASE("gen: every document kind appears in its stated proportion", "[gen]") {
    const Output& out = medium_corpus();
    const auto corpus = parse_corpus(out.corpus);
    const auto truth = parse_truth(out.truth);
    const auto kinds = classify(corpus, truth);
    std::map<gen::DocKind, double> counted;
    for (const auto& [id, kind] : kinds) counted[kind] += 1;
    const gen::Mix mix;
    const std::map<gen::DocKind, double> stated = {
        {gen::DocKind::wire, mix.wire},
        {gen::DocKind::update, mix.updates},
        {gen::DocKind::copy, mix.copies},
        {gen::DocKind::copy_of_copy, mix.copies_of_copies},
        {gen::DocKind::roundup, mix.roundups},
        {gen::DocKind::duplicate, mix.duplicates},
        {gen::DocKind::near_duplicate, mix.near_duplicates},
        {gen::DocKind::same_event, mix.same_event},
        {gen::DocKind::unrelated, mix.unrelated()},
        {gen::DocKind::paraphrase, mix.paraphrases},
        {gen::DocKind::take, mix.takes},
        {gen::DocKind::multi_take, mix.multi_take},
    };
    for (const auto& [kind, share] : stated) {
        const double expected = share * 20000.0;
        INFO(gen::to_string(kind) << ": counted " << counted[kind] << ", stated " << expected);
        CHECK(counted[kind] >= 0.8 * expected);
        CHECK(counted[kind] <= 1.2 * expected);
        // The classification from the files agrees with the generator's own count.
        CHECK(counted[kind] == static_cast<double>(out.stats.kinds[static_cast<std::size_t>(kind)]));
    }
    // Each relation kind is present; copies of copies also have a transitive row to the original.
    std::map<std::pair<std::string, bool>, int> relations;
    for (const Row& r : truth) ++relations[{r.relation, r.direct}];
    CHECK(relations[{"duplicate", true}] == counted[gen::DocKind::duplicate]);
    CHECK(relations[{"same-story", false}] == counted[gen::DocKind::same_event]);
    CHECK(relations[{"near-duplicate", true}] >= counted[gen::DocKind::near_duplicate]);
    CHECK(relations[{"rewrite", true}] >= counted[gen::DocKind::copy] + counted[gen::DocKind::copy_of_copy] +
                                             2 * counted[gen::DocKind::roundup]);
    CHECK(relations[{"rewrite", false}] >= counted[gen::DocKind::copy_of_copy]);
    // Most updates and later takes are versions of the text they were made from; a take that
    // adds more than its previous take held is not (the older is under 40% of it).
    CHECK(relations[{"version", true}] >= 0.75 * (counted[gen::DocKind::update] + counted[gen::DocKind::take]));
    CHECK(relations[{"version", true}] <= counted[gen::DocKind::update] + counted[gen::DocKind::take]);
}

TEST_CASE("gen: the kind of each document is what its truth rows say", "[gen]") {
    const gen::Generator g(config_with(3000, 13));
    std::string corpus_text, truth_text(gen::kTruthHeader);
    std::unordered_map<std::string, gen::DocKind> made;
    std::uint64_t docs = 0;
    for (std::uint64_t group = 0; docs < 3000; ++group) {
        const gen::Group grp = g.generate_group(group, g.group_size(group));
        for (const auto& a : grp.articles) {
            gen::append_jsonl(corpus_text, a);
            made[a.id] = a.kind;
        }
        for (const auto& r : grp.truth) gen::append_truth(truth_text, r);
        docs += grp.articles.size();
    }
    const auto corpus = parse_corpus(corpus_text);
    const auto kinds = classify(corpus, parse_truth(truth_text));
    for (const auto& [id, kind] : made) {
        INFO(id);
        CHECK(gen::to_string(kinds.at(id)) == gen::to_string(kind));
    }
}

TEST_CASE("gen: a truth row is untraceable only when its source has sources of its own", "[gen]") {
    const Output& out = medium_corpus();
    const auto truth = parse_truth(out.truth);
    std::unordered_set<std::string> has_parent;
    for (const Row& r : truth) {
        if (r.direct && r.relation != "same-story") has_parent.insert(r.copy);
    }
    std::map<std::pair<bool, bool>, int> untraceable;  // (direct, source has a parent) -> rows
    int derived = 0;
    for (const Row& r : truth) {
        if (r.relation == "same-story") continue;
        ++derived;
        if (!r.traceable) ++untraceable[{r.direct, has_parent.count(r.source) != 0}];
    }
    // A wire original (or any source without sources) is always traced.
    CHECK(untraceable[{true, false}] == 0);
    CHECK(untraceable[{false, false}] == 0);
    // Copies of copies that kept nothing of the intermediate exist, and they are few.
    CHECK(untraceable[{true, true}] > 0);
    CHECK(untraceable[{true, true}] + untraceable[{false, true}] < derived / 20);
}

TEST_CASE("gen: traceable() sees the source's own words and edits, not its sources' or end matter",
          "[gen]") {
    namespace d = gen::detail;
    // W: words 1..10 in two paragraphs and a copyright line (origins 100, 101). S, a copy of W,
    // changed word 5 (origin 55), dropped word 8 and added a credit line (origins 200, 201).
    const auto para = [](d::ParaKind kind, std::vector<std::uint64_t> origins) {
        d::Paragraph p;
        p.kind = kind;
        for (const std::uint64_t o : origins) p.words.push_back(d::Word{"w", o});
        return p;
    };
    d::Doc w;
    w.paras = {para(d::ParaKind::lead, {1, 2, 3, 4, 5}), para(d::ParaKind::body, {6, 7, 8, 9, 10}),
               para(d::ParaKind::copyright, {100, 101})};
    d::finish(w);
    d::Doc s;
    s.sources = {&w};
    s.paras = {para(d::ParaKind::lead, {1, 2, 3, 4, 55}), para(d::ParaKind::body, {6, 7, 9, 10}),
               para(d::ParaKind::credit, {200, 201})};
    d::finish(s);
    const auto copy_of_s = [&](std::vector<d::Paragraph> paras) {
        d::Doc c;
        c.sources = {&s};
        c.paras = std::move(paras);
        d::finish(c);
        return c;
    };
    CHECK(d::traceable(w, s));  // W has no sources
    CHECK(d::traceable(s, copy_of_s({para(d::ParaKind::lead, {1, 2, 3, 4, 55})})));      // S's word 55
    CHECK(d::traceable(s, copy_of_s({para(d::ParaKind::body, {7, 9})})));                // 7-9 joined by S
    CHECK_FALSE(d::traceable(s, copy_of_s({para(d::ParaKind::lead, {1, 2, 3, 4})})));     // W's words only
    // Words side by side across a paragraph break are side by side in the text too.
    CHECK(d::traceable(s, copy_of_s({para(d::ParaKind::body, {6, 7}), para(d::ParaKind::body, {9, 10})})));
    CHECK_FALSE(d::traceable(s, copy_of_s({para(d::ParaKind::body, {6, 7, 999}), para(d::ParaKind::body, {9, 10})})));
    CHECK_FALSE(d::traceable(s, copy_of_s({para(d::ParaKind::lead, {1, 2}), para(d::ParaKind::credit, {200, 201})})));
    // The copy's own words next to S's do not make a trace of S.
    CHECK_FALSE(d::traceable(s, copy_of_s({para(d::ParaKind::lead, {1, 2, 3, 4, 999}), para(d::ParaKind::body, {9, 77})})));
}

TEST_CASE("gen: unrelated stories share no run of eight words", "[gen][property]") {
    // Only unrelated newspaper stories, and wire stories without copies, with no boilerplate,
    // copyright lines or bylines: what is left is the prose, which must not repeat by chance.
    gen::Config local = config_with(1000, 23);
    local.mix = gen::Mix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    local.boilerplate = 0;
    gen::Config wire = config_with(1000, 29);  // another seed: other stories, other ids
    wire.mix = gen::Mix{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    wire.wire_copyright = 0;
    wire.bylines = 0;
    std::unordered_map<std::uint64_t, std::string> first_seen;  // run hash -> article id
    std::size_t articles = 0;
    for (const gen::Config& config : {local, wire}) {
        const gen::Generator g(config);
        for (std::uint64_t group = 0; group < 250; ++group) {
            const gen::Group grp = g.generate_group(group, 1);
            REQUIRE(grp.articles.size() == 1);
            const gen::Article& a = grp.articles.front();
            ++articles;
            for (std::uint64_t h : run_hashes(a.text)) {
                const auto [it, inserted] = first_seen.emplace(h, a.id);
                INFO(a.id << " repeats a run of " << it->second);
                CHECK(inserted);
            }
        }
    }
    CHECK(articles == 500);
}

TEST_CASE("gen: same-event stories share no run of eight words with their wire story", "[gen]") {
    gen::Config c = config_with(1000, 17);
    c.mix = gen::Mix{};
    c.mix.same_event = 0.3;
    c.mix.paraphrases = 0;  // room for the same-event stories within the document count
    const gen::Generator g(c);
    std::size_t checked = 0;
    for (std::uint64_t group = 0; group < 400; ++group) {
        const gen::Group grp = g.generate_group(group, g.group_size(group));
        if (grp.articles.empty() || grp.articles.front().kind != gen::DocKind::wire) continue;
        const auto wire_runs = run_hashes(grp.articles.front().text);
        for (const auto& a : grp.articles) {
            if (a.kind != gen::DocKind::same_event) continue;
            ++checked;
            INFO(a.id << " vs " << grp.articles.front().id);
            CHECK(sketch::overlap(wire_runs, run_hashes(a.text)).shared == 0);
        }
    }
    CHECK(checked >= 200);
}

TEST_CASE("gen: every word is one engine token and wire stories look like wire copy", "[gen]") {
    const gen::Generator g(config_with(2000, 19));
    std::size_t wire = 0, datelines = 0, quotes = 0, first_takes = 0;
    for (std::uint64_t group = 0; group < 300; ++group) {
        const gen::Group grp = g.generate_group(group, g.group_size(group));
        const bool in_takes = std::any_of(grp.articles.begin(), grp.articles.end(),
                                          [](const gen::Article& a) { return a.kind == gen::DocKind::take; });
        for (const auto& a : grp.articles) {
            INFO(a.id << " (" << gen::to_string(a.kind) << ")");
            REQUIRE(text::tokenize(a.text).size() == a.words);
            CHECK(a.text.find("\n\n\n") == std::string::npos);
            if (a.kind != gen::DocKind::wire) continue;
            ++wire;
            const auto paragraphs = static_cast<std::size_t>(std::count(a.text.begin(), a.text.end(), '\n')) / 2 + 1;
            if (in_takes) {
                // A first take: the lead and three to five paragraphs, with its furniture.
                ++first_takes;
                CHECK(paragraphs >= 4);
                CHECK(paragraphs <= 9);
            } else {
                CHECK(paragraphs >= 8);
                CHECK(paragraphs <= 28);  // 25 of prose, a byline, a reporting and a copyright line
                CHECK(a.words >= 250);
                CHECK(a.words <= 1100);
            }
            if (a.text.find(" (AP) \xE2\x80\x94 ") != std::string::npos || a.text.find("(Reuters) - ") != std::string::npos ||
                a.text.find("(AFP) - ") != std::string::npos || a.text.find("(PA) - ") != std::string::npos ||
                a.text.find("(CP) \xE2\x80\x94 ") != std::string::npos) {
                ++datelines;
            }
            if (a.text.find(" said") != std::string::npos && a.text.find('"') != std::string::npos) ++quotes;
        }
    }
    REQUIRE(wire > 50);
    CHECK(first_takes > 0);
    CHECK(datelines >= wire * 85 / 100);
    CHECK(quotes >= wire * 90 / 100);
}

TEST_CASE("gen: boilerplate is shared by the articles of an outlet but makes no truth row", "[gen]") {
    const Output& out = medium_corpus();
    const auto corpus = parse_corpus(out.corpus);
    const auto truth = parse_truth(out.truth);
    std::unordered_set<std::string> in_truth;
    for (const Row& r : truth) {
        in_truth.insert(r.copy);
        in_truth.insert(r.source);
    }
    // Last paragraphs of unrelated articles, by outlet: some repeat across articles.
    std::map<std::string, std::map<std::string, int>> endings;
    for (const auto& [id, rec] : corpus) {
        if (in_truth.count(id) != 0 || is_wire(rec.outlet)) continue;
        endings[rec.outlet][rec.text.substr(rec.text.rfind("\n\n") + 2)] += 1;
    }
    int shared = 0;
    for (const auto& [outlet, lines] : endings) {
        for (const auto& [line, n] : lines) {
            if (n >= 3) ++shared;
        }
    }
    CHECK(shared >= 20);
}

TEST_CASE("gen: invalid configurations are rejected", "[gen][bad_input]") {
    auto rejects = [](const gen::Config& c) {
        try {
            const gen::Generator g(c);
        } catch (const wiretrace::Error& e) {
            return e.code() == wiretrace::Errc::bad_argument;
        }
        return false;
    };
    gen::Config c;
    c.docs = 0;
    CHECK(rejects(c));
    c = gen::Config{};
    c.mix.copies = 0.9;  // kinds add up to more than 1
    CHECK(rejects(c));
    c = gen::Config{};
    c.mix.wire = 0;  // copies without wire stories
    CHECK(rejects(c));
    c = gen::Config{};
    c.mix.copies = 0;  // copies of copies without copies
    CHECK(rejects(c));
    c = gen::Config{};
    c.mix.takes = 0;  // multi-take copies without takes
    CHECK(rejects(c));
    c = gen::Config{};
    c.mix.takes = 0.21;  // more than two later takes per wire story
    CHECK(rejects(c));
    c = gen::Config{};
    c.boilerplate = 1.5;
    CHECK(rejects(c));
    c = gen::Config{};
    c.min_words = 800;
    c.max_words = 400;
    CHECK(rejects(c));
    c = gen::Config{};
    c.outlets = 0;
    CHECK(rejects(c));
    CHECK_FALSE(rejects(gen::Config{}));
}

TEST_CASE("text: the spelling-variant pairs are the table sorted by variant", "[text]") {
    const auto pairs = text::spelling_variant_pairs();
    CHECK(pairs.size() == text::spelling_variant_count());
    CHECK(std::is_sorted(pairs.begin(), pairs.end()));
    CHECK(std::find(pairs.begin(), pairs.end(), std::pair<std::string_view, std::string_view>("neighbours", "neighbors")) !=
          pairs.end());
    for (const auto& [variant, canonical] : pairs) CHECK(text::fold_word(variant) == canonical);
}
