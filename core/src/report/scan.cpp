// SPDX-License-Identifier: Apache-2.0
// Scan output: text clusters, JSONL and TSV.
#include "wiretrace/report/scan.hpp"

#include <fmt/format.h>
#include <unordered_map>

#include "report/scan_common.hpp"
#include "wiretrace/report/pair.hpp"
#include "wiretrace/report/scan_schema.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::report {
namespace {

using scan::Result;
using detail::copy_view;
using detail::parent_pair;
using detail::time_of;
using text::escape_controls;

double total_seconds(const scan::Stats& s) {
    double total = 0;
    for (const auto& st : s.stages) total += st.seconds;
    return total;
}

/// The relation of a copy to its first parent as the text report words it: what it took and what
/// it changed when the direction is decided; "source unknown" and what the two share when it is
/// not (the copy is only placed under that parent).
std::string copy_text(const Result& r, std::uint32_t m) {
    const scan::Pair* p = parent_pair(r, m);
    if (p == nullptr) return "derived";
    const auto [took, from] = copy_view(*p, m);
    const std::string parent = escape_controls(r.articles[r.forest.parents[m].front()].id);
    if (!p->decided()) {
        return fmt::format("{}  source unknown: shares {:.0f}% of {}, {:.0f}% of itself · {}",
                           relation_label(p->relation, p->grade), 100 * took, parent, 100 * from, scan::edit_summary(*p));
    }
    if (p->relation == Relation::version) {
        return fmt::format("{}  newer version of {}: keeps {:.0f}% of it, {:.0f}% of it from there · {}",
                           relation_label(p->relation, p->grade), parent, 100 * took, 100 * from, scan::edit_summary(*p));
    }
    return fmt::format("{}  took {:.0f}% of {}, {:.0f}% of it from there · {}", relation_label(p->relation, p->grade),
                       100 * took, parent, 100 * from, scan::edit_summary(*p));
}

/// A further source of a roundup or digest (one of its items): what the copy took from it and
/// the share of the copy that came from there, that item's own share.
std::string roundup_source_text(const Result& r, std::uint32_t copy, std::uint32_t source, const std::string& below) {
    const std::string id = escape_controls(r.articles[source].id);
    const scan::Pair* p = detail::reported_pair(r, copy, source);
    if (p == nullptr) return fmt::format("{}  also from {} (roundup)\n", below, id);
    const auto [took, from] = copy_view(*p, copy);
    return fmt::format("{}  also from {} (roundup): took {:.0f}% of it, {:.0f}% of it from there\n", below, id,
                       100 * took, 100 * from);
}

/// One member's lines: `branch` ("├ ", "└ ", or "" for the root) after `prefix` (the rails of its
/// ancestors), and its further sources on lines under it after `below` (its own rail).
void write_member_text(std::ostream& out, const Result& r, std::uint32_t m, const std::string& prefix,
                       std::string_view branch, const std::string& below) {
    const scan::Article& a = r.articles[m];
    const auto& parents = r.forest.parents[m];
    const std::string outlet = a.outlet.empty() ? "-" : escape_controls(a.outlet);
    if (parents.empty()) {
        out << fmt::format("{}{}  {}  {}  original{}\n", prefix, escape_controls(a.id), outlet, time_of(a),
                           a.title.empty() ? "" : fmt::format("  \"{}\"", escape_controls(a.title)));
        return;
    }
    out << fmt::format("{}{}{}  {}  {}  {}\n", prefix, branch, escape_controls(a.id), outlet, time_of(a), copy_text(r, m));
    const auto share = detail::union_share(r, m, parents.front());
    if (share) {
        out << fmt::format("{}  union of {} sources: {:.0f}% of its rare word pairs from there\n", below, parents.size(),
                           100 * *share);
    }
    for (std::size_t i = 1; i < parents.size(); ++i) {
        const auto more = detail::union_share(r, m, parents[i]);
        out << (more ? fmt::format("{}  also from {} (union: {:.0f}% of its rare word pairs)\n", below,
                                   escape_controls(r.articles[parents[i]].id), 100 * *more)
                     : roundup_source_text(r, m, parents[i], below));
    }
}

/// A cluster as a tree: every copy under its source, "├ " before a copy with a later sibling,
/// "└ " before the last, and a rail "│ " down the left of a subtree that has siblings below it.
void write_cluster_tree(std::ostream& out, const Result& r, const provenance::Cluster& cl) {
    const std::vector<detail::TreeNode> order = detail::tree_order(r, cl);
    std::vector<bool> more_below;  // per depth on the current path: a later sibling follows
    for (std::size_t i = 0; i < order.size(); ++i) {
        const std::size_t depth = order[i].depth;
        bool last = true;  // no later sibling: the next node at this depth or above is above it
        for (std::size_t j = i + 1; j < order.size() && order[j].depth >= depth; ++j) {
            if (order[j].depth == depth) {
                last = false;
                break;
            }
        }
        more_below.resize(depth + 1);
        more_below[depth] = !last;
        std::string prefix;
        for (std::size_t d = 1; d < depth; ++d) prefix += more_below[d] ? "│ " : "  ";
        const std::string below = depth == 0 ? std::string() : prefix + (last ? "  " : "│ ");
        write_member_text(out, r, order[i].article, prefix, depth == 0 ? "" : (last ? "└ " : "├ "), below);
    }
}

}  // namespace

namespace detail {

const scan::Pair* reported_pair(const Result& r, std::uint32_t copy, std::uint32_t source) {
    const std::uint32_t a = std::min(copy, source);
    const std::uint32_t b = std::max(copy, source);
    const auto it = std::lower_bound(r.pairs.begin(), r.pairs.end(), std::make_pair(a, b),
                                     [](const scan::Pair& p, const std::pair<std::uint32_t, std::uint32_t>& key) {
                                         return std::make_pair(p.a, p.b) < key;
                                     });
    if (it == r.pairs.end() || it->a != a || it->b != b || it->source != source) return nullptr;
    return &*it;
}

std::optional<double> union_share(const Result& r, std::uint32_t copy, std::uint32_t source) {
    const scan::Pair* p = reported_pair(r, copy, source);
    return p == nullptr ? std::nullopt : p->union_share;
}

std::string time_of(const scan::Article& a) { return a.published ? format_iso8601(*a.published) : "-"; }

const scan::Pair* parent_pair(const Result& r, std::uint32_t article) {
    const std::int64_t i = r.parent_pair[article];
    return i < 0 ? nullptr : &r.pairs[static_cast<std::size_t>(i)];
}

std::pair<double, double> copy_view(const scan::Pair& p, std::uint32_t copy) {
    return copy == p.a ? std::pair{p.coverage_b, p.coverage_a} : std::pair{p.coverage_a, p.coverage_b};
}

std::vector<TreeNode> tree_order(const Result& r, const provenance::Cluster& cluster) {
    std::vector<TreeNode> order;
    order.reserve(cluster.members.size());
    std::vector<TreeNode> stack{{cluster.root, 0}};
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> kids;
    for (const std::uint32_t m : cluster.members) {
        if (!r.forest.parents[m].empty()) kids[r.forest.parents[m].front()].push_back(m);
    }
    while (!stack.empty()) {
        const TreeNode node = stack.back();
        stack.pop_back();
        order.push_back(node);
        const auto it = kids.find(node.article);
        if (it == kids.end()) continue;
        for (auto c = it->second.rbegin(); c != it->second.rend(); ++c) stack.push_back({*c, node.depth + 1});
    }
    return order;
}

}  // namespace detail

namespace {
/// "; furniture: ..." when the scan found outlet furniture or blanked any text; "" otherwise.
std::string furniture_summary(const candidates::FurnitureStats& f) {
    const std::uint64_t words = f.furniture_words + f.code_words + f.embed_words + f.caption_words;
    if (f.furniture_fingerprints == 0 && words == 0 && f.edge_pairs == 0) return {};
    std::string out = fmt::format("; furniture: {} fingerprint{} of {} outlet{} ({} occurrences left out of the join), "
                                  "{} word{} blanked in {} article{} ({} furniture, {} code, {} embedded posts, {} captions)",
                                  f.furniture_fingerprints, f.furniture_fingerprints == 1 ? "" : "s", f.furniture_outlets,
                                  f.furniture_outlets == 1 ? "" : "s", f.furniture_keys, words, words == 1 ? "" : "s",
                                  f.masked_articles, f.masked_articles == 1 ? "" : "s", f.furniture_words, f.code_words,
                                  f.embed_words, f.caption_words);
    if (f.edge_pairs > 0) {
        out += fmt::format(", {} pair{} of a small outlet scored without the footer both end with", f.edge_pairs,
                           f.edge_pairs == 1 ? "" : "s");
    }
    return out;
}
}  // namespace

std::string scan_summary(const Result& r) {
    const scan::Stats& s = r.stats;
    const auto count = [](std::uint64_t n, std::string_view what) {
        return fmt::format("{} {}{}", n, what, n == 1 ? "" : "s");
    };
    const candidates::Stats& c = s.candidates;
    return fmt::format("{} read ({} skipped, {:.2f} MB of text), {} (fingerprints {}, bands {}, rare words {} of "
                       "which {} new), {} verified, {} reported, {} of {}, {} skipped, {:.1f} s",
                       count(r.articles.size(), "article"), s.read.skipped, static_cast<double>(s.text_bytes) / 1e6,
                       count(c.pairs, "candidate pair"), c.from_fingerprints, c.from_bands, c.from_tfidf, c.only_tfidf,
                       s.verified, count(s.pairs, "derived pair"),
                       count(s.clusters, "cluster"), count(s.clustered_articles, "article"),
                       count(s.candidates.boilerplate_fingerprints, "boilerplate fingerprint") +
                           (s.furniture.corpus_cap == 0
                                ? std::string()
                                : fmt::format(" (in more than {} articles)", s.furniture.corpus_cap)),
                       total_seconds(s)) +
           (s.union_copies == 0 ? std::string()
                                : fmt::format(" ({} {} derived from a union of sources, {} of their pairs)", s.union_copies,
                                              s.union_copies == 1 ? "copy" : "copies", s.union_sources)) +
           furniture_summary(s.furniture);
}

void write_scan_text(std::ostream& out, const Result& r) {
    for (std::size_t k = 0; k < r.forest.clusters.size(); ++k) {
        const auto& cl = r.forest.clusters[k];
        out << fmt::format("cluster {}: {} articles\n", k + 1, cl.members.size());
        write_cluster_tree(out, r, cl);
        out << "\n";
    }
    bool header = false;
    for (const scan::Pair& p : r.pairs) {
        if (p.relation != Relation::same_story) continue;
        if (!header) out << "same-story pairs (independent reports of one event):\n";
        header = true;
        out << fmt::format("  {}  {}  cosine {:.2f}, aligned {:.0f}% / {:.0f}%\n", escape_controls(r.articles[p.a].id),
                           escape_controls(r.articles[p.b].id), p.cosine, 100 * p.coverage_a, 100 * p.coverage_b);
    }
    out << fmt::format("{}\n", scan_summary(r));
}

void write_scan_jsonl(std::ostream& out, const Result& r) {
    using namespace scan_jsonl;
    std::string buf;
    const auto id = [&](std::uint32_t n) -> const std::string& { return r.articles[n].id; };
    const auto flush_line = [&] {
        buf.push_back('\n');
        out << buf;
        buf.clear();
    };
    for (std::size_t k = 0; k < r.forest.clusters.size(); ++k) {
        const auto& cl = r.forest.clusters[k];
        JsonWriter(buf).begin_object().key(kType).value(kCluster.type)
            .key(kCluster.cluster).value(static_cast<std::uint64_t>(k + 1)).key(kCluster.root).value(id(cl.root))
            .key(kCluster.size).value(static_cast<std::uint64_t>(cl.members.size()))
            .key(kCluster.title).value(r.articles[cl.root].title).end_object();
        flush_line();
        for (const std::uint32_t m : cl.members) {
            const scan::Article& a = r.articles[m];
            JsonWriter w(buf);
            w.begin_object().key(kType).value(kMember.type).key(kMember.cluster).value(static_cast<std::uint64_t>(k + 1));
            w.key(kMember.id).value(a.id).key(kMember.root).value(id(cl.root)).key(kMember.parents).begin_array();
            for (const std::uint32_t p : r.forest.parents[m]) w.value(id(p));
            w.end_array();
            const scan::Pair* p = parent_pair(r, m);
            if (p != nullptr) {
                const auto [took, from] = copy_view(*p, m);
                w.key(kMember.relation).value(to_string(p->relation)).key(kMember.grade);
                p->grade == Grade::none ? w.null() : w.value(to_string(p->grade));
                w.key(kMember.coverage_of_source).value(took).key(kMember.coverage_of_copy).value(from);
                w.key(kMember.edits).value(scan::edit_summary(*p));
                w.key(kMember.direction).value(p->decided() ? "decided" : "undecided").key(kMember.decided_by);
                p->decided() ? w.value(p->decided_by) : w.null();
                const auto& parents = r.forest.parents[m];
                if (std::any_of(parents.begin(), parents.end(),
                                [&](std::uint32_t up) { return detail::union_share(r, m, up).has_value(); })) {
                    w.key(kMember.sources).begin_array();
                    for (const std::uint32_t up : parents) {
                        w.begin_object().key(kMember.source_id).value(id(up)).key(kMember.source_share);
                        const auto share = detail::union_share(r, m, up);
                        share ? w.value(*share) : w.null();
                        w.end_object();
                    }
                    w.end_array();
                }
            } else {
                w.key(kMember.relation).null();
                w.key(kMember.direction);
                r.forest.parents[m].empty() ? w.null() : w.value("undecided");
                w.key(kMember.decided_by).null();
            }
            w.key(kMember.outlet).value(a.outlet).key(kMember.title).value(a.title);
            w.key(kMember.published);
            if (a.published) {
                w.value(format_iso8601(*a.published));
            } else {
                w.null();
            }
            w.end_object();
            flush_line();
        }
    }
    for (const scan::Pair& p : r.pairs) {
        JsonWriter w(buf);
        w.begin_object().key(kType).value(kPair.type).key(kPair.a).value(id(p.a)).key(kPair.b).value(id(p.b));
        w.key(kPair.relation).value(to_string(p.relation)).key(kPair.grade);
        p.grade == Grade::none ? w.null() : w.value(to_string(p.grade));
        w.key(kPair.background_z);
        p.background_z ? w.value(*p.background_z) : w.null();
        if (p.union_share) w.key(kPair.union_share).value(*p.union_share);
        w.key(kPair.source);
        if (p.source && p.decided()) {
            w.value(id(*p.source));
        } else {
            w.null();
        }
        w.key(kPair.coverage_a).value(p.coverage_a).key(kPair.coverage_b).value(p.coverage_b);
        w.key(kPair.jaccard).value(p.jaccard).key(kPair.cosine).value(p.cosine).key(kPair.decided_by);
        if (p.decided_by.empty()) {
            w.null();  // undecided, or oriented by the provenance forest
        } else {
            w.value(p.decided_by);
        }
        w.key(kPair.edits).begin_object();
        for (std::size_t k = 0; k < kEditKinds; ++k) {
            w.key(to_string(static_cast<EditKind>(k))).value(p.edits[k]);
        }
        w.end_object();
        w.key(kPair.paraphrases).begin_array();
        for (const align::Paraphrase& pp : p.paraphrases) {
            w.begin_object().key(kPair.a).begin_array().value(pp.a.begin).value(pp.a.end).end_array();
            w.key(kPair.b).begin_array().value(pp.b.begin).value(pp.b.end).end_array();
            w.key(kPair.paraphrase_score).value(pp.score).key(kPair.paraphrase_shared).value(pp.shared).end_object();
        }
        w.end_array().end_object();
        flush_line();
    }
    const scan::Stats& s = r.stats;
    const SummaryLine& f = kSummary;
    JsonWriter w(buf);
    w.begin_object().key(kType).value(f.type).key(f.schema).value(schema_id());
    w.key(f.articles).value(static_cast<std::uint64_t>(r.articles.size())).key(f.skipped).value(s.read.skipped);
    w.key(f.skipped_by_reason).begin_object();
    for (std::size_t k = 0; k < io::kSkipReasonCount; ++k) {
        w.key(io::skip_reason_name(static_cast<io::SkipReason>(k))).value(s.read.skipped_by_reason[k]);
    }
    w.end_object();
    w.key(f.duplicate_ids).value(s.duplicate_ids).key(f.unparsed_times).value(s.read.unparsed_times);
    w.key(f.text_bytes).value(s.text_bytes);
    w.key(f.candidates).value(s.candidates.pairs).key(f.verified).value(s.verified);
    w.key(f.candidate_sources).begin_object().key(f.fingerprint_pairs).value(s.candidates.fingerprint_pairs)
        .key(f.band_pairs).value(s.candidates.band_pairs).key(f.fingerprint_keys).value(s.candidates.fingerprint_keys)
        .key(f.outside_window).value(s.candidates.outside_window)
        .key(f.from_fingerprints).value(s.candidates.from_fingerprints).key(f.from_bands).value(s.candidates.from_bands)
        .key(f.from_tfidf).value(s.candidates.from_tfidf).key(f.only_tfidf).value(s.candidates.only_tfidf).end_object();
    w.key(f.pairs).value(s.pairs).key(f.clusters).value(s.clusters).key(f.clustered_articles).value(s.clustered_articles);
    w.key(f.union_copies).value(s.union_copies).key(f.union_sources).value(s.union_sources);
    w.key(f.boilerplate_fingerprints).value(s.candidates.boilerplate_fingerprints);
    const candidates::FurnitureStats& fu = s.furniture;
    w.key(f.furniture).begin_object().key(f.corpus_cap).value(std::uint64_t{fu.corpus_cap})
        .key(f.outlets).value(fu.outlets).key(f.furniture_outlets).value(fu.furniture_outlets)
        .key(f.furniture_fingerprints).value(fu.furniture_fingerprints).key(f.furniture_keys).value(fu.furniture_keys)
        .key(f.masked_articles).value(fu.masked_articles).key(f.furniture_words).value(fu.furniture_words)
        .key(f.code_words).value(fu.code_words).key(f.embed_words).value(fu.embed_words)
        .key(f.caption_words).value(fu.caption_words).key(f.edge_pairs).value(fu.edge_pairs).end_object();
    w.key(f.background);
    if (s.background.valid()) {
        w.begin_object().key(f.background_samples).value(s.background.samples())
            .key(f.background_mean).value(s.background.mean_containment())
            .key(f.background_spread).value(s.background.sd()).end_object();
    } else {
        w.null();
    }
    w.key(f.seconds).value(total_seconds(s)).key(f.stages).begin_object();
    for (const auto& st : s.stages) w.key(scan::to_string(st.stage)).value(st.seconds);
    w.end_object().key(f.stage_cpu_seconds).begin_object();
    for (const auto& st : s.stages) w.key(scan::to_string(st.stage)).value(st.cpu_seconds);
    w.end_object().key(f.stage_peak_rss_bytes).begin_object();
    std::uint64_t peak = 0;
    for (const auto& st : s.stages) {
        w.key(scan::to_string(st.stage)).value(st.peak_rss_bytes);
        peak = std::max(peak, st.peak_rss_bytes);
    }
    w.end_object().key(f.peak_rss_bytes).value(peak).end_object();
    flush_line();
}

void write_scan_tsv(std::ostream& out, const Result& r, TsvCells cells) {
    out << kPairTsvHeader;
    for (const scan::Pair& p : r.pairs) {
        write_pair_tsv_row(out, r.articles[p.a].id, r.articles[p.b].id, p.relation,
                           p.source && p.decided() ? std::string_view(r.articles[*p.source].id) : kPairTsvUndecided, p.coverage_a,
                           p.coverage_b, p.grade, cells);
    }
}

void write_scan_csv(std::ostream& out, const Result& r) {
    out << kScanCsvHeader;
    for (std::size_t k = 0; k < r.forest.clusters.size(); ++k) {
        const auto& cl = r.forest.clusters[k];
        for (const detail::TreeNode& node : detail::tree_order(r, cl)) {
            const std::uint32_t m = node.article;
            const scan::Article& a = r.articles[m];
            const auto& parents = r.forest.parents[m];
            std::string relation, grade, direction, decided_by, took, from;
            if (!parents.empty()) {
                direction = "undecided";
                if (const scan::Pair* p = parent_pair(r, m)) {
                    const auto [t, f] = copy_view(*p, m);
                    relation = to_string(p->relation);
                    if (p->grade != Grade::none) grade = to_string(p->grade);
                    if (p->decided()) direction = "decided";
                    decided_by = p->decided_by;
                    took = fmt::format("{:.4f}", t);
                    from = fmt::format("{:.4f}", f);
                }
            }
            out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", k + 1, csv_field(a.id), csv_field(r.articles[cl.root].id),
                               parents.empty() ? std::string() : csv_field(r.articles[parents.front()].id), relation, grade,
                               direction, decided_by, took, from, csv_field(a.outlet), csv_field(a.title),
                               a.published ? format_iso8601(*a.published) : std::string());
        }
    }
}

void write_scan_candidates_tsv(std::ostream& out, const Result& r) {
    out << "#id_a\tid_b\tfingerprint\tband\ttfidf\tshared_fingerprints\n";
    for (const candidates::Pair& p : r.candidates) {
        out << fmt::format("{}\t{}\t{:d}\t{:d}\t{:d}\t{}\n", tsv_field(r.articles[p.a].id), tsv_field(r.articles[p.b].id), p.fingerprint ? 1 : 0,
                           p.band ? 1 : 0, p.tfidf ? 1 : 0, p.shared);
    }
}

}  // namespace wiretrace::report
