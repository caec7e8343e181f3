// SPDX-License-Identifier: Apache-2.0
// Text and JSON renderings of one scored pair (the output of `wiretrace compare`).
#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <map>
#include <utf8proc.h>

#include "report/pair_common.hpp"
#include "wiretrace/report/pair.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::report {
namespace {

using align::TokenRange;
using detail::edit_counts;
using detail::quote;
using detail::side_name;
using detail::source_doc;
using detail::widens;
using text::escape_controls;

void write_range(JsonWriter& w, const Document& doc, const score::Analysis& an, TokenRange r, bool widen = false) {
    const detail::Quoted q = quote(doc, an, r, widen);
    w.begin_object();
    w.key("tokens").begin_array().value(r.begin).value(r.end).end_array();
    w.key("bytes").begin_array().value(q.byte_begin).value(q.byte_end).end_array();
    w.key("text").value(q.text);
    w.end_object();
}

void write_side(JsonWriter& w, const Document& doc, const score::Analysis& an, double coverage,
                double weighted, double containment) {
    w.begin_object();
    w.key("id").value(doc.id);
    w.key("tokens").value(static_cast<std::uint64_t>(an.tokens.size()));
    w.key("empty").value(an.tokens.empty());
    w.key("coverage").value(coverage);
    w.key("weighted_coverage").value(weighted);
    w.key("containment").value(containment);
    w.key("outlet");
    doc.outlet.empty() ? w.null() : w.value(doc.outlet);
    w.key("published");
    doc.published ? w.value(format_iso8601(*doc.published)) : w.null();
    w.key("wire").begin_object();
    w.key("dateline").value(an.wire.dateline);
    w.key("copyright").value(an.wire.copyright);
    w.key("credit_line").value(an.wire.credit_line);
    w.key("agency");
    an.wire.agency.empty() ? w.null() : w.value(an.wire.agency);
    w.end_object();
    w.end_object();
}

/// Columns a string takes in a terminal: 2 for each wide character (Chinese, Japanese, Korean,
/// full-width forms), 0 for combining marks (Arabic harakat, Thai vowels above and below), 1 else.
std::size_t display_width(std::string_view s) {
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
    std::size_t width = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        utf8proc_int32_t cp = 0;
        auto len = utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
        if (len <= 0) {
            len = 1;
            cp = 0xFFFD;
        }
        width += static_cast<std::size_t>(std::max(0, utf8proc_charwidth(cp)));
        i += static_cast<std::size_t>(len);
    }
    return width;
}

/// Splits a word wider than `width` columns (text without spaces: Chinese, Japanese, Thai) into
/// pieces that fit, cut between grapheme clusters so no mark leaves its letter.
std::vector<std::string_view> cut_word(std::string_view word, std::size_t width) {
    std::vector<std::string_view> pieces;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(word.data());
    std::size_t start = 0;
    std::size_t piece_width = 0;
    std::size_t i = 0;
    utf8proc_int32_t previous = -1;
    utf8proc_int32_t state = 0;
    while (i < word.size()) {
        utf8proc_int32_t cp = 0;
        auto len = utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(word.size() - i), &cp);
        if (len <= 0) {
            len = 1;
            cp = 0xFFFD;
        }
        const auto w = static_cast<std::size_t>(std::max(0, utf8proc_charwidth(cp)));
        const bool boundary = previous < 0 || utf8proc_grapheme_break_stateful(previous, cp, &state);
        if (boundary && i > start && piece_width + w > width) {
            pieces.push_back(word.substr(start, i - start));
            start = i;
            piece_width = 0;
        }
        piece_width += w;
        previous = cp;
        i += static_cast<std::size_t>(len);
    }
    if (start < word.size()) pieces.push_back(word.substr(start));
    return pieces;
}

/// Splits `text` (whitespace collapsed) into lines of at most `width` terminal columns (see
/// display_width); a word wider than a line is cut (cut_word).
std::vector<std::string> wrap(std::string_view text, std::size_t width) {
    std::vector<std::string> lines;
    std::string line;
    std::size_t line_len = 0;
    auto add = [&](std::string_view word, std::size_t len) {
        if (line_len > 0 && line_len + 1 + len > width) {
            lines.push_back(std::move(line));
            line.clear();
            line_len = 0;
        }
        if (line_len > 0) {
            line.push_back(' ');
            ++line_len;
        }
        line.append(word);
        line_len += len;
    };
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) ++i;
        std::size_t j = i;
        while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j])) == 0) ++j;
        if (j == i) break;
        const std::string_view word = text.substr(i, j - i);
        const std::size_t len = display_width(word);
        if (len <= width) {
            add(word, len);
        } else {
            for (const std::string_view piece : cut_word(word, width)) add(piece, display_width(piece));
        }
        i = j;
    }
    if (!line.empty()) lines.push_back(std::move(line));
    return lines;
}

std::string pad(const std::string& s, std::size_t width) {
    const std::size_t len = display_width(s);
    return len >= width ? s : s + std::string(width - len, ' ');
}

std::string shorten(std::string_view text, std::size_t max_chars) {
    std::string flat;
    bool space = false;
    for (const char c : text) {
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            space = !flat.empty();
            continue;
        }
        if (space) flat.push_back(' ');
        space = false;
        flat.push_back(c);
    }
    if (flat.size() <= max_chars) return flat;
    std::size_t cut = max_chars;
    while (cut > 0 && (static_cast<unsigned char>(flat[cut]) & 0xC0) == 0x80) --cut;
    return flat.substr(0, cut) + "…";
}

}  // namespace

void write_pair_json(std::ostream& out, const PairView& p) {
    std::string buf;
    JsonWriter w(buf);
    write_pair_object(w, p);
    buf.push_back('\n');
    out << buf;
}

void write_pair_object(JsonWriter& w, const PairView& p) {
    const auto& s = p.score;
    w.begin_object();
    w.key("schema").value(fmt::format("wiretrace.compare/{}", kCompareSchemaVersion));
    w.key("relation").value(to_string(s.relation));
    w.key("grade");
    s.grade == Grade::none ? w.null() : w.value(to_string(s.grade));
    w.key("source");
    const Document* src = source_doc(p);
    src != nullptr ? w.value(src->id) : w.null();
    w.key("a");
    write_side(w, p.a, p.analysis_a, s.coverage_a, s.weighted_coverage_a, s.containment_a);
    w.key("b");
    write_side(w, p.b, p.analysis_b, s.coverage_b, s.weighted_coverage_b, s.containment_b);
    w.key("scores").begin_object();
    w.key("jaccard").value(s.jaccard);
    w.key("jaccard_estimate").value(s.jaccard_estimate);
    w.key("minhash_size").value(p.minhash_size);
    w.key("cosine").value(s.cosine);
    w.key("idf").value(p.idf_origin);
    w.key("longest_passage").value(s.longest_passage);
    w.key("background_z");
    s.background_z ? w.value(*s.background_z) : w.null();
    w.key("phrase_share").value(s.phrase_share);
    w.key("mean_phrase_run").value(s.mean_phrase_run);
    w.key("source_phrase_share").value(s.source_phrase_share);
    w.end_object();
    w.key("direction").begin_object();
    w.key("source");
    s.direction.source == Side::undecided ? w.null() : w.value(side_name(s.direction.source));
    w.key("decided_by");
    s.direction.decided_by.empty() ? w.null() : w.value(s.direction.decided_by);
    w.key("evidence").begin_array();
    for (const auto& e : s.direction.evidence) {
        w.begin_object();
        w.key("kind").value(e.kind);
        w.key("favours").value(side_name(e.favours));
        w.key("weight").value(e.weight);
        w.key("detail").value(e.detail);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.key("model").begin_object();
    w.key("probability").value(s.derived_probability);
    w.key("decides").value(s.model_decides);
    w.key("inputs").begin_object();
    w.key("word_containment").value(s.features.word_containment);
    w.key("bigram_containment").value(s.features.bigram_containment);
    w.key("log_shorter_words").value(s.features.log_shorter_words);
    w.key("log_longer_words").value(s.features.log_longer_words);
    w.end_object();
    w.end_object();
    w.key("runs").value(static_cast<std::uint64_t>(s.alignment.runs.size()));
    w.key("passages").begin_array();
    for (std::size_t i = 0; i < s.alignment.passages.size(); ++i) {
        const auto& pa = s.alignment.passages[i];
        w.begin_object();
        w.key("index").value(static_cast<std::uint64_t>(i));
        w.key("a");
        write_range(w, p.a, p.analysis_a, pa.a);
        w.key("b");
        write_range(w, p.b, p.analysis_b, pa.b);
        w.key("matched").value(pa.matched);
        w.key("runs").value(pa.runs);
        w.key("moved").value(pa.moved);
        w.key("quote").value(pa.quote);
        w.end_object();
    }
    w.end_array();
    w.key("paraphrases").begin_array();
    for (std::size_t i = 0; i < s.paraphrases.size(); ++i) {
        const auto& pp = s.paraphrases[i];
        w.begin_object();
        w.key("index").value(static_cast<std::uint64_t>(i));
        w.key("a");
        write_range(w, p.a, p.analysis_a, pp.a);
        w.key("b");
        write_range(w, p.b, p.analysis_b, pp.b);
        w.key("score").value(pp.score);
        w.key("shared").value(pp.shared);
        w.end_object();
    }
    w.end_array();
    w.key("edits").begin_array();
    for (const auto& e : s.alignment.edits) {
        w.begin_object();
        w.key("kind").value(to_string(e.kind));
        w.key("passage");
        e.passage < 0 ? w.null() : w.value(e.passage);
        const bool widen = widens(e.kind);
        w.key("a_text").value(quote(p.a, p.analysis_a, e.a, widen).text);
        w.key("b_text").value(quote(p.b, p.analysis_b, e.b, widen).text);
        w.key("a");
        write_range(w, p.a, p.analysis_a, e.a, widen);
        w.key("b");
        write_range(w, p.b, p.analysis_b, e.b, widen);
        w.end_object();
    }
    w.end_array();
    w.key("edit_counts").begin_object();
    for (const auto& [kind, n] : edit_counts(s.alignment)) w.key(kind).value(static_cast<std::uint64_t>(n));
    w.end_object();
    w.end_object();
}

void write_pair_text(std::ostream& out, const PairView& p, std::size_t width) {
    const auto& s = p.score;
    auto side_line = [&](std::string_view name, const Document& doc, const score::Analysis& an) {
        out << fmt::format("{}: {}  ({} words{}{})\n", name, escape_controls(doc.id), an.tokens.size(), detail::describe_wire(an.wire, ", "),
                           an.tokens.empty() ? "; the text is empty" : "");
    };
    side_line("a", p.a, p.analysis_a);
    side_line("b", p.b, p.analysis_b);
    out << fmt::format("relation:  {}\n", relation_label(s.relation, s.grade));
    if (const Document* src = source_doc(p)) {
        out << fmt::format("source:    {} ({}), decided by {}\n", side_name(s.direction.source),
                           escape_controls(src->id), s.direction.decided_by);
    } else {
        out << "source:    undecided\n";
    }
    for (const auto& e : s.direction.evidence) {
        out << fmt::format("           {:+.1f} for {}: {}\n", e.weight, side_name(e.favours), escape_controls(e.detail));
    }
    out << fmt::format("coverage:  a {:.2f} aligned ({:.2f} of its shingles in b)   "
                       "b {:.2f} aligned ({:.2f} of its shingles in a)\n",
                       s.coverage_a, s.containment_a, s.coverage_b, s.containment_b);
    out << fmt::format("jaccard:   {:.2f} exact, {:.2f} estimated (MinHash, {} values)   "
                       "cosine {:.2f} (IDF from the {})\n",
                       s.jaccard, s.jaccard_estimate, p.minhash_size, s.cosine, p.idf_origin);
    out << fmt::format("model:     derived probability {:.2f} ({})\n", s.derived_probability,
                       s.model_decides ? "it may decide: a long shared passage" : "not used: no long shared passage");
    if (s.background_z) out << fmt::format("background: {:.1f} spreads above the chance 2-word overlap of the corpus\n", *s.background_z);
    if (s.grade != Grade::none) {
        out << fmt::format("grade:     {}: {:.0f}% of the copy's words in 3-word runs of the source (stretches of {:.0f} "
                           "words on average), {:.0f}% of the source's in the copy\n",
                           to_string(s.grade), 100 * s.phrase_share, s.mean_phrase_run, 100 * s.source_phrase_share);
    }
    const auto counts = edit_counts(s.alignment);
    out << fmt::format("passages:  {} ({} moved) from {} shared runs; longest {} words\n",
                       s.alignment.passages.size(),
                       std::count_if(s.alignment.passages.begin(), s.alignment.passages.end(),
                                     [](const auto& pa) { return pa.moved; }),
                       s.alignment.runs.size(), s.longest_passage);
    out << fmt::format("paraphrased: {} (sentences reworded with shared rare words)\n", s.paraphrases.size());
    out << "edits:    ";
    const char* separator = " ";
    for (const auto& [kind, n] : counts) {
        out << fmt::format("{}{} {}{}", separator, n, kind, n == 1 ? "" : "s");
        separator = ", ";
    }
    out << "\n";

    const std::size_t column = width > 7 ? (width - 3) / 2 : 40;
    const auto side_by_side = [&](TokenRange ra, TokenRange rb, std::string_view between) {
        const auto left = wrap(escape_controls(quote(p.a, p.analysis_a, ra).text, text::LineBreaks::keep), column);
        const auto right = wrap(escape_controls(quote(p.b, p.analysis_b, rb).text, text::LineBreaks::keep), column);
        for (std::size_t l = 0; l < std::max(left.size(), right.size()); ++l) {
            out << pad(l < left.size() ? left[l] : "", column) << between << (l < right.size() ? right[l] : "")
                << "\n";
        }
    };
    for (std::size_t i = 0; i < s.alignment.passages.size(); ++i) {
        const auto& pa = s.alignment.passages[i];
        out << fmt::format("\npassage {}: a words {}-{}, b words {}-{}, {} matched{}{}\n", i + 1, pa.a.begin,
                           pa.a.end, pa.b.begin, pa.b.end, pa.matched, pa.moved ? ", MOVED" : "",
                           pa.quote ? ", quotation" : "");
        side_by_side(pa.a, pa.b, " | ");
    }
    // Paraphrases: reworded, not copied; "~" between the sides where passages have "|".
    for (const auto& pp : s.paraphrases) {
        out << fmt::format("\nparaphrased {}-{} ~ {}-{} (score {:.2f}, {} rare words shared)\n", pp.a.begin,
                           pp.a.end, pp.b.begin, pp.b.end, pp.score, pp.shared);
        side_by_side(pp.a, pp.b, " ~ ");
    }
    if (!s.alignment.edits.empty()) out << "\nedits (a -> b):\n";
    constexpr std::size_t kEditChars = 90;
    for (const auto& e : s.alignment.edits) {
        const auto at = escape_controls(quote(p.a, p.analysis_a, e.a, widens(e.kind)).text, text::LineBreaks::keep);
        const auto bt = escape_controls(quote(p.b, p.analysis_b, e.b, widens(e.kind)).text, text::LineBreaks::keep);
        switch (e.kind) {
            case EditKind::insertion:
                out << fmt::format("  {:<13} + {}\n", "insertion", shorten(bt, kEditChars));
                break;
            case EditKind::deletion:
                out << fmt::format("  {:<13} - {}\n", "deletion", shorten(at, kEditChars));
                break;
            case EditKind::move:
                out << fmt::format("  {:<13} passage {} ({} words) is at another place in b\n", "move",
                                   e.passage + 1, e.a.size());
                break;
            default:
                out << fmt::format("  {:<13} {} -> {}\n", to_string(e.kind), shorten(at, 40),
                                   shorten(bt, 40));
        }
    }
}

}  // namespace wiretrace::report

namespace wiretrace::report {

/// An id as one TSV field: escaped, and neutralised for a spreadsheet when `cells` asks.
bool starts_like_formula(std::string_view cell) {
    return !cell.empty() && cell != "-" && std::string_view("=+-@").find(cell[0]) != std::string_view::npos;
}

std::string tsv_field(std::string_view id, TsvCells cells) {
    std::string field = text::escape_controls(id);
    if (cells == TsvCells::spreadsheet_safe && starts_like_formula(field)) field.insert(0, 1, '\'');
    return field;
}

std::string csv_field(std::string_view value) {
    std::string cell = text::escape_controls(value);
    if (starts_like_formula(cell)) cell.insert(0, 1, '\'');
    if (cell.find_first_of(",\"") == std::string::npos) return cell;
    std::string quoted = "\"";
    for (const char c : cell) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

void write_pair_tsv_row(std::ostream& out, std::string_view id_a, std::string_view id_b, Relation relation,
                        std::string_view source_id, double coverage_a, double coverage_b, Grade grade,
                        TsvCells cells) {
    out << fmt::format("{}\t{}\t{}\t{}\t{:.4f}\t{:.4f}\t{}\n", tsv_field(id_a, cells), tsv_field(id_b, cells),
                       to_string(relation), tsv_field(source_id, cells), coverage_a, coverage_b,
                       grade == Grade::none ? "-" : to_string(grade));
}

std::string relation_label(Relation relation, Grade grade) {
    if (grade == Grade::none) return std::string(to_string(relation));
    return fmt::format("{} ({})", to_string(relation), to_string(grade));
}

}  // namespace wiretrace::report
