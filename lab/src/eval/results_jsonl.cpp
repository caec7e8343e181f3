// SPDX-License-Identifier: Apache-2.0
// Results in the scan JSONL: its pair, member and cluster lines, and the summary's schema.
#include "eval/results_jsonl.hpp"

#include <cmath>
#include <cstdint>
#include <fmt/format.h>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "eval/fields.hpp"
#include "eval/ids.hpp"
#include "wiretrace/io/json_line.hpp"
#include "wiretrace/io/lines.hpp"
#include "wiretrace/report/scan_schema.hpp"

namespace wiretrace::eval::detail {
namespace {

namespace ondemand = simdjson::ondemand;
namespace jsonl = report::scan_jsonl;
using Value = ondemand::value;

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

    std::optional<std::string> optional_id_of(Value& value, std::string_view key) const {
        if (null_of(value)) return std::nullopt;
        return id_of(value, key);
    }

    std::optional<Relation> optional_relation_of(Value& value, std::string_view key) const {
        if (null_of(value)) return std::nullopt;
        return relation_of(value, key);
    }

    /// A field a line must have, and how to read its value.
    struct Field {
        std::string_view key;
        std::function<void(Value&)> read;
    };

    /// Reads the fields of a `type` line: each of `fields` by its reader (the last of a repeated
    /// key wins), other keys skipped but well-formed. A line without one of `fields` is an error
    /// naming the first one missing.
    void read_fields(ondemand::object& obj, std::string_view type, std::initializer_list<Field> fields) {
        std::uint32_t seen = 0;  // bit i: fields[i]
        each_field(obj, [&](const std::string& key, Value& value) {
            for (std::size_t i = 0; i < fields.size(); ++i) {
                const Field& field = std::data(fields)[i];
                if (key != field.key) continue;
                field.read(value);
                seen |= 1U << i;
                return;
            }
        });
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if ((seen & (1U << i)) == 0) bad(fmt::format("a \"{}\" line without \"{}\"", type, std::data(fields)[i].key));
        }
    }

    void read_pair(ondemand::object& obj) {
        const jsonl::PairLine& f = jsonl::kPair;
        PredictedPair p;
        p.line = line_;
        read_fields(obj, f.type,
                    {{f.a, [&](Value& v) { p.a = id_of(v, f.a); }},
                     {f.b, [&](Value& v) { p.b = id_of(v, f.b); }},
                     {f.relation, [&](Value& v) { p.relation = relation_of(v, f.relation); }},
                     {f.source, [&](Value& v) { p.source = optional_id_of(v, f.source); }},
                     {f.coverage_a, [&](Value& v) { p.coverage_a = fraction_of(v, f.coverage_a); }},
                     {f.coverage_b, [&](Value& v) { p.coverage_b = fraction_of(v, f.coverage_b); }}});
        check_pair(p, name_, line_);
        pairs_.add(p.a, p.b, name_, line_);
        out_.pairs.push_back(std::move(p));
    }

    void read_member(ondemand::object& obj) {
        const jsonl::MemberLine& f = jsonl::kMember;
        PredictedMember m;
        m.line = line_;
        read_fields(obj, f.type,
                    {{f.cluster, [&](Value& v) { m.cluster = count_of(v, f.cluster); }},
                     {f.id, [&](Value& v) { m.id = id_of(v, f.id); }},
                     {f.root, [&](Value& v) { m.root = id_of(v, f.root); }},
                     {f.parents, [&](Value& v) { m.parents = ids_of(v, f.parents); }},
                     {f.relation, [&](Value& v) { m.relation = optional_relation_of(v, f.relation); }}});
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
        read_fields(obj, f.type,
                    {{f.cluster, [&](Value& v) { c.cluster = count_of(v, f.cluster); }},
                     {f.root, [&](Value& v) { c.root = id_of(v, f.root); }},
                     {f.size, [&](Value& v) { c.size = count_of(v, f.size); }}});
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

}  // namespace

Results parse_results_jsonl(std::string_view bytes, std::string_view name) {
    Results out;
    out.format = ResultsFormat::jsonl;
    JsonlReader reader(name, out);
    reader.check_schema_first(bytes);
    io::for_each_line(bytes, [&](std::size_t line, std::string_view text) {
        if (!is_blank(text)) reader.line(line, text);
    });
    return out;
}

}  // namespace wiretrace::eval::detail
