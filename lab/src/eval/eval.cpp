// SPDX-License-Identifier: Apache-2.0
// Evaluation against ground truth: reading truth and result files, computing the pair, direction,
// containment, classification and cluster metrics, and rendering them as text and JSON.
#include "wiretrace/lab/eval.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <deque>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <functional>
#include <limits>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "wiretrace/error.hpp"
#include "wiretrace/io/json_line.hpp"
#include "wiretrace/io/lines.hpp"
#include "wiretrace/lab/truth_tsv.hpp"
#include "wiretrace/report/pair.hpp"
#include "wiretrace/report/scan_schema.hpp"
#include "wiretrace/text/text.hpp"

namespace wiretrace::eval {
namespace {

namespace ondemand = simdjson::ondemand;
namespace jsonl = report::scan_jsonl;

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr std::size_t kTruthFields = truth_tsv::kRequiredColumns;  ///< without the optional `direct` column
constexpr std::size_t kTruthFieldsDirect = kTruthFields + 1;
constexpr std::size_t kTruthFieldsTraceable = truth_tsv::kColumns.size();
static_assert(kTruthFieldsTraceable == kTruthFieldsDirect + 1);
constexpr std::size_t kResultFields = report::kPairTsvColumns.size();
constexpr std::size_t kQuotedFieldChars = 60;  ///< longest field quoted in an error message

/// Dense indices for article ids, so the metrics work on integers.
class IdTable {
public:
    void reserve(std::size_t n) { index_.reserve(n); }

    std::uint32_t intern(std::string_view id) {
        if (const auto it = index_.find(id); it != index_.end()) return it->second;
        const auto idx = static_cast<std::uint32_t>(names_.size());
        names_.emplace_back(id);  // a deque never moves its elements: the views stay valid
        index_.emplace(std::string_view(names_.back()), idx);
        return idx;
    }
    std::size_t size() const noexcept { return names_.size(); }
    const std::string& name(std::uint32_t idx) const { return names_[idx]; }

private:
    // Keyed by views into `names_`, so each id is stored once. std::hash<std::string_view> keeps
    // libstdc++ caching the hash in every node (a custom hash would count as "fast" and not be
    // cached, so each bucket walk would rehash the keys it passes).
    std::unordered_map<std::string_view, std::uint32_t> index_;
    std::deque<std::string> names_;
};

std::uint64_t pair_key(std::uint32_t x, std::uint32_t y) {
    const auto lo = std::min(x, y);
    const auto hi = std::max(x, y);
    return (static_cast<std::uint64_t>(lo) << 32U) | hi;
}

std::string where(std::string_view name, std::size_t line) { return fmt::format("{}:{}", name, line); }

[[noreturn]] void fail(std::string_view name, std::size_t line, const std::string& message) {
    throw Error(Errc::bad_argument, where(name, line), message);
}

/// A field as quoted in an error message: shortened, with control characters escaped.
std::string show_field(std::string_view field) {
    std::size_t cut = std::min(field.size(), kQuotedFieldChars);
    while (cut < field.size() && cut > 0 && (static_cast<unsigned char>(field[cut]) & 0xC0U) == 0x80U) --cut;
    std::string out;
    report::append_json_string(out, field.substr(0, cut));  // never cut inside a UTF-8 sequence
    if (cut < field.size()) out.insert(out.size() - 1, "...");
    return out;
}

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t\r\v\f") == std::string_view::npos; }

void split_tabs(std::string_view line, std::vector<std::string_view>& fields) {
    fields.clear();
    std::size_t pos = 0;
    while (true) {
        const std::size_t tab = line.find('\t', pos);
        if (tab == std::string_view::npos) {
            fields.push_back(line.substr(pos));
            return;
        }
        fields.push_back(line.substr(pos, tab - pos));
        pos = tab + 1;
    }
}

/// Rejects NUL bytes and invalid UTF-8, naming the line of the first one.
void check_text(std::string_view bytes, std::string_view name) {
    const text::Utf8Report utf8 = text::check_utf8(bytes);
    if (utf8.nul_bytes > 0) {
        const auto line =
            1 + static_cast<std::size_t>(std::count(
                    bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(utf8.first_nul_offset), '\n'));
        throw Error(Errc::binary_input, where(name, line),
                    fmt::format("NUL byte at byte offset {}: not a text file", utf8.first_nul_offset));
    }
    if (utf8.invalid_sequences > 0) {
        throw Error(Errc::bad_utf8, where(name, utf8.first_invalid_line),
                    fmt::format("invalid UTF-8 at byte offset {}", utf8.first_invalid_offset));
    }
}

double parse_fraction(std::string_view field, std::string_view column, std::string_view name, std::size_t line) {
    double value = 0.0;
    const char* end = field.data() + field.size();
    const auto [ptr, ec] = std::from_chars(field.data(), end, value);
    if (ec != std::errc{} || ptr != end || !std::isfinite(value) || value < 0.0 || value > 1.0) {
        fail(name, line, fmt::format("{} must be a number from 0 to 1, found {}", column, show_field(field)));
    }
    return value;
}

bool parse_flag(std::string_view field, std::string_view column, std::string_view name, std::size_t line) {
    if (field != "0" && field != "1") fail(name, line, fmt::format("{} must be 0 or 1, found {}", column, show_field(field)));
    return field == "1";
}

std::string parse_id(std::string_view field, std::string_view column, std::string_view name, std::size_t line) {
    if (field.empty()) fail(name, line, fmt::format("{} is empty", column));
    return std::string(field);
}

/// Remembers the line of every unordered pair and rejects a pair listed twice.
class PairLines {
public:
    void add(std::string_view a, std::string_view b, std::string_view name, std::size_t line) {
        const auto [it, inserted] = lines_.emplace(pair_key(ids_.intern(a), ids_.intern(b)), line);
        if (!inserted) {
            fail(
                name, line,
                fmt::format("the pair {} / {} is already listed at line {}", show_field(a), show_field(b), it->second));
        }
    }

private:
    IdTable ids_;
    std::unordered_map<std::uint64_t, std::size_t> lines_;
};

void check_pair(const PredictedPair& p, std::string_view name, std::size_t line) {
    if (p.a == p.b) fail(name, line, fmt::format("a pair of {} with itself", show_field(p.a)));
    if (p.source && *p.source != p.a && *p.source != p.b) {
        fail(
            name, line,
            fmt::format("the source {} is neither {} nor {}", show_field(*p.source), show_field(p.a), show_field(p.b)));
    }
}

// --- truth structure ---------------------------------------------------------------------------

/// Interns the ids of `truth` (`ends[i]` = (copy, source) of line i) and finds the direct
/// parent of every article: the source of its direct derived line with the smallest line number
/// (position in `truth` breaks ties), or kNone. `via` holds that line's index.
void direct_parents(std::span<const TruthPair> truth, IdTable& ids,
                    std::vector<std::pair<std::uint32_t, std::uint32_t>>& ends, std::vector<std::uint32_t>& parent,
                    std::vector<std::size_t>& via) {
    ends.resize(truth.size());
    for (std::size_t i = 0; i < truth.size(); ++i)
        ends[i] = {ids.intern(truth[i].copy_id), ids.intern(truth[i].source_id)};
    parent.assign(ids.size(), kNone);
    via.assign(ids.size(), 0);
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const TruthPair& t = truth[i];
        if (!t.direct || !is_derived(t.relation)) continue;
        const std::uint32_t copy = ends[i].first;
        if (parent[copy] == kNone || t.line < truth[via[copy]].line) {
            parent[copy] = ends[i].second;
            via[copy] = i;
        }
    }
}

/// Fills `root` (the end of the parent chain of every article). Returns an article on a cycle
/// of parents, if there is one (roots are then incomplete).
std::optional<std::uint32_t> find_roots(const std::vector<std::uint32_t>& parent, std::vector<std::uint32_t>& root) {
    enum : std::uint8_t { fresh, on_path, done };
    const std::size_t n = parent.size();
    root.assign(n, kNone);
    std::vector<std::uint8_t> state(n, fresh);
    std::vector<std::uint32_t> path;
    for (std::size_t start = 0; start < n; ++start) {
        if (state[start] == done) continue;
        path.clear();
        auto node = static_cast<std::uint32_t>(start);
        std::uint32_t top = kNone;
        while (true) {
            if (state[node] == done) {
                top = root[node];
                break;
            }
            if (state[node] == on_path) return node;
            state[node] = on_path;
            path.push_back(node);
            if (parent[node] == kNone) {
                top = node;
                break;
            }
            node = parent[node];
        }
        for (const std::uint32_t p : path) {
            root[p] = top;
            state[p] = done;
        }
    }
    return std::nullopt;
}

// --- JSONL -------------------------------------------------------------------------------------

/// Reads the JSONL lines of one result file with a single simdjson On-Demand parser.
class JsonlReader {
public:
    JsonlReader(std::string_view name, Results& out) : name_(name), out_(out) {}

    /// The scan writes its summary last: when the last line is a summary, its schema is checked
    /// before the other lines are read, so that results of another schema are refused rather
    /// than misread. Any other problem of that line is left to line().
    void check_schema_first(std::string_view bytes) {
        std::size_t last_no = 0;
        std::string_view last;
        io::for_each_line(bytes, [&](std::size_t line_no, std::string_view text) {
            if (!is_blank(text)) {
                last_no = line_no;
                last = text;
            }
        });
        ondemand::document doc;
        ondemand::object obj;
        std::string_view type;
        std::string_view schema;
        if (last_no == 0 || json_.iterate(last, false, doc) || doc.get_object().get(obj) ||
            obj.find_field_unordered(jsonl::kType).get_string().get(type) || type != jsonl::kSummary.type ||
            obj.find_field_unordered(jsonl::kSummary.schema).get_string().get(schema)) {
            return;
        }
        line_ = last_no;
        check_schema(schema);
    }

    void line(std::size_t line_no, std::string_view text) {
        line_ = line_no;
        ondemand::document doc;
        check(json_.iterate(text, false, doc));
        ondemand::object obj;
        if (const auto err = doc.get_object().get(obj)) {
            if (err == simdjson::INCORRECT_TYPE) bad("expected a JSON object");
            check(err);
        }
        std::string type;
        {
            ondemand::value value;
            const auto err = obj.find_field_unordered(jsonl::kType).get(value);
            if (err == simdjson::NO_SUCH_FIELD) bad(fmt::format("no \"{}\" field", jsonl::kType));
            check(err);
            type = std::string(string_of(value, jsonl::kType));
        }
        check(obj.reset().error());
        if (type == jsonl::kPair.type) {
            read_pair(obj);
        } else if (type == jsonl::kMember.type) {
            read_member(obj);
        } else if (type == jsonl::kCluster.type) {
            read_cluster(obj);
        } else if (type == jsonl::kSummary.type) {
            read_summary(obj);
        } else {
            for (auto field : obj) check(field.error());  // forward compatible: skipped, but well-formed
        }
        if (!io::JsonLineParser::at_end(doc)) bad("text after the JSON object");
    }

private:
    [[noreturn]] void bad(const std::string& message) const { fail(name_, line_, message); }

    void check(simdjson::error_code err) const {
        if (err) bad(io::JsonLineParser::invalid_json(err));
    }

    std::string_view string_of(ondemand::value& value, std::string_view key) const {
        std::string_view s;
        if (const auto err = value.get_string().get(s)) {
            if (err == simdjson::INCORRECT_TYPE) bad(fmt::format("\"{}\" must be a string", key));
            check(err);
        }
        return s;
    }

    std::string id_of(ondemand::value& value, std::string_view key) const {
        const std::string_view s = string_of(value, key);
        if (s.empty()) bad(fmt::format("\"{}\" is empty", key));
        return std::string(s);
    }

    bool null_of(ondemand::value& value) const {
        bool is_null = false;
        check(value.is_null().get(is_null));
        return is_null;
    }

    std::uint64_t count_of(ondemand::value& value, std::string_view key) const {
        std::uint64_t u = 0;
        if (const auto err = value.get_uint64().get(u)) {
            if (err == simdjson::INCORRECT_TYPE || err == simdjson::NUMBER_ERROR) {
                bad(fmt::format("\"{}\" must be a non-negative integer", key));
            }
            check(err);
        }
        return u;
    }

    double fraction_of(ondemand::value& value, std::string_view key) const {
        double d = 0.0;
        if (const auto err = value.get_double().get(d)) {
            if (err == simdjson::INCORRECT_TYPE) bad(fmt::format("\"{}\" must be a number", key));
            check(err);
        }
        if (!std::isfinite(d) || d < 0.0 || d > 1.0) bad(fmt::format("\"{}\" must be from 0 to 1", key));
        return d;
    }

    std::vector<std::string> ids_of(ondemand::value& value, std::string_view key) const {
        ondemand::array array;
        if (const auto err = value.get_array().get(array)) {
            if (err == simdjson::INCORRECT_TYPE) bad(fmt::format("\"{}\" must be an array of ids", key));
            check(err);
        }
        std::vector<std::string> ids;
        for (auto element : array) {
            ondemand::value v;
            check(std::move(element).get(v));
            std::string_view id;
            if (const auto err = v.get_string().get(id)) {
                if (err == simdjson::INCORRECT_TYPE) bad(fmt::format("\"{}\" must be an array of ids (strings)", key));
                check(err);
            }
            if (id.empty()) bad(fmt::format("\"{}\" holds an empty id", key));
            ids.emplace_back(id);
        }
        return ids;
    }

    Relation relation_of(ondemand::value& value, std::string_view key) const {
        const std::string_view s = string_of(value, key);
        const auto r = parse_relation(s);
        if (!r) bad(fmt::format("unknown relation {}", show_field(s)));
        return *r;
    }

    template <class Fn> void each_field(ondemand::object& obj, Fn&& fn) {
        for (auto field_result : obj) {
            ondemand::field field;
            check(std::move(field_result).get(field));
            std::string_view key;
            check(field.unescaped_key().get(key));
            const std::string key_copy(key);  // values unescaped next must not disturb the key
            fn(key_copy, field.value());
        }
    }

    void require(bool seen, std::string_view type, std::string_view key) const {
        if (!seen) bad(fmt::format("a \"{}\" line without \"{}\"", type, key));
    }

    void read_pair(ondemand::object& obj) {
        const jsonl::PairLine& f = jsonl::kPair;
        PredictedPair p;
        p.line = line_;
        bool a = false, b = false, rel = false, src = false, cov_a = false, cov_b = false;
        each_field(obj, [&](const std::string& key, ondemand::value& value) {
            if (key == f.a) {
                p.a = id_of(value, key);
                a = true;
            } else if (key == f.b) {
                p.b = id_of(value, key);
                b = true;
            } else if (key == f.relation) {
                p.relation = relation_of(value, key);
                rel = true;
            } else if (key == f.source) {
                if (null_of(value)) {
                    p.source.reset();
                } else {
                    p.source = id_of(value, key);
                }
                src = true;
            } else if (key == f.coverage_a) {
                p.coverage_a = fraction_of(value, key);
                cov_a = true;
            } else if (key == f.coverage_b) {
                p.coverage_b = fraction_of(value, key);
                cov_b = true;
            }
        });
        require(a, f.type, f.a);
        require(b, f.type, f.b);
        require(rel, f.type, f.relation);
        require(src, f.type, f.source);
        require(cov_a, f.type, f.coverage_a);
        require(cov_b, f.type, f.coverage_b);
        check_pair(p, name_, line_);
        pairs_.add(p.a, p.b, name_, line_);
        out_.pairs.push_back(std::move(p));
    }

    void read_member(ondemand::object& obj) {
        const jsonl::MemberLine& f = jsonl::kMember;
        PredictedMember m;
        m.line = line_;
        bool cluster = false, id = false, root = false, parents = false, rel = false;
        each_field(obj, [&](const std::string& key, ondemand::value& value) {
            if (key == f.cluster) {
                m.cluster = count_of(value, key);
                cluster = true;
            } else if (key == f.id) {
                m.id = id_of(value, key);
                id = true;
            } else if (key == f.root) {
                m.root = id_of(value, key);
                root = true;
            } else if (key == f.parents) {
                m.parents = ids_of(value, key);
                parents = true;
            } else if (key == f.relation) {
                if (null_of(value)) {
                    m.relation.reset();
                } else {
                    m.relation = relation_of(value, key);
                }
                rel = true;
            }
        });
        require(cluster, f.type, f.cluster);
        require(id, f.type, f.id);
        require(root, f.type, f.root);
        require(parents, f.type, f.parents);
        require(rel, f.type, f.relation);
        const std::uint32_t member = member_ids_.intern(m.id);
        if (member < member_lines_.size()) {
            bad(fmt::format("{} already has a member line (line {})", show_field(m.id), member_lines_[member]));
        }
        member_lines_.push_back(line_);
        out_.members.push_back(std::move(m));
    }

    void read_cluster(ondemand::object& obj) {
        const jsonl::ClusterLine& f = jsonl::kCluster;
        PredictedCluster c;
        c.line = line_;
        bool cluster = false, root = false, size = false;
        each_field(obj, [&](const std::string& key, ondemand::value& value) {
            if (key == f.cluster) {
                c.cluster = count_of(value, key);
                cluster = true;
            } else if (key == f.root) {
                c.root = id_of(value, key);
                root = true;
            } else if (key == f.size) {
                c.size = count_of(value, key);
                size = true;
            }
        });
        require(cluster, f.type, f.cluster);
        require(root, f.type, f.root);
        require(size, f.type, f.size);
        out_.clusters.push_back(std::move(c));
    }

    /// The summary's other fields are skipped (well-formed); its schema, when present, must be a
    /// version of the scan JSONL schema that this reader reads.
    void read_summary(ondemand::object& obj) {
        each_field(obj, [&](const std::string& key, ondemand::value& value) {
            if (key == jsonl::kSummary.schema) check_schema(string_of(value, key));
        });
    }

    void check_schema(std::string_view schema) const {
        if (jsonl::schema_major(schema) == jsonl::kSchemaVersion) return;
        bad(fmt::format("the results are written in schema {}; this eval reads {} (a scan JSONL of major version {})",
                        show_field(schema), jsonl::schema_id(), jsonl::kSchemaVersion));
    }

    std::string_view name_;
    Results& out_;
    std::size_t line_ = 0;
    io::JsonLineParser json_;
    PairLines pairs_;
    IdTable member_ids_;
    std::vector<std::size_t> member_lines_;  ///< by member id: its line
};

Results parse_results_tsv(std::string_view bytes, std::string_view name) {
    Results out;
    out.format = ResultsFormat::tsv;
    const auto& column = report::kPairTsvColumns;
    PairLines pairs;
    std::vector<std::string_view> fields;
    io::for_each_line(bytes, [&](std::size_t line, std::string_view text) {
        if (is_blank(text) || text.front() == '#') return;
        split_tabs(text, fields);
        if (fields.size() != kResultFields) {
            fail(name, line,
                 fmt::format("expected {} tab-separated fields ({}), found {}", kResultFields,
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

// --- metrics helpers ---------------------------------------------------------------------------

std::optional<double> ratio(std::size_t num, std::size_t den) {
    if (den == 0) return std::nullopt;
    return static_cast<double>(num) / static_cast<double>(den);
}

/// 2TP / (2TP + FP + FN): the harmonic mean of precision and recall, defined (0) when only one
/// of them is null, and null when there is nothing to measure.
std::optional<double> f1_of(std::size_t tp, std::size_t fp, std::size_t fn) { return ratio(2 * tp, 2 * tp + fp + fn); }

/// The confusion matrix of the labelled pairs, from the pair counts: truth derived pairs are
/// true positives or false negatives, truth same-story pairs predicted derived or not.
Confusion labelled_confusion(const PairMetrics& pm) {
    Confusion m{};
    m[kDerivedClass][kDerivedClass] = pm.true_positives;
    m[kDerivedClass][kNotDerivedClass] = pm.false_negatives;
    m[kNotDerivedClass][kDerivedClass] = pm.same_story_as_derived;
    m[kNotDerivedClass][kNotDerivedClass] = pm.same_story_pairs - pm.same_story_as_derived;
    return m;
}

/// Precision, recall and F1 of class k, the other class being the negatives.
ClassMetrics class_metrics(const Confusion& m, std::size_t k) {
    const std::size_t other = kPairClasses - 1 - k;
    const std::size_t tp = m[k][k];
    const std::size_t fn = m[k][other];
    const std::size_t fp = m[other][k];
    return {Rate{tp, tp + fp}, Rate{tp, tp + fn}, f1_of(tp, fp, fn)};
}

std::uint64_t pairs_within(std::uint64_t k) { return k < 2 ? 0 : k * (k - 1) / 2; }

/// The sums both cluster metrics need, from one pass over the contingency table of two
/// clusterings (cells: items sharing a truth and a predicted label).
struct Contingency {
    double bcubed_precision = 0.0;  ///< sum over items of |cell| / |predicted cluster|
    double bcubed_recall = 0.0;     ///< sum over items of |cell| / |truth cluster|
    std::uint64_t index = 0;        ///< sum over cells of C(|cell|, 2)
    std::uint64_t truth_pairs = 0;  ///< sum over truth clusters of C(size, 2)
    std::uint64_t predicted_pairs = 0;
};

/// Sums over the groups of equal `first` in `cells` (sorted, (first, second) label pairs) of
/// sum_cells |cell|^2 / |group| and C(|group|, 2); also the cell sums when `index` is given.
void group_sums(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& cells, double& share_sum,
                std::uint64_t& group_pairs, std::uint64_t* index) {
    const std::size_t n = cells.size();
    for (std::size_t begin = 0; begin < n;) {
        std::size_t end = begin;
        std::uint64_t squares = 0;
        while (end < n && cells[end].first == cells[begin].first) {
            std::size_t cell_end = end;
            while (cell_end < n && cells[cell_end] == cells[end]) ++cell_end;
            const std::uint64_t cell = cell_end - end;
            squares += cell * cell;
            if (index != nullptr) *index += pairs_within(cell);
            end = cell_end;
        }
        const std::uint64_t group = end - begin;
        share_sum += static_cast<double>(squares) / static_cast<double>(group);
        group_pairs += pairs_within(group);
        begin = end;
    }
}

// Two sorts of the n label pairs rather than hash maps keyed by labels: no allocation per
// cluster, and O(n log n) whatever the labels are.
Contingency contingency(std::span<const std::uint64_t> truth, std::span<const std::uint64_t> predicted) {
    if (truth.size() != predicted.size()) {
        throw Error(Errc::bad_argument, "",
                    fmt::format("clusterings of {} and {} items cannot be compared", truth.size(), predicted.size()));
    }
    Contingency c;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> cells(truth.size());
    for (std::size_t i = 0; i < truth.size(); ++i) cells[i] = {truth[i], predicted[i]};
    std::sort(cells.begin(), cells.end());
    group_sums(cells, c.bcubed_recall, c.truth_pairs, &c.index);
    for (auto& cell : cells) std::swap(cell.first, cell.second);
    std::sort(cells.begin(), cells.end());
    group_sums(cells, c.bcubed_precision, c.predicted_pairs, nullptr);
    return c;
}

// --- report helpers ----------------------------------------------------------------------------

void write_optional(report::JsonWriter& w, const std::optional<double>& x) {
    if (x) {
        w.value(*x);
    } else {
        w.null();
    }
}

void write_count(report::JsonWriter& w, std::size_t n) { w.value(static_cast<std::uint64_t>(n)); }

std::string show(const std::optional<double>& x) { return x ? fmt::format("{:.4f}", *x) : std::string("n/a"); }

std::string plural(std::size_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

/// The `classification` object: items, the confusion matrix by truth class then predicted
/// class, the per-class figures, and the averages.
void write_classification_json(report::JsonWriter& w, const ClassificationMetrics& c) {
    w.key("classification").begin_object();
    w.key("evaluated").value(c.evaluated);
    w.key("items");
    write_count(w, c.items);
    w.key("confusion").begin_object();
    for (std::size_t truth = 0; truth < kPairClasses; ++truth) {
        w.key(class_name(truth)).begin_object();
        for (std::size_t predicted = 0; predicted < kPairClasses; ++predicted) {
            w.key(class_name(predicted));
            write_count(w, c.confusion[truth][predicted]);
        }
        w.end_object();
    }
    w.end_object();
    for (std::size_t k = 0; k < kPairClasses; ++k) {
        const ClassMetrics& m = c.by_class[k];
        w.key(class_name(k)).begin_object();
        write_optional(w.key("precision"), m.precision.value());
        write_optional(w.key("recall"), m.recall.value());
        write_optional(w.key("f1"), m.f1);
        w.key("support");
        write_count(w, m.recall.total);
        w.end_object();
    }
    write_optional(w.key("macro_f1"), c.macro_f1);
    write_optional(w.key("weighted_f1"), c.weighted_f1);
    write_optional(w.key("accuracy"), c.accuracy.value());
    w.end_object();
}

/// The classification block of the text report: the confusion matrix, then the per-class
/// figures and the averages.
void write_classification_text(std::ostream& out, const ClassificationMetrics& c) {
    if (!c.evaluated) {
        out << "classification: n/a (no labelled pairs: no truth derived or same-story pair is left)\n";
        return;
    }
    const std::array<std::size_t, kPairClasses> support = {c.by_class[kDerivedClass].recall.total,
                                                           c.by_class[kNotDerivedClass].recall.total};
    out << fmt::format("classification of labelled pairs: {} ({} derived, {} same-story)\n", plural(c.items, "item"),
                       support[kDerivedClass], support[kNotDerivedClass]);
    constexpr std::string_view kMatrixRow = "  {:<20}{:>10}{:>13}\n";
    out << fmt::format(kMatrixRow, "truth \\ predicted", class_name(kDerivedClass), class_name(kNotDerivedClass));
    for (std::size_t truth = 0; truth < kPairClasses; ++truth) {
        out << fmt::format(kMatrixRow, class_name(truth), c.confusion[truth][kDerivedClass],
                           c.confusion[truth][kNotDerivedClass]);
    }
    out << fmt::format("\n{:<22}{:>10}{:>10}{:>10}{:>10}\n", "by class", "precision", "recall", "F1", "support");
    for (std::size_t k = 0; k < kPairClasses; ++k) {
        const ClassMetrics& m = c.by_class[k];
        out << fmt::format("  {:<20}{:>10}{:>10}{:>10}{:>10}\n", class_name(k), show(m.precision.value()),
                           show(m.recall.value()), show(m.f1), support[k]);
    }
    out << fmt::format("  {:<20}{:>10}\n", "macro F1", show(c.macro_f1));
    out << fmt::format("  {:<20}{:>10}\n", "weighted F1", show(c.weighted_f1));
    out << fmt::format("  {:<20}{:>10}   ({} of {})\n", "accuracy", show(c.accuracy.value()), c.accuracy.hits,
                       plural(c.items, "item"));
}

}  // namespace

// --- vocabulary --------------------------------------------------------------------------------

std::size_t derived_index(Relation relation) {
    for (std::size_t i = 0; i < kDerivedRelations.size(); ++i) {
        if (kDerivedRelations[i] == relation) return i;
    }
    return kDerivedRelations.size();
}

std::optional<Relation> parse_relation(std::string_view name) {
    for (const auto r : {Relation::duplicate, Relation::near_duplicate, Relation::rewrite,
                         Relation::same_story, Relation::unrelated}) {
        if (to_string(r) == name) return r;
    }
    return std::nullopt;
}

std::size_t coverage_band(double coverage) {
    if (coverage < kCoverageBandLow) return 0;
    if (coverage < kCoverageBandHigh) return 1;
    return 2;
}

std::string_view coverage_band_name(std::size_t band) {
    switch (band) {
    case 0: return "<0.3";
    case 1: return "0.3-0.6";
    default: return ">=0.6";
    }
}

std::string_view class_name(std::size_t pair_class) {
    return pair_class == kDerivedClass ? "derived" : "not_derived";
}

std::string_view to_string(ResultsFormat format) { return format == ResultsFormat::jsonl ? "jsonl" : "tsv"; }

// --- parsing -----------------------------------------------------------------------------------

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
        if (fields.size() < kTruthFields || fields.size() > kTruthFieldsTraceable) {
            fail(name, line,
                 fmt::format("expected {} to {} tab-separated fields ({} [{} [{}]]), found {}", kTruthFields,
                             kTruthFieldsTraceable, fmt::join(truth_column.begin(), truth_column.begin() + kTruthFields, " "),
                             truth_column[kTruthFields], truth_column[kTruthFieldsDirect], fields.size()));
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
        if (fields.size() == kTruthFieldsTraceable) t.traceable = parse_flag(fields[6], truth_column[6], name, line);
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
    Results out;
    out.format = ResultsFormat::jsonl;
    JsonlReader reader(name, out);
    reader.check_schema_first(bytes);
    io::for_each_line(bytes, [&](std::size_t line, std::string_view text) {
        if (!is_blank(text)) reader.line(line, text);
    });
    return out;
}

// --- metrics -----------------------------------------------------------------------------------

std::optional<BCubed> bcubed(std::span<const std::uint64_t> truth, std::span<const std::uint64_t> predicted) {
    const Contingency c = contingency(truth, predicted);
    if (truth.empty()) return std::nullopt;
    // Summed per item, |cell| / |cluster| over the |cell| items of a cell is |cell|^2 / |cluster|.
    const auto n = static_cast<double>(truth.size());
    BCubed out;
    out.precision = c.bcubed_precision / n;
    out.recall = c.bcubed_recall / n;
    // Every item shares its own cluster on both sides, so precision and recall are > 0.
    out.f1 = 2.0 * out.precision * out.recall / (out.precision + out.recall);
    return out;
}

std::optional<double> adjusted_rand_index(std::span<const std::uint64_t> truth,
                                          std::span<const std::uint64_t> predicted) {
    const Contingency c = contingency(truth, predicted);
    if (truth.size() < 2) return std::nullopt;
    const std::uint64_t total = pairs_within(truth.size());
    // The denominator max - expected is 0 exactly when both sums are 0 (all singletons on both
    // sides) or both equal `total` (one cluster on both sides): the clusterings agree. Decided on
    // the integers, since the floating-point expression need not round to exactly 0.
    if (c.truth_pairs == c.predicted_pairs && (c.truth_pairs == 0 || c.truth_pairs == total)) return 1.0;
    const auto st = static_cast<long double>(c.truth_pairs);
    const auto sp = static_cast<long double>(c.predicted_pairs);
    const long double expected = st * sp / static_cast<long double>(total);
    const long double maximum = (st + sp) / 2.0L;
    return static_cast<double>((static_cast<long double>(c.index) - expected) / (maximum - expected));
}

ClassificationMetrics classification(const Confusion& confusion) {
    ClassificationMetrics c;
    c.confusion = confusion;
    double f1_sum = 0.0;
    double f1_weighted = 0.0;
    std::size_t f1_defined = 0;
    for (std::size_t k = 0; k < kPairClasses; ++k) {
        const ClassMetrics& m = c.by_class[k] = class_metrics(confusion, k);
        c.items += m.recall.total;
        c.accuracy.hits += m.recall.hits;
        if (!m.f1) continue;  // the class has neither items nor predictions
        f1_sum += *m.f1;
        f1_weighted += static_cast<double>(m.recall.total) * *m.f1;
        ++f1_defined;
    }
    c.evaluated = c.items > 0;
    c.accuracy.total = c.items;
    if (f1_defined > 0) c.macro_f1 = f1_sum / static_cast<double>(f1_defined);
    if (c.evaluated) c.weighted_f1 = f1_weighted / static_cast<double>(c.items);
    return c;
}

Report evaluate(std::span<const TruthPair> truth, const Results& results, const Options& options) {
    Report rep;
    rep.min_coverage = options.min_coverage;
    rep.results_format = results.format;
    rep.truth_lines = truth.size();
    rep.result_pairs = results.pairs.size();
    rep.result_members = results.members.size();

    IdTable ids;
    ids.reserve(2 * truth.size() + results.pairs.size() + results.members.size());
    std::vector<std::pair<std::uint32_t, std::uint32_t>> truth_ends;  // (copy, source) of each line
    std::vector<std::uint32_t> parent;
    std::vector<std::size_t> via;
    direct_parents(truth, ids, truth_ends, parent, via);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pair_ends(results.pairs.size());  // (a, b)
    for (std::size_t i = 0; i < results.pairs.size(); ++i) {
        pair_ends[i] = {ids.intern(results.pairs[i].a), ids.intern(results.pairs[i].b)};
    }
    std::vector<std::pair<std::uint32_t, std::uint32_t>> member_ends(results.members.size());  // (id, root)
    for (std::size_t i = 0; i < results.members.size(); ++i) {
        const PredictedMember& m = results.members[i];
        member_ends[i] = {ids.intern(m.id), ids.intern(m.root)};
        for (const std::string& p : m.parents) ids.intern(p);
    }
    for (const PredictedCluster& c : results.clusters) ids.intern(c.root);
    parent.resize(ids.size(), kNone);
    std::vector<std::uint32_t> root;
    if (const auto node = find_roots(parent, root)) {
        throw Error(
            Errc::bad_argument, "",
            fmt::format("the direct parents of the truth form a cycle through {}", show_field(ids.name(*node))));
    }

    // --- pairs ---
    PairMetrics& pm = rep.pairs;
    std::unordered_map<std::uint64_t, std::size_t> truth_by_pair;
    truth_by_pair.reserve(truth.size());
    std::vector<char> counted(truth.size(), 0);  // the first entry of its pair
    std::vector<char> excluded(truth.size(), 0);
    std::vector<char> untraceable(truth.size(), 0);
    std::vector<char> found(truth.size(), 0);
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const TruthPair& t = truth[i];
        if (!truth_by_pair.emplace(pair_key(truth_ends[i].first, truth_ends[i].second), i).second) continue;
        counted[i] = 1;
        if (!is_derived(t.relation)) {
            ++pm.same_story_pairs;
        } else if (t.coverage_of_source < options.min_coverage) {
            excluded[i] = 1;
            ++pm.excluded_truth;
        } else if (!t.traceable) {
            untraceable[i] = 1;
            ++pm.untraceable_truth;
        }
    }

    std::unordered_set<std::uint64_t> predicted_seen;
    predicted_seen.reserve(results.pairs.size());
    double error_source = 0.0;
    double error_copy = 0.0;
    for (std::size_t i = 0; i < results.pairs.size(); ++i) {
        const PredictedPair& p = results.pairs[i];
        if (!is_derived(p.relation)) continue;
        const auto [a, b] = pair_ends[i];
        if (a == b || !predicted_seen.insert(pair_key(a, b)).second) continue;
        RelationMetrics& by_predicted = pm.by_relation[derived_index(p.relation)];
        const auto it = truth_by_pair.find(pair_key(a, b));
        if (it != truth_by_pair.end() && is_derived(truth[it->second].relation)) {
            const TruthPair& t = truth[it->second];
            if (excluded[it->second]) {
                ++pm.ignored_predictions;
                continue;
            }
            if (untraceable[it->second]) {
                ++pm.untraceable_found;
                continue;
            }
            found[it->second] = 1;
            ++pm.true_positives;
            ++by_predicted.precision.hits;
            ++by_predicted.precision.total;
            ++pm.relation_agreement.total;
            if (p.relation == t.relation) ++pm.relation_agreement.hits;
            ++rep.direction.total;
            if (!p.source) {
                ++rep.direction_undecided;
            } else if (*p.source == t.source_id) {
                ++rep.direction.hits;
            }
            const bool source_is_a = p.a == t.source_id;
            error_source += std::abs((source_is_a ? p.coverage_a : p.coverage_b) - t.coverage_of_source);
            error_copy += std::abs((source_is_a ? p.coverage_b : p.coverage_a) - t.coverage_of_copy);
        } else {
            ++pm.false_positives;
            ++by_predicted.precision.total;
            if (it != truth_by_pair.end()) ++pm.same_story_as_derived;
            if (root[a] == root[b]) ++pm.false_positives_same_cluster;
        }
    }
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const TruthPair& t = truth[i];
        if (!counted[i] || excluded[i] || untraceable[i] || !is_derived(t.relation)) continue;
        const bool hit = found[i] != 0;
        if (!hit) ++pm.false_negatives;
        for (Rate* r : {&pm.by_relation[derived_index(t.relation)].recall,
                        &pm.by_coverage[coverage_band(t.coverage_of_source)], t.direct ? &pm.direct : &pm.transitive}) {
            ++r->total;
            if (hit) ++r->hits;
        }
    }
    pm.precision = ratio(pm.true_positives, pm.true_positives + pm.false_positives);
    pm.recall = ratio(pm.true_positives, pm.true_positives + pm.false_negatives);
    pm.f1 = f1_of(pm.true_positives, pm.false_positives, pm.false_negatives);
    PairCounts& all = pm.with_untraceable;
    all.true_positives = pm.true_positives + pm.untraceable_found;
    all.false_positives = pm.false_positives;
    all.false_negatives = pm.false_negatives + pm.untraceable_truth - pm.untraceable_found;
    all.precision = ratio(all.true_positives, all.true_positives + all.false_positives);
    all.recall = ratio(all.true_positives, all.true_positives + all.false_negatives);
    all.f1 = f1_of(all.true_positives, all.false_positives, all.false_negatives);
    rep.classification = classification(labelled_confusion(pm));
    if (pm.true_positives > 0) {
        rep.containment_error_source = error_source / static_cast<double>(pm.true_positives);
        rep.containment_error_copy = error_copy / static_cast<double>(pm.true_positives);
    }

    // --- clusters ---
    ClusterMetrics& cm = rep.clusters;
    if (results.format != ResultsFormat::jsonl) return rep;
    cm.evaluated = true;
    const std::size_t n = ids.size();
    cm.items = n;
    std::vector<std::uint64_t> truth_labels(root.begin(), root.end());
    std::vector<std::uint64_t> predicted_labels(n, std::numeric_limits<std::uint64_t>::max());
    std::vector<std::uint32_t> predicted_root(n, kNone);
    std::unordered_map<std::uint64_t, std::uint64_t> dense_cluster;
    for (std::size_t i = 0; i < results.members.size(); ++i) {
        const auto [id, member_root] = member_ends[i];
        if (predicted_root[id] != kNone) continue;  // the first member line of an article counts
        const auto [it, inserted] = dense_cluster.emplace(results.members[i].cluster, dense_cluster.size());
        predicted_labels[id] = it->second;
        predicted_root[id] = member_root;
    }
    cm.predicted_clusters = dense_cluster.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (predicted_root[i] == kNone) predicted_labels[i] = dense_cluster.size() + i;  // alone
    }
    cm.bcubed = bcubed(truth_labels, predicted_labels);
    cm.ari = adjusted_rand_index(truth_labels, predicted_labels);

    std::vector<std::uint32_t> by_root(n);
    for (std::size_t i = 0; i < n; ++i) by_root[i] = static_cast<std::uint32_t>(i);
    std::stable_sort(by_root.begin(), by_root.end(),
                     [&](std::uint32_t x, std::uint32_t y) { return root[x] < root[y]; });
    std::unordered_map<std::uint32_t, std::size_t> votes;
    for (std::size_t begin = 0; begin < n;) {
        std::size_t end = begin + 1;
        while (end < n && root[by_root[end]] == root[by_root[begin]]) ++end;
        if (end - begin >= 2) {
            ++cm.truth_clusters;
            ++cm.root.total;
            votes.clear();
            for (std::size_t k = begin; k < end; ++k) {
                if (predicted_root[by_root[k]] != kNone) ++votes[predicted_root[by_root[k]]];
            }
            std::size_t best = 0;
            std::size_t best_count = 0;
            std::uint32_t winner = kNone;
            for (const auto& [candidate, count] : votes) {
                if (count > best) {
                    best = count;
                    best_count = 1;
                    winner = candidate;
                } else if (count == best) {
                    ++best_count;
                }
            }
            if (best_count == 1 && winner == root[by_root[begin]]) ++cm.root.hits;
        }
        begin = end;
    }
    return rep;
}

// --- reports -----------------------------------------------------------------------------------

void write_json(std::ostream& out, const Report& rep, const Inputs& inputs) {
    std::string buf;
    report::JsonWriter w(buf);
    const PairMetrics& pm = rep.pairs;
    const ClusterMetrics& cm = rep.clusters;
    auto count = [&](std::string_view key, std::size_t n) {
        w.key(key);
        write_count(w, n);
    };
    auto number = [&](std::string_view key, const std::optional<double>& x) {
        w.key(key);
        write_optional(w, x);
    };
    auto rate = [&](const Rate& r, std::string_view hits, std::string_view total, std::string_view value) {
        count(total, r.total);
        count(hits, r.hits);
        number(value, r.value());
    };
    w.begin_object();
    w.key("schema").value(fmt::format("wiretrace.eval/{}", kEvalSchemaVersion));
    w.key("truth").value(inputs.truth);
    w.key("results").value(inputs.results);
    w.key("results_format").value(to_string(rep.results_format));
    w.key("min_coverage").value(rep.min_coverage);

    w.key("pairs").begin_object();
    number("precision", pm.precision);
    number("recall", pm.recall);
    number("f1", pm.f1);
    count("true_positives", pm.true_positives);
    count("false_positives", pm.false_positives);
    count("false_negatives", pm.false_negatives);
    count("truth_derived", pm.true_positives + pm.false_negatives);
    count("predicted_derived", pm.true_positives + pm.false_positives);
    count("excluded_truth", pm.excluded_truth);
    count("ignored_predictions", pm.ignored_predictions);
    count("untraceable_truth", pm.untraceable_truth);
    count("untraceable_found", pm.untraceable_found);
    w.key("with_untraceable").begin_object();
    number("precision", pm.with_untraceable.precision);
    number("recall", pm.with_untraceable.recall);
    number("f1", pm.with_untraceable.f1);
    count("true_positives", pm.with_untraceable.true_positives);
    count("false_positives", pm.with_untraceable.false_positives);
    count("false_negatives", pm.with_untraceable.false_negatives);
    w.end_object();
    count("false_positives_same_cluster", pm.false_positives_same_cluster);
    w.key("by_relation").begin_object();
    for (std::size_t i = 0; i < kDerivedRelations.size(); ++i) {
        w.key(to_string(kDerivedRelations[i])).begin_object();
        rate(pm.by_relation[i].recall, "found", "truth", "recall");
        rate(pm.by_relation[i].precision, "correct", "predicted", "precision");
        w.end_object();
    }
    w.end_object();
    w.key("by_coverage").begin_object();
    for (std::size_t band = 0; band < kCoverageBands; ++band) {
        w.key(coverage_band_name(band)).begin_object();
        rate(pm.by_coverage[band], "found", "truth", "recall");
        w.end_object();
    }
    w.end_object();
    w.key("by_link").begin_object();
    w.key("direct").begin_object();
    rate(pm.direct, "found", "truth", "recall");
    w.end_object();
    w.key("transitive").begin_object();
    rate(pm.transitive, "found", "truth", "recall");
    w.end_object();
    w.end_object();
    number("relation_agreement", pm.relation_agreement.value());
    w.end_object();

    count("same_story_pairs", pm.same_story_pairs);
    count("same_story_as_derived", pm.same_story_as_derived);

    number("direction_accuracy", rep.direction.value());
    w.key("direction").begin_object();
    count("correct", rep.direction.hits);
    count("undecided", rep.direction_undecided);
    count("true_positives", rep.direction.total);
    w.end_object();

    w.key("containment_error").begin_object();
    number("source", rep.containment_error_source);
    number("copy", rep.containment_error_copy);
    w.end_object();

    write_classification_json(w, rep.classification);

    w.key("clusters").begin_object();
    w.key("evaluated").value(cm.evaluated);
    count("items", cm.items);
    count("truth_clusters", cm.truth_clusters);
    count("predicted_clusters", cm.predicted_clusters);
    w.end_object();
    w.key("bcubed").begin_object();
    number("precision", cm.bcubed ? std::optional<double>(cm.bcubed->precision) : std::nullopt);
    number("recall", cm.bcubed ? std::optional<double>(cm.bcubed->recall) : std::nullopt);
    number("f1", cm.bcubed ? std::optional<double>(cm.bcubed->f1) : std::nullopt);
    w.end_object();
    number("ari", cm.ari);
    number("root_accuracy", cm.root.value());
    w.key("roots").begin_object();
    count("correct", cm.root.hits);
    count("truth_clusters", cm.root.total);
    w.end_object();
    w.end_object();
    buf.push_back('\n');
    out << buf;
}

void write_text(std::ostream& out, const Report& rep, const Inputs& inputs) {
    const PairMetrics& pm = rep.pairs;
    const ClusterMetrics& cm = rep.clusters;
    constexpr std::string_view kRow = "  {:<20}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}\n";
    out << fmt::format("truth:    {}: {}, {}\n", inputs.truth,
                       plural(pm.true_positives + pm.false_negatives + pm.excluded_truth + pm.untraceable_truth,
                              "derived pair"),
                       plural(pm.same_story_pairs, "same-story pair"));
    if (pm.excluded_truth > 0) {
        out << fmt::format("          {} with coverage_of_source below {:.4f} left out ({} of them ignored)\n",
                           plural(pm.excluded_truth, "derived pair"), rep.min_coverage,
                           plural(pm.ignored_predictions, "prediction"));
    }
    if (pm.untraceable_truth > 0) {
        out << fmt::format("          {} untraceable (the copy holds no trace of that source's own words or edits) "
                           "left out ({} of them found)\n",
                           plural(pm.untraceable_truth, "derived pair"), plural(pm.untraceable_found, "prediction"));
    }
    out << fmt::format("results:  {} ({}): {}, {}\n", inputs.results, to_string(rep.results_format),
                       plural(rep.result_pairs, "pair"), plural(rep.result_members, "member line"));

    out << fmt::format("\n{:<22}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}\n", "derived pairs", "precision", "recall", "F1",
                       "TP", "FP", "FN");
    out << fmt::format(kRow, "all", show(pm.precision), show(pm.recall), show(pm.f1), pm.true_positives,
                       pm.false_positives, pm.false_negatives);
    if (pm.untraceable_truth > 0) {
        const PairCounts& all = pm.with_untraceable;
        out << fmt::format(kRow, "with untraceable", show(all.precision), show(all.recall), show(all.f1),
                           all.true_positives, all.false_positives, all.false_negatives);
    }

    out << fmt::format("\n{:<22}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}\n", "by relation", "truth", "found", "recall",
                       "predicted", "correct", "precision");
    for (std::size_t i = 0; i < kDerivedRelations.size(); ++i) {
        const RelationMetrics& r = pm.by_relation[i];
        out << fmt::format(kRow, to_string(kDerivedRelations[i]), r.recall.total, r.recall.hits,
                           show(r.recall.value()), r.precision.total, r.precision.hits, show(r.precision.value()));
    }
    out << fmt::format("\n{:<22}{:>10}{:>10}{:>10}\n", "by coverage of source", "truth", "found", "recall");
    for (std::size_t band = 0; band < kCoverageBands; ++band) {
        const Rate& r = pm.by_coverage[band];
        out << fmt::format("  {:<20}{:>10}{:>10}{:>10}\n", coverage_band_name(band), r.total, r.hits, show(r.value()));
    }
    out << fmt::format("\n{:<22}{:>10}{:>10}{:>10}\n", "by link", "truth", "found", "recall");
    for (const auto& [label, r] : {std::pair<std::string_view, const Rate&>{"direct", pm.direct},
                                   std::pair<std::string_view, const Rate&>{"transitive", pm.transitive}}) {
        out << fmt::format("  {:<20}{:>10}{:>10}{:>10}\n", label, r.total, r.hits, show(r.value()));
    }

    out << "\n";
    out << fmt::format("{:<24}{} of {}\n", "same-story as derived", pm.same_story_as_derived,
                       plural(pm.same_story_pairs, "same-story pair"));
    out << fmt::format("{:<24}{}   ({} inside one truth cluster: siblings)\n", "false positives", pm.false_positives,
                       pm.false_positives_same_cluster);
    out << fmt::format("{:<24}{}   ({} of {})\n", "relation agreement", show(pm.relation_agreement.value()),
                       pm.relation_agreement.hits, plural(pm.relation_agreement.total, "true positive"));
    out << fmt::format("{:<24}{}   ({} of {}, {} undecided)\n", "direction accuracy", show(rep.direction.value()),
                       rep.direction.hits, plural(rep.direction.total, "true positive"), rep.direction_undecided);
    out << fmt::format("{:<24}source {}   copy {}   (mean absolute error over {})\n", "containment error",
                       show(rep.containment_error_source), show(rep.containment_error_copy),
                       plural(pm.true_positives, "true positive"));

    out << "\n";
    write_classification_text(out, rep.classification);

    out << "\n";
    if (!cm.evaluated) {
        out << "clusters: n/a (the results are a TSV pair list; cluster metrics need JSONL member lines)\n";
        return;
    }
    out << fmt::format("clusters: {} (every id in the truth or the results), {} of 2+ in the truth, {} "
                       "predicted\n",
                       plural(cm.items, "item"), plural(cm.truth_clusters, "cluster"), cm.predicted_clusters);
    if (cm.bcubed) {
        out << fmt::format("  {:<22}precision {:.4f}   recall {:.4f}   F1 {:.4f}\n", "B-cubed", cm.bcubed->precision,
                           cm.bcubed->recall, cm.bcubed->f1);
    } else {
        out << fmt::format("  {:<22}n/a\n", "B-cubed");
    }
    out << fmt::format("  {:<22}{}\n", "adjusted Rand index", show(cm.ari));
    out << fmt::format("  {:<22}{}   ({} of {} of 2+)\n", "root accuracy", show(cm.root.value()), cm.root.hits,
                       plural(cm.root.total, "truth cluster"));
}

}  // namespace wiretrace::eval
