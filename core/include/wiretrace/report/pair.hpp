// SPDX-License-Identifier: Apache-2.0
// Renderings of results for people (text) and programs (JSON). The core formats; the caller
// chooses the stream.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "wiretrace/document.hpp"
#include "wiretrace/report/json.hpp"
#include "wiretrace/score/score.hpp"

namespace wiretrace::report {

/// Version of the `compare` JSON schema (field "schema": "wiretrace.compare/1"). Bump on any
/// change that removes or renames a field; adding fields keeps the version.
inline constexpr int kCompareSchemaVersion = 1;

/// One scored pair and everything needed to quote it.
struct PairView {
    const Document& a;
    const score::Analysis& analysis_a;
    const Document& b;
    const score::Analysis& analysis_b;
    const score::PairScore& score;
    std::string_view idf_origin;  ///< where the IDF of the cosine came from
    std::uint32_t minhash_size;
};

/// The `compare` JSON document (schema wiretrace.compare/1, documented in README.md).
void write_pair_json(std::ostream& out, const PairView& pair);

/// The same JSON object written into `w` (for documents that embed compare results).
void write_pair_object(JsonWriter& w, const PairView& pair);

/// True when `header` is '#', the `columns` separated by tabs, and a newline: the header line of
/// a TSV file.
template <std::size_t N>
constexpr bool is_tsv_header(std::string_view header, const std::array<std::string_view, N>& columns) {
    if (!header.starts_with('#')) return false;
    header.remove_prefix(1);
    for (std::size_t i = 0; i < N; ++i) {
        if (!header.starts_with(columns[i])) return false;
        header.remove_prefix(columns[i].size());
        if (!header.starts_with(i + 1 < N ? '\t' : '\n')) return false;
        header.remove_prefix(1);
    }
    return header.empty();
}

/// The columns of a TSV pair list (scan and check), in order: the one definition its writers and
/// its reader (lab's eval) use.
inline constexpr std::array<std::string_view, 7> kPairTsvColumns = {
    "id_a", "id_b", "relation", "source_id", "coverage_a", "coverage_b", "grade"};
/// Columns a pair list written before grades holds (the readers accept it: no `grade`).
inline constexpr std::size_t kPairTsvColumnsWithoutGrade = 6;
/// The source_id of a pair whose direction is undecided.
inline constexpr std::string_view kPairTsvUndecided = "-";
/// The header line of a TSV pair list: `#id_a id_b relation source_id coverage_a coverage_b grade`.
inline constexpr std::string_view kPairTsvHeader =
    "#id_a\tid_b\trelation\tsource_id\tcoverage_a\tcoverage_b\tgrade\n";
static_assert(is_tsv_header(kPairTsvHeader, kPairTsvColumns));
/// How the ids of a TSV pair list are written for a spreadsheet.
enum class TsvCells : bool {
    exact,            ///< as they are (the default: what `wiretrace eval` and other programs read)
    spreadsheet_safe, ///< an id starting with = + - or @ (other than a lone -) gets a leading ', so a
                      ///< spreadsheet shows it as text instead of running it as a formula
};

/// An id as one TSV field: escaped by text::escape_controls (a tab, newline or carriage return
/// written \t, \n, \r), and with a leading ' when `cells` asks for spreadsheet_safe and it starts
/// like a formula.
std::string tsv_field(std::string_view id, TsvCells cells = TsvCells::exact);

/// True when a spreadsheet would run the cell as a formula: it starts with = + - or @ (a lone
/// "-", the undecided source and the empty value, excepted).
bool starts_like_formula(std::string_view cell);

/// One cell of a CSV export (RFC 4180): control characters escaped (text::escape_controls, so a
/// row stays one line), a leading ' when it starts like a formula, and quoted (its quotes doubled)
/// when it holds a comma or a quote.
std::string csv_field(std::string_view value);

/// One row of a TSV pair list; `source_id` kPairTsvUndecided when the direction is undecided. The ids
/// (JSONL ids may hold any character) are escaped by text::escape_controls: a tab, newline or
/// carriage return is written \t, \n, \r, so every pair stays one line of seven fields, and no
/// control character reaches a terminal. `grade` is written "-" for pairs that are not derived.
/// `cells`: see TsvCells.
void write_pair_tsv_row(std::ostream& out, std::string_view id_a, std::string_view id_b, Relation relation,
                        std::string_view source_id, double coverage_a, double coverage_b, Grade grade,
                        TsvCells cells = TsvCells::exact);

/// The relation as the readable reports name it: "rewrite (heavy)", "near-duplicate (verbatim)",
/// "same-story" (the grade of a derived pair in brackets).
std::string relation_label(Relation relation, Grade grade);

/// A readable summary: figures, direction evidence, passages side by side, edits.
/// `width` is the total line width of the side-by-side view.
void write_pair_text(std::ostream& out, const PairView& pair, std::size_t width = 100);

}  // namespace wiretrace::report
