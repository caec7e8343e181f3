// SPDX-License-Identifier: Apache-2.0
// Renderings of `check` results: text for people; JSON, JSON lines and a TSV pair list for
// programs. Formats are documented in README.md (`wiretrace check`).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "wiretrace/index.hpp"
#include "wiretrace/report.hpp"

namespace wiretrace::report {

/// Version of the check JSON schema ("schema": "wiretrace.check/1").
inline constexpr int kCheckSchemaVersion = 1;

/// One checked article and the known stories it relates to, best first.
struct CheckedArticle {
    Document article;
    std::vector<index::Match> matches;
};

/// The article, then each match: the known story and the `compare` text report of the pair
/// (a = the known story, b = the article).
void write_check_text(std::ostream& out, const CheckedArticle& checked, std::uint32_t minhash_size,
                      std::size_t width = 100);
/// One JSON object: {"id", "matches": [{"known": {...}, "shared_fingerprints", "shared_bands",
/// "compare": <the compare JSON object>}]}.
void write_check_object(JsonWriter& w, const CheckedArticle& checked, std::uint32_t minhash_size);
/// One TSV row per match (header: kPairTsvHeader), id_a the known story, id_b the article.
void write_check_tsv(std::ostream& out, const CheckedArticle& checked);

}  // namespace wiretrace::report
