// SPDX-License-Identifier: Apache-2.0
// Tests of the `index stats` renderings (report/index_stats.hpp): every field in the text and in
// the JSON object, sizes in powers of 1000, and an index without dated documents.
#include <array>
#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "wiretrace/report/index_stats.hpp"

using wiretrace::index::Summary;

namespace {

Summary example() {
    Summary s;
    s.path = "x.db";
    s.parameters = {5, 8, 128, 32, 0x77697265, 2};
    s.documents = 3;
    s.outlets = 2;
    s.undated = 1;
    s.first_published = wiretrace::parse_iso8601("2014-09-15T10:00:00Z");
    s.last_published = wiretrace::parse_iso8601("2014-09-20");
    s.text_bytes = 532;
    s.fingerprints = 300;
    s.band_keys = 96;
    s.runs = 2;
    s.file_bytes = 8'700'000;
    return s;
}

std::string text_of(const Summary& s) {
    std::ostringstream out;
    wiretrace::report::write_index_stats_text(out, s);
    return out.str();
}

std::string json_of(const Summary& s) {
    std::ostringstream out;
    wiretrace::report::write_index_stats_json(out, s);
    return out.str();
}

}  // namespace

TEST_CASE("index stats: the text summary", "[index][report]") {
    CHECK(text_of(example()) == "index       x.db\n"
                        "documents   3\n"
                        "outlets     2\n"
                        "published   2014-09-15T10:00:00Z .. 2014-09-20T00:00:00Z (1 undated)\n"
                        "text        532 B\n"
                        "sketches    300 fingerprints, 96 band keys in 2 runs of postings\n"
                        "on disk     8.7 MB\n"
                        "parameters  k=5 w=8 minhash=128 bands=32 seed=0x77697265 normalization=2 (format version 2)\n"
                        "background  none (measured by `index add` from 40 stories)\n");
    Summary many = example();
    many.runs = 10;
    CHECK_THAT(text_of(many), Catch::Contains("band keys in 10 runs of postings (`index optimize` merges them)\n"));
    Summary measured = example();
    std::array<double, wiretrace::score::Background::kTerms> flat{};
    flat[0] = 0.031;
    measured.background = wiretrace::score::Background::from_stored(flat, 0.0412, 4096, 0.0314);
    CHECK_THAT(text_of(measured),
               Catch::EndsWith("background  4096 random pairs share 3.1% of their word pairs (spread 4.1 points)\n"));
    CHECK_THAT(json_of(measured),
               Catch::EndsWith(R"("background":{"samples":4096,"mean_containment":0.0314,"spread":0.0412}})" "\n"));
    Summary empty;
    empty.path = "e.db";
    empty.text_bytes = 24'000;
    const std::string t = text_of(empty);
    CHECK_THAT(t, Catch::Contains("published   - .. - (0 undated)\n") && Catch::Contains("text        24.0 kB\n"));
}

TEST_CASE("index stats: the JSON object", "[index][report]") {
    CHECK(json_of(example()) ==
          R"({"schema":"wiretrace.index-stats/1","path":"x.db","documents":3,"outlets":2,"undated":1,)"
          R"("first_published":"2014-09-15T10:00:00Z","last_published":"2014-09-20T00:00:00Z","text_bytes":532,)"
          R"("fingerprints":300,"band_keys":96,"runs":2,"file_bytes":8700000,"parameters":{"format_version":2,)"
          R"("shingle_tokens":5,"winnow_window":8,"minhash_size":128,"lsh_bands":32,"seed":2003399269,)"
          R"("normalization_version":2},"background":null})"
          "\n");
    const std::string empty = json_of(Summary{});
    CHECK_THAT(empty, Catch::Contains(R"("first_published":null,"last_published":null)"));
}
