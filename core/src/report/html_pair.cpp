// SPDX-License-Identifier: Apache-2.0
// The HTML pair view: header with relation, direction and coverage, then both texts side by side
// with the passages, edits and moves of the alignment marked where they stand.
#include <algorithm>
#include <fmt/format.h>

#include "report/html_page.hpp"
#include "report/pair_common.hpp"
#include "wiretrace/report/html_pair.hpp"

namespace wiretrace::report {
namespace {

using detail::quote;

constexpr std::size_t kPassageColours = 12;  // classes c0 .. c11 of the style sheet

/// A marked byte range of one text: a passage (with the edits inside it) or an edit.
struct Mark {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    std::string before;  ///< HTML just before the opening tag (a passage's number)
    std::string open;    ///< the opening tag
    std::string_view close;
    std::vector<Mark> inner;  ///< marks inside this one
};

/// An empty element at a position of the text: where the other text has words this one lacks.
struct Point {
    std::uint32_t at = 0;
    std::string html;
};

/// Sorts marks by position and cuts them to [lo, hi) and to each other (a mark starting inside
/// the previous one starts at its end), so they nest. Alignments never overlap their passages or
/// edits on one side; this keeps the page well formed whatever they hold.
void make_disjoint(std::vector<Mark>& marks, std::uint32_t lo, std::uint32_t hi) {
    std::stable_sort(marks.begin(), marks.end(), [](const Mark& x, const Mark& y) { return x.begin < y.begin; });
    std::vector<Mark> kept;
    kept.reserve(marks.size());
    std::uint32_t floor = lo;
    for (Mark& m : marks) {
        m.begin = std::max(m.begin, floor);
        m.end = std::min(m.end, hi);
        if (m.begin >= m.end) continue;
        floor = m.end;
        kept.push_back(std::move(m));
    }
    marks = std::move(kept);
}

/// Adds `m` to `level`, inside the last mark there (at any depth) when that mark holds it.
void nest(std::vector<Mark>& level, Mark m) {
    if (!level.empty() && level.back().begin <= m.begin && m.end <= level.back().end) {
        nest(level.back().inner, std::move(m));
    } else {
        level.push_back(std::move(m));
    }
}

/// make_disjoint on the marks inside `m`, at every depth.
void disjoint_inside(Mark& m) {
    make_disjoint(m.inner, m.begin, m.end);
    for (Mark& inner : m.inner) disjoint_inside(inner);
}

/// Writes a text with its marks and points, escaping every byte of it.
class TextWriter {
public:
    TextWriter(std::string& out, std::string_view text, std::vector<Point> points)
        : out_(out), text_(text), points_(std::move(points)) {
        std::stable_sort(points_.begin(), points_.end(), [](const Point& x, const Point& y) { return x.at < y.at; });
    }

    void write(const std::vector<Mark>& blocks) {
        for (const Mark& block : blocks) write_mark(block);
        until(static_cast<std::uint32_t>(text_.size()), true);
    }

private:
    void write_mark(const Mark& m) {
        until(m.begin, true);
        out_ += m.before;
        out_ += m.open;
        for (const Mark& inner : m.inner) write_mark(inner);
        until(m.end, false);
        out_ += m.close;
    }

    /// Text up to `pos`, with the points before it (and at it when `inclusive`: points at the
    /// boundary of a mark go outside the mark).
    void until(std::uint32_t pos, bool inclusive) {
        while (next_ < points_.size() && (points_[next_].at < pos || (inclusive && points_[next_].at == pos))) {
            text_to(points_[next_].at);
            out_ += points_[next_].html;
            ++next_;
        }
        text_to(pos);
    }

    void text_to(std::uint32_t pos) {
        if (pos <= cursor_) return;
        append_html_escaped(out_, text_.substr(cursor_, pos - cursor_));
        cursor_ = pos;
    }

    std::string& out_;
    std::string_view text_;
    std::vector<Point> points_;
    std::size_t next_ = 0;
    std::uint32_t cursor_ = 0;
};

std::string_view upper(bool side_a) { return side_a ? "A" : "B"; }

std::string words(std::size_t n) { return fmt::format("{} word{}", n, n == 1 ? "" : "s"); }

/// Opening tag with the class, the id "<side>-<prefix><index>" and more attributes (escaped).
std::string open_tag(std::string_view element, std::string_view cls, bool side_a, char prefix, std::size_t index,
                     std::string_view data_name, std::vector<std::pair<std::string_view, std::string>> attributes) {
    std::string out = fmt::format("<{} class=\"{}\" id=\"{}-{}{}\" {}=\"{}\"", element, cls, side_a ? 'a' : 'b', prefix,
                                  index, data_name, index);
    for (const auto& [name, value] : attributes) {
        out += fmt::format(" {}=\"", name);
        append_html_escaped(out, value);
        out += '"';
    }
    out += '>';
    return out;
}

/// The marks and points within the first `shown_bytes` of the text.
void side_marks(const PairView& p, bool side_a, std::uint32_t shown_bytes, std::vector<Mark>& blocks,
                std::vector<Point>& points) {
    const Document& doc = side_a ? p.a : p.b;
    const score::Analysis& an = side_a ? p.analysis_a : p.analysis_b;
    const Document& other_doc = side_a ? p.b : p.a;
    const score::Analysis& other_an = side_a ? p.analysis_b : p.analysis_a;
    const auto& al = p.score.alignment;

    std::vector<Mark> passages;
    for (std::size_t i = 0; i < al.passages.size(); ++i) {
        const align::Passage& pa = al.passages[i];
        const auto q = quote(doc, an, side_a ? pa.a : pa.b);
        const std::string cls = fmt::format("c{}{}", i % kPassageColours, pa.moved ? " moved" : "");
        Mark m;
        m.begin = q.byte_begin;
        m.end = q.byte_end;
        m.before = fmt::format("<a class=\"pn {}\" href=\"#{}-p{}\" title=\"passage {}: {} matched{}{}; go to {}\">{}{}</a>",
                               cls, side_a ? 'b' : 'a', i, i + 1, words(pa.matched),
                               pa.moved ? ", moved: at another place in the other text" : "",
                               pa.quote ? ", a quotation" : "", upper(!side_a), i + 1, pa.moved ? " moved" : "");
        m.open = open_tag("span", "p " + cls, side_a, 'p', i, "data-passage", {{"dir", "auto"}});
        m.close = "</span>";
        passages.push_back(std::move(m));
    }

    for (std::size_t k = 0; k < al.edits.size(); ++k) {
        const align::Edit& e = al.edits[k];
        if (e.kind == EditKind::move) continue;  // the passage itself is marked moved
        const bool widen = detail::widens(e.kind);
        const auto here = quote(doc, an, side_a ? e.a : e.b, widen);
        const auto there = quote(other_doc, other_an, side_a ? e.b : e.a, widen);
        const auto kind = to_string(e.kind);
        if (here.text.empty()) {
            const std::size_t n = (side_a ? e.b : e.a).size();
            points.push_back({here.byte_begin,
                              fmt::format("<a class=\"gap {}\" id=\"{}-e{}\" data-edit=\"{}\" href=\"#{}-e{}\" "
                                          "title=\"{}: {} only in {}\"></a>",
                                          kind, side_a ? 'a' : 'b', k, k, side_a ? 'b' : 'a', k, kind, words(n),
                                          upper(!side_a))});
            continue;
        }
        const bool inside = e.passage >= 0 && static_cast<std::size_t>(e.passage) < passages.size();
        Mark m;
        m.begin = here.byte_begin;
        m.end = here.byte_end;
        switch (e.kind) {
            case EditKind::respelling:
            case EditKind::substitution:
                m.open = open_tag("mark", fmt::format("e {}", kind), side_a, 'e', k, "data-edit",
                                  {{"data-other", std::string(there.text)},
                                   {"title", fmt::format("{}: {} in A, {} in B", kind, side_a ? here.text : there.text,
                                                         side_a ? there.text : here.text)}});
                m.close = "</mark>";
                break;
            case EditKind::insertion:
            case EditKind::deletion: {
                const bool ins = e.kind == EditKind::insertion;
                m.open = open_tag(ins ? "ins" : "del", fmt::format("e {}{}", kind, inside ? "" : " block"), side_a, 'e',
                                  k, "data-edit",
                                  {{"title", fmt::format("{}: {} only in {}", kind, words((side_a ? e.a : e.b).size()),
                                                         upper(side_a))}});
                m.close = ins ? "</ins>" : "</del>";
                break;
            }
            case EditKind::move: break;
        }
        if (inside) {
            passages[static_cast<std::size_t>(e.passage)].inner.push_back(std::move(m));
        } else {
            blocks.push_back(std::move(m));
        }
    }
    // Paraphrases: reworded, not copied, so hatched and underlined in dots instead of a passage
    // colour, numbered "~1", "~2" on both sides. A paraphrase lies in text outside the passages,
    // usually inside an insertion or deletion block: it is marked within the block that holds it.
    const auto& paraphrases = p.score.paraphrases;
    std::vector<Mark> paraphrase_marks;
    std::vector<Mark> paraphrase_blocks;
    for (std::size_t i = 0; i < paraphrases.size(); ++i) {
        const align::Paraphrase& pp = paraphrases[i];
        const auto q = quote(doc, an, side_a ? pp.a : pp.b);
        const std::string what = fmt::format("paraphrase {}: reworded, {:.2f} of the rare words shared ({})", i + 1,
                                             pp.score, words(pp.shared));
        Mark m;
        m.begin = q.byte_begin;
        m.end = q.byte_end;
        // The label "~N" is the style sheet's (data-n): it adds no text to a block that holds it.
        m.before = fmt::format(
            "<a class=\"pn para\" href=\"#{}-r{}\" data-n=\"{}\" title=\"{}; go to {}\"></a>", side_a ? 'b' : 'a',
            i, i + 1, what, upper(!side_a));
        m.open = open_tag("span", "para", side_a, 'r', i, "data-paraphrase", {{"title", what}});
        m.close = "</span>";
        paraphrase_marks.push_back(std::move(m));
    }
    // One text span may be the side of several paraphrases (a sentence the other text repeats):
    // a paraphrase inside another one's span is marked inside it.
    std::stable_sort(paraphrase_marks.begin(), paraphrase_marks.end(), [](const Mark& x, const Mark& y) {
        return x.begin != y.begin ? x.begin < y.begin : x.end > y.end;
    });
    std::vector<Mark> nested;
    for (Mark& m : paraphrase_marks) nest(nested, std::move(m));
    for (Mark& m : nested) {
        disjoint_inside(m);
        Mark* holder = nullptr;
        for (std::vector<Mark>* marks : {&blocks, &passages}) {
            for (Mark& outer : *marks) {
                if (holder == nullptr && outer.begin <= m.begin && m.end <= outer.end) holder = &outer;
            }
        }
        if (holder != nullptr) {
            holder->inner.push_back(std::move(m));
            continue;
        }
        // Across a block's edge: the block keeps its extent (its own marks lie inside it) and the
        // paraphrase is cut back to its part before (or after) the block.
        for (std::vector<Mark>* marks : {&blocks, &passages}) {
            for (const Mark& outer : *marks) {
                if (outer.end <= m.begin || m.end <= outer.begin) continue;
                if (outer.begin > m.begin) {
                    m.end = std::min(m.end, outer.begin);
                } else {
                    m.begin = std::max(m.begin, outer.end);
                }
            }
        }
        if (m.begin >= m.end) continue;
        disjoint_inside(m);
        paraphrase_blocks.push_back(std::move(m));
    }
    for (Mark& pm : passages) make_disjoint(pm.inner, pm.begin, pm.end);
    for (Mark& block : blocks) make_disjoint(block.inner, block.begin, block.end);
    blocks.insert(blocks.end(), std::make_move_iterator(passages.begin()), std::make_move_iterator(passages.end()));
    blocks.insert(blocks.end(), std::make_move_iterator(paraphrase_blocks.begin()),
                  std::make_move_iterator(paraphrase_blocks.end()));
    make_disjoint(blocks, 0, shown_bytes);
    std::erase_if(points, [&](const Point& pt) { return pt.at > shown_bytes; });
}

/// The bytes of `text` a page shows: all of it, or up to `max_bytes` (0: no limit) cut back to
/// the start of a word (or of a UTF-8 sequence when a word is longer than the limit).
std::uint32_t shown_length(std::string_view text, std::size_t max_bytes) {
    if (max_bytes == 0 || text.size() <= max_bytes) return static_cast<std::uint32_t>(text.size());
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
    const std::size_t space = text.find_last_of(" \t\n", cut);
    if (space != std::string_view::npos && space > cut / 2) cut = space;
    return static_cast<std::uint32_t>(cut);
}

/// What the derived text is to its source, e.g. "B is a rewrite of A".
std::string headline(const PairView& p) {
    const score::PairScore& s = p.score;
    if (s.relation == Relation::unrelated) return "A and B are not related";
    if (s.relation == Relation::same_story) return "A and B report the same story, written independently";
    if (s.direction.source == Side::undecided) return "one text is derived from the other; which one is undecided";
    const bool a_source = s.direction.source == Side::a;
    const std::string_view what = s.relation == Relation::duplicate        ? "a duplicate"
                                  : s.relation == Relation::near_duplicate ? "a near-duplicate"
                                  : s.relation == Relation::version        ? "a newer version"
                                                                           : "a rewrite";
    return fmt::format("{} is {} of {}", upper(!a_source), what, upper(a_source));
}

void write_side(std::string& out, const PairView& p, bool side_a, std::size_t max_text_bytes) {
    const Document& doc = side_a ? p.a : p.b;
    const score::Analysis& an = side_a ? p.analysis_a : p.analysis_b;
    const Side source = p.score.direction.source;
    const double coverage = side_a ? p.score.coverage_a : p.score.coverage_b;
    out += fmt::format("<section class=\"side\" id=\"side-{}\">\n<h2><span class=\"who\">{}</span>", side_a ? 'a' : 'b',
                       upper(side_a));
    if (source != Side::undecided) {
        out += fmt::format("<span class=\"role\">{}</span>", (source == Side::a) == side_a ? "source" : "copy");
    }
    out += "<span class=\"id\">";
    detail::append_bdi(out, doc.id);
    out += "</span><span class=\"meta\">";
    std::string meta = fmt::format("{} · {} aligned", words(an.tokens.size()), detail::percent(coverage));
    if (!doc.outlet.empty()) meta += " · " + doc.outlet;
    if (doc.published) meta += " · " + format_iso8601(*doc.published);
    meta += detail::describe_wire(an.wire, " · ");
    append_html_escaped(out, meta);
    if (!doc.title.empty()) {
        out += " · “";
        detail::append_bdi(out, doc.title);
        out += "”";
    }
    // dir="auto": a text takes the direction of its first letter (Arabic and Urdu right to left)
    out += fmt::format("</span></h2>\n<div class=\"text{}\" id=\"text-{}\" dir=\"auto\">", an.tokens.empty() ? " empty" : "",
                       side_a ? 'a' : 'b');
    if (an.tokens.empty()) {
        out += "(the text is empty)";
    } else {
        const std::uint32_t shown = shown_length(doc.text, max_text_bytes);
        std::vector<Mark> blocks;
        std::vector<Point> points;
        side_marks(p, side_a, shown, blocks, points);
        TextWriter(out, std::string_view(doc.text).substr(0, shown), std::move(points)).write(blocks);
        if (shown < doc.text.size()) {
            out += fmt::format("<p class=\"note cut\">[cut: the page shows the first {} bytes of {} ({}); the "
                               "passages and edits after that point are counted above, not marked. The whole "
                               "alignment is in the JSON output (compare --format json, scan --format jsonl).]</p>",
                               shown, doc.text.size(), detail::percent(static_cast<double>(shown) /
                                                                       static_cast<double>(doc.text.size())));
        }
    }
    out += "</div>\n</section>\n";
}

void write_header(std::string& out, const PairView& p, const HtmlPairOptions& o) {
    const score::PairScore& s = p.score;
    out += fmt::format("<header>\n<h1><span class=\"rel {}\">{}</span>", to_string(s.relation),
                       relation_label(s.relation, s.grade));
    append_html_escaped(out, headline(p));
    out += "</h1>\n<dl class=\"facts\">\n<dt>source</dt><dd>";
    if (const Document* src = detail::source_doc(p)) {
        out += fmt::format("<b>{}</b> ", upper(s.direction.source == Side::a));
        detail::append_bdi(out, src->id);
        out += ", decided by <b>";
        append_html_escaped(out, s.direction.decided_by.empty() ? std::string("-") : s.direction.decided_by);
        out += "</b>";
    } else {
        out += "undecided";
    }
    if (!s.direction.evidence.empty()) {
        out += "<ul class=\"evidence\">";
        for (const auto& e : s.direction.evidence) {
            out += "<li>";
            append_html_escaped(out, fmt::format("{:+.1f} for {}: {}", e.weight,
                                                 e.favours == Side::undecided ? "neither"
                                                 : e.favours == Side::a       ? "A"
                                                                                     : "B",
                                                 e.detail));
            out += "</li>";
        }
        out += "</ul>";
    }
    out += "</dd>\n";
    for (const bool side_a : {true, false}) {
        out += fmt::format("<dt>coverage {}</dt><dd>", upper(side_a));
        detail::append_bar(out, side_a ? s.coverage_a : s.coverage_b);
        out += fmt::format(" of {} aligned in {} · {} of its shingles found there</dd>\n", upper(side_a),
                           upper(!side_a), detail::percent(side_a ? s.containment_a : s.containment_b));
    }
    const auto moved = std::count_if(s.alignment.passages.begin(), s.alignment.passages.end(),
                                     [](const align::Passage& pa) { return pa.moved; });
    out += fmt::format("<dt>similarity</dt><dd>Jaccard {:.2f} exact, {:.2f} estimated (MinHash, {} values) · "
                       "cosine {:.2f} (IDF from the ",
                       s.jaccard, s.jaccard_estimate, p.minhash_size, s.cosine);
    append_html_escaped(out, p.idf_origin);
    out += fmt::format(")</dd>\n<dt>passages</dt><dd>{} ({} moved) from {} shared runs; longest {}</dd>\n",
                       s.alignment.passages.size(), moved, s.alignment.runs.size(), words(s.longest_passage));
    out += fmt::format("<dt>paraphrased</dt><dd>{} (sentences reworded: shared rare words, no shared run)</dd>\n",
                       s.paraphrases.size());
    const auto counts = detail::edit_counts(s.alignment);
    const auto count = [&](std::string_view kind) { return counts.at(kind); };
    out += fmt::format(
        "<dt>edits</dt><dd class=\"legend\">"
        "<span><span class=\"swatch c0\"></span><span class=\"swatch c1\"></span>aligned passage (one colour on both "
        "sides)</span>"
        "<span><span class=\"swatch\" style=\"border:1.5px solid var(--resp-line)\"></span>{} respellings</span>"
        "<span><span class=\"swatch\" style=\"border:1.5px solid var(--subst-line)\"></span>{} substitutions</span>"
        "<span><span class=\"swatch\" style=\"background:var(--ins)\"></span>{} insertions (only in B)</span>"
        "<span><span class=\"swatch\" style=\"background:var(--del)\"></span>{} deletions (only in A)</span>"
        "<span><span class=\"swatch\" style=\"outline:2px dashed #bc4c00\"></span>{} moved</span>"
        "<span><span class=\"swatch para\"></span>{} paraphrased (reworded, marked ~1, ~2 on both sides)</span></dd>\n",
        count("respelling"), count("substitution"), count("insertion"), count("deletion"), count("move"),
        s.paraphrases.size());
    if (!o.note.empty()) {
        out += "<dt>note</dt><dd class=\"note\">";
        append_html_escaped(out, o.note);
        out += "</dd>\n";
    }
    out += "</dl>\n</header>\n";
}

}  // namespace

void write_pair_html(std::ostream& out, const PairView& p, const HtmlPairOptions& options) {
    std::string html;
    const auto shown = [&](const Document& d) { return options.max_text_bytes == 0 ? d.text.size() : std::min(d.text.size(), options.max_text_bytes); };
    html.reserve(4 * (shown(p.a) + shown(p.b)) + 16384);
    detail::begin_html_page(
        html, fmt::format("{}: {} / {} - wiretrace", to_string(p.score.relation), p.a.id, p.b.id), "pair");
    detail::append_nav(html, options.nav);
    write_header(html, p, options);
    html += "<main class=\"cols\">\n";
    write_side(html, p, true, options.max_text_bytes);
    write_side(html, p, false, options.max_text_bytes);
    html += "</main>\n";
    detail::end_html_page(html);
    out << html;
}

}  // namespace wiretrace::report
