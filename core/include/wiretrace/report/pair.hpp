// SPDX-License-Identifier: Apache-2.0
// Renderings of results for people (text) and programs (JSON). The core formats; the caller
// chooses the stream.
#pragma once

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

/// The header line of a TSV pair list (scan and check): `#id_a id_b relation source_id
/// coverage_a coverage_b`.
inline constexpr std::string_view kPairTsvHeader = "#id_a\tid_b\trelation\tsource_id\tcoverage_a\tcoverage_b\n";
/// One row of a TSV pair list; `source_id` "-" when the direction is undecided. A tab, newline or
/// carriage return inside an id (JSONL ids may hold any character) is written as \t, \n, \r, so
/// every pair stays one line of six fields.
void write_pair_tsv_row(std::ostream& out, std::string_view id_a, std::string_view id_b, Relation relation,
                        std::string_view source_id, double coverage_a, double coverage_b);

/// A readable summary: figures, direction evidence, passages side by side, edits.
/// `width` is the total line width of the side-by-side view.
void write_pair_text(std::ostream& out, const PairView& pair, std::size_t width = 100);

}  // namespace wiretrace::report
