// SPDX-License-Identifier: Apache-2.0
// `index stats` output: text and JSON.
#include "wiretrace/report/index_stats.hpp"

#include <cstdint>
#include <fmt/format.h>
#include <optional>
#include <string>

#include "wiretrace/document.hpp"
#include "wiretrace/report/json.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::report {
namespace {

/// 532 B, 24.0 kB, 8.7 MB, 6.2 GB (powers of 1000).
std::string human_bytes(std::uint64_t bytes) {
    if (bytes < 1000) return fmt::format("{} B", bytes);
    double v = static_cast<double>(bytes);
    const char* unit = "kB";
    for (const char* next : {"kB", "MB", "GB", "TB"}) {
        unit = next;
        v /= 1000.0;
        if (v < 1000.0) break;
    }
    return fmt::format("{:.1f} {}", v, unit);
}

std::string time_or_dash(const std::optional<std::int64_t>& t) { return t ? format_iso8601(*t) : "-"; }

}  // namespace

void write_index_stats_text(std::ostream& out, const index::Summary& s) {
    out << fmt::format("index       {}\n", text::escape_controls(s.path));
    out << fmt::format("documents   {}\n", s.documents);
    out << fmt::format("outlets     {}\n", s.outlets);
    out << fmt::format("published   {} .. {} ({} undated)\n", time_or_dash(s.first_published),
                       time_or_dash(s.last_published), s.undated);
    out << fmt::format("text        {}\n", human_bytes(s.text_bytes));
    out << fmt::format("sketches    {} fingerprints, {} band keys in {} {} of postings{}\n", s.fingerprints, s.band_keys,
                       s.runs, s.runs == 1 ? "run" : "runs", s.runs > 2 ? " (`index optimize` merges them)" : "");
    out << fmt::format("on disk     {}\n", human_bytes(s.file_bytes));
    out << fmt::format("parameters  {} (format version {})\n", s.parameters.describe(), index::kFormatVersion);
    if (s.background.valid()) {
        out << fmt::format("background  {} random pairs share {:.1f}% of their word pairs (spread {:.1f} points)\n",
                           s.background.samples(), 100 * s.background.mean_containment(), 100 * s.background.sd());
    } else {
        out << fmt::format("background  none (measured by `index add` from {} stories)\n", score::kMinBackgroundArticles);
    }
}

void write_index_stats_json(std::ostream& out, const index::Summary& s) {
    const index::Parameters& p = s.parameters;
    std::string buf;
    JsonWriter w(buf);
    w.begin_object();
    w.key("schema").value(fmt::format("wiretrace.index-stats/{}", kIndexStatsSchemaVersion));
    w.key("path").value(s.path);
    w.key("documents").value(s.documents);
    w.key("outlets").value(s.outlets);
    w.key("undated").value(s.undated);
    w.key("first_published");
    s.first_published ? w.value(format_iso8601(*s.first_published)) : w.null();
    w.key("last_published");
    s.last_published ? w.value(format_iso8601(*s.last_published)) : w.null();
    w.key("text_bytes").value(s.text_bytes);
    w.key("fingerprints").value(s.fingerprints);
    w.key("band_keys").value(s.band_keys);
    w.key("runs").value(s.runs);
    w.key("file_bytes").value(s.file_bytes);
    w.key("parameters").begin_object();
    w.key("format_version").value(std::int64_t{index::kFormatVersion});
    w.key("shingle_tokens").value(p.shingle_tokens);
    w.key("winnow_window").value(p.winnow_window);
    w.key("minhash_size").value(p.minhash_size);
    w.key("lsh_bands").value(p.lsh_bands);
    w.key("seed").value(p.seed);
    w.key("normalization_version").value(std::int64_t{p.normalization_version});
    w.end_object();
    w.key("background");
    if (s.background.valid()) {
        w.begin_object().key("samples").value(s.background.samples())
            .key("mean_containment").value(s.background.mean_containment())
            .key("spread").value(s.background.sd()).end_object();
    } else {
        w.null();
    }
    w.end_object();
    out << buf << "\n";
}

}  // namespace wiretrace::report
