// SPDX-License-Identifier: Apache-2.0
// The HTML scan report: index pages of clusters, one page per cluster, one pair view per derived
// pair, written through a sink so the caller decides where files go.
#include <algorithm>
#include <fmt/format.h>
#include <mutex>
#include <sstream>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "report/html_page.hpp"
#include "report/scan_common.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/report/html_pair.hpp"
#include "wiretrace/report/html_scan.hpp"
#include "wiretrace/report/scan.hpp"
#include "wiretrace/score/score.hpp"
#include "wiretrace/text/tokenize.hpp"

namespace wiretrace::report {
namespace {

using scan::Result;

/// A pair view to render: pair `pair` of the result, page `number` of cluster `cluster`.
struct PairJob {
    std::size_t pair = 0;
    std::size_t cluster = 0;  ///< 1-based
    std::size_t number = 0;   ///< 1-based within the cluster
};

std::string index_file(std::size_t page) { return page == 1 ? "index.html" : fmt::format("index-{}.html", page); }
std::string cluster_file(std::size_t k) { return fmt::format("clusters/{}.html", k); }
std::string pair_file(std::size_t k, std::size_t j) { return fmt::format("pairs/{}/{}.html", k, j); }
constexpr std::string_view kPagesFile = "pages.html";

std::uint32_t source_of(const scan::Pair& p) { return *p.source; }
std::uint32_t copy_of(const scan::Pair& p) { return *p.source == p.a ? p.b : p.a; }

/// Per article: the derived pairs in which it is the copy, its first parent's first, then its
/// other parents' in the order of its parents, then its further ancestors'.
std::vector<std::vector<std::size_t>> pairs_by_copy(const Result& r) {
    std::vector<std::vector<std::size_t>> by_copy(r.articles.size());
    for (std::size_t i = 0; i < r.pairs.size(); ++i) {
        const scan::Pair& p = r.pairs[i];
        if (p.source && is_derived(p.relation)) by_copy[copy_of(p)].push_back(i);
    }
    for (std::uint32_t m = 0; m < by_copy.size(); ++m) {
        const auto& parents = r.forest.parents[m];
        const auto rank = [&](std::size_t i) {
            const auto it = std::find(parents.begin(), parents.end(), source_of(r.pairs[i]));
            return static_cast<std::size_t>(it - parents.begin());
        };
        std::stable_sort(by_copy[m].begin(), by_copy[m].end(), [&](std::size_t x, std::size_t y) { return rank(x) < rank(y); });
    }
    return by_copy;
}

/// The share of its source each copy of a cluster took, averaged (0 when it has no copies).
double mean_coverage(const Result& r, const provenance::Cluster& cl) {
    double sum = 0;
    std::size_t n = 0;
    for (const std::uint32_t m : cl.members) {
        if (const scan::Pair* p = detail::parent_pair(r, m)) {
            sum += detail::copy_view(*p, m).first;
            ++n;
        }
    }
    return n == 0 ? 0.0 : sum / static_cast<double>(n);
}

/// The copies of a cluster whose direction is undecided: placed under a parent, source unknown.
std::size_t unknown_sources(const Result& r, const provenance::Cluster& cl) {
    return static_cast<std::size_t>(std::count_if(cl.members.begin(), cl.members.end(), [&](std::uint32_t m) {
        const scan::Pair* p = detail::parent_pair(r, m);
        return !r.forest.parents[m].empty() && (p == nullptr || !p->decided());
    }));
}

std::string_view outlet_or_dash(const scan::Article& a) { return a.outlet.empty() ? std::string_view("-") : a.outlet; }

void append_cell(std::string& out, std::string_view text, std::string_view cls = {}) {
    out += cls.empty() ? "<td>" : fmt::format("<td class=\"{}\">", cls);
    append_html_escaped(out, text);
    out += "</td>";
}

/// Index pages linked from each index page around `page`: the first, the last and the ones within
/// kPageWindow of it. The complete list is one separate page (pages.html), so that every index page
/// stays small whatever the number of pages (with one cluster a page, a list of every page on
/// every page grew with the square of the clusters).
constexpr std::size_t kPageWindow = 5;

void append_page_links(std::string& out, std::size_t page, std::size_t pages) {
    if (pages <= 1) return;
    std::vector<std::size_t> linked{1};
    for (std::size_t n = std::max<std::size_t>(2, page > kPageWindow ? page - kPageWindow : 1);
         n <= std::min(pages, page + kPageWindow); ++n) {
        linked.push_back(n);
    }
    if (linked.back() != pages) linked.push_back(pages);
    out += fmt::format("<p class=\"pages\">page {} of {}: ", page, pages);
    for (std::size_t i = 0; i < linked.size(); ++i) {
        const std::size_t n = linked[i];
        if (i > 0 && n > linked[i - 1] + 1) out += "… ";
        if (n == page) {
            out += fmt::format("<b>{}</b>", n);
        } else {
            detail::append_link(out, index_file(n), fmt::format("{}", n));
        }
        out += ' ';
    }
    detail::append_link(out, kPagesFile, fmt::format("all {} pages", pages));
    out += "</p>\n";
}

/// pages.html: every index page with the clusters it lists.
std::string pages_page(std::size_t pages, std::size_t per_page, std::size_t clusters) {
    std::string out;
    detail::begin_html_page(out, "wiretrace scan: index pages", "list");
    out += fmt::format("<header><h1>wiretrace scan: {} index pages of {} clusters</h1></header>\n<main>\n<ul>\n",
                       pages, clusters);
    for (std::size_t n = 1; n <= pages; ++n) {
        out += "<li>";
        detail::append_link(out, index_file(n), fmt::format("page {}", n));
        out += fmt::format(": clusters {}–{}</li>\n", (n - 1) * per_page + 1, std::min(clusters, n * per_page));
    }
    out += "</ul>\n</main>\n";
    detail::end_html_page(out);
    return out;
}

std::string index_page(const Result& r, std::size_t page, std::size_t pages, std::size_t per_page) {
    const std::size_t first = (page - 1) * per_page;
    const std::size_t last = std::min(r.forest.clusters.size(), first + per_page);
    std::string out;
    detail::begin_html_page(out, fmt::format("wiretrace scan: clusters{}", pages > 1 ? fmt::format(", page {}", page) : ""),
                            "list");
    out += "<header><h1>wiretrace scan: ";
    out += r.forest.clusters.empty()
               ? std::string("no clusters")
               : fmt::format("clusters {}–{} of {}", first + 1, last, r.forest.clusters.size());
    out += "</h1><p class=\"muted\">";
    append_html_escaped(out, scan_summary(r));
    out += "</p><p class=\"muted\">Each cluster: the original at its root, each copy under its source. "
           "<em>copies</em>: articles derived from the root, directly or not; <em>mean coverage</em>: the share of its "
           "source each copy took, averaged; <em>source unknown</em>: copies whose text cannot tell which of the two was "
           "made from the other (placed under the likelier source, not shown as its copy). Open a cluster to see every "
           "copy against its source. Click a column heading to sort by it.</p></header>\n<main>\n";
    append_page_links(out, page, pages);
    out += "<table id=\"clusters\" class=\"sortable filterable\">\n<thead><tr><th class=\"num\">cluster</th><th>root</th>"
           "<th>outlet</th><th>published</th><th class=\"num\">copies</th><th class=\"num\">source unknown</th>"
           "<th class=\"num\">mean coverage</th><th>title</th></tr></thead>\n<tbody>\n";
    for (std::size_t k = first; k < last; ++k) {
        const provenance::Cluster& cl = r.forest.clusters[k];
        const scan::Article& root = r.articles[cl.root];
        out += fmt::format("<tr data-cluster=\"{}\"><td class=\"num\">", k + 1);
        detail::append_link(out, cluster_file(k + 1), fmt::format("{}", k + 1), "cluster");
        out += "</td><td class=\"id\">";
        out += "<a href=\"" + cluster_file(k + 1) + "\">";
        detail::append_bdi(out, root.id);
        out += "</a>";
        out += "</td>";
        append_cell(out, outlet_or_dash(root));
        append_cell(out, detail::time_of(root), "num");
        append_cell(out, fmt::format("{}", cl.members.size() - 1), "num");
        append_cell(out, fmt::format("{}", unknown_sources(r, cl)), "num");
        append_cell(out, detail::percent(mean_coverage(r, cl)), "num");
        out += "<td>";
        detail::append_bdi(out, root.title);
        out += "</td>";
        out += "</tr>\n";
    }
    out += "</tbody></table>\n";
    append_page_links(out, page, pages);
    out += "</main>\n";
    detail::end_html_page(out);
    return out;
}

std::string cluster_page(const Result& r, std::size_t k, std::size_t per_page,
                         const std::vector<std::vector<std::size_t>>& by_copy,
                         const std::vector<std::size_t>& pair_number) {
    const provenance::Cluster& cl = r.forest.clusters[k - 1];
    const scan::Article& root = r.articles[cl.root];
    std::string out;
    detail::begin_html_page(out, fmt::format("cluster {}: {} - wiretrace scan", k, root.id), "list");
    std::vector<HtmlLink> nav{{"../" + index_file((k - 1) / per_page + 1), "all clusters"}};
    if (k > 1) nav.push_back({fmt::format("{}.html", k - 1), fmt::format("← cluster {}", k - 1)});
    if (k < r.forest.clusters.size()) nav.push_back({fmt::format("{}.html", k + 1), fmt::format("cluster {} →", k + 1)});
    detail::append_nav(out, nav);
    out += fmt::format("<header><h1>cluster {}: {} articles</h1><p>", k, cl.members.size());
    detail::append_bdi(out, root.title.empty() ? root.id : root.title);
    out += "</p><p class=\"muted\">Each copy under its source: <em>of parent</em> is the share of the parent's words "
           "the copy holds, <em>of itself</em> the share of the copy's words found in the parent. <em>source unknown</em>: "
           "the texts cannot tell which was made from the other; the copy is placed under the likelier source.</p>"
           "</header>\n<main>\n<table id=\"members\">\n<thead><tr><th>article</th><th>title</th><th>outlet</th>"
           "<th>published</th><th>relation</th><th class=\"num\">of parent</th><th class=\"num\">of itself</th>"
           "<th>edits</th><th>compare</th></tr></thead>\n<tbody>\n";
    for (const detail::TreeNode& node : detail::tree_order(r, cl)) {
        const std::uint32_t m = node.article;
        const scan::Article& a = r.articles[m];
        out += fmt::format("<tr data-article=\"{}\" data-depth=\"{}\"><td class=\"tree\" style=\"padding-left:{:.1f}rem\">{}",
                           m, node.depth, 0.55 + 1.2 * static_cast<double>(node.depth), node.depth > 0 ? "└ " : "");
        out += "<span class=\"id\">";
        detail::append_bdi(out, a.id);
        out += "</span></td>";
        append_cell(out, a.title.empty() ? std::string_view("-") : std::string_view(a.title));
        append_cell(out, outlet_or_dash(a));
        append_cell(out, detail::time_of(a), "num");
        const scan::Pair* p = detail::parent_pair(r, m);
        if (r.forest.parents[m].empty()) {
            append_cell(out, "original");
            out += "<td></td><td></td><td></td><td></td>";
        } else if (p == nullptr) {
            out += "<td>derived<br><span class=\"unknown\">source unknown</span></td>";
            out += "<td></td><td></td><td></td>";
        } else {
            const auto [took, from] = detail::copy_view(*p, m);
            out += "<td>";
            append_html_escaped(out, relation_label(p->relation, p->grade));
            if (!p->decided()) out += "<br><span class=\"unknown\">source unknown</span>";
            out += "</td>";
            append_cell(out, detail::percent(took), "num");
            append_cell(out, detail::percent(from), "num");
            append_cell(out, scan::edit_summary(*p));
        }
        if (!r.forest.parents[m].empty()) {
            out += "<td class=\"links\">";
            const auto& parents = r.forest.parents[m];
            for (const std::size_t i : by_copy[m]) {
                const std::uint32_t src = source_of(r.pairs[i]);
                const auto rank = std::find(parents.begin(), parents.end(), src) - parents.begin();
                const std::string label = rank == 0 ? "vs its source"
                                          : rank < static_cast<std::ptrdiff_t>(parents.size())
                                              ? "vs " + r.articles[src].id + " (also a source)"
                                              : "vs " + r.articles[src].id + " (earlier source)";
                detail::append_link(out, "../" + pair_file(k, pair_number[i]), label, "pair");
                out += "<br>";
            }
            out += "</td>";
        }
        out += "</tr>\n";
    }
    out += "</tbody></table>\n</main>\n";
    detail::end_html_page(out);
    return out;
}

/// What a page needs of a text to show it: its tokens (to quote the alignment's token ranges)
/// and its wire signals. Nothing is scored again.
score::Analysis display_analysis(const Document& doc) {
    score::Analysis an;
    an.tokens = text::tokenize(doc.text);
    an.wire = score::detect_wire_signals(doc.text);
    return an;
}

std::string pair_page(const Result& r, const PairJob& job, std::size_t per_page, std::uint32_t minhash_size) {
    const scan::Pair& p = r.pairs[job.pair];
    const std::uint32_t src = source_of(p);
    const Document source = scan::article_document(r, src);
    const Document copy = scan::article_document(r, copy_of(p));
    // The score the scan verified, seen with its source as A; the source where provenance put it.
    const score::PairScore& verified = r.pair_scores[job.pair];
    score::PairScore s = src == p.a ? verified : score::mirrored(verified);
    // Undecided: the texts cannot tell; A is only where the forest placed the source.
    s.direction.source = p.decided() ? Side::a : Side::undecided;
    s.direction.decided_by = p.decided_by;
    const score::Analysis analysis_source = display_analysis(source);
    const score::Analysis analysis_copy = display_analysis(copy);
    const PairView view{source, analysis_source, copy, analysis_copy, s, "corpus", minhash_size};
    HtmlPairOptions options;
    options.nav = {{"../../" + index_file((job.cluster - 1) / per_page + 1), "all clusters"},
                   {fmt::format("../../clusters/{}.html", job.cluster), fmt::format("cluster {}", job.cluster)}};
    options.note = p.decided()
                       ? fmt::format("scan pair: B ({}) derived from A ({}); passages, edits and figures as the scan "
                                     "verified them, the source as its provenance forest placed it",
                                     copy.id, source.id)
                       : fmt::format("scan pair: B ({}) placed under A ({}), source unknown: the texts cannot tell "
                                     "which was made from the other; passages, edits and figures as the scan verified them",
                                     copy.id, source.id);
    std::ostringstream html;
    write_pair_html(html, view, options);
    return std::move(html).str();
}

}  // namespace

void write_scan_html(const Result& r, const HtmlScanOptions& o, const HtmlFileSink& sink) {
    if (o.clusters_per_page == 0) throw Error(Errc::bad_argument, "", "clusters per index page must be at least 1");
    if (r.pair_scores.size() != r.pairs.size()) {
        throw Error(Errc::bad_argument, "", "the scan kept no pair scores: run it with keep_pair_scores");
    }
    const std::size_t per_page = o.clusters_per_page;
    const std::size_t clusters = r.forest.clusters.size();
    const std::size_t pages = std::max<std::size_t>(1, (clusters + per_page - 1) / per_page);
    for (std::size_t page = 1; page <= pages; ++page) sink(index_file(page), index_page(r, page, pages, per_page));
    if (pages > 1) sink(std::string(kPagesFile), pages_page(pages, per_page, clusters));

    const auto by_copy = pairs_by_copy(r);
    std::vector<PairJob> jobs;
    std::vector<std::size_t> pair_number(r.pairs.size(), 0);
    for (std::size_t k = 1; k <= clusters; ++k) {
        std::size_t number = 0;
        for (const detail::TreeNode& node : detail::tree_order(r, r.forest.clusters[k - 1])) {
            for (const std::size_t i : by_copy[node.article]) {
                pair_number[i] = ++number;
                jobs.push_back({i, k, number});
            }
        }
    }
    for (std::size_t k = 1; k <= clusters; ++k) sink(cluster_file(k), cluster_page(r, k, per_page, by_copy, pair_number));
    std::mutex progress_mutex;
    std::uint64_t done = 0;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, jobs.size(), 4), [&](const auto& range) {
        for (std::size_t j = range.begin(); j < range.end(); ++j) {
            sink(pair_file(jobs[j].cluster, jobs[j].number), pair_page(r, jobs[j], per_page, o.minhash_size));
        }
        if (!o.progress) return;
        const std::lock_guard lock(progress_mutex);
        done += range.size();
        if (!o.progress({"write", done, jobs.size(), 0, 0})) throw Error(Errc::io, "", "cancelled");
    });
}

}  // namespace wiretrace::report
