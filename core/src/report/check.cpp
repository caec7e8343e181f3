// SPDX-License-Identifier: Apache-2.0
// `check` output: text, JSON objects and TSV rows per checked article.
#include "wiretrace/report/check.hpp"

#include <fmt/format.h>
#include <sstream>

#include "report/html_page.hpp"
#include "wiretrace/report/html_pair.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::report {
namespace {

PairView view_of(const CheckedArticle& c, const check::Match& m, std::uint32_t minhash_size) {
    return PairView{m.known, m.pair.analysis_a, c.article, m.pair.analysis_b, m.pair.score, m.pair.df.origin,
                    minhash_size};
}

std::string_view source_id(const CheckedArticle& c, const check::Match& m) {
    switch (m.pair.score.direction.source) {
    case Side::a: return m.known.id;
    case Side::b: return c.article.id;
    case Side::undecided: break;
    }
    return kPairTsvUndecided;
}

}  // namespace

void write_check_text(std::ostream& out, const CheckedArticle& c, std::uint32_t minhash_size, std::size_t width) {
    const std::size_t n = c.matches.size();
    out << fmt::format("== {}: {}\n", text::escape_controls(c.article.id),
                       n == 0 ? std::string("no known story") : fmt::format("{} known stor{}", n, n == 1 ? "y" : "ies"));
    for (std::size_t i = 0; i < n; ++i) {
        const check::Match& m = c.matches[i];
        const score::PairScore& s = m.pair.score;
        out << fmt::format("\n-- match {} of {}: {} ({}{}) {}, source {}{}\n", i + 1, n, text::escape_controls(m.known.id),
                           m.known.outlet.empty() ? "no outlet" : text::escape_controls(m.known.outlet),
                           m.known.published ? ", " + format_iso8601(*m.known.published) : std::string(),
                           relation_label(s.relation, s.grade),
                           source_id(c, m) == kPairTsvUndecided ? "undecided" : text::escape_controls(source_id(c, m)),
                           m.union_share ? fmt::format(", one of several sources ({} of the article's rare phrases)",
                                                       detail::percent(*m.union_share))
                                         : std::string());
        write_pair_text(out, view_of(c, m, minhash_size), width);
    }
}

std::string check_brief_line(const CheckedArticle& c) {
    const std::string id = text::escape_controls(c.article.id);
    if (c.matches.empty()) return fmt::format("{}  no match  -  -  -\n", id);
    const check::Match& m = c.matches.front();
    const score::PairScore& s = m.pair.score;
    const std::string_view source = source_id(c, m);
    const std::string_view verdict = source == kPairTsvUndecided ? "source unknown"
                                     : source == c.article.id    ? "source"
                                                                 : "copy";
    return fmt::format("{}  {}  {}  {}  known {} / article {}\n", id, verdict, text::escape_controls(m.known.id),
                       relation_label(s.relation, s.grade), detail::percent(s.coverage_a), detail::percent(s.coverage_b));
}

void write_check_object(JsonWriter& w, const CheckedArticle& c, std::uint32_t minhash_size) {
    w.begin_object();
    w.key("id").value(c.article.id);
    w.key("matches").begin_array();
    for (const check::Match& m : c.matches) {
        w.begin_object();
        w.key("known").begin_object();
        w.key("id").value(m.known.id);
        w.key("outlet").value(m.known.outlet);
        w.key("title").value(m.known.title);
        w.key("published");
        m.known.published ? w.value(format_iso8601(*m.known.published)) : w.null();
        w.end_object();
        w.key("relation").value(to_string(m.pair.score.relation));
        w.key("grade");
        m.pair.score.grade == Grade::none ? w.null() : w.value(to_string(m.pair.score.grade));
        w.key("source");
        source_id(c, m) == kPairTsvUndecided ? w.null() : w.value(source_id(c, m));
        if (m.union_share) w.key("union_share").value(*m.union_share);
        w.key("shared_fingerprints").value(m.shared_fingerprints);
        w.key("shared_bands").value(m.shared_bands);
        w.key("compare");
        write_pair_object(w, view_of(c, m, minhash_size));
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

std::string check_jsonl_line(const CheckedArticle& c, std::uint32_t minhash_size) {
    std::string line;
    JsonWriter w(line);
    write_check_object(w, c, minhash_size);
    line += "\n";
    return line;
}

CheckJsonDocument::CheckJsonDocument(std::string_view index_path, std::uint32_t minhash_size)
    : minhash_size_(minhash_size) {
    w_.begin_object();
    w_.key("schema").value(fmt::format("wiretrace.check/{}", kCheckSchemaVersion));
    w_.key("index").value(index_path);
    w_.key("articles").begin_array();
}

void CheckJsonDocument::add(const CheckedArticle& c) { write_check_object(w_, c, minhash_size_); }

std::string CheckJsonDocument::finish(const check::Stats& stats, double seconds) {
    w_.end_array();
    w_.key("summary").begin_object();
    w_.key("articles").value(stats.articles);
    w_.key("matched").value(stats.matched);
    w_.key("matches").value(stats.matches);
    w_.key("candidates_verified").value(stats.candidates);
    w_.key("skipped").value(stats.read.skipped);
    w_.key("seconds").value(seconds);
    w_.end_object();
    w_.end_object();
    return std::move(json_) + "\n";
}

void write_check_tsv(std::ostream& out, const CheckedArticle& c, TsvCells cells) {
    for (const check::Match& m : c.matches) {
        const score::PairScore& s = m.pair.score;
        write_pair_tsv_row(out, m.known.id, c.article.id, s.relation, source_id(c, m), s.coverage_a, s.coverage_b,
                           s.grade, cells);
    }
}

void write_check_csv(std::ostream& out, const CheckedArticle& c) {
    const std::string article = csv_field(c.article.id);
    if (c.matches.empty()) {
        out << article << ",,,,,,,,,,,,\r\n";
        return;
    }
    for (std::size_t j = 0; j < c.matches.size(); ++j) {
        const check::Match& m = c.matches[j];
        const score::PairScore& s = m.pair.score;
        const std::string_view source = source_id(c, m);
        out << fmt::format("{},{},{},{},{},{},{},{},{},{},{:.4f},{:.4f},{}\r\n", article, j + 1, csv_field(m.known.id),
                           csv_field(m.known.outlet), csv_field(m.known.title),
                           m.known.published ? format_iso8601(*m.known.published) : std::string(),
                           to_string(s.relation), s.grade == Grade::none ? std::string_view() : to_string(s.grade),
                           source == kPairTsvUndecided ? "undecided" : source == c.article.id ? "article" : "known",
                           s.direction.decided_by, s.coverage_a, s.coverage_b,
                           m.union_share ? fmt::format("{:.4f}", *m.union_share) : std::string());
    }
}

CheckHtmlReport::CheckHtmlReport(std::string index_path, std::uint32_t minhash_size, HtmlFileSink sink)
    : index_path_(std::move(index_path)), minhash_size_(minhash_size), sink_(std::move(sink)) {}

void CheckHtmlReport::add(const CheckedArticle& c) {
    ++articles_;
    const auto cell = [this](std::string_view text) {
        rows_ += "<td>";
        append_html_escaped(rows_, text);
        rows_ += "</td>";
    };
    if (c.matches.empty()) {
        rows_ += "<tr>";
        cell(c.article.id);
        rows_ += "<td colspan=\"5\" class=\"none\">no known story</td></tr>\n";
        return;
    }
    for (std::size_t j = 0; j < c.matches.size(); ++j) {
        const check::Match& m = c.matches[j];
        const std::string page = fmt::format("pairs/{}-{}.html", articles_, j + 1);
        HtmlPairOptions options;
        options.nav = {{"../index.html", "all checked articles"}};
        options.note = fmt::format("check: match {} of {} for this article; the known story is A", j + 1, c.matches.size());
        std::ostringstream out;
        write_pair_html(out, view_of(c, m, minhash_size_), options);
        sink_(page, out.str());

        const score::PairScore& s = m.pair.score;
        rows_ += "<tr>";
        cell(j == 0 ? c.article.id : "");
        rows_ += "<td>";
        detail::append_link(rows_, page, m.known.id);
        rows_ += "</td>";
        cell(m.known.outlet);
        cell(relation_label(s.relation, s.grade));
        cell(source_id(c, m) == kPairTsvUndecided ? "undecided"
             : source_id(c, m) == c.article.id    ? "the article"
                                                  : "the known story");
        cell(fmt::format("{} / {}", detail::percent(s.coverage_a), detail::percent(s.coverage_b)));
        rows_ += "</tr>\n";
    }
}

void CheckHtmlReport::finish() {
    std::string page;
    detail::begin_html_page(page, "wiretrace check", "index");
    page += fmt::format("<h1>wiretrace check: {} article{}</h1>\n", articles_, articles_ == 1 ? "" : "s");
    page += "<table class=\"clusters\"><thead><tr><th>article</th><th>known story</th><th>outlet</th>"
            "<th>relation</th><th>source</th><th>coverage known / article</th></tr></thead><tbody>\n";
    page += rows_;
    page += "</tbody></table>\n";
    detail::end_html_page(page);
    sink_(index_path_, page);
}

}  // namespace wiretrace::report
