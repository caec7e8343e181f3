// SPDX-License-Identifier: Apache-2.0
// Tests of io::decode_html (charsets) and io::extract_article (metadata, main text, furniture
// removal) on small hand-written pages, and of HTML files read by ArticleReader.
#include <catch2/catch.hpp>
#include <string>

#include "support/temp_dir.hpp"
#include "wiretrace/io/html.hpp"
#include "wiretrace/io/reader.hpp"

using wiretrace::io::decode_html;
using wiretrace::io::extract_article;
using wiretrace::io::is_html_file_name;

namespace {

/// Three paragraphs of article prose: enough text, with commas, for the scoring to prefer them.
const std::string kBody =
    "<p>The city council voted on Tuesday, after a long debate, to rebuild the old harbour bridge, "
    "which has been closed to traffic since the spring floods damaged its piers.</p>\n"
    "<p>Engineers told the council that the work would take two years, cost about forty million, "
    "and require a temporary ferry service for commuters from the northern districts.</p>\n"
    "<p>Residents, who had petitioned for the repair, welcomed the decision, though some said the "
    "ferry timetable, as proposed, would not suit early shift workers.</p>\n";

const std::string kPara1 =
    "The city council voted on Tuesday, after a long debate, to rebuild the old harbour bridge, which has been "
    "closed to traffic since the spring floods damaged its piers.";
const std::string kPara2 =
    "Engineers told the council that the work would take two years, cost about forty million, and require a "
    "temporary ferry service for commuters from the northern districts.";
const std::string kPara3 =
    "Residents, who had petitioned for the repair, welcomed the decision, though some said the ferry timetable, "
    "as proposed, would not suit early shift workers.";

std::string page(const std::string& head, const std::string& body) {
    return "<!DOCTYPE html><html lang=\"en-GB\"><head>" + head + "</head><body>" + body + "</body></html>";
}

}  // namespace

TEST_CASE("decode_html: charset from BOM, HTTP header, meta, detection", "[io][html]") {
    const std::string latin1_cafe = "caf\xE9";  // "café" in ISO-8859-1 / windows-1252
    SECTION("UTF-8 BOM wins and is removed") {
        const auto d = decode_html("\xEF\xBB\xBFhello", "text/html; charset=iso-8859-1");
        CHECK(d.text == "hello");
        CHECK(d.charset == "utf-8");
        CHECK(d.charset_source == "bom");
    }
    SECTION("the HTTP header's charset") {
        const auto d = decode_html("<p>" + latin1_cafe + "</p>", "text/html; charset=\"ISO-8859-1\"");
        CHECK(d.text == "<p>caf\xC3\xA9</p>");
        CHECK(d.charset == "windows-1252");  // as browsers decode iso-8859-1
        CHECK(d.charset_source == "http");
    }
    SECTION("<meta charset> and <meta http-equiv>") {
        const auto a = decode_html("<meta charset=windows-1252><p>" + latin1_cafe);
        CHECK(a.charset_source == "meta");
        CHECK(a.text.ends_with("caf\xC3\xA9"));
        const auto b = decode_html("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">\xF0\xD2\xC9");
        CHECK(b.charset == "koi8-r");
        CHECK(b.text.ends_with("\xD0\x9F\xD1\x80\xD0\xB8"));  // "При"
    }
    SECTION("the bytes decide when nothing is declared") {
        CHECK(decode_html("caf\xC3\xA9").charset_source == "default");  // valid UTF-8
        const auto d = decode_html("Le caf\xE9 de la gare est ferm\xE9 depuis l'\xE9t\xE9 dernier, h\xE9las.");
        CHECK(d.charset_source == "detected");
        CHECK(d.text.find("caf\xC3\xA9") != std::string::npos);
    }
    SECTION("a declared UTF-8 with invalid bytes: replaced and counted") {
        const auto d = decode_html("<meta charset=\"utf-8\">a\xFF" "b");
        CHECK(d.text.ends_with("a\xEF\xBF\xBD" "b"));
        CHECK(d.replaced == 1);
    }
    SECTION("an unknown charset is ignored") {
        const auto d = decode_html("<meta charset=no-such-charset>plain");
        CHECK(d.charset == "utf-8");
        CHECK(d.text.ends_with("plain"));
    }
    SECTION("UTF-16 with a BOM") {
        const std::string utf16le("\xFF\xFE" "h\0i\0", 6);
        const auto d = decode_html(utf16le);
        CHECK(d.text == "hi");
        CHECK(d.charset == "utf-16le");
    }
}

TEST_CASE("extract_article: JSON-LD and meta give title, date, byline, outlet", "[io][html]") {
    const std::string head =
        "<title>Bridge to be rebuilt | The Harbour Times</title>"
        "<meta property=\"og:site_name\" content=\"The Harbour Times\">"
        "<link rel=\"canonical\" href=\"https://www.harbourtimes.example/news/bridge\">"
        "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":["
        "{\"@type\":\"WebSite\",\"name\":\"x\"},"
        "{\"@type\":[\"NewsArticle\"],\"headline\":\"Council votes to rebuild harbour bridge\","
        "\"datePublished\":\"2019-11-19T07:30:00-05:00\","
        "\"author\":[{\"@type\":\"Person\",\"name\":\"Ann Lee\"},{\"@type\":\"Person\",\"name\":\"Bo Chan\"}]}]}"
        "</script>";
    const auto a = extract_article(page(head, "<article><h1>Council votes</h1>" + kBody + "</article>"));
    CHECK(a.title == "Council votes to rebuild harbour bridge");
    REQUIRE(a.published);
    CHECK(*a.published == 1574166600);  // 2019-11-19T12:30:00Z
    CHECK(a.published_granularity == 1);
    CHECK(a.byline == "Ann Lee, Bo Chan");
    CHECK(a.outlet == "The Harbour Times");
    CHECK(a.url == "https://www.harbourtimes.example/news/bridge");
    CHECK(a.language == "en-GB");
    CHECK(a.text == kPara1 + "\n\n" + kPara2 + "\n\n" + kPara3);
    CHECK(a.body_source == "dom");
}

TEST_CASE("extract_article: fallbacks without JSON-LD", "[io][html]") {
    const std::string head =
        "<title>Bridge to be rebuilt - Harbour News</title>"
        "<meta property=\"article:published_time\" content=\"2019-11-19\">"
        "<meta name=\"author\" content=\"By Ann Lee\">";
    const auto a = extract_article(page(head, "<div><p>Bridge to be rebuilt</p><p>ADVERTISEMENT</p>" + kBody + "<p>Read more...</p></div>"),
                                   "https://www.news.example:8080/a?b=1");
    CHECK(a.title == "Bridge to be rebuilt");  // the site's name after " - " dropped
    CHECK(a.text == kPara1 + "\n\n" + kPara2 + "\n\n" + kPara3);  // no title repeated, no furniture lines
    REQUIRE(a.published);
    CHECK(*a.published == 1574121600);
    CHECK(a.published_granularity == 86400);
    CHECK(a.byline == "Ann Lee");
    CHECK(a.outlet == "news.example");  // the URL given, without www. and port
    CHECK(a.url == "https://www.news.example:8080/a?b=1");
}

TEST_CASE("extract_article: furniture around and inside the article is removed", "[io][html]") {
    const std::string body =
        "<header><a href=\"/\">Home</a> <a href=\"/news\">News</a></header>"
        "<nav><ul><li><a href=\"/a\">Politics</a></li><li><a href=\"/b\">Sport</a></li></ul></nav>"
        "<div id=\"cookie-banner\">We use cookies, to improve your experience, and to measure traffic. Accept all?</div>"
        "<div class=\"story-body\">" + kBody.substr(0, kBody.find("<p>Engineers")) +
        "<div class=\"share-tools\">Share on Facebook, Twitter, or by email</div>"
        "<figure><img src=\"a.jpg\"><figcaption>The bridge, closed since spring, seen from the north bank.</figcaption></figure>" +
        kBody.substr(kBody.find("<p>Engineers")) +
        "<ul class=\"links\"><li><a href=\"/1\">Mayor resigns over budget row, says he will fight on</a></li>"
        "<li><a href=\"/2\">Ferry operator wins contract, despite protests from unions</a></li></ul>"
        "<script>var text = 'not, article, text, at, all, ever, really';</script>"
        "<style>p { color: red; }</style><!-- a comment, with, commas -->"
        "<p style=\"display: none\">Hidden text, never shown, to anyone.</p>"
        "</div>"
        "<aside><p>Most read: a long list of other stories, updated hourly, all day long, every day.</p></aside>"
        "<div class=\"comments\"><p>Great article, thanks, I agree with every word of it, really.</p></div>"
        "<footer>Copyright 2019, The Harbour Times, all rights reserved, worldwide.</footer>";
    const auto a = extract_article(page("", body));
    CHECK(a.text == kPara1 + "\n\n" + kPara2 + "\n\n" + kPara3);
    CHECK(a.removed.scripts >= 2);
    CHECK(a.removed.navigation >= 3);   // header, nav, aside, footer
    CHECK(a.removed.boilerplate >= 4);  // cookie banner, share tools, caption, comments
    CHECK(a.removed.hidden == 1);
    CHECK(a.removed.link_blocks >= 1);  // the list of related links
}

TEST_CASE("extract_article: text written straight in a div, lines split by <br>", "[io][html]") {
    const auto a = extract_article(page("", "<div id=\"menu\"><a href=\"/x\">x</a></div><div class=\"txt\">" + kPara1 +
                                                "<br><br>" + kPara2 + "<br>" + kPara3 + "</div>"));
    CHECK(a.text == kPara1 + "\n\n" + kPara2 + "\n\n" + kPara3);
}

TEST_CASE("extract_article: JSON-LD articleBody when the page's elements hold little", "[io][html]") {
    const std::string head =
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"H\","
        "\"articleBody\":\"" + kPara1 + "\\n" + kPara2 + "\\n\\n<b>" + kPara3 + "</b>\"}</script>";
    const auto a = extract_article(page(head, "<div id=\"app\"><p>Loading, please wait, loading, loading.</p></div>"));
    CHECK(a.body_source == "json-ld");
    CHECK(a.text == kPara1 + "\n\n" + kPara2 + "\n\n" + kPara3);
}

TEST_CASE("extract_article: broken JSON-LD and odd input never throw", "[io][html]") {
    CHECK(extract_article("").text.empty());
    CHECK(extract_article("<html>").text.empty());
    const auto a = extract_article(page("<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"headline\": </script>"
                                        "<meta property=\"og:title\" content=\"From OpenGraph\">",
                                        kBody));
    CHECK(a.title == "From OpenGraph");
    CHECK(a.text.starts_with(kPara1));
    std::string deep;
    for (int i = 0; i < 20000; ++i) deep += "<div>";
    CHECK_NOTHROW(extract_article(deep + kBody));
    constexpr char kWithNul[] = "<p>a\0b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q</p>";
    CHECK(extract_article(std::string(kWithNul, sizeof kWithNul - 1)).text.size() > 0);
}

TEST_CASE("HTML files are read as articles by ArticleReader", "[io][html]") {
    wiretrace::test::TempDir dir;
    CHECK(is_html_file_name("a/B.HTML"));
    CHECK(is_html_file_name("x.htm.gz"));
    CHECK_FALSE(is_html_file_name("x.html.txt"));
    dir.write("pages/one.html", page("<meta property=\"og:title\" content=\"One\">"
                                     "<meta property=\"og:url\" content=\"https://x.example/one\">",
                                     "<article>" + kBody + "</article>"));
    dir.write("pages/empty.htm", page("", "<nav><a href=\"/\">Home</a></nav>"));
    dir.write("pages/notes.md", "ignored");
    wiretrace::io::ArticleReader reader({dir.str() + "/pages"});
    wiretrace::io::Record r;
    REQUIRE(reader.next(r));
    CHECK(r.doc.id == "one.html");
    CHECK(r.doc.title == "One");
    CHECK(r.doc.outlet == "x.example");
    CHECK(r.url == "https://x.example/one");
    CHECK(r.doc.text == kPara1 + "\n\n" + kPara2 + "\n\n" + kPara3);
    CHECK_FALSE(r.rereadable);
    CHECK_FALSE(reader.next(r));
    CHECK(reader.stats().skipped_for(wiretrace::io::SkipReason::empty_text) == 1);  // empty.htm: no article
    CHECK(reader.stats().ignored_files == 1);
}

TEST_CASE("extract_article: character references left in JSON-LD are decoded", "[io][html]") {
    const std::string head =
        "<script type=\"application/ld+json\">{\"@type\":\"BlogPosting\",\"headline\":"
        "\"Caf&#233; &amp; bar &#x2013; &#8220;open&#8221; &hellip; &bogus; &#xZZ;\"}</script>";
    const auto a = extract_article(page(head, kBody));
    CHECK(a.title == "Caf\xC3\xA9 & bar \xE2\x80\x93 \xE2\x80\x9Copen\xE2\x80\x9D \xE2\x80\xA6 &bogus; &#xZZ;");
}
