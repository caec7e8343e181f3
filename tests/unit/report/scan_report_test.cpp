// SPDX-License-Identifier: Apache-2.0
// Tests of the scan renderings (text, JSONL, TSV) on a hand-built result: exact lines.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "wiretrace/report/scan.hpp"

using wiretrace::Relation;
using wiretrace::Grade;
namespace scan = wiretrace::scan;
namespace provenance = wiretrace::provenance;

namespace {

/// A wire story (AP, dated, titled), an undated copy of it, and an article alone.
scan::Result small_result() {
    scan::Result r;
    r.articles.resize(3);
    r.articles[0].id = "wire";
    r.articles[0].outlet = "AP";
    r.articles[0].title = "Wire title";
    r.articles[0].published = 1410775200;  // 2014-09-15T10:00:00Z
    r.articles[0].wire = true;
    r.articles[1].id = "copy";
    r.articles[1].outlet = "Daily";
    r.articles[2].id = "alone\tid";
    scan::Pair p;
    p.a = 0;
    p.b = 1;
    p.relation = Relation::rewrite;
    p.grade = Grade::light;
    p.background_z = 6.5;
    p.source = 0;
    p.coverage_a = 0.5;
    p.coverage_b = 0.8;
    p.jaccard = 0.25;
    p.cosine = 0.75;
    p.decided_by = "wire-outlet";
    p.edits = {1, 2, 3, 0, 0};
    p.paraphrases = {{{12, 27}, {40, 55}, 0.625, 5}};
    r.pairs.push_back(p);
    r.parent_pair = {-1, 0, -1};
    r.forest.parents = {{}, {0}, {}};
    r.forest.root = {0, 0, 2};
    r.forest.cluster = {0, 0, provenance::Forest::kNone};
    r.forest.clusters = {provenance::Cluster{0, {0, 1}}};
    r.stats.text_bytes = 1500000;
    r.stats.candidates.pairs = 1;
    r.stats.candidates.from_fingerprints = 1;
    r.stats.candidates.from_tfidf = 1;
    r.stats.verified = 1;
    r.stats.pairs = 1;
    r.stats.clusters = 1;
    r.stats.clustered_articles = 2;
    return r;
}

}  // namespace

TEST_CASE("scan report: text shows each cluster as a tree, then the summary", "[report]") {
    std::ostringstream out;
    wiretrace::report::write_scan_text(out, small_result());
    CHECK(out.str() ==
          "cluster 1: 2 articles\n"
          "wire  AP  2014-09-15T10:00:00Z  original  \"Wire title\"\n"
          "└ copy  Daily  -  rewrite (light)  took 50% of wire, 80% of it from there · 1 respelling, 2 substitutions, "
          "3 insertions\n"
          "\n"
          "3 articles read (0 skipped, 1.50 MB of text), 1 candidate pair (fingerprints 1, bands 0, rare words 1 of "
          "which 0 new), 1 verified, 1 derived pair reported, 1 cluster of 2 articles, 0 boilerplate fingerprints "
          "skipped, 0.0 s\n");
}

TEST_CASE("scan report: the candidates TSV names each pair's sources", "[report]") {
    scan::Result r = small_result();
    r.candidates = {{0, 1, 40, true, false, true}, {1, 2, 0, false, true, false}};
    std::ostringstream out;
    wiretrace::report::write_scan_candidates_tsv(out, r);
    CHECK(out.str() ==
          "#id_a\tid_b\tfingerprint\tband\ttfidf\tshared_fingerprints\n"
          "wire\tcopy\t1\t0\t1\t40\n"
          "copy\talone\\tid\t0\t1\t0\t0\n");
}

TEST_CASE("scan report: TSV is the header and one escaped row per pair", "[report]") {
    scan::Result r = small_result();
    r.pairs.push_back(r.pairs.front());
    r.pairs.back().b = 2;
    r.pairs.back().source.reset();
    r.pairs.back().relation = Relation::same_story;
    r.pairs.back().grade = Grade::none;
    std::ostringstream out;
    wiretrace::report::write_scan_tsv(out, r);
    CHECK(out.str() ==
          "#id_a\tid_b\trelation\tsource_id\tcoverage_a\tcoverage_b\tgrade\n"
          "wire\tcopy\trewrite\twire\t0.5000\t0.8000\tlight\n"
          "wire\talone\\tid\tsame-story\t-\t0.5000\t0.8000\t-\n");
}

TEST_CASE("scan report: TSV cells a spreadsheet would run are neutralised on request", "[report]") {
    scan::Result r = small_result();
    r.articles[0].id = "=1+1";
    r.articles[1].id = "+cmd|' /C calc'!A0";
    r.articles[2].id = "-";  // a lone - is no formula (it is also the undecided source)
    r.pairs.push_back(r.pairs.front());
    r.pairs.back().b = 2;
    r.pairs.back().source.reset();
    r.pairs.push_back(r.pairs.front());
    r.articles.push_back(r.articles[0]);
    r.articles.back().id = "@SUM(A1)\x1b";
    r.articles.push_back(r.articles[0]);
    r.articles.back().id = "-2+3";
    r.pairs.back().a = 3;
    r.pairs.back().b = 4;
    r.pairs.back().source = 4;
    std::ostringstream exact;
    wiretrace::report::write_scan_tsv(exact, r);
    CHECK(exact.str() ==
          "#id_a\tid_b\trelation\tsource_id\tcoverage_a\tcoverage_b\tgrade\n"
          "=1+1\t+cmd|' /C calc'!A0\trewrite\t=1+1\t0.5000\t0.8000\tlight\n"
          "=1+1\t-\trewrite\t-\t0.5000\t0.8000\tlight\n"
          "@SUM(A1)\\x1B\t-2+3\trewrite\t-2+3\t0.5000\t0.8000\tlight\n");
    std::ostringstream safe;
    wiretrace::report::write_scan_tsv(safe, r, wiretrace::report::TsvCells::spreadsheet_safe);
    CHECK(safe.str() ==
          "#id_a\tid_b\trelation\tsource_id\tcoverage_a\tcoverage_b\tgrade\n"
          "'=1+1\t'+cmd|' /C calc'!A0\trewrite\t'=1+1\t0.5000\t0.8000\tlight\n"
          "'=1+1\t-\trewrite\t-\t0.5000\t0.8000\tlight\n"
          "'@SUM(A1)\\x1B\t'-2+3\trewrite\t'-2+3\t0.5000\t0.8000\tlight\n");
}

TEST_CASE("scan report: JSONL is cluster, member and pair lines, then the summary", "[report]") {
    std::ostringstream out;
    wiretrace::report::write_scan_jsonl(out, small_result());
    std::istringstream in(out.str());
    std::string line;
    std::vector<std::string> lines;
    while (std::getline(in, line)) lines.push_back(line);
    REQUIRE(lines.size() == 5);
    CHECK(lines[0] == R"({"type":"cluster","cluster":1,"root":"wire","size":2,"title":"Wire title"})");
    CHECK(lines[1] == R"({"type":"member","cluster":1,"id":"wire","root":"wire","parents":[],"relation":null,)"
                      R"("direction":null,"decided_by":null,"outlet":"AP","title":"Wire title",)"
                      R"("published":"2014-09-15T10:00:00Z"})");
    CHECK(lines[2] == R"({"type":"member","cluster":1,"id":"copy","root":"wire","parents":["wire"],)"
                      R"("relation":"rewrite","grade":"light","coverage_of_source":0.5000,"coverage_of_copy":0.8000,)"
                      R"("edits":"1 respelling, 2 substitutions, 3 insertions","direction":"decided",)"
                      R"("decided_by":"wire-outlet","outlet":"Daily","title":"","published":null})");
    CHECK(lines[3] == R"({"type":"pair","a":"wire","b":"copy","relation":"rewrite","grade":"light",)"
                      R"("background_z":6.5000,"source":"wire",)"
                      R"("coverage_a":0.5000,"coverage_b":0.8000,"jaccard":0.2500,"cosine":0.7500,)"
                      R"("decided_by":"wire-outlet","edits":{"respelling":1,"substitution":2,"insertion":3,)"
                      R"("deletion":0,"move":0},)"
                      R"("paraphrases":[{"a":[12,27],"b":[40,55],"score":0.6250,"shared":5}]})");
    CHECK(lines[4].rfind(R"({"type":"summary","schema":"wiretrace.scan/1","articles":3,"skipped":0,)", 0) == 0);
    CHECK(lines[4].find(R"("pairs":1,"clusters":1,"clustered_articles":2,)") != std::string::npos);
}

namespace {

/// small_result with two more copies: "copy" has its own copy "copy2" (depth 2) whose direction
/// is undecided, and the wire story a second copy "last", so the tree needs rails and both
/// branch marks.
scan::Result deeper_result() {
    scan::Result r = small_result();
    r.articles.resize(5);
    r.articles[3].id = "copy2";
    r.articles[3].title = "Second, \"quoted\"";
    r.articles[4].id = "last";
    r.articles[4].outlet = "=Weekly";
    scan::Pair p = r.pairs.front();
    p.a = 1;
    p.b = 3;
    p.source = 1;
    p.decided_by.clear();  // undecided: placed under copy, source unknown
    p.relation = Relation::near_duplicate;
    p.grade = Grade::verbatim;
    p.coverage_a = 0.9;
    p.coverage_b = 0.95;
    p.edits = {};
    r.pairs.push_back(p);
    p = r.pairs.front();
    p.b = 4;
    p.coverage_a = 0.25;
    p.coverage_b = 1.0;
    p.edits = {0, 0, 0, 1, 0};
    r.pairs.push_back(p);
    r.parent_pair = {-1, 0, -1, 1, 2};
    r.forest.parents = {{}, {0}, {}, {1}, {0}};
    r.forest.root = {0, 0, 2, 0, 0};
    r.forest.cluster = {0, 0, provenance::Forest::kNone, 0, 0};
    r.forest.clusters = {provenance::Cluster{0, {0, 1, 4, 3}}};
    return r;
}

}  // namespace

TEST_CASE("scan report: the tree shows depth with rails, and an undecided source as unknown", "[report]") {
    std::ostringstream out;
    wiretrace::report::write_scan_text(out, deeper_result());
    const std::string text = out.str();
    CHECK(text.substr(0, text.find("\n\n") + 1) ==
          "cluster 1: 4 articles\n"
          "wire  AP  2014-09-15T10:00:00Z  original  \"Wire title\"\n"
          "├ copy  Daily  -  rewrite (light)  took 50% of wire, 80% of it from there · 1 respelling, 2 substitutions, "
          "3 insertions\n"
          "│ └ copy2  -  -  near-duplicate (verbatim)  source unknown: shares 90% of copy, 95% of itself · no edits\n"
          "└ last  =Weekly  -  rewrite (light)  took 25% of wire, 100% of it from there · 1 deletion\n");
}

TEST_CASE("scan report: an undecided pair has no source in JSONL and TSV", "[report]") {
    const scan::Result r = deeper_result();
    std::ostringstream jsonl;
    wiretrace::report::write_scan_jsonl(jsonl, r);
    const std::string j = jsonl.str();
    CHECK(j.find(R"("id":"copy2","root":"wire","parents":["copy"],"relation":"near-duplicate",)") != std::string::npos);
    CHECK(j.find(R"("edits":"no edits","direction":"undecided","decided_by":null,)") != std::string::npos);
    CHECK(j.find(R"({"type":"pair","a":"copy","b":"copy2","relation":"near-duplicate","grade":"verbatim",)"
                 R"("background_z":6.5000,"source":null,)") != std::string::npos);
    std::ostringstream tsv;
    wiretrace::report::write_scan_tsv(tsv, r);
    CHECK(tsv.str().find("copy\tcopy2\tnear-duplicate\t-\t0.9000\t0.9500\tverbatim\n") != std::string::npos);
}

TEST_CASE("scan report: CSV is one RFC 4180 row per clustered article, formulas neutralised", "[report]") {
    std::ostringstream out;
    wiretrace::report::write_scan_csv(out, deeper_result());
    CHECK(out.str() ==
          "cluster,id,root,parent,relation,grade,direction,decided_by,coverage_of_source,coverage_of_copy,outlet,title,"
          "published\r\n"
          "1,wire,wire,,,,,,,,AP,Wire title,2014-09-15T10:00:00Z\r\n"
          "1,copy,wire,wire,rewrite,light,decided,wire-outlet,0.5000,0.8000,Daily,,\r\n"
          "1,copy2,wire,copy,near-duplicate,verbatim,undecided,,0.9000,0.9500,,\"Second, \"\"quoted\"\"\",\r\n"
          "1,last,wire,wire,rewrite,light,decided,wire-outlet,0.2500,1.0000,'=Weekly,,\r\n");
}
