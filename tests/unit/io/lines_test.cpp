// SPDX-License-Identifier: Apache-2.0
// Tests of io::for_each_line, the one splitter of in-memory text into lines.
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wiretrace/io/lines.hpp"

namespace {

std::vector<std::pair<std::size_t, std::string>> lines_of(std::string_view bytes) {
    std::vector<std::pair<std::size_t, std::string>> out;
    wiretrace::io::for_each_line(bytes, [&](std::size_t n, std::string_view line) { out.emplace_back(n, line); });
    return out;
}

using Lines = std::vector<std::pair<std::size_t, std::string>>;

}  // namespace

TEST_CASE("for_each_line: numbered lines without their newline or carriage return", "[io]") {
    CHECK(lines_of("").empty());
    CHECK(lines_of("a") == Lines{{1, "a"}});
    CHECK(lines_of("a\n") == Lines{{1, "a"}});
    CHECK(lines_of("a\r\nb\r\n") == Lines{{1, "a"}, {2, "b"}});
    CHECK(lines_of("\n\nc") == Lines{{1, ""}, {2, ""}, {3, "c"}});
    CHECK(lines_of("a\rb\n\r") == Lines{{1, "a\rb"}, {2, ""}});  // only a carriage return before '\n' goes
}
