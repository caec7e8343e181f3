// SPDX-License-Identifier: Apache-2.0
// `check` output: text, JSON objects and TSV rows per checked article.
#include "wiretrace/check_report.hpp"

#include <fmt/format.h>

namespace wiretrace::report {
namespace {

PairView view_of(const CheckedArticle& c, const index::Match& m, std::uint32_t minhash_size) {
    return PairView{m.known, m.pair.analysis_a, c.article, m.pair.analysis_b, m.pair.score, m.pair.df.origin,
                    minhash_size};
}

std::string_view source_id(const CheckedArticle& c, const index::Match& m) {
    switch (m.pair.score.direction.source) {
    case score::Side::a: return m.known.id;
    case score::Side::b: return c.article.id;
    case score::Side::undecided: break;
    }
    return "-";
}

}  // namespace

void write_check_text(std::ostream& out, const CheckedArticle& c, std::uint32_t minhash_size, std::size_t width) {
    const std::size_t n = c.matches.size();
    out << fmt::format("== {}: {}\n", c.article.id,
                       n == 0 ? std::string("no known story") : fmt::format("{} known stor{}", n, n == 1 ? "y" : "ies"));
    for (std::size_t i = 0; i < n; ++i) {
        const index::Match& m = c.matches[i];
        const score::PairScore& s = m.pair.score;
        out << fmt::format("\n-- match {} of {}: {} ({}{}) {}, source {}\n", i + 1, n, m.known.id,
                           m.known.outlet.empty() ? "no outlet" : m.known.outlet,
                           m.known.published ? ", " + format_iso8601(*m.known.published) : std::string(),
                           score::to_string(s.relation), source_id(c, m) == "-" ? "undecided" : source_id(c, m));
        write_pair_text(out, view_of(c, m, minhash_size), width);
    }
}

void write_check_object(JsonWriter& w, const CheckedArticle& c, std::uint32_t minhash_size) {
    w.begin_object();
    w.key("id").value(c.article.id);
    w.key("matches").begin_array();
    for (const index::Match& m : c.matches) {
        w.begin_object();
        w.key("known").begin_object();
        w.key("id").value(m.known.id);
        w.key("outlet").value(m.known.outlet);
        w.key("title").value(m.known.title);
        w.key("published");
        m.known.published ? w.value(format_iso8601(*m.known.published)) : w.null();
        w.end_object();
        w.key("relation").value(score::to_string(m.pair.score.relation));
        w.key("source");
        source_id(c, m) == "-" ? w.null() : w.value(source_id(c, m));
        w.key("shared_fingerprints").value(m.shared_fingerprints);
        w.key("shared_bands").value(m.shared_bands);
        w.key("compare");
        write_pair_object(w, view_of(c, m, minhash_size));
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

void write_check_tsv(std::ostream& out, const CheckedArticle& c) {
    for (const index::Match& m : c.matches) {
        const score::PairScore& s = m.pair.score;
        write_pair_tsv_row(out, m.known.id, c.article.id, s.relation, source_id(c, m), s.coverage_a, s.coverage_b);
    }
}

}  // namespace wiretrace::report
