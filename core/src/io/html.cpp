// SPDX-License-Identifier: Apache-2.0
// extract_article: an HTML page parsed with gumbo (HTML5), its metadata (JSON-LD, OpenGraph,
// article:* meta, <title>, <html lang>) read, its furniture removed, and its main text found by
// the scores of its paragraphs (text length, commas, link density, class and id names), as
// Mozilla's Readability does, then cleaned block by block.
#include "wiretrace/io/html.hpp"

#include "io/ascii.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <gumbo.h>
#include <memory>
#include <simdjson.h>
#include <vector>
#include <cstdio>
#include <cstdlib>

#include "wiretrace/document.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::io {
namespace {

using detail::ascii_lower;
using detail::ascii_lowered;
using detail::is_ascii_space;

// ---------------------------------------------------------------------------------------------
// Small string helpers

/// Length of a UTF-8 no-break space (U+00A0) at `i`, else 0.
std::size_t nbsp_at(std::string_view s, std::size_t i) {
    return i + 1 < s.size() && static_cast<unsigned char>(s[i]) == 0xC2 && static_cast<unsigned char>(s[i + 1]) == 0xA0 ? 2 : 0;
}

/// `s` with runs of white space (also no-break spaces) as one space, trimmed.
std::string collapse_spaces(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool space = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const std::size_t nb = nbsp_at(s, i);
        if (is_ascii_space(static_cast<unsigned char>(s[i])) || nb != 0) {
            space = true;
            if (nb != 0) ++i;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += s[i];
    }
    return out;
}

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

/// Counts the characters (not bytes) of UTF-8 text that are not white space.
std::size_t visible_chars(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) {
        if ((c & 0xC0) != 0x80 && !is_ascii_space(c)) ++n;
    }
    return n;
}

const char* attribute(const GumboElement& el, const char* name) {
    const GumboAttribute* a = gumbo_get_attribute(&el.attributes, name);
    return a == nullptr ? nullptr : a->value;
}

std::string_view attribute_or_empty(const GumboElement& el, const char* name) {
    const char* v = attribute(el, name);
    return v == nullptr ? std::string_view{} : std::string_view(v);
}

std::string raw_text(const GumboNode* node);
// ---------------------------------------------------------------------------------------------
// Class and id names

/// Words of class and id names that mark page furniture however the rest of the name reads.
constexpr std::array<std::string_view, 33> kFurnitureWords{
    "comment", "disqus", "share", "sharing", "social", "related", "recommend", "newsletter",
    "subscribe", "signup", "sign-up", "cookie", "consent", "gdpr", "outbrain", "taboola", "promo",
    "sponsor", "advert", "breadcrumb", "popup", "modal", "most-popular", "mostpopular",
    "trending", "read-more", "readmore", "more-stories", "caption", "sr-only", "visually-hidden",
    "screen-reader", "skip-link"};

/// Words that mark furniture unless a content word is also there ("sidebar", but not "article-sidebar"...).
constexpr std::array<std::string_view, 16> kWeakFurnitureWords{
    "sidebar", "footer", "header", "masthead", "menu", "banner", "navbar", "nav-", "-nav", "toolbar",
    "widget", "pagination", "pager", "tags", "byline", "author"};

/// Words of content containers.
constexpr std::array<std::string_view, 10> kContentWords{
    "article", "body", "content", "entry", "main", "post", "story", "text", "blog", "hentry"};

/// Readability's negative words: they lower a container's score.
constexpr std::array<std::string_view, 20> kNegativeWords{
    "hidden", "banner", "combx", "comment", "contact", "foot", "masthead", "media", "meta", "outbrain",
    "promo", "related", "scroll", "share", "shoutbox", "sidebar", "sponsor", "tags", "tool", "widget"};

template <std::size_t N>
bool has_any(std::string_view names, const std::array<std::string_view, N>& words) {
    return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return contains(names, w); });
}

/// True when `names` holds the class or id token `token` ("ad", "ads").
bool has_token(std::string_view names, std::string_view token) {
    for (std::size_t at = names.find(token); at != std::string_view::npos; at = names.find(token, at + 1)) {
        const bool start = at == 0 || !std::isalnum(static_cast<unsigned char>(names[at - 1]));
        const std::size_t end = at + token.size();
        const bool stop = end == names.size() || !std::isalnum(static_cast<unsigned char>(names[end]));
        if (start && stop) return true;
    }
    return false;
}

/// True when `names` holds `name` as a whole space-separated name ("hidden", not "hidden-xs").
bool has_class(std::string_view names, std::string_view name) {
    std::size_t start = 0;
    while (start < names.size()) {
        std::size_t end = names.find(' ', start);
        if (end == std::string_view::npos) end = names.size();
        if (names.substr(start, end - start) == name) return true;
        start = end + 1;
    }
    return false;
}

bool is_furniture_name(std::string_view names) {
    if (names.empty()) return false;
    // Embedded posts (a tweet quoted in the story) are the article's, share buttons are not.
    if ((contains(names, "embed") || contains(names, "tweet")) && !contains(names, "share")) return false;
    if (has_any(names, kFurnitureWords)) return true;
    if (has_token(names, "ad") || has_token(names, "ads") || has_token(names, "nav") || has_class(names, "hidden") ||
        has_class(names, "hide")) {
        return true;
    }
    return has_any(names, kWeakFurnitureWords) && !has_any(names, kContentWords);
}

/// Readability's class weight: -25 for a negative name, +25 for a content name, per class and id.
int class_weight(std::string_view cls, std::string_view id) {
    int w = 0;
    for (std::string_view names : {cls, id}) {
        if (names.empty()) continue;
        if (has_any(names, kNegativeWords)) w -= 25;
        if (has_any(names, kContentWords)) w += 25;
    }
    return w;
}

// ---------------------------------------------------------------------------------------------
// Before parsing

/// True when `s` at `pos` starts with `word` (lower case), case-insensitively.
bool starts_with_at(std::string_view s, std::size_t pos, std::string_view word) {
    if (pos + word.size() > s.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (ascii_lower(s[pos + i]) != word[i]) return false;
    }
    return true;
}

/// The position of the first `word` (lower case) at or after `pos`, case-insensitively, or npos.
std::size_t find_ci(std::string_view s, std::string_view word, std::size_t pos) {
    while (pos < s.size()) {
        const void* lt = std::memchr(s.data() + pos, word[0], s.size() - pos);
        if (lt == nullptr) return std::string_view::npos;
        pos = static_cast<std::size_t>(static_cast<const char*>(lt) - s.data());
        if (starts_with_at(s, pos, word)) return pos;
        ++pos;
    }
    return std::string_view::npos;
}

/// Attributes the extractor reads; the others (data-*, src, srcset, onclick, ...) are left out
/// before parsing.
constexpr std::array<std::string_view, 17> kReadAttributes{
    "class", "id", "href", "content", "property", "name", "itemprop", "rel", "type", "charset",
    "http-equiv", "lang", "hidden", "aria-hidden", "style", "role", "datetime"};

bool is_name_char(char c) { return !is_ascii_space(static_cast<unsigned char>(c)) && c != '>' && c != '/' && c != '='; }

/// Copies the start tag at `at` (just after its '<' and name) to `out` with only the attributes
/// the extractor reads; returns the position after its '>' (the page's end when it has none).
std::size_t copy_start_tag(std::string_view page, std::size_t pos, std::string& out) {
    while (pos < page.size()) {
        const char c = page[pos];
        if (c == '>') {
            out += '>';
            return pos + 1;
        }
        if (is_ascii_space(static_cast<unsigned char>(c)) || c == '/') {
            ++pos;
            continue;
        }
        const std::size_t name_start = pos;
        while (pos < page.size() && (is_name_char(page[pos]) || pos == name_start)) ++pos;
        const std::string_view name = page.substr(name_start, pos - name_start);
        std::size_t p = pos;
        while (p < page.size() && is_ascii_space(static_cast<unsigned char>(page[p]))) ++p;
        std::size_t end = pos;  // the end of the attribute (name, or name=value)
        if (p < page.size() && page[p] == '=') {
            ++p;
            while (p < page.size() && is_ascii_space(static_cast<unsigned char>(page[p]))) ++p;
            if (p < page.size() && (page[p] == '"' || page[p] == '\'')) {
                const std::size_t q = page.find(page[p], p + 1);
                end = q == std::string_view::npos ? page.size() : q + 1;
            } else {
                end = p;
                while (end < page.size() && !is_ascii_space(static_cast<unsigned char>(page[end])) && page[end] != '>') ++end;
            }
        }
        if (std::any_of(kReadAttributes.begin(), kReadAttributes.end(), [&](std::string_view a) { return iequals(a, name); })) {
            out += ' ';
            out.append(page.substr(name_start, end - name_start));
        }
        pos = end;
    }
    return page.size();
}

/// The page without what the extractor never reads: the code of scripts (JSON-LD kept), style
/// sheets, inline SVG drawings, comments, and the attributes it does not read. Most of the bytes
/// of a news page; gumbo tokenizes them a character at a time, so leaving them out makes
/// extraction three times as fast. The elements stay (scripts are counted as removed).
std::string strip_raw_text(std::string_view page) {
    std::string out;
    out.reserve(page.size() / 2);
    std::size_t pos = 0;
    while (pos < page.size()) {
        const void* lt = std::memchr(page.data() + pos, '<', page.size() - pos);
        const std::size_t at = lt == nullptr ? page.size() : static_cast<std::size_t>(static_cast<const char*>(lt) - page.data());
        out.append(page.substr(pos, at - pos));
        if (at == page.size()) break;
        if (starts_with_at(page, at, "<!--")) {
            const std::size_t end = page.find("-->", at + 4);
            pos = end == std::string_view::npos ? page.size() : end + 3;
            continue;
        }
        if (at + 1 >= page.size() || !std::isalpha(static_cast<unsigned char>(page[at + 1]))) {
            out += '<';  // an end tag, a doctype, or a '<' in the text
            pos = at + 1;
            continue;
        }
        std::size_t name_end = at + 1;
        while (name_end < page.size() && is_name_char(page[name_end])) ++name_end;
        const std::string name = ascii_lowered(page.substr(at + 1, name_end - at - 1));
        const std::size_t tag_start = out.size();
        out.append(page.substr(at, name_end - at));
        pos = copy_start_tag(page, name_end, out);
        if (name != "script" && name != "style" && name != "svg") continue;
        const bool keep_body = name == "script" && contains(ascii_lowered(std::string_view(out).substr(tag_start)), "ld+json");
        const std::size_t close = find_ci(page, "</" + name, pos);
        const std::size_t body_end = close == std::string_view::npos ? page.size() : close;
        if (keep_body) out.append(page.substr(pos, body_end - pos));
        out += "</" + name + '>';
        const std::size_t close_end = close == std::string_view::npos ? page.size() : page.find('>', close);
        pos = close_end == std::string_view::npos ? page.size() : close_end + 1;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// The page as a flat tree of the elements and texts kept

enum class Kind : std::uint8_t { element, text, line_break };

struct Node {
    Kind kind = Kind::element;
    GumboTag tag = GUMBO_TAG_UNKNOWN;
    int parent = -1;
    std::vector<int> children;
    std::string_view text;   ///< text nodes: gumbo's decoded text
    std::string cls;         ///< lower-case class
    std::string id;          ///< lower-case id
    bool is_link = false;    ///< an <a href>
    bool in_link = false;    ///< inside an <a href>
    // Aggregates over the subtree (filled bottom-up).
    std::uint32_t chars = 0;       ///< visible characters
    std::uint32_t link_chars = 0;  ///< visible characters inside links
    std::uint32_t commas = 0;
    std::uint32_t paragraphs = 0;  ///< <p> elements
    std::uint32_t images = 0;
    std::uint32_t list_items = 0;
    std::uint32_t inputs = 0;
    // Readability's score, once the node is a candidate.
    double score = 0;
    bool scored = false;
    int end = 0;           ///< one past the last node of the subtree (nodes are in document order)
};

bool is_block_tag(GumboTag t) {
    switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_TD:
    case GUMBO_TAG_TH: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_HR: case GUMBO_TAG_FIGURE: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_CENTER: case GUMBO_TAG_BODY:
    case GUMBO_TAG_HTML: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_UNKNOWN: case GUMBO_TAG_FORM: case GUMBO_TAG_HGROUP:
        return true;
    default:
        return false;
    }
}

/// Why an element is left out of the page, or none.
enum class Drop : std::uint8_t { none, script, navigation, form, hidden, boilerplate };

Drop drop_by_tag(GumboTag t) {
    switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS: case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO: case GUMBO_TAG_MAP: case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE: case GUMBO_TAG_APPLET: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_NOFRAMES:
        return Drop::script;
    case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_HEADER: case GUMBO_TAG_MENU:
        return Drop::navigation;
    case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_OPTION: case GUMBO_TAG_LABEL:
        return Drop::form;
    case GUMBO_TAG_FIGCAPTION:
        return Drop::boilerplate;
    default:
        return Drop::none;
    }
}

bool is_hidden(const GumboElement& el) {
    if (attribute(el, "hidden") != nullptr) return true;
    if (iequals(attribute_or_empty(el, "aria-hidden"), "true")) return true;
    const std::string style = ascii_lowered(attribute_or_empty(el, "style"));
    if (style.empty()) return false;
    std::string compact;
    for (char c : style) {
        if (!is_ascii_space(static_cast<unsigned char>(c))) compact += c;
    }
    return contains(compact, "display:none") || contains(compact, "visibility:hidden");
}

constexpr std::uint32_t kMinParagraphChars = 25;
constexpr std::size_t kTopCandidates = 5;  ///< Readability's number of top candidates compared
constexpr double kMaxParagraphLinkDensity = 0.8;  ///< paragraphs of more link text are left out

/// The text of the inline content directly in `i` (not inside its block children): its length.
std::uint32_t direct_inline_chars(const std::vector<Node>& nodes, int i) {
    std::uint32_t n = 0;
    for (int c : nodes[static_cast<std::size_t>(i)].children) {
        const Node& child = nodes[static_cast<std::size_t>(c)];
        if (child.kind == Kind::text || (child.kind == Kind::element && !is_block_tag(child.tag))) n += child.chars;
    }
    return n;
}

struct TreeOptions {
    bool drop_by_class = true;  ///< leave out elements whose class or id names furniture
};

/// The kept part of a gumbo tree, flattened in document order (a parent before its children).
class Tree {
public:
    Tree(const GumboNode* root, const TreeOptions& options, RemovedCounts& removed)
        : options_(options), removed_(removed) {
        build(root);
        aggregate();
    }

    std::vector<Node>& nodes() { return nodes_; }
    const std::vector<Node>& nodes() const { return nodes_; }

    double link_density(int i) const {
        const Node& n = nodes_[static_cast<std::size_t>(i)];
        return n.chars == 0 ? 0.0 : static_cast<double>(n.link_chars) / n.chars;
    }

private:
    void count(Drop why) {
        switch (why) {
        case Drop::script: ++removed_.scripts; break;
        case Drop::navigation: ++removed_.navigation; break;
        case Drop::form: ++removed_.forms; break;
        case Drop::hidden: ++removed_.hidden; break;
        case Drop::boilerplate: ++removed_.boilerplate; break;
        case Drop::none: break;
        }
    }

    Drop drop_of(const GumboElement& el, const std::string& cls, const std::string& id) const {
        const Drop by_tag = drop_by_tag(el.tag);
        if (by_tag != Drop::none) return by_tag;
        if (el.tag == GUMBO_TAG_BODY || el.tag == GUMBO_TAG_HTML) return Drop::none;
        if (is_hidden(el)) return Drop::hidden;
        const std::string_view role = attribute_or_empty(el, "role");
        if (iequals(role, "navigation") || iequals(role, "banner") || iequals(role, "contentinfo") ||
            iequals(role, "complementary") || iequals(role, "menu") || iequals(role, "dialog")) {
            return Drop::navigation;
        }
        if (!options_.drop_by_class || el.tag == GUMBO_TAG_ARTICLE || el.tag == GUMBO_TAG_MAIN) return Drop::none;
        if (iequals(attribute_or_empty(el, "itemprop"), "articleBody")) return Drop::none;
        if (is_furniture_name(cls) || is_furniture_name(id)) return Drop::boilerplate;
        return Drop::none;
    }

    /// Appends `root` and its kept descendants, iteratively (pages can nest deeply).
    void build(const GumboNode* root) {
        struct Item {
            const GumboNode* node;
            int parent;
        };
        std::vector<Item> stack{{root, -1}};
        while (!stack.empty()) {
            const Item item = stack.back();
            stack.pop_back();
            const GumboNode* g = item.node;
            Node n;
            n.parent = item.parent;
            if (n.parent >= 0) {
                const Node& p = nodes_[static_cast<std::size_t>(n.parent)];
                n.in_link = p.in_link || p.is_link;
            }
            if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_CDATA || g->type == GUMBO_NODE_WHITESPACE) {
                n.kind = Kind::text;
                n.text = g->v.text.text;
            } else if (g->type == GUMBO_NODE_ELEMENT || g->type == GUMBO_NODE_TEMPLATE || g->type == GUMBO_NODE_DOCUMENT) {
                if (g->type == GUMBO_NODE_DOCUMENT) {
                    n.tag = GUMBO_TAG_HTML;
                } else {
                    const GumboElement& el = g->v.element;
                    n.tag = el.tag;
                    n.cls = ascii_lowered(attribute_or_empty(el, "class"));
                    n.id = ascii_lowered(attribute_or_empty(el, "id"));
                    const Drop why = drop_of(el, n.cls, n.id);
                    if (why != Drop::none) {
#ifdef WIRETRACE_HTML_DEBUG
                        if (std::getenv("WT_DEBUG")) std::fprintf(stderr, "DROP %d %s cls=%s id=%s chars~%zu\n", int(why), gumbo_normalized_tagname(el.tag), n.cls.c_str(), n.id.c_str(), raw_text(g).size());
#endif
                        count(why);
                        continue;
                    }
                    if (el.tag == GUMBO_TAG_BR) n.kind = Kind::line_break;
                    n.is_link = el.tag == GUMBO_TAG_A && attribute(el, "href") != nullptr;
                    if (el.tag == GUMBO_TAG_IMG) ++n.images;
                }
            } else {
                continue;  // comments
            }
            const int index = static_cast<int>(nodes_.size());
            if (n.parent >= 0) nodes_[static_cast<std::size_t>(n.parent)].children.push_back(index);
            nodes_.push_back(std::move(n));
            if (g->type == GUMBO_NODE_ELEMENT || g->type == GUMBO_NODE_TEMPLATE || g->type == GUMBO_NODE_DOCUMENT) {
                const GumboVector& kids = g->type == GUMBO_NODE_DOCUMENT ? g->v.document.children : g->v.element.children;
                for (unsigned k = kids.length; k-- > 0;) {
                    stack.push_back({static_cast<const GumboNode*>(kids.data[k]), index});
                }
            }
        }
    }

    void aggregate() {
        for (std::size_t i = nodes_.size(); i-- > 0;) {
            Node& n = nodes_[i];
            n.end = std::max(n.end, static_cast<int>(i) + 1);
            if (n.kind == Kind::text) {
                n.chars = static_cast<std::uint32_t>(visible_chars(n.text));
                n.commas = static_cast<std::uint32_t>(std::count(n.text.begin(), n.text.end(), ','));
            }
            if (n.tag == GUMBO_TAG_P || (n.kind == Kind::element && n.tag != GUMBO_TAG_BODY && is_block_tag(n.tag) &&
                                         direct_inline_chars(nodes_, static_cast<int>(i)) >= kMinParagraphChars)) {
                ++n.paragraphs;  // a <p>, or a block of text written straight in (a <div> of text)
            }
            if (n.tag == GUMBO_TAG_LI) ++n.list_items;
            if (n.is_link) n.link_chars = n.chars;
            if (n.parent >= 0) {
                Node& p = nodes_[static_cast<std::size_t>(n.parent)];
                p.chars += n.chars;
                p.link_chars += n.link_chars;
                p.commas += n.commas;
                p.paragraphs += n.paragraphs;
                p.images += n.images;
                p.list_items += n.list_items;
                p.inputs += n.inputs;
                p.end = std::max(p.end, n.end);
            }
        }
    }

    TreeOptions options_;
    RemovedCounts& removed_;
    std::vector<Node> nodes_;
};

// ---------------------------------------------------------------------------------------------
// Finding the article's container (Readability's scoring)

double initial_score(const Node& n) {
    double s = class_weight(n.cls, n.id);
    switch (n.tag) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: s += 5; break;
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: s += 3; break;
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL: case GUMBO_TAG_DD:
    case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM: s -= 3; break;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_TH: s -= 5; break;
    default: break;
    }
    return s;
}

/// Scores the ancestors of every paragraph; returns the best candidate (-1 when none).
int find_top_candidate(Tree& tree) {
    std::vector<Node>& nodes = tree.nodes();
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const Node& n = nodes[i];
        if (n.kind != Kind::element) continue;
        std::uint32_t chars = 0;
        std::uint32_t commas = n.commas;
        if (n.tag == GUMBO_TAG_P || n.tag == GUMBO_TAG_PRE || n.tag == GUMBO_TAG_TD) {
            chars = n.chars;
        } else if (n.tag == GUMBO_TAG_DIV || n.tag == GUMBO_TAG_SECTION || n.tag == GUMBO_TAG_ARTICLE ||
                   n.tag == GUMBO_TAG_UNKNOWN) {
            chars = direct_inline_chars(nodes, static_cast<int>(i));  // text written straight in a div
            if (chars < n.chars) commas = 0;
        }
        if (chars < kMinParagraphChars) continue;
        const double score = 1.0 + commas + std::min(chars / 100.0, 3.0);
        // A <div> of text is both a paragraph and its own container.
        int a = n.tag == GUMBO_TAG_P || n.tag == GUMBO_TAG_PRE || n.tag == GUMBO_TAG_TD ? n.parent : static_cast<int>(i);
        for (int level = 0; a >= 0 && level < 5; ++level, a = nodes[static_cast<std::size_t>(a)].parent) {
            Node& anc = nodes[static_cast<std::size_t>(a)];
            if (anc.tag == GUMBO_TAG_HTML) break;
            if (!anc.scored) {
                anc.score = initial_score(anc);
                anc.scored = true;
            }
            const double divider = level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0;
            anc.score += score / divider;
        }
    }
    std::vector<int> ranked;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        Node& n = nodes[i];
        if (!n.scored) continue;
        n.score *= 1.0 - tree.link_density(static_cast<int>(i));
        ranked.push_back(static_cast<int>(i));
    }
    if (ranked.empty()) return -1;
    const auto score_of = [&](int i) { return nodes[static_cast<std::size_t>(i)].score; };
    const std::size_t keep = std::min<std::size_t>(ranked.size(), kTopCandidates);
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end(),
                      [&](int a, int b) { return score_of(a) > score_of(b) || (score_of(a) == score_of(b) && a < b); });
    int top = ranked[0];
    // The article split in several scored blocks (a card per paragraph): their nearest common
    // ancestor holding at least three of the close runners-up is the container.
    std::vector<int> close;
    for (std::size_t k = 1; k < keep; ++k) {
        if (score_of(ranked[k]) >= 0.75 * score_of(top)) close.push_back(ranked[k]);
    }
    if (close.size() >= 3) {
        for (int a = nodes[static_cast<std::size_t>(top)].parent; a >= 0 && nodes[static_cast<std::size_t>(a)].tag != GUMBO_TAG_BODY;
             a = nodes[static_cast<std::size_t>(a)].parent) {
            const Node& anc = nodes[static_cast<std::size_t>(a)];
            const auto inside = std::count_if(close.begin(), close.end(), [&](int c) { return c > a && c < anc.end; });
            if (inside >= 3) {
                top = a;
                break;
            }
        }
    }
    // Readability: climb while the ancestors' scores stay above a third of the top's; an ancestor
    // that scores higher than the one below it holds more of the article (chunks of the body).
    double last = score_of(top);
    const double floor = last / 3.0;
    for (int a = nodes[static_cast<std::size_t>(top)].parent; a >= 0 && nodes[static_cast<std::size_t>(a)].tag != GUMBO_TAG_BODY;
         a = nodes[static_cast<std::size_t>(a)].parent) {
        const Node& anc = nodes[static_cast<std::size_t>(a)];
        if (!anc.scored) continue;
        if (anc.score < floor) break;
        if (anc.score > last) {
            top = a;
            break;
        }
        last = anc.score;
    }
    return top;
}

/// Readability's conditional cleaning: true for a container inside the article that looks like
/// furniture (lists of links, image galleries, short blocks of few commas).
bool looks_like_furniture(const Tree& tree, int i) {
    const Node& n = tree.nodes()[static_cast<std::size_t>(i)];
    const int weight = class_weight(n.cls, n.id);
    if (weight + (n.scored ? n.score : 0) < 0) return true;
    if (n.commas >= 10) return false;
    if (n.chars - n.link_chars > 800) return false;  // much text of its own (languages of few commas)
    const double density = tree.link_density(i);
    const bool is_list = n.tag == GUMBO_TAG_UL || n.tag == GUMBO_TAG_OL;
    const double p = n.paragraphs;
    if (n.images > 1 && p / n.images < 0.5 && n.chars - n.link_chars < 150) return true;  // a gallery
    if (!is_list && n.list_items > p + 1 && density > 0.2) return true;
    if (n.chars < 25 && (n.images == 0 || n.images > 2)) return n.chars > 0 || n.images > 2;
    if (weight < 25 && density > 0.2) return true;
    if (weight >= 25 && density > 0.5) return true;
    return false;
}

bool cleaned_conditionally(GumboTag t) {
    return t == GUMBO_TAG_DIV || t == GUMBO_TAG_SECTION || t == GUMBO_TAG_UL || t == GUMBO_TAG_OL ||
           t == GUMBO_TAG_TABLE || t == GUMBO_TAG_FORM || t == GUMBO_TAG_FIELDSET || t == GUMBO_TAG_FIGURE ||
           t == GUMBO_TAG_UNKNOWN;
}

/// The containers that hold the article: the top candidate and the siblings that belong with it.
std::vector<int> article_containers(const Tree& tree, int top) {
    const std::vector<Node>& nodes = tree.nodes();
    const Node& t = nodes[static_cast<std::size_t>(top)];
    if (t.parent < 0) return {top};
    const double threshold = std::max(10.0, t.score * 0.2);
    std::vector<int> out;
    for (int s : nodes[static_cast<std::size_t>(t.parent)].children) {
        const Node& n = nodes[static_cast<std::size_t>(s)];
        if (s == top) {
            out.push_back(s);
            continue;
        }
        if (n.kind != Kind::element) continue;
        double bonus = !t.cls.empty() && n.cls == t.cls ? t.score * 0.2 : 0.0;
        if (n.scored && n.score + bonus >= threshold) {
            out.push_back(s);
            continue;
        }
        if (n.tag == GUMBO_TAG_P) {
            const double density = tree.link_density(s);
            if (n.chars > 80 && density < 0.25) out.push_back(s);
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Writing the article's text

class TextWriter {
public:
    TextWriter(Tree& tree, RemovedCounts& removed) : tree_(tree), removed_(removed) {}

    void write(int container) {
        struct Item {
            int node;
            bool close;
        };
        std::vector<Item> stack{{container, false}};
        std::vector<Node>& nodes = tree_.nodes();
        while (!stack.empty()) {
            const Item item = stack.back();
            stack.pop_back();
            Node& n = nodes[static_cast<std::size_t>(item.node)];
            if (item.close) {
                if (is_block_tag(n.tag)) flush();
                continue;
            }
            if (n.kind == Kind::text) {
                paragraph_.append(n.text);
                if (n.in_link) links_.append(n.text);
                continue;
            }
            if (n.kind == Kind::line_break) {
                flush();
                continue;
            }
            if (item.node != container && cleaned_conditionally(n.tag) && looks_like_furniture(tree_, item.node)) {
                ++removed_.link_blocks;
                continue;
            }
            if (n.tag == GUMBO_TAG_H1) continue;  // the title
            if (is_block_tag(n.tag)) flush();
            stack.push_back({item.node, true});
            for (auto c = n.children.rbegin(); c != n.children.rend(); ++c) stack.push_back({*c, false});
        }
        flush();
    }

    std::string take() {
        std::string out;
        for (const std::string& p : paragraphs_) {
            if (!out.empty()) out += "\n\n";
            out += p;
        }
        return out;
    }

private:
    void flush() {
        std::string p = collapse_spaces(paragraph_);
        const std::size_t chars = visible_chars(p);
        const std::size_t link = visible_chars(links_);
        paragraph_.clear();
        links_.clear();
        if (chars == 0) return;
        if (static_cast<double>(link) / static_cast<double>(chars) > kMaxParagraphLinkDensity) {
            ++removed_.link_blocks;
            return;
        }
        paragraphs_.push_back(std::move(p));
    }

    Tree& tree_;
    RemovedCounts& removed_;
    std::string paragraph_;
    std::string links_;
    std::vector<std::string> paragraphs_;
};

// ---------------------------------------------------------------------------------------------
// The page's metadata

struct Metadata {
    std::string lang;
    std::string title_tag;
    std::string canonical;
    std::vector<std::pair<std::string, std::string>> meta;  ///< lower-case name/property/itemprop -> content
    std::vector<std::string> json_ld;
    std::string itemprop_date;
    std::vector<std::string> itemprop_authors;
    // From JSON-LD's article object.
    std::string ld_headline;
    std::string ld_date;
    std::string ld_body;
    std::string ld_publisher;
    std::string ld_language;
    std::vector<std::string> ld_authors;

    std::string_view get(std::string_view key) const {
        for (const auto& [k, v] : meta) {
            if (k == key && !v.empty()) return v;
        }
        return {};
    }
};

/// The text of a gumbo element, scripts included (for <title> and <script> contents).
std::string raw_text(const GumboNode* node) {
    std::string out;
    std::vector<const GumboNode*> stack{node};
    while (!stack.empty()) {
        const GumboNode* n = stack.back();
        stack.pop_back();
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA || n->type == GUMBO_NODE_WHITESPACE) {
            out += n->v.text.text;
        } else if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
            const GumboVector& kids = n->v.element.children;
            for (unsigned k = kids.length; k-- > 0;) stack.push_back(static_cast<const GumboNode*>(kids.data[k]));
        }
    }
    return out;
}

Metadata read_metadata(const GumboNode* document) {
    Metadata m;
    std::vector<const GumboNode*> stack{document};
    while (!stack.empty()) {
        const GumboNode* n = stack.back();
        stack.pop_back();
        const GumboVector* kids = nullptr;
        if (n->type == GUMBO_NODE_DOCUMENT) {
            kids = &n->v.document.children;
        } else if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
            const GumboElement& el = n->v.element;
            kids = &el.children;
            switch (el.tag) {
            case GUMBO_TAG_HTML:
                if (m.lang.empty()) m.lang = collapse_spaces(attribute_or_empty(el, "lang"));
                break;
            case GUMBO_TAG_TITLE:
                if (m.title_tag.empty()) m.title_tag = collapse_spaces(raw_text(n));
                continue;
            case GUMBO_TAG_META: {
                std::string_view key = attribute_or_empty(el, "property");
                if (key.empty()) key = attribute_or_empty(el, "name");
                if (key.empty()) key = attribute_or_empty(el, "itemprop");
                if (key.empty()) key = attribute_or_empty(el, "http-equiv");
                const std::string_view content = attribute_or_empty(el, "content");
                if (!key.empty() && !content.empty()) m.meta.emplace_back(ascii_lowered(key), collapse_spaces(content));
                break;
            }
            case GUMBO_TAG_LINK:
                if (m.canonical.empty() && iequals(attribute_or_empty(el, "rel"), "canonical")) {
                    m.canonical = collapse_spaces(attribute_or_empty(el, "href"));
                }
                break;
            case GUMBO_TAG_SCRIPT:
                if (contains(ascii_lowered(attribute_or_empty(el, "type")), "ld+json")) m.json_ld.push_back(raw_text(n));
                continue;
            case GUMBO_TAG_STYLE:
                continue;
            default:
                break;
            }
            const std::string_view itemprop = attribute_or_empty(el, "itemprop");
            if (!itemprop.empty() && el.tag != GUMBO_TAG_META) {
                if (iequals(itemprop, "datePublished") && m.itemprop_date.empty()) {
                    std::string_view d = attribute_or_empty(el, "datetime");
                    if (d.empty()) d = attribute_or_empty(el, "content");
                    m.itemprop_date = collapse_spaces(d);
                } else if (iequals(itemprop, "author") && m.itemprop_authors.size() < 10) {
                    std::string name = collapse_spaces(raw_text(n));
                    if (!name.empty() && name.size() < 100) m.itemprop_authors.push_back(std::move(name));
                }
            }
        }
        if (kids != nullptr) {
            for (unsigned k = kids->length; k-- > 0;) stack.push_back(static_cast<const GumboNode*>(kids->data[k]));
        }
    }
    return m;
}

// JSON-LD ---------------------------------------------------------------------------------------

namespace dom = simdjson::dom;

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// Character references left in JSON-LD text (pages escape their headlines twice): numeric ones
/// and the common named ones decoded; others kept as written.
std::string decode_entities(std::string_view s) {
    static constexpr std::array<std::pair<std::string_view, std::uint32_t>, 14> kNamed{{
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", 0xA0},
        {"ndash", 0x2013}, {"mdash", 0x2014}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C},
        {"rdquo", 0x201D}, {"hellip", 0x2026}, {"pound", 0xA3}}};
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t semi = s[i] == '&' ? s.find(';', i + 1) : std::string_view::npos;
        if (semi == std::string_view::npos || semi - i > 10 || semi == i + 1) {
            out += s[i++];
            continue;
        }
        const std::string_view ref = s.substr(i + 1, semi - i - 1);
        std::uint32_t cp = 0;
        bool ok = false;
        if (ref[0] == '#') {
            const bool hex = ref.size() > 1 && (ref[1] == 'x' || ref[1] == 'X');
            const std::string_view digits = ref.substr(hex ? 2 : 1);
            ok = !digits.empty();
            for (char c : digits) {
                const int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                              : hex && std::isxdigit(static_cast<unsigned char>(c)) ? (ascii_lower(c) - 'a' + 10)
                                                                                     : -1;
                if (v < 0 || cp > 0x10FFFF) {
                    ok = false;
                    break;
                }
                cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
            }
        } else {
            for (const auto& [name, value] : kNamed) {
                if (ref == name) {
                    cp = value;
                    ok = true;
                }
            }
        }
        if (!ok) {
            out += s[i++];
            continue;
        }
        append_utf8(out, cp);
        i = semi + 1;
    }
    return out;
}

std::string json_string(dom::element e) {
    std::string_view s;
    if (e.get_string().get(s) == simdjson::SUCCESS) return collapse_spaces(decode_entities(s));
    return {};
}

std::string json_field(dom::object o, std::string_view key) {
    dom::element e;
    if (o[key].get(e) != simdjson::SUCCESS) return {};
    dom::array arr;
    if (e.get_array().get(arr) == simdjson::SUCCESS) {  // e.g. "headline": ["..."]
        for (dom::element x : arr) return json_string(x);
        return {};
    }
    dom::object obj;
    if (e.get_object().get(obj) == simdjson::SUCCESS) return json_field(obj, "name");
    return json_string(e);
}

bool is_article_type(dom::object o) {
    dom::element t;
    if (o["@type"].get(t) != simdjson::SUCCESS) return false;
    auto article = [](std::string_view s) {
        return s.ends_with("Article") || s.ends_with("BlogPosting") || s == "Report" || s == "LiveBlogPosting";
    };
    std::string_view name;
    if (t.get_string().get(name) == simdjson::SUCCESS) return article(name);
    dom::array arr;
    if (t.get_array().get(arr) == simdjson::SUCCESS) {
        for (dom::element x : arr) {
            if (x.get_string().get(name) == simdjson::SUCCESS && article(name)) return true;
        }
    }
    return false;
}

void read_ld_authors(dom::element e, std::vector<std::string>& out) {
    dom::array arr;
    if (e.get_array().get(arr) == simdjson::SUCCESS) {
        for (dom::element x : arr) {
            if (!x.is_array()) read_ld_authors(x, out);
        }
        return;
    }
    dom::object obj;
    std::string name = e.get_object().get(obj) == simdjson::SUCCESS ? json_field(obj, "name") : json_string(e);
    if (!name.empty() && name.size() < 100 && !name.starts_with("http")) out.push_back(std::move(name));
}

/// Looks for the article object in a JSON-LD value (also in arrays and @graph); fills `m`.
bool read_ld_value(dom::element e, Metadata& m, int depth) {
    if (depth > 8) return false;
    dom::array arr;
    if (e.get_array().get(arr) == simdjson::SUCCESS) {
        for (dom::element x : arr) {
            if (read_ld_value(x, m, depth + 1)) return true;
        }
        return false;
    }
    dom::object o;
    if (e.get_object().get(o) != simdjson::SUCCESS) return false;
    if (is_article_type(o)) {
        m.ld_headline = json_field(o, "headline");
        if (m.ld_headline.empty()) m.ld_headline = json_field(o, "name");
        m.ld_date = json_field(o, "datePublished");
        if (m.ld_date.empty()) m.ld_date = json_field(o, "dateCreated");
        dom::element body;
        std::string_view body_text;
        if (o["articleBody"].get(body) == simdjson::SUCCESS && body.get_string().get(body_text) == simdjson::SUCCESS) {
            m.ld_body = decode_entities(body_text);
        }
        m.ld_publisher = json_field(o, "publisher");
        m.ld_language = json_field(o, "inLanguage");
        dom::element author;
        if (o["author"].get(author) == simdjson::SUCCESS) read_ld_authors(author, m.ld_authors);
        return true;
    }
    for (const char* key : {"@graph", "mainEntity"}) {
        dom::element inner;
        if (o[key].get(inner) == simdjson::SUCCESS && read_ld_value(inner, m, depth + 1)) return true;
    }
    return false;
}

void read_json_ld(Metadata& m) {
    dom::parser parser;
    for (const std::string& block : m.json_ld) {
        // Pages write raw line breaks and tabs inside JSON strings: JSON forbids them, browsers
        // and search engines accept them. Replaced by spaces.
        std::string json = block;
        for (char& c : json) {
            if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        }
        dom::element root;
        if (parser.parse(json).get(root) != simdjson::SUCCESS) continue;
        if (read_ld_value(root, m, 0)) return;
    }
}

// Title, date, byline, outlet --------------------------------------------------------------------

/// The host of a URL without "www.", or empty.
std::string host_of(std::string_view url) {
    const std::size_t scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    std::string_view rest = url.substr(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
    rest = rest.substr(0, rest.find(':'));
    std::string host = ascii_lowered(rest);
    if (host.starts_with("www.")) host.erase(0, 4);
    return host;
}

/// A <title> without the site's name after " | ", " - ", " – " or " — ".
std::string strip_site_suffix(std::string title) {
    for (std::string_view sep : {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: "}) {
        const std::size_t at = title.rfind(sep);
        if (at != std::string::npos && at >= 15) return title.substr(0, at);
    }
    return title;
}

std::string clean_author(std::string name) {
    name = collapse_spaces(name);
    if (name.size() > 3 && iequals(std::string_view(name).substr(0, 3), "by ")) name.erase(0, 3);
    return name;
}

void add_unique(std::vector<std::string>& names, std::string name) {
    if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
}

void fill_metadata(const Metadata& m, std::string_view url, ExtractedArticle& a) {
    a.url = url.empty() ? (m.canonical.empty() ? std::string(m.get("og:url")) : m.canonical) : std::string(url);
    a.title = m.ld_headline;
    if (a.title.empty()) a.title = m.get("og:title");
    if (a.title.empty()) a.title = m.get("twitter:title");
    if (a.title.empty()) a.title = strip_site_suffix(m.title_tag);

    a.outlet = m.get("og:site_name");
    if (a.outlet.empty()) a.outlet = m.ld_publisher;
    if (a.outlet.empty()) a.outlet = host_of(a.url);

    std::string date = m.ld_date;
    for (std::string_view key : {"article:published_time", "og:published_time", "datepublished", "article.published",
                                 "pubdate", "publishdate", "publish-date", "parsely-pub-date", "sailthru.date",
                                 "dc.date.issued", "dc.date", "dcterms.created", "date"}) {
        if (!date.empty()) break;
        date = m.get(key);
    }
    if (date.empty()) date = m.itemprop_date;
    a.published_text = date;
    if (const auto t = parse_iso8601(date)) {
        a.published = t;
        a.published_granularity = iso8601_granularity(date);
    }

    std::vector<std::string> authors;
    for (const std::string& n : m.ld_authors) add_unique(authors, clean_author(n));
    if (authors.empty()) {
        for (std::string_view key : {"author", "article:author", "byl", "sailthru.author", "parsely-author", "dc.creator"}) {
            const std::string_view v = m.get(key);
            if (!v.empty() && !v.starts_with("http")) {
                add_unique(authors, clean_author(std::string(v)));
                break;
            }
        }
    }
    if (authors.empty()) {
        for (const std::string& n : m.itemprop_authors) add_unique(authors, clean_author(n));
    }
    for (const std::string& n : authors) {
        if (!a.byline.empty()) a.byline += ", ";
        a.byline += n;
    }

    a.language = m.lang;
    if (a.language.empty()) a.language = m.get("content-language");
    if (a.language.empty()) a.language = m.ld_language;
    if (a.language.empty()) {
        std::string locale(m.get("og:locale"));
        std::replace(locale.begin(), locale.end(), '_', '-');
        a.language = locale;
    }
}

/// The article body in JSON-LD's articleBody: paragraphs at its line breaks, HTML tags removed.
std::string ld_body_text(std::string_view body) {
    std::string plain;
    bool in_tag = false;
    for (char c : body) {
        if (c == '<') in_tag = true;
        if (!in_tag) plain += c;
        if (c == '>') in_tag = false;
    }
    std::string out;
    std::size_t start = 0;
    while (start <= plain.size()) {
        std::size_t end = plain.find('\n', start);
        if (end == std::string::npos) end = plain.size();
        std::string p = collapse_spaces(std::string_view(plain).substr(start, end - start));
        if (!p.empty()) {
            if (!out.empty()) out += "\n\n";
            out += p;
        }
        start = end + 1;
    }
    return out;
}

// The body from the page's elements ------------------------------------------------------------------

/// The containers of the article: those of the top candidate (article_containers), and the
/// candidates elsewhere in the page with the top's class and a fair score (an article body in
/// sections, figures and quotes between them), in document order, none inside another.
std::vector<int> all_containers(const Tree& tree, int top) {
    std::vector<int> out = article_containers(tree, top);
    const std::vector<Node>& nodes = tree.nodes();
    const Node& t = nodes[static_cast<std::size_t>(top)];
    if (t.cls.empty()) return out;
    const double threshold = std::max(10.0, t.score * 0.2);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const Node& n = nodes[i];
        if (!n.scored || n.cls != t.cls || n.score < threshold) continue;
        const int c = static_cast<int>(i);
        const bool nested = std::any_of(out.begin(), out.end(), [&](int o) {
            const Node& on = nodes[static_cast<std::size_t>(o)];
            return (c >= o && c < on.end) || (o >= c && o < n.end);
        });
        if (!nested) out.push_back(c);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string dom_text(const GumboNode* root, bool drop_by_class, RemovedCounts& removed) {
    Tree tree(root, TreeOptions{drop_by_class}, removed);
    const int top = find_top_candidate(tree);
    if (top < 0) return {};
    TextWriter writer(tree, removed);
#ifdef WIRETRACE_HTML_DEBUG
     if (std::getenv("WT_DEBUG")) { const Node& t = tree.nodes()[top]; std::fprintf(stderr, "TOP %s cls=%s id=%s score=%.1f chars=%u link=%u\n", gumbo_normalized_tagname(t.tag), t.cls.c_str(), t.id.c_str(), t.score, t.chars, t.link_chars);
       for (std::size_t i = 0; i < tree.nodes().size(); ++i) { const Node& n = tree.nodes()[i]; if (const char* w = std::getenv("WT_FIND"); w && n.kind == Kind::text && n.text.find(w) != std::string_view::npos) { for (int a = n.parent; a >= 0; a = tree.nodes()[a].parent) std::fprintf(stderr, "   anc %s cls=%s id=%s chars=%u score=%.1f scored=%d\n", gumbo_normalized_tagname(tree.nodes()[a].tag), tree.nodes()[a].cls.c_str(), tree.nodes()[a].id.c_str(), tree.nodes()[a].chars, tree.nodes()[a].score, tree.nodes()[a].scored); } if (n.scored && n.score > 10) std::fprintf(stderr, "  cand %zu %s cls=%s id=%s score=%.1f chars=%u\n", i, gumbo_normalized_tagname(n.tag), n.cls.c_str(), n.id.c_str(), n.score, n.chars); } }
#endif
    for (int c : all_containers(tree, top)) writer.write(c);
    return writer.take();
}

/// Lines that are page furniture wherever they stand (compared in lower case, without the
/// punctuation at their ends).
constexpr std::array<std::string_view, 16> kFurnitureLines{
    "advertisement", "advertisements", "tags", "comments", "share", "share this", "share this article",
    "related", "related articles", "related stories", "read more", "continue reading",
    "this slideshow requires javascript", "loading", "click to expand", "skip to content"};

/// `text` without its paragraphs that repeat the title or are furniture lines.
std::string drop_furniture_paragraphs(const std::string& text, const std::string& title) {
    auto key = [](std::string_view p) {
        std::string k = ascii_lowered(p);
        const auto is_edge = [](unsigned char c) { return c < 0x80 && !std::isalnum(c); };
        while (!k.empty() && is_edge(static_cast<unsigned char>(k.back()))) k.pop_back();
        std::size_t start = 0;
        while (start < k.size() && is_edge(static_cast<unsigned char>(k[start]))) ++start;
        return k.substr(start);
    };
    const std::string title_key = key(title);
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find("\n\n", start);
        if (end == std::string::npos) end = text.size();
        const std::string_view p = std::string_view(text).substr(start, end - start);
        const std::string k = key(p);
        const bool furniture = (!title_key.empty() && k == title_key) ||
                               std::find(kFurnitureLines.begin(), kFurnitureLines.end(), k) != kFurnitureLines.end();
        if (!furniture && !p.empty()) {
            if (!out.empty()) out += "\n\n";
            out.append(p);
        }
        start = end + 2;
    }
    return out;
}

struct GumboDeleter {
    void operator()(GumboOutput* out) const { gumbo_destroy_output(&kGumboDefaultOptions, out); }
};

}  // namespace

bool is_html_file_name(const std::string& name) {
    std::string base = ascii_lowered(name);
    for (std::string_view ext : {".gz", ".zst"}) {
        if (base.ends_with(ext)) base.resize(base.size() - ext.size());
    }
    return base.ends_with(".html") || base.ends_with(".htm");
}

ExtractedArticle extract_article(std::string_view raw_bytes, std::string_view url, std::string_view http_content_type) {
    ExtractedArticle a;
    DecodedHtml decoded = decode_html(raw_bytes, http_content_type);
    a.charset = decoded.charset;
    a.replaced_bytes = decoded.replaced;
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;  // parse errors are not needed: do not record them
    const std::string markup = strip_raw_text(decoded.text);
    const std::unique_ptr<GumboOutput, GumboDeleter> parsed(gumbo_parse_with_options(&options, markup.data(), markup.size()));
    if (!parsed) return a;

    Metadata meta = read_metadata(parsed->document);
    read_json_ld(meta);
    fill_metadata(meta, url, a);

    RemovedCounts removed;
    std::string text = dom_text(parsed->document, true, removed);
    if (visible_chars(text) < 250) {
        // Class names led astray (a page wrapped in "has-sidebar"): try again without them.
        RemovedCounts again;
        std::string retry = dom_text(parsed->document, false, again);
        if (visible_chars(retry) > visible_chars(text)) {
            text = std::move(retry);
            removed = again;
        }
    }
    a.removed = removed;
    a.body_source = "dom";
    a.text = drop_furniture_paragraphs(text, a.title);
    // A page whose elements gave much less than its JSON-LD articleBody (the body rendered by
    // script, or split in ways the scoring missed): the articleBody is the article.
    if (!meta.ld_body.empty()) {
        std::string ld = ld_body_text(meta.ld_body);
        if (visible_chars(ld) > 2 * visible_chars(a.text)) {
            a.text = std::move(ld);
            a.body_source = "json-ld";
        }
    }
    return a;
}

}  // namespace wiretrace::io
