// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>

#include "support/files.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/provenance/provenance.hpp"
#include "wiretrace/report/html_pair.hpp"
#include "wiretrace/report/html_scan.hpp"
#include "wiretrace/report/json.hpp"
#include "wiretrace/run/scan.hpp"
#include "wiretrace/score/score.hpp"

using namespace wiretrace;

namespace {

using wiretrace::test::doc;
using wiretrace::test::seed;

/// The page of a pair scored on its own, as `compare --format html` writes it.
struct Page {
    Document a, b;
    score::StandalonePair pair;
    std::string html;
};

Page render(Document a, Document b, const report::HtmlPairOptions& options = {}) {
    Page p{std::move(a), std::move(b), {}, {}};
    p.pair = score::score_standalone(p.a, p.b, Params{});
    const report::PairView view{p.a, p.pair.analysis_a, p.b, p.pair.analysis_b, p.pair.score, "pair", 128};
    std::ostringstream out;
    report::write_pair_html(out, view, options);
    p.html = out.str();
    return p;
}

std::size_t count(std::string_view haystack, std::string_view needle) {
    std::size_t n = 0;
    for (auto at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + 1)) ++n;
    return n;
}

/// Undoes the five references html_escape writes.
std::string unescape(std::string_view s) {
    static const std::pair<std::string_view, char> kRefs[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        bool replaced = false;
        for (const auto& [ref, c] : kRefs) {
            if (s.substr(i, ref.size()) == ref) {
                out.push_back(c);
                i += ref.size();
                replaced = true;
                break;
            }
        }
        if (!replaced) out.push_back(s[i++]);
    }
    return out;
}

/// The element whose id attribute is `id`: its opening tag and its text (tags inside dropped,
/// references undone). Empty tag when there is no such element.
struct Element {
    std::string tag;
    std::string text;
};

Element element(const std::string& html, const std::string& id) {
    const auto at = html.find("id=\"" + id + "\"");
    if (at == std::string::npos) return {};
    const auto open = html.rfind('<', at);
    const auto open_end = html.find('>', at);
    const std::string name = html.substr(open + 1, html.find(' ', open) - open - 1);
    Element e{html.substr(open, open_end - open + 1), {}};
    int depth = 1;
    std::string raw;
    for (std::size_t i = open_end + 1; i < html.size() && depth > 0;) {
        if (html[i] != '<') {
            raw.push_back(html[i++]);
            continue;
        }
        const auto end = html.find('>', i);
        const std::string tag = html.substr(i, end - i + 1);
        if (tag.starts_with("</" + name + ">")) --depth;
        if (tag.starts_with("<" + name + " ") || tag.starts_with("<" + name + ">")) ++depth;
        i = end + 1;
    }
    e.text = unescape(raw);
    return e;
}

std::string original(const Document& d, const score::Analysis& an, align::TokenRange r) {
    const auto begin = an.tokens[r.begin].begin;
    return d.text.substr(begin, an.tokens[r.end - 1].end - begin);
}

std::string attribute(const std::string& tag, const std::string& name) {
    const auto at = tag.find(" " + name + "=\"");
    if (at == std::string::npos) return "<none>";
    const auto begin = at + name.size() + 3;
    return tag.substr(begin, tag.find('"', begin) - begin);
}

}  // namespace

TEST_CASE("html: the escaping function makes markup and quotes inert", "[report][html]") {
    CHECK(report::html_escape("<script>alert('x')</script>") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    CHECK(report::html_escape("</div>\"a\" & 'b'") == "&lt;/div&gt;&quot;a&quot; &amp; &#39;b&#39;");
    CHECK(report::html_escape("plain text, «ü» — 1 > 0") == "plain text, «ü» — 1 &gt; 0");
    CHECK(report::html_escape("&amp;") == "&amp;amp;");  // never double-decoded
    CHECK(report::html_escape("") == "");
    CHECK(report::html_escape("caf\xE9!") == "caf\\xE9!");  // invalid UTF-8 shown, escaped
    // Controls act in no browser, but a right-to-left override shows an id reversed: every
    // control but tab and line breaks is a visible escape (text::escape_controls).
    CHECK(report::html_escape("evil\xE2\x80\xAEtxt.exe\x1B[2J\n\tx") == "evil\\u202Etxt.exe\\x1B[2J\n\tx");
    CHECK(report::html_escape("\xE2\x81\xA6" "a\xE2\x81\xA9 \xC2\x85") == "\\u2066a\\u2069 \\u0085");
    std::string out = "x";
    report::append_html_escaped(out, "<b>");
    CHECK(out == "x&lt;b&gt;");
}

TEST_CASE("html: every passage of the seed pair is on both sides with the same id and colour", "[report][html]") {
    const Page p = render(seed(test::kSeedAp), seed(test::kSeedCbc));
    const auto& al = p.pair.score.alignment;
    REQUIRE(al.passages.size() == 6);
    CHECK(count(p.html, "data-passage=\"") == 2 * al.passages.size());
    for (std::size_t i = 0; i < al.passages.size(); ++i) {
        INFO("passage " << i);
        const Element a = element(p.html, "a-p" + std::to_string(i));
        const Element b = element(p.html, "b-p" + std::to_string(i));
        CHECK(a.text == original(p.a, p.pair.analysis_a, al.passages[i].a));
        CHECK(b.text == original(p.b, p.pair.analysis_b, al.passages[i].b));
        CHECK(attribute(a.tag, "data-passage") == std::to_string(i));
        CHECK(attribute(b.tag, "data-passage") == std::to_string(i));
        CHECK(attribute(a.tag, "class") == "p c" + std::to_string(i));
        CHECK(attribute(b.tag, "class") == attribute(a.tag, "class"));
        CHECK(count(p.html, "id=\"a-p" + std::to_string(i) + "\"") == 1);
        CHECK(count(p.html, "href=\"#b-p" + std::to_string(i) + "\"") == 1);  // the number links to the twin
    }
    CHECK(element(p.html, "a-p6").tag.empty());
}

TEST_CASE("html: every edit of the seed pair is marked on both sides, in place", "[report][html]") {
    const Page p = render(seed(test::kSeedAp), seed(test::kSeedCbc));
    const auto& edits = p.pair.score.alignment.edits;
    REQUIRE(edits.size() == 24);
    std::size_t respellings = 0;
    for (std::size_t k = 0; k < edits.size(); ++k) {
        INFO("edit " << k);
        const align::Edit& e = edits[k];
        const Element a = element(p.html, "a-e" + std::to_string(k));
        const Element b = element(p.html, "b-e" + std::to_string(k));
        REQUIRE(!a.tag.empty());
        REQUIRE(!b.tag.empty());
        switch (e.kind) {
            case EditKind::respelling:
            case EditKind::substitution:
                ++respellings;
                CHECK(a.tag.starts_with("<mark class=\"e " + std::string(to_string(e.kind)) + "\""));
                CHECK(a.text == original(p.a, p.pair.analysis_a, e.a));
                CHECK(b.text == original(p.b, p.pair.analysis_b, e.b));
                CHECK(unescape(attribute(a.tag, "data-other")) == b.text);  // both spellings shown
                CHECK(unescape(attribute(b.tag, "data-other")) == a.text);
                break;
            case EditKind::insertion:
                CHECK(b.tag.starts_with("<ins class=\"e insertion"));
                CHECK(a.tag.starts_with("<a class=\"gap insertion\""));
                CHECK(attribute(a.tag, "href") == "#b-e" + std::to_string(k));
                CHECK(a.text.empty());
                CHECK((b.tag.find(" block\"") != std::string::npos) == (e.passage < 0));
                break;
            case EditKind::deletion:
                CHECK(a.tag.starts_with("<del class=\"e deletion"));
                CHECK(b.tag.starts_with("<a class=\"gap deletion\""));
                break;
            case EditKind::move: FAIL("the seed pair has no moves"); break;
        }
    }
    CHECK(respellings == 8);
    // The respelling sits inside its passage: the passage's text contains both spellings' places.
    CHECK(element(p.html, "b-p5").text.find("neighbours") != std::string::npos);
}

TEST_CASE("html: moved passages are marked and linked to their other place", "[report][html]") {
    const std::string first = "The harbour authority approved the new container terminal after a long public inquiry "
                              "into the cost of dredging the river mouth.";
    const std::string second = "Shipping companies welcomed the decision and said freight volumes would double within "
                               "the next decade according to their own forecasts.";
    const std::string third = "Environmental groups said they would appeal the ruling before the regional court "
                              "because the estuary shelters rare migrating birds.";
    const Page p = render(doc("a", first + "\n\n" + second + "\n\n" + third),
                          doc("b", third + "\n\n" + first + "\n\n" + second));
    const auto& passages = p.pair.score.alignment.passages;
    REQUIRE(passages.size() == 2);  // first and second stay together, third moved
    std::size_t moved = 0;
    for (std::size_t i = 0; i < passages.size(); ++i) {
        const Element a = element(p.html, "a-p" + std::to_string(i));
        CHECK((attribute(a.tag, "class").find("moved") != std::string::npos) == passages[i].moved);
        moved += passages[i].moved ? 1 : 0;
    }
    CHECK(moved == 1);
    CHECK(count(p.html, "class=\"pn c") == 4);
    CHECK(count(p.html, " moved</a>") == 2);  // the moved passage's number says so on both sides
}

TEST_CASE("html: hostile text, ids and outlets render as text", "[report][html][bad_input]") {
    const std::string hostile = "<script>document.title='owned'</script></div>\"quoted\" it's <b onmouseover=\"x()\">";
    const std::string body = "Officials in the capital confirmed on Tuesday that the bridge will stay closed for "
                             "repairs until the end of the month, " + hostile + " said a spokesman for the ministry.";
    Document a = doc("</title><script>alert(1)</script>", body);
    a.outlet = "\"><img src=x onerror=alert(2)>";
    a.title = "'><svg onload=alert(3)>";
    const Page p = render(std::move(a), doc("b'\"<i>", body + "\n\nMore at eleven."));
    CHECK(count(p.html, "<script") == 1);  // the page's own script only
    CHECK(count(p.html, "<b ") == 0);
    CHECK(count(p.html, "<img") == 0);
    CHECK(count(p.html, "<svg") == 0);
    CHECK(count(p.html, "<i>") == 0);
    CHECK(count(p.html, "</div>\"") == 0);
    CHECK(count(p.html, "&lt;script&gt;document.title=&#39;owned&#39;&lt;/script&gt;&lt;/div&gt;&quot;quoted&quot;") == 2);
    CHECK(p.html.find("<title>near-duplicate: &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; / b&#39;&quot;&lt;i&gt; - "
                      "wiretrace</title>") != std::string::npos);
    CHECK(element(p.html, "a-p0").text.find(hostile) != std::string::npos);
}

TEST_CASE("html: a scan report links every cluster and renders each copy against its source", "[report][html][scan]") {
    scan::Options options;
    options.keep_pair_scores = true;
    const scan::Result result = scan::run({test::source_path("seeds")}, options);
    REQUIRE(result.forest.clusters.size() == 1);
    REQUIRE(result.articles.size() == 2);
    const std::uint32_t ap = result.articles[0].id == "000_6e14ef43e76ff7c6.txt" ? 0 : 1;
    CHECK(scan::article_text(result, ap) == test::read_all(test::source_path(test::kSeedAp)));
    CHECK(scan::article_document(result, 1 - ap).text == test::read_all(test::source_path(test::kSeedCbc)));
    CHECK_THROWS_AS(scan::article_text(result, 2), Error);

    std::mutex mutex;
    std::map<std::string, std::string> files;
    report::HtmlScanOptions html;
    html.minhash_size = options.params.minhash_size;
    report::write_scan_html(result, html, [&](const std::string& path, const std::string& content) {
        const std::lock_guard lock(mutex);
        CHECK(files.emplace(path, content).second);
    });
    std::vector<std::string> names;
    for (const auto& [name, content] : files) names.push_back(name);
    CHECK(names == std::vector<std::string>{"clusters/1.html", "index.html", "pairs/1/1.html"});
    CHECK(count(files["index.html"], "href=\"clusters/1.html\"") == 2);  // number and root id
    CHECK(count(files["clusters/1.html"], "href=\"../pairs/1/1.html\"") == 1);
    const std::string& pair = files["pairs/1/1.html"];
    CHECK(pair.find("<span class=\"role\">source</span><span class=\"id\"><bdi>000_6e14ef43e76ff7c6.txt</bdi></span>") !=
          std::string::npos);
    CHECK(pair.find("<span class=\"role\">copy</span><span class=\"id\"><bdi>003_587f8fbee9c47d45.txt</bdi></span>") !=
          std::string::npos);
    CHECK(count(pair, "data-passage=\"") == 12);
    CHECK(pair.find("href=\"../../clusters/1.html\"") != std::string::npos);

    html.clusters_per_page = 0;
    CHECK_THROWS_AS(report::write_scan_html(result, html, [](const std::string&, const std::string&) {}), Error);
}

TEST_CASE("html: a scan's pair page shows the pair as the scan verified it, its source as A", "[report][html][scan]") {
    // The copy first: the source is article 1, the pair's b, so its verified score is mirrored.
    const Document ap = doc("ap", test::read_all(test::source_path(test::kSeedAp)));
    const Document cbc = doc("cbc", test::read_all(test::source_path(test::kSeedCbc)));
    const auto dir = std::filesystem::temp_directory_path() /
                     ("wiretrace-html-test-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir);
    const std::string input = (dir / "dump.jsonl").string();
    {
        std::string lines;
        for (const Document* d : {&cbc, &ap}) {
            report::JsonWriter(lines).begin_object().key("id").value(d->id).key("text").value(d->text).end_object();
            lines += '\n';
        }
        std::ofstream(input, std::ios::binary) << lines;
    }
    scan::Options options;
    options.keep_pair_scores = true;
    const scan::Result result = scan::run({input}, options);
    std::filesystem::remove_all(dir);
    REQUIRE(result.pairs.size() == 1);
    REQUIRE(result.pair_scores.size() == 1);
    const scan::Pair& pair = result.pairs[0];
    REQUIRE(pair.source == 1u);
    // The kept score is the pair's (a = the CBC story), as reported: relation, coverages, cosine.
    const score::PairScore& kept = result.pair_scores[0];
    CHECK(kept.relation == pair.relation);
    CHECK(kept.coverage_a == pair.coverage_a);
    CHECK(kept.coverage_b == pair.coverage_b);
    CHECK(kept.cosine == pair.cosine);
    CHECK(kept.direction.source == Side::b);

    std::map<std::string, std::string> files;
    std::mutex mutex;
    report::write_scan_html(result, {}, [&](const std::string& path, const std::string& content) {
        const std::lock_guard lock(mutex);
        files.emplace(path, content);
    });
    // The same page as `compare` of source and copy with the same furniture, but for the cosine's
    // IDF (the scan's corpus): the alignment seen from the source, the evidence, the figures.
    report::HtmlPairOptions furniture;
    furniture.nav = {{"../../index.html", "all clusters"}, {"../../clusters/1.html", "cluster 1"}};
    furniture.note = "scan pair: B (cbc) derived from A (ap); passages, edits and figures as the scan verified them, "
                     "the source as its provenance forest placed it";
    const Page compared = render(ap, cbc, furniture);
    const auto lines = [](const std::string& text) {
        std::vector<std::string> out;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) out.push_back(line);
        return out;
    };
    const auto scan_lines = lines(files.at("pairs/1/1.html"));
    const auto compare_lines = lines(compared.html);
    REQUIRE(scan_lines.size() == compare_lines.size());
    std::vector<std::string> differing;
    for (std::size_t i = 0; i < scan_lines.size(); ++i) {
        if (scan_lines[i] != compare_lines[i]) differing.push_back(scan_lines[i]);
    }
    REQUIRE(differing.size() == 1);
    CHECK(differing[0].find("(IDF from the corpus)") != std::string::npos);
}

TEST_CASE("html: a scan report needs the scan's pair scores", "[report][html][scan]") {
    const scan::Result result = scan::run({test::source_path("seeds")}, scan::Options{});
    REQUIRE(result.pairs.size() == 1);
    CHECK(result.pair_scores.empty());
    CHECK_THROWS_AS(report::write_scan_html(result, {}, [](const std::string&, const std::string&) {}), Error);
}

TEST_CASE("html: index pages link a window of pages, and pages.html all of them (linear size)", "[report][html][scan]") {
    // Articles alone, each its own cluster: the index pages need nothing else of a scan.
    const auto report_of = [](std::size_t clusters) {
        scan::Result r;
        r.articles.resize(clusters);
        r.parent_pair.assign(clusters, -1);
        r.forest.parents.resize(clusters);
        for (std::uint32_t k = 0; k < clusters; ++k) {
            r.articles[k].id = "article-" + std::to_string(k);
            r.forest.clusters.push_back(provenance::Cluster{k, {k}});
        }
        report::HtmlScanOptions html;
        html.clusters_per_page = 1;
        std::map<std::string, std::string> files;
        std::mutex mutex;
        report::write_scan_html(r, html, [&](const std::string& path, const std::string& content) {
            const std::lock_guard lock(mutex);
            files.emplace(path, content);
        });
        return files;
    };
    auto files = report_of(300);
    CHECK(files.size() == 300 + 300 + 1);  // index pages, cluster pages, pages.html
    std::size_t index_bytes = 0;
    for (std::size_t page = 1; page <= 300; ++page) {
        const std::string& html = files[page == 1 ? "index.html" : "index-" + std::to_string(page) + ".html"];
        index_bytes += html.size();
        // Twice (above and below the table): the first, the last, five either side, pages.html.
        const std::size_t window = std::min<std::size_t>(page, 6) + std::min<std::size_t>(301 - page, 6) - 1;
        const std::size_t linked = window + (page > 6 ? 1 : 0) + (page < 295 ? 1 : 0) - 1;  // not itself
        CHECK(count(html, "href=\"index") == 2 * linked);
        CHECK(count(html, "href=\"pages.html\">all 300 pages</a>") == 2);
        if (page > 1) CHECK(count(html, fmt::format("href=\"{}\"", page == 2 ? "index.html" : fmt::format("index-{}.html", page - 1))) == 2);
        if (page < 300) CHECK(count(html, fmt::format("href=\"index-{}.html\"", page + 1)) == 2);
    }
    CHECK(count(files["index-150.html"], "… ") == 4);
    CHECK(count(files["pages.html"], "href=\"index") == 300);
    CHECK(files["pages.html"].find("<a href=\"index-300.html\">page 300</a>: clusters 300–300</li>") != std::string::npos);
    // Ten times the clusters, ten times the bytes of index pages (a list of every page on every
    // page made it a hundred times).
    std::size_t index_bytes_10x = 0;
    for (const auto& [name, content] : report_of(3000)) {
        if (name.starts_with("index")) index_bytes_10x += content.size();
    }
    CHECK(static_cast<double>(index_bytes_10x) < 11.0 * static_cast<double>(index_bytes));
}

TEST_CASE("html: a pair view shows each text up to max_text_bytes and says where it is cut", "[report][html]") {
    std::string body;
    for (int i = 0; i < 400; ++i) {
        body += "Paragraph " + std::to_string(i) + " of the long report on the river bridge, closed for repairs. ";
    }
    report::HtmlPairOptions options;
    options.max_text_bytes = 3000;
    const Page p = render(doc("a", body + "The last words only A has."), doc("b", body + "TAILWORD only in B."), options);
    CHECK(body.size() > 9 * options.max_text_bytes);
    CHECK(count(p.html, "<p class=\"note cut\">[cut: the page shows the first ") == 2);
    CHECK(p.html.find("TAILWORD") == std::string::npos);
    CHECK(p.html.find("Paragraph 20 ") != std::string::npos);
    CHECK(p.html.find("Paragraph 60 ") == std::string::npos);
    CHECK(p.html.size() < 40000);
    // Well formed: every span and mark that opens closes (a passage cut by the limit too).
    CHECK(element(p.html, "text-a").text.find("Paragraph 0 of the long report") != std::string::npos);
    CHECK(element(p.html, "a-p0").text.starts_with("Paragraph 0 of the long report"));
    CHECK(count(p.html, "<span") == count(p.html, "</span>"));
    CHECK(count(p.html, "<mark") == count(p.html, "</mark>"));
    // Without the limit, all of both texts.
    options.max_text_bytes = 0;
    const Page whole = render(doc("a", body), doc("b", body + "TAILWORD only in B."), options);
    CHECK(whole.html.find("TAILWORD") != std::string::npos);
    CHECK(whole.html.find("[cut:") == std::string::npos);
}
