// SPDX-License-Identifier: Apache-2.0
// Tests of index::Index with the jobs that use it (index_add::run, check::find_matches): creating
// and reopening, duplicates, removal, parameters, files that are not indexes, and a check scoring
// exactly as compare does.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <random>
#include <fmt/format.h>
#include <sqlite3.h>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/random_text.hpp"
#include "support/temp_dir.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/index/index.hpp"
#include "wiretrace/run/check.hpp"
#include "wiretrace/run/index_add.hpp"
#include "wiretrace/report/pair.hpp"

using wiretrace::Document;
using wiretrace::Errc;
using wiretrace::Error;
using wiretrace::Params;
using namespace wiretrace::index;
namespace check = wiretrace::check;
namespace index_add = wiretrace::index_add;
using wiretrace::test::TempDir;

namespace {

/// A JSONL line; `text` must not need JSON escaping beyond quotes (the tests' texts do not).
std::string jsonl(const std::string& id, const std::string& outlet, const std::string& published, const std::string& text) {
    return fmt::format(R"({{"id":"{}","outlet":"{}","published":"{}","text":"{}"}})", id, outlet, published, text) +
           "\n";
}

/// About 12 * `count` random words, seeded by `from`: different seeds share no shingles.
std::string sentences(int from, int count) {
    std::mt19937_64 rng(static_cast<std::uint64_t>(from) + 1);
    std::string out;
    for (const std::string& w : wiretrace::test::random_words(rng, static_cast<std::size_t>(count) * 12)) {
        out += out.empty() ? w : " " + w;
    }
    return out;
}

Parameters defaults() { return Parameters::from(Params{}, 32); }

/// Adds `inputs` to the index at `db`, created with the defaults when new.
void add(const std::string& db, const std::vector<std::string>& inputs) {
    Index idx = Index::open_for_writing(db, defaults(), true);
    index_add::run(idx, inputs, {});
}

/// Three stories from different sentences, one from AP.
std::string three_stories() {
    return jsonl("s1", "AP", "2014-09-15T10:00:00Z", sentences(0, 40)) +
           jsonl("s2", "Reuters", "2014-09-16T10:00:00Z", sentences(100, 40)) +
           jsonl("s3", "", "2014-09-20", sentences(200, 40));
}

}  // namespace

TEST_CASE("index: add, reopen read-only and stats", "[index]") {
    TempDir dir;
    const std::string input = dir.write("in.jsonl", three_stories());
    const std::string db = dir.str() + "/x.db";
    {
        Index idx = Index::open_for_writing(db, defaults(), true);
        index_add::Options o;
        o.batch_docs = 2;
        const index_add::Stats s = index_add::run(idx, {input}, o);
        CHECK(s.added == 3);
        CHECK(s.duplicates == 0);
        CHECK(s.batches == 2);
        CHECK(s.read.records == 3);
    }
    const Index idx = Index::open_for_reading(db);
    CHECK(idx.parameters() == defaults());
    const Summary s = idx.summary();
    CHECK(s.documents == 3);
    CHECK(s.outlets == 2);
    CHECK(s.undated == 0);
    CHECK(s.first_published == wiretrace::parse_iso8601("2014-09-15T10:00:00Z"));
    CHECK(s.last_published == wiretrace::parse_iso8601("2014-09-20"));
    CHECK(s.band_keys == 3 * 32);
    CHECK(s.fingerprints > 3 * 80);  // about 2/9 of 480 words each
    CHECK(s.file_bytes > 0);
}

TEST_CASE("index: duplicate ids are skipped or replaced", "[index]") {
    TempDir dir;
    const std::string first = dir.write("a.jsonl", three_stories());
    const std::string again = dir.write("b.jsonl", jsonl("s2", "Reuters", "2014-09-17", sentences(300, 30)) +
                                                       jsonl("s4", "AFP", "2014-09-18", sentences(400, 30)));
    const std::string db = dir.str() + "/x.db";
    Index idx = Index::open_for_writing(db, defaults(), true);
    index_add::run(idx, {first}, {});
    const std::uint64_t before = idx.summary().fingerprints;

    index_add::Options skip;
    index_add::Stats s = index_add::run(idx, {again}, skip);
    CHECK(s.added == 1);
    CHECK(s.duplicates == 1);
    CHECK(idx.summary().documents == 4);

    // Replacing s2 swaps its text: the old text no longer matches, the new one does.
    index_add::Options replace;
    replace.on_duplicate = OnDuplicate::replace;
    s = index_add::run(idx, {again}, replace);
    CHECK(s.replaced == 2);
    CHECK(s.added == 0);
    CHECK(idx.summary().documents == 4);
    Document old_s2{"q-old", "", std::nullopt, 1, "", sentences(100, 40)};
    Document new_s2{"q-new", "", std::nullopt, 1, "", sentences(300, 30)};
    CHECK(check::find_matches(idx, old_s2, Params{}, {}).empty());
    const auto m = check::find_matches(idx, new_s2, Params{}, {});
    REQUIRE(m.size() == 1);
    CHECK(m[0].known.id == "s2");
    CHECK(m[0].pair.score.relation == wiretrace::Relation::duplicate);
    CHECK(idx.summary().fingerprints > before);
}

/// Runs `sql` on the index file at `db` (as a damaged or foreign file would be changed).
void exec_sql(const std::string& db, const char* sql) {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    CHECK(sqlite3_exec(raw, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
}

TEST_CASE("index: remove hides the document's postings at once, optimize drops them", "[index]") {
    TempDir dir;
    const std::string input = dir.write("in.jsonl", three_stories());
    const std::string db = dir.str() + "/x.db";
    Index idx = Index::open_for_writing(db, defaults(), true);
    index_add::run(idx, {input}, {});
    const Summary full = idx.summary();
    CHECK(full.fingerprint_postings == full.fingerprints);
    CHECK(full.band_postings == 3 * 32);
    const std::vector<std::string> ids = {"s2", "nope"};
    CHECK(idx.remove(ids) == std::vector<std::string>{"nope"});
    const Summary after = idx.summary();
    CHECK(after.documents == 2);
    CHECK(after.band_keys == 2 * 32);
    CHECK(after.fingerprints < full.fingerprints);
    // Still stored, but no longer found: s2's own text matches nothing.
    CHECK(after.fingerprint_postings == full.fingerprint_postings);
    Document q{"q", "", std::nullopt, 1, "", sentences(100, 40)};
    CHECK(check::find_matches(idx, q, Params{}, {}).empty());
    Document s1{"q1", "", std::nullopt, 1, "", sentences(0, 40)};
    REQUIRE(check::find_matches(idx, s1, Params{}, {}).size() == 1);

    CHECK(idx.optimize());
    const Summary optimized = idx.summary();
    CHECK(optimized.runs == 2);
    CHECK(optimized.fingerprint_postings == after.fingerprints);
    CHECK(optimized.band_postings == 2 * 32);
    CHECK(check::find_matches(idx, q, Params{}, {}).empty());
    CHECK(check::find_matches(idx, s1, Params{}, {})[0].known.id == "s1");
    CHECK_FALSE(idx.optimize());  // one run per kind and nothing removed: nothing to do
}

TEST_CASE("index: batches append runs, merged 8 at a time; optimize keeps every answer", "[index]") {
    TempDir dir;
    constexpr int kStories = 20;
    const auto story = [](int i) { return Document{fmt::format("d{}", i), "AP", std::nullopt, 1, "", sentences(i * 50, 8)}; };
    Index idx = Index::open_for_writing(dir.str() + "/x.db", defaults(), true);
    for (int i = 0; i < kStories; ++i) idx.store(index_add::prepare_documents({story(i)}, idx.parameters()), OnDuplicate::skip);
    // 20 batches per kind: two merged runs of 8 and 4 single ones.
    const Summary s = idx.summary();
    CHECK(s.runs == 2 * (2 + 4));
    CHECK(s.fingerprint_postings == s.fingerprints);
    CHECK(s.band_postings == s.band_keys);
    const auto answers = [&] {
        std::vector<std::string> out;
        for (int i = 0; i < kStories; ++i) {
            // The first 6 sentences of story i: a copy of it alone.
            Document q{"q", "", std::nullopt, 1, "", sentences(i * 50, 8).substr(0, 400)};
            for (const check::Match& m : check::find_matches(idx, q, Params{}, {})) out.push_back(m.known.id);
            out.emplace_back("|");
        }
        return out;
    };
    const std::vector<std::string> before = answers();
    for (int i = 0; i < kStories; ++i) CHECK(std::count(before.begin(), before.end(), fmt::format("d{}", i)) == 1);
    CHECK(idx.optimize());
    CHECK(idx.summary().runs == 2);
    CHECK(answers() == before);
}

TEST_CASE("index: a bulk add ends with one run per kind, a small add to a larger index does not", "[index]") {
    TempDir dir;
    std::string bulk, small;
    for (int i = 0; i < 20; ++i) bulk += jsonl(fmt::format("d{}", i), "AP", "2014-01-01", sentences(i * 50, 8));
    for (int i = 20; i < 23; ++i) small += jsonl(fmt::format("d{}", i), "AP", "2014-01-01", sentences(i * 50, 8));
    Index idx = Index::open_for_writing(dir.str() + "/x.db", defaults(), true);
    index_add::Options o;
    o.batch_docs = 1;
    index_add::Stats s = index_add::run(idx, {dir.write("bulk.jsonl", bulk)}, o);
    CHECK(s.batches == 20);
    CHECK(s.optimized);
    CHECK(idx.summary().runs == 2);
    s = index_add::run(idx, {dir.write("small.jsonl", small)}, o);
    CHECK_FALSE(s.optimized);
    CHECK(idx.summary().runs == 2 + 2 * 3);
}

TEST_CASE("index: an index of another format version is refused, a damaged chunk is an error", "[index]") {
    TempDir dir;
    const std::string db = dir.str() + "/x.db";
    add(db, {dir.write("in.jsonl", three_stories())});
    const std::string old = dir.str() + "/old.db";
    std::filesystem::copy_file(db, old);
    exec_sql(old, "UPDATE meta SET value = '1' WHERE key = 'format_version'");
    try {
        Index::open_for_reading(old);
        FAIL("an index of format version 1 opened");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::bad_format);
        CHECK_THAT(e.what(), Catch::Contains("format version 1; this wiretrace reads version 2: rebuild the index"));
    }

    exec_sql(db, "UPDATE chunks SET data = x'ffffffffffffffffffffff'");
    const Index idx = Index::open_for_reading(db);
    Document q{"q", "", std::nullopt, 1, "", sentences(0, 40)};
    try {
        check::find_matches(idx, q, Params{}, {});
        FAIL("a damaged chunk was read");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::bad_format);
        CHECK_THAT(e.what(), Catch::Contains("the index is corrupted: chunk") && Catch::Contains("does not decode"));
    }
}

TEST_CASE("index: other parameters, and files that are not indexes, are clear errors", "[index]") {
    TempDir dir;
    const std::string db = dir.str() + "/x.db";
    add(db, {dir.write("in.jsonl", three_stories())});

    Params other;
    other.shingle_tokens = 6;
    const auto message_of = [](auto&& f) -> std::pair<Errc, std::string> {
        try {
            f();
        } catch (const Error& e) {
            return {e.code(), e.what()};
        }
        FAIL("no error");
        return {};
    };
    auto [code, msg] = message_of([&] { Index::open_for_writing(db, Parameters::from(other, 32), true); });
    CHECK(code == Errc::bad_argument);
    CHECK_THAT(msg, Catch::Contains("k=5") && Catch::Contains("k=6"));
    // Without require_same the stored parameters are used.
    CHECK(Index::open_for_writing(db, Parameters::from(other, 32), false).parameters() == defaults());

    const std::string garbage = dir.write("garbage.db", std::string(8192, 'x'));
    std::tie(code, msg) = message_of([&] { Index::open_for_reading(garbage); });
    CHECK(code == Errc::bad_format);
    CHECK_THAT(msg, Catch::Contains("garbage.db") && Catch::Contains("not a wiretrace index"));

    const std::string empty = dir.write("empty.db", "");
    std::tie(code, msg) = message_of([&] { Index::open_for_reading(empty); });
    CHECK(code == Errc::bad_format);

    std::tie(code, msg) = message_of([&] { Index::open_for_reading(dir.str() + "/missing.db"); });
    CHECK(code == Errc::io);

    // Cut the file in half: the header still counts the pages.
    const std::string cut = dir.str() + "/cut.db";
    std::filesystem::copy_file(db, cut);
    std::filesystem::resize_file(cut, std::filesystem::file_size(db) / 2);
    std::tie(code, msg) = message_of([&] { Index::open_for_reading(cut); });
    CHECK(code == Errc::bad_format);
    CHECK_THAT(msg, Catch::Contains("truncated"));

    // An SQLite database of something else.
    const std::string foreign = dir.str() + "/foreign.db";
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(foreign.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "CREATE TABLE t(x); INSERT INTO t VALUES(1);", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
    std::tie(code, msg) = message_of([&] { Index::open_for_reading(foreign); });
    CHECK(code == Errc::bad_format);
    CHECK_THAT(msg, Catch::Contains("not a wiretrace index"));
}

TEST_CASE("index: check scores a known story exactly as compare does", "[index]") {
    using namespace wiretrace;
    TempDir dir;
    const std::string ap_path = test::source_path(test::kSeedAp);
    const std::string cbc_path = test::source_path(test::kSeedCbc);
    const std::string db = dir.str() + "/ap.db";
    add(db, {ap_path});
    const Index idx = Index::open_for_reading(db);

    Document cbc{cbc_path, "", std::nullopt, 1, "", test::read_all(cbc_path)};
    check::LookupStats stats;
    const auto matches = check::find_matches(idx, cbc, Params{}, {}, &stats);
    REQUIRE(matches.size() == 1);
    CHECK(stats.candidates == 1);
    const check::Match& m = matches[0];
    CHECK(m.known.id == ap_path);
    CHECK(m.known.text == test::read_all(ap_path));

    Document ap{ap_path, "", std::nullopt, 1, "", test::read_all(ap_path)};
    const score::StandalonePair expected = score::score_standalone(ap, cbc, Params{});
    CHECK(m.pair.score.relation == expected.score.relation);
    CHECK(m.pair.score.direction.source == expected.score.direction.source);
    CHECK(m.pair.score.coverage_a == expected.score.coverage_a);
    CHECK(m.pair.score.coverage_b == expected.score.coverage_b);
    REQUIRE(m.pair.score.alignment.edits.size() == expected.score.alignment.edits.size());
    for (std::size_t i = 0; i < expected.score.alignment.edits.size(); ++i) {
        CHECK(m.pair.score.alignment.edits[i].kind == expected.score.alignment.edits[i].kind);
    }
}

TEST_CASE("index: a progress callback that returns false stops after the committed batch", "[index]") {
    TempDir dir;
    std::string lines;
    for (int i = 0; i < 10; ++i) lines += jsonl(fmt::format("d{}", i), "AP", "2014-01-01", sentences(i * 50, 5));
    const std::string input = dir.write("in.jsonl", lines);
    Index idx = Index::open_for_writing(dir.str() + "/x.db", defaults(), true);
    index_add::Options o;
    o.batch_docs = 3;
    const index_add::Stats s = index_add::run(idx, {input}, o, [](const wiretrace::Progress& p) {
        CHECK(p.batches == 1);
        CHECK(p.found == 3);
        return false;
    });
    CHECK(s.batches == 1);
    CHECK(s.added == 3);
    CHECK(idx.summary().documents == 3);
}
