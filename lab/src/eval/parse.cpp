// SPDX-License-Identifier: Apache-2.0
// Parsing eval's inputs: the truth TSV, and the results as a TSV pair list (the scan JSONL is
// read by results_jsonl.cpp).
#include "wiretrace/lab/eval/parse.hpp"

#include <cstdint>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <span>
#include <unordered_map>
#include <utility>

#include "eval/fields.hpp"
#include "eval/ids.hpp"
#include "eval/results_jsonl.hpp"
#include "wiretrace/io/lines.hpp"
#include "wiretrace/lab/truth_tsv.hpp"
#include "wiretrace/report/pair.hpp"

namespace wiretrace::eval {
namespace {

using namespace detail;

constexpr std::size_t kTruthFields = truth_tsv::kRequiredColumns;  ///< without the optional `direct` column
constexpr std::size_t kTruthFieldsDirect = kTruthFields + 1;
constexpr std::size_t kTruthFieldsTraceable = kTruthFieldsDirect + 1;
constexpr std::size_t kTruthFieldsKind = truth_tsv::kColumns.size();
static_assert(kTruthFieldsKind == kTruthFieldsTraceable + 1);
constexpr std::size_t kResultFields = report::kPairTsvColumns.size();

Results parse_results_tsv(std::string_view bytes, std::string_view name) {
    Results out;
    out.format = ResultsFormat::tsv;
    const auto& column = report::kPairTsvColumns;
    PairLines pairs;
    std::vector<std::string_view> fields;
    io::for_each_line(bytes, [&](std::size_t line, std::string_view text) {
        if (is_blank(text) || text.front() == '#') return;
        split_tabs(text, fields);
        if (fields.size() != kResultFields && fields.size() != report::kPairTsvColumnsWithoutGrade) {
            fail(name, line,
                 fmt::format("expected {} tab-separated fields ({}; grade may be left out), found {}", kResultFields,
                             fmt::join(column, " "), fields.size()));
        }
        PredictedPair p;
        p.line = line;
        p.a = parse_id(fields[0], column[0], name, line);
        p.b = parse_id(fields[1], column[1], name, line);
        const auto relation = parse_relation(fields[2]);
        if (!relation) fail(name, line, fmt::format("unknown relation {}", show_field(fields[2])));
        p.relation = *relation;
        if (fields[3] != report::kPairTsvUndecided) p.source = parse_id(fields[3], column[3], name, line);
        p.coverage_a = parse_fraction(fields[4], column[4], name, line);
        p.coverage_b = parse_fraction(fields[5], column[5], name, line);
        check_pair(p, name, line);
        pairs.add(p.a, p.b, name, line);
        out.pairs.push_back(std::move(p));
    });
    return out;
}

}  // namespace

std::optional<Relation> parse_relation(std::string_view name) {
    for (const auto r : {Relation::duplicate, Relation::near_duplicate, Relation::rewrite,
                         Relation::same_story, Relation::unrelated, Relation::version}) {
        if (to_string(r) == name) return r;
    }
    return std::nullopt;
}

std::string_view to_string(ResultsFormat format) { return format == ResultsFormat::jsonl ? "jsonl" : "tsv"; }

std::vector<TruthPair> parse_truth(std::string_view bytes, std::string_view name) {
    check_text(bytes, name);
    const auto& truth_column = truth_tsv::kColumns;
    std::vector<TruthPair> out;
    IdTable ids;
    std::unordered_map<std::uint64_t, std::size_t> seen;  // unordered pair -> index in out
    std::vector<std::string_view> fields;
    io::for_each_line(bytes, [&](std::size_t line, std::string_view text) {
        if (is_blank(text) || text.front() == '#') return;
        split_tabs(text, fields);
        if (fields.size() < kTruthFields || fields.size() > kTruthFieldsKind) {
            fail(name, line,
                 fmt::format("expected {} to {} tab-separated fields ({} [{} [{} [{}]]]), found {}", kTruthFields,
                             kTruthFieldsKind, fmt::join(truth_column.begin(), truth_column.begin() + kTruthFields, " "),
                             truth_column[kTruthFields], truth_column[kTruthFieldsDirect],
                             truth_column[kTruthFieldsTraceable], fields.size()));
        }
        TruthPair t;
        t.line = line;
        t.copy_id = parse_id(fields[0], truth_column[0], name, line);
        t.source_id = parse_id(fields[1], truth_column[1], name, line);
        if (t.copy_id == t.source_id)
            fail(name, line, fmt::format("{} is listed as its own source", show_field(t.copy_id)));
        const auto relation = parse_relation(fields[2]);
        if (!relation || *relation == Relation::unrelated) {
            fail(name, line,
                 fmt::format("{} must be duplicate, near-duplicate, rewrite or same-story, found {}", truth_column[2],
                             show_field(fields[2])));
        }
        t.relation = *relation;
        t.coverage_of_source = parse_fraction(fields[3], truth_column[3], name, line);
        t.coverage_of_copy = parse_fraction(fields[4], truth_column[4], name, line);
        if (fields.size() >= kTruthFieldsDirect) t.direct = parse_flag(fields[5], truth_column[5], name, line);
        if (fields.size() >= kTruthFieldsTraceable) t.traceable = parse_flag(fields[6], truth_column[6], name, line);
        if (fields.size() == kTruthFieldsKind) {
            if (fields[7].empty() || fields[7].find_first_of(" \r") != std::string_view::npos) {
                fail(name, line, fmt::format("{} must be one word, found {}", truth_column[7], show_field(fields[7])));
            }
            t.kind = std::string(fields[7]);
        }
        const auto [it, inserted] = seen.emplace(pair_key(ids.intern(t.copy_id), ids.intern(t.source_id)), out.size());
        if (inserted) {
            out.push_back(std::move(t));
            return;
        }
        TruthPair& prev = out[it->second];
        const bool prev_derived = is_derived(prev.relation);
        const bool derived = is_derived(t.relation);
        if (!prev_derived && !derived) return;  // a same-story pair listed again, in either order
        if (prev_derived && derived && prev.copy_id == t.copy_id) {
            if (!prev.direct && t.direct) prev = std::move(t);  // reached directly and through a chain
            return;
        }
        fail(name, line,
             fmt::format("{} / {} is already listed at line {} with another {}", show_field(t.copy_id),
                         show_field(t.source_id), prev.line, prev_derived && derived ? "direction" : "relation"));
    });
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ends;
    std::vector<std::uint32_t> parent;
    std::vector<std::size_t> via;
    direct_parents(out, ids, ends, parent, via);
    std::vector<std::uint32_t> root;
    if (const auto node = find_roots(parent, root)) {
        fail(name, out[via[*node]].line,
             fmt::format("the direct parents form a cycle through {}", show_field(ids.name(*node))));
    }
    return out;
}

ResultsFormat detect_results_format(std::string_view bytes) {
    const std::size_t first = bytes.find_first_not_of(" \t\r\n\v\f");
    return first != std::string_view::npos && bytes[first] == '{' ? ResultsFormat::jsonl : ResultsFormat::tsv;
}

Results parse_results(std::string_view bytes, std::string_view name) {
    check_text(bytes, name);
    if (detect_results_format(bytes) == ResultsFormat::tsv) return parse_results_tsv(bytes, name);
    return parse_results_jsonl(bytes, name);
}

}  // namespace wiretrace::eval
