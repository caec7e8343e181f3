// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the aligner and the pair decision on two texts split from the input. The first
// byte chooses alignment parameters; the rest splits at its first NUL byte (at the middle when
// there is none) into texts a and b, repaired to valid UTF-8. Aligning b with a must mirror
// aligning a with b, every range must lie inside its text, and the scores must stay in range.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "fuzz_check.hpp"
#include "wiretrace/align/align.hpp"
#include "wiretrace/document.hpp"
#include "wiretrace/params.hpp"
#include "wiretrace/score/score.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/text/utf8.hpp"
#include "wiretrace/sketch/tfidf.hpp"

namespace {

using namespace wiretrace;

void check_range(const align::TokenRange& r, std::size_t tokens) {
    WIRETRACE_FUZZ_CHECK(r.begin <= r.end);
    WIRETRACE_FUZZ_CHECK(r.end <= tokens);
}

void check_bounds(const align::Alignment& al, std::size_t na, std::size_t nb) {
    for (const align::Run& r : al.runs) {
        WIRETRACE_FUZZ_CHECK(r.length > 0);
        WIRETRACE_FUZZ_CHECK(r.a_begin + std::size_t{r.length} <= na);
        WIRETRACE_FUZZ_CHECK(r.b_begin + std::size_t{r.length} <= nb);
    }
    for (const align::Passage& p : al.passages) {
        check_range(p.a, na);
        check_range(p.b, nb);
        WIRETRACE_FUZZ_CHECK(p.matched <= p.a.size() && p.matched <= p.b.size());
    }
    for (const align::Edit& e : al.edits) {
        check_range(e.a, na);
        check_range(e.b, nb);
        WIRETRACE_FUZZ_CHECK(e.passage < static_cast<std::int64_t>(al.passages.size()));
    }
    WIRETRACE_FUZZ_CHECK(al.covered_a <= na && al.covered_b <= nb);
    WIRETRACE_FUZZ_CHECK(al.coverage_a >= 0.0 && al.coverage_a <= 1.0);
    WIRETRACE_FUZZ_CHECK(al.coverage_b >= 0.0 && al.coverage_b <= 1.0);
}

/// Sorts every list so that two alignments compare equal whatever order they were reported in.
align::Alignment canonical(align::Alignment al) {
    std::sort(al.runs.begin(), al.runs.end(),
              [](const auto& x, const auto& y) { return std::tie(x.a_begin, x.b_begin) < std::tie(y.a_begin, y.b_begin); });
    std::sort(al.passages.begin(), al.passages.end(), [](const auto& x, const auto& y) {
        return std::tie(x.a.begin, x.b.begin) < std::tie(y.a.begin, y.b.begin);
    });
    // Passage indices in edits follow the passage order, so they are compared through the passage.
    for (align::Edit& e : al.edits) e.passage = e.passage < 0 ? -1 : 0;
    std::sort(al.edits.begin(), al.edits.end(), [](const auto& x, const auto& y) {
        return std::tuple(x.a.begin, x.a.end, x.b.begin, x.b.end, x.kind) <
               std::tuple(y.a.begin, y.a.end, y.b.begin, y.b.end, y.kind);
    });
    return al;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    Params params;
    const std::uint8_t flags = data[0];
    params.anchor_tokens = 2 + (flags & 3);          // 2..5 (default 4)
    params.max_gap_tokens = (flags >> 2 & 3) * 6;    // 0, 6, 12, 18 (default 12)
    params.min_passage_tokens = 2 + (flags >> 4 & 7);  // 2..9 (default 8)

    std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    std::size_t cut = rest.find('\0');
    const std::size_t skip = cut == std::string_view::npos ? 0 : 1;
    if (cut == std::string_view::npos) cut = rest.size() / 2;
    const std::string text_a = text::repair_utf8(rest.substr(0, cut));
    const std::string text_b = text::repair_utf8(rest.substr(cut + skip));

    const auto ta = text::tokenize(text_a);
    const auto tb = text::tokenize(text_b);
    const align::Alignment ab = align::align(text_a, ta, text_b, tb, params);
    const align::Alignment ba = align::align(text_b, tb, text_a, ta, params);
    check_bounds(ab, ta.size(), tb.size());
    check_bounds(ba, tb.size(), ta.size());
    for (const align::Run& r : ab.runs) {
        for (std::uint32_t i = 0; i < r.length; ++i) WIRETRACE_FUZZ_CHECK(ta[r.a_begin + i].hash == tb[r.b_begin + i].hash);
    }
    const align::Alignment ab_c = canonical(ab);
    const align::Alignment ba_c = canonical(align::mirrored(ba));
    WIRETRACE_FUZZ_CHECK(ab_c.runs == ba_c.runs);
    WIRETRACE_FUZZ_CHECK(ab_c.passages == ba_c.passages);
    WIRETRACE_FUZZ_CHECK(ab_c.edits == ba_c.edits);
    WIRETRACE_FUZZ_CHECK(ab_c.coverage_a == ba_c.coverage_a && ab_c.coverage_b == ba_c.coverage_b);

    // The whole pair decision, as `compare` makes it, with an empty IDF table (every idf 1): the
    // pair's own table costs a 64 MiB allocation per input, which slowed fuzzing tenfold.
    static const tfidf::DocumentFrequencies no_idf;
    Document a;
    a.id = "a";
    a.text = text_a;
    Document b;
    b.id = "b";
    b.text = text_b;
    const score::PairScore s =
        score::score_pair(a, score::analyze(a, params), b, score::analyze(b, params), no_idf, params);
    WIRETRACE_FUZZ_CHECK(s.jaccard >= 0.0 && s.jaccard <= 1.0);
    WIRETRACE_FUZZ_CHECK(s.coverage_a >= 0.0 && s.coverage_a <= 1.0);
    WIRETRACE_FUZZ_CHECK(s.coverage_b >= 0.0 && s.coverage_b <= 1.0);
    WIRETRACE_FUZZ_CHECK(s.cosine >= -1e-9 && s.cosine <= 1.0 + 1e-9);
    return 0;
}
