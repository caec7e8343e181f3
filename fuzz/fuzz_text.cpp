// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the text stage on arbitrary bytes. UTF-8 checking and repair, tokenization and
// normalization must keep their documented promises: the repair yields valid UTF-8 and leaves
// valid text alone, token spans lie inside the text in order, and normalization is idempotent
// and keeps the token hashes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/text/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wiretrace::text;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);

    const Utf8Report checked = check_utf8(bytes);
    Utf8Report repaired_report;
    const std::string text = repair_utf8(bytes, &repaired_report);
    WIRETRACE_FUZZ_CHECK(repaired_report.invalid_sequences == checked.invalid_sequences);
    WIRETRACE_FUZZ_CHECK(repaired_report.nul_bytes == checked.nul_bytes);
    WIRETRACE_FUZZ_CHECK(check_utf8(text).invalid_sequences == 0);
    if (checked.invalid_sequences == 0) WIRETRACE_FUZZ_CHECK(text == bytes);
    if (checked.invalid_sequences > 0) {
        WIRETRACE_FUZZ_CHECK(checked.first_invalid_offset < size);
        WIRETRACE_FUZZ_CHECK(checked.first_invalid_line >= 1);
    }

    const std::vector<Token> tokens = tokenize(text);
    std::uint32_t previous_end = 0;
    for (const Token& t : tokens) {
        WIRETRACE_FUZZ_CHECK(t.begin < t.end);
        WIRETRACE_FUZZ_CHECK(t.end <= text.size());
        WIRETRACE_FUZZ_CHECK(t.begin >= previous_end);
        previous_end = t.end;
    }

    const std::string normal = normalize(text);
    WIRETRACE_FUZZ_CHECK(check_utf8(normal).invalid_sequences == 0);
    WIRETRACE_FUZZ_CHECK(normalize(normal) == normal);
    const std::vector<Token> again = tokenize(normal);
    WIRETRACE_FUZZ_CHECK(again.size() == tokens.size());
    for (std::size_t i = 0; i < tokens.size() && i < again.size(); ++i) {
        WIRETRACE_FUZZ_CHECK(again[i].hash == tokens[i].hash);
    }
    return 0;
}
