// SPDX-License-Identifier: Apache-2.0
// Renderings of `check` results: text for people; JSON, JSON lines and a TSV pair list for
// programs. Formats are documented in README.md (`wiretrace check`).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "wiretrace/report/html.hpp"
#include "wiretrace/report/json.hpp"
#include "wiretrace/report/pair.hpp"
#include "wiretrace/run/check.hpp"

namespace wiretrace::report {

/// Version of the check JSON schema ("schema": "wiretrace.check/1").
inline constexpr int kCheckSchemaVersion = 1;

using check::CheckedArticle;

/// The article, then each match: the known story and the `compare` text report of the pair
/// (a = the known story, b = the article).
void write_check_text(std::ostream& out, const CheckedArticle& checked, std::uint32_t minhash_size,
                      std::size_t width = 100);
/// One JSON object: {"id", "matches": [{"known": {...}, "shared_fingerprints", "shared_bands",
/// "compare": <the compare JSON object>}]}.
void write_check_object(JsonWriter& w, const CheckedArticle& checked, std::uint32_t minhash_size);
/// One `--format jsonl` line: the article's object (write_check_object) and a newline.
std::string check_jsonl_line(const CheckedArticle& checked, std::uint32_t minhash_size);

/// The `--format json` document, built as the articles arrive: {"schema": "wiretrace.check/1",
/// "index", "articles": [write_check_object...], "summary": {"articles", "matched", "matches",
/// "candidates_verified", "skipped", "seconds"}}.
class CheckJsonDocument {
public:
    CheckJsonDocument(std::string_view index_path, std::uint32_t minhash_size);
    void add(const CheckedArticle& checked);
    /// The whole document, closed with its summary, and a newline.
    std::string finish(const check::Stats& stats, double seconds);

private:
    std::string json_;
    JsonWriter w_{json_};
    std::uint32_t minhash_size_;
};

/// `check --brief`: one line for the article, its fields two spaces apart: its id; the verdict
/// (`copy` when its best match is the source, `source` when the article is, `source unknown`
/// when the texts cannot tell, `no match`); the best match's id; the relation (with its grade);
/// and how much of each text the other holds, "known 69% / article 40%" ("-" for no match).
std::string check_brief_line(const CheckedArticle& checked);

/// One TSV row per match (header: kPairTsvHeader), id_a the known story, id_b the article.
void write_check_tsv(std::ostream& out, const CheckedArticle& checked, TsvCells cells = TsvCells::exact);

/// The columns of `check --format csv`, in order (the header line).
inline constexpr std::string_view kCheckCsvHeader =
    "article,match,known,known_outlet,known_title,known_published,relation,grade,source,decided_by,"
    "coverage_of_known,coverage_of_article,union_share\r\n";

/// A spreadsheet export of one checked article (RFC 4180, cells as report::csv_field writes them):
/// one row per match, best first (`match` 1, 2, ...), or one row with only `article` filled when
/// nothing matched. `source` is `known`, `article` or `undecided`; `coverage_of_known` is the
/// share of the known story found in the article and `coverage_of_article` the reverse;
/// `union_share` is filled when the match is one of several sources (check::Match::union_share).
void write_check_csv(std::ostream& out, const CheckedArticle& checked);

/// An HTML check report, page by page into `sink` (paths relative to the report directory):
/// `pairs/<i>-<j>.html`, match j of the i-th article (1-based) against its known story, as
/// write_pair_html renders it (the known story as A), written by add(); then `index.html`, one
/// row per article and match (article, known story, outlet, relation, source, coverages) linking
/// to the pair pages, written by finish().
class CheckHtmlReport {
public:
    CheckHtmlReport(std::string index_path, std::uint32_t minhash_size, HtmlFileSink sink);
    void add(const CheckedArticle& checked);
    void finish();

private:
    std::string index_path_;
    std::uint32_t minhash_size_;
    HtmlFileSink sink_;
    std::uint64_t articles_ = 0;
    std::string rows_;
};

}  // namespace wiretrace::report
