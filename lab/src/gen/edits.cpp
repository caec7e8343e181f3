// SPDX-License-Identifier: Apache-2.0
// The edits outlets make to wire copy, and coverages computed from the words' origins.
#include "gen/edits.hpp"

#include <algorithm>
#include <iterator>

namespace wiretrace::gen::detail {
namespace {

/// Both coverages at least this: a near-duplicate (the engine's near_duplicate_coverage).
constexpr double kNearDuplicateCoverage = 0.8;

}  // namespace

bool is_body(ParaKind k) {
    return k == ParaKind::body || k == ParaKind::quote || k == ParaKind::local || k == ParaKind::subhead;
}

bool is_end_matter(ParaKind k) {
    return k == ParaKind::credit || k == ParaKind::boilerplate || k == ParaKind::copyright ||
           k == ParaKind::reporting;
}

std::vector<std::size_t> body_indices(const Doc& d) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < d.paras.size(); ++i) {
        if (is_body(d.paras[i].kind)) out.push_back(i);
    }
    return out;
}

void remove_kind(Doc& d, ParaKind kind) {
    std::erase_if(d.paras, [&](const Paragraph& p) { return p.kind == kind; });
}

bool has_kind(const Doc& d, ParaKind kind) {
    return std::any_of(d.paras.begin(), d.paras.end(), [&](const Paragraph& p) { return p.kind == kind; });
}

/// Where body text may be inserted at the end: before the credit line, boilerplate and copyright.
std::size_t end_of_body(const Doc& d) {
    std::size_t at = d.paras.size();
    while (at > 0 && is_end_matter(d.paras[at - 1].kind)) --at;
    return at;
}

/// First paragraph index after the byline and lead.
std::size_t start_of_body(const Doc& d) {
    std::size_t at = 0;
    while (at < d.paras.size() && (d.paras[at].kind == ParaKind::byline || d.paras[at].kind == ParaKind::lead)) ++at;
    return at;
}

void drop_dateline(Doc& d) {
    for (auto& p : d.paras) {
        if (p.kind != ParaKind::lead) continue;
        std::erase_if(p.words, [](const Word& w) { return w.role == Role::dateline; });
    }
}

namespace {

void respell_all(Doc& d, Locale locale) {
    if (locale == Locale::us) return;
    for (auto& p : d.paras) {
        for (auto& w : p.words) respell(w, locale);
    }
}

/// Positions (paragraph, word) of words with one of the roles, in body paragraphs and leads.
std::vector<std::pair<std::size_t, std::size_t>> find_words(const Doc& d, Role role) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t pi = 0; pi < d.paras.size(); ++pi) {
        if (!is_body(d.paras[pi].kind) && d.paras[pi].kind != ParaKind::lead) continue;
        const auto& words = d.paras[pi].words;
        for (std::size_t wi = 0; wi < words.size(); ++wi) {
            if (words[wi].role == role) out.emplace_back(pi, wi);
        }
    }
    return out;
}

/// Replaces `n` content words by other words of the same class ("fresh" -> "raw").
void substitute_words(Doc& d, std::uint32_t n, EditEnv& env) {
    const Model& m = model();
    auto positions = find_words(d, Role::content);
    for (std::uint32_t i = 0; i < n && !positions.empty(); ++i) {
        const std::uint32_t k = env.rng.below(static_cast<std::uint32_t>(positions.size()));
        Word& w = d.paras[positions[k].first].words[positions[k].second];
        positions.erase(positions.begin() + k);
        const auto cls = static_cast<std::size_t>(m.vocab[w.vocab].cls);
        std::uint32_t id = w.vocab;
        for (int attempt = 0; attempt < 8 && id == w.vocab; ++attempt) {
            id = m.class_zipf[cls].sample(env.rng).id;
        }
        if (id == w.vocab) continue;
        w.vocab = id;
        w.text = m.vocab_text[id];
        w.origin = env.alloc.take();
    }
}

/// Replaces `n` numbers with other values (a death toll or a figure updated).
void update_numbers(Doc& d, std::uint32_t n, EditEnv& env) {
    auto positions = find_words(d, Role::number);
    for (std::uint32_t i = 0; i < n && !positions.empty(); ++i) {
        const std::uint32_t k = env.rng.below(static_cast<std::uint32_t>(positions.size()));
        Word& w = d.paras[positions[k].first].words[positions[k].second];
        positions.erase(positions.begin() + k);
        std::string value(w.text);
        // Change the last digit group: "12,500" -> "12,740", "35" -> "41", "$3" -> "$4".
        const auto last_digit = value.find_last_of("0123456789");
        if (last_digit == std::string::npos) continue;
        auto first_digit = last_digit;
        while (first_digit > 0 && value[first_digit - 1] >= '0' && value[first_digit - 1] <= '9') --first_digit;
        const std::size_t width = last_digit - first_digit + 1;
        const std::uint32_t old_value = static_cast<std::uint32_t>(std::stoul(value.substr(first_digit, width)));
        std::uint32_t limit = 1;
        for (std::size_t j = 0; j < width && limit < 100000; ++j) limit *= 10;
        std::uint32_t next_value = old_value;
        while (next_value == old_value) next_value = env.rng.below(limit);
        std::string digits = std::to_string(next_value);
        if (first_digit > 0 && value[first_digit - 1] == ',') {
            while (digits.size() < width) digits.insert(digits.begin(), '0');
        }
        value.replace(first_digit, width, digits);
        w.text = env.arena.keep(std::move(value));
        w.origin = env.alloc.take();
    }
}

/// Spells one person's surname another way everywhere ("Assad" -> "al-Assad").
void vary_name(Doc& d, EditEnv& env) {
    const auto surnames = find_words(d, Role::surname);
    if (surnames.empty()) return;
    const auto& [pi, wi] = surnames[env.rng.below(static_cast<std::uint32_t>(surnames.size()))];
    const std::uint16_t entity = d.paras[pi].words[wi].entity;
    const std::string_view variant = env.arena.keep(name_variant(d.paras[pi].words[wi].text, env.rng));
    for (auto& p : d.paras) {
        for (auto& w : p.words) {
            if (w.role == Role::surname && w.entity == entity) {
                w.text = variant;
                w.origin = env.alloc.take();
            }
        }
    }
}

/// Drops the first names of one person ("President Fouad Massoum" -> "President Massoum").
void drop_first_names(Doc& d, EditEnv& env) {
    const auto firsts = find_words(d, Role::first_name);
    if (firsts.empty()) return;
    const auto& [pi, wi] = firsts[env.rng.below(static_cast<std::uint32_t>(firsts.size()))];
    const std::uint16_t entity = d.paras[pi].words[wi].entity;
    for (auto& p : d.paras) {
        if (!is_body(p.kind) && p.kind != ParaKind::lead) continue;
        for (std::size_t i = 0; i + 1 < p.words.size(); ++i) {
            Word& w = p.words[i];
            if (w.role == Role::first_name && w.entity == entity) {
                p.words[i + 1].cap = p.words[i + 1].cap || w.cap;
                p.words[i + 1].pre = w.pre == Pre::none ? p.words[i + 1].pre : w.pre;
                p.words.erase(p.words.begin() + static_cast<std::ptrdiff_t>(i));
            }
        }
    }
}

}  // namespace

std::vector<Paragraph> local_paragraphs(std::uint32_t n, EditEnv& env, bool allow_subhead) {
    Writer writer(env.story, env.rng, env.arena, env.alloc);
    std::vector<Paragraph> out;
    if (allow_subhead && env.rng.chance(0.4)) out.push_back(writer.subhead());
    for (std::uint32_t i = 0; i < n; ++i) {
        const std::size_t words = env.rng.between(20, 55);
        out.push_back(env.rng.chance(0.3) ? writer.quote(words, ParaKind::local)
                                          : writer.narrative(words, ParaKind::local));
    }
    return out;
}

namespace {

Paragraph credit_paragraph(EditEnv& env) {
    Paragraph p;
    p.kind = ParaKind::credit;
    std::string name(env.agency.name);
    std::string line;
    if (env.rng.chance(0.6)) {
        line = "With files from " + name;
    } else {
        name[0] = static_cast<char>(name[0] >= 'a' && name[0] <= 'z' ? name[0] - 'a' + 'A' : name[0]);
        line = name + " contributed to this report.";
    }
    append_phrase(p.words, env.arena.keep(std::move(line)), Role::fixed, env.alloc);
    return p;
}

/// Adds the outlet's boilerplate line at the very end (once).
void add_boilerplate(Doc& d, std::uint32_t outlet, EditEnv& env) {
    const auto& lines = env.outlets[outlet].boilerplate;
    if (lines.empty() || has_kind(d, ParaKind::boilerplate)) return;
    std::string line = lines[env.rng.below(static_cast<std::uint32_t>(lines.size()))];
    const auto at = line.find("{year}");
    if (at != std::string::npos) line.replace(at, 6, std::to_string(env.story.year));
    Paragraph p;
    p.kind = ParaKind::boilerplate;
    append_phrase(p.words, env.arena.keep(std::move(line)), Role::fixed, env.alloc);
    d.paras.push_back(std::move(p));
}

}  // namespace

void add_credit(Doc& d, EditEnv& env) {
    if (has_kind(d, ParaKind::credit)) return;
    d.paras.insert(d.paras.begin() + static_cast<std::ptrdiff_t>(end_of_body(d)), credit_paragraph(env));
}

void insert_local(Doc& d, std::size_t at, std::vector<Paragraph> paras) {
    d.paras.insert(d.paras.begin() + static_cast<std::ptrdiff_t>(at), std::make_move_iterator(paras.begin()),
                   std::make_move_iterator(paras.end()));
}

/// Keeps the first `keep` body paragraphs.
void trim_body(Doc& d, std::size_t keep) {
    const auto body = body_indices(d);
    if (keep >= body.size()) return;
    std::vector<bool> drop(d.paras.size(), false);
    for (std::size_t i = keep; i < body.size(); ++i) drop[body[i]] = true;
    std::size_t idx = 0;
    std::erase_if(d.paras, [&](const Paragraph&) { return drop[idx++]; });
}

Doc derived_from(const Doc& source, std::uint32_t outlet) {
    Doc d;
    d.paras = source.paras;
    d.title = source.title;
    d.outlet = outlet;
    d.style = Style{};
    d.sources = {&source};
    return d;
}

void respell_doc(Doc& doc, Locale locale) { respell_all(doc, locale); }

void add_outlet_boilerplate(Doc& doc, std::uint32_t outlet, EditEnv& env) { add_boilerplate(doc, outlet, env); }

void finish(Doc& doc) {
    auto& v = doc.origins;
    v.clear();
    v.reserve(word_count(doc));
    std::vector<std::size_t> runs{0};  // starts of ascending runs
    for (const auto& p : doc.paras) {
        for (const auto& w : p.words) {
            if (!v.empty() && w.origin < v.back()) runs.push_back(v.size());
            v.push_back(w.origin);
        }
    }
    // PERF: origins come in a few ascending runs (copied paragraphs keep their order, fresh words
    // count up), so merging the runs is several times cheaper than sorting.
    runs.push_back(v.size());
    while (runs.size() > 2) {
        std::vector<std::size_t> merged{0};
        for (std::size_t i = 0; i + 1 < runs.size(); i += 2) {
            const std::size_t end = i + 2 < runs.size() ? runs[i + 2] : runs[i + 1];
            if (i + 2 < runs.size()) {
                std::inplace_merge(v.begin() + static_cast<std::ptrdiff_t>(runs[i]),
                                   v.begin() + static_cast<std::ptrdiff_t>(runs[i + 1]),
                                   v.begin() + static_cast<std::ptrdiff_t>(end));
            }
            merged.push_back(end);
        }
        runs = std::move(merged);
    }
}

Coverage coverage(const Doc& source, const Doc& copy) {
    Coverage c;
    const auto& a = source.origins;
    const auto& b = copy.origins;
    std::size_t shared = 0;
    for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
        if (a[i] < b[j]) {
            ++i;
        } else if (b[j] < a[i]) {
            ++j;
        } else {
            ++shared;
            ++i;
            ++j;
        }
    }
    c.of_source = a.empty() ? 0.0 : static_cast<double>(shared) / static_cast<double>(a.size());
    c.of_copy = b.empty() ? 0.0 : static_cast<double>(shared) / static_cast<double>(b.size());
    if (shared == a.size() && shared == b.size()) {
        // Same set; a duplicate also keeps the order.
        std::vector<std::uint64_t> sa, sb;
        for (const auto& p : source.paras) {
            for (const auto& w : p.words) sa.push_back(w.origin);
        }
        for (const auto& p : copy.paras) {
            for (const auto& w : p.words) sb.push_back(w.origin);
        }
        c.identical = sa == sb;
    }
    return c;
}

namespace {

/// Pairs of origins of words that stand side by side in `d` (over paragraph breaks), sorted. With
/// `body_only`, only pairs of two words outside end matter.
std::vector<std::pair<std::uint64_t, std::uint64_t>> neighbours(const Doc& d, bool body_only) {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
    const Word* prev = nullptr;
    bool prev_body = false;
    for (const auto& p : d.paras) {
        const bool body = !is_end_matter(p.kind);
        for (const auto& w : p.words) {
            if (prev != nullptr && (!body_only || (prev_body && body))) out.emplace_back(prev->origin, w.origin);
            prev = &w;
            prev_body = body;
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace

bool traceable(const Doc& source, const Doc& copy) {
    if (source.sources.empty()) return true;
    const auto in_sources = [&](std::uint64_t origin) {
        return std::any_of(source.sources.begin(), source.sources.end(), [&](const Doc* s) {
            return std::binary_search(s->origins.begin(), s->origins.end(), origin);
        });
    };
    for (const auto& p : source.paras) {
        if (is_end_matter(p.kind)) continue;
        for (const auto& w : p.words) {
            if (!in_sources(w.origin) && std::binary_search(copy.origins.begin(), copy.origins.end(), w.origin)) {
                return true;
            }
        }
    }
    std::vector<std::pair<std::uint64_t, std::uint64_t>> inherited;
    for (const Doc* s : source.sources) {
        const auto pairs = neighbours(*s, false);
        inherited.insert(inherited.end(), pairs.begin(), pairs.end());
    }
    std::sort(inherited.begin(), inherited.end());
    std::vector<std::pair<std::uint64_t, std::uint64_t>> own;
    const auto pairs = neighbours(source, true);
    std::set_difference(pairs.begin(), pairs.end(), inherited.begin(), inherited.end(), std::back_inserter(own));
    const auto kept = neighbours(copy, false);
    std::vector<std::pair<std::uint64_t, std::uint64_t>> shared;
    std::set_intersection(own.begin(), own.end(), kept.begin(), kept.end(), std::back_inserter(shared));
    return !shared.empty();
}

Relation relation_of(const Coverage& c) {
    if (c.identical) return Relation::duplicate;
    if (c.of_source >= kNearDuplicateCoverage && c.of_copy >= kNearDuplicateCoverage) {
        return Relation::near_duplicate;
    }
    return Relation::rewrite;
}

Doc make_copy(const Doc& source, std::uint32_t outlet, EditEnv& env) {
    Rng& rng = env.rng;
    Doc d = derived_from(source, outlet);
    const Locale locale = env.outlets[outlet].locale;
    // Wire furniture and the previous outlet's end matter.
    if (rng.chance(0.9)) remove_kind(d, ParaKind::copyright);
    if (rng.chance(0.8)) remove_kind(d, ParaKind::reporting);
    if (rng.chance(0.9)) remove_kind(d, ParaKind::boilerplate);
    if (rng.chance(0.5)) remove_kind(d, ParaKind::byline);
    if (rng.chance(0.55)) drop_dateline(d);

    // Structure: trim, drop, move.
    auto body = body_indices(d);
    if (body.size() >= 4 && rng.chance(0.5)) {
        const auto keep = std::max<std::size_t>(2, body.size() * rng.between(35, 90) / 100);
        trim_body(d, keep);
    }
    body = body_indices(d);
    if (body.size() >= 5 && rng.chance(0.3)) {
        const std::uint32_t drops = rng.between(1, 2);
        for (std::uint32_t i = 0; i < drops; ++i) {
            body = body_indices(d);
            d.paras.erase(d.paras.begin() + static_cast<std::ptrdiff_t>(body[1 + rng.below(static_cast<std::uint32_t>(body.size() - 1))]));
        }
    }
    body = body_indices(d);
    if (body.size() >= 4 && rng.chance(0.15)) {
        const std::size_t from = body[1 + rng.below(static_cast<std::uint32_t>(body.size() - 1))];
        Paragraph moved = std::move(d.paras[from]);
        d.paras.erase(d.paras.begin() + static_cast<std::ptrdiff_t>(from));
        body = body_indices(d);
        const std::size_t to = body[rng.below(static_cast<std::uint32_t>(body.size()))];
        d.paras.insert(d.paras.begin() + static_cast<std::ptrdiff_t>(to), std::move(moved));
    }

    // Local paragraphs: a lead of its own, sections inside, a tail.
    if (rng.chance(0.2)) {
        const std::size_t at = has_kind(d, ParaKind::byline) ? 1 : 0;
        insert_local(d, at, local_paragraphs(rng.between(1, 2), env, false));
    }
    if (rng.chance(0.35)) {
        const std::uint32_t sections = rng.between(1, 2);
        for (std::uint32_t i = 0; i < sections; ++i) {
            const std::size_t lo = start_of_body(d);
            const std::size_t hi = std::max(lo, end_of_body(d));
            insert_local(d, lo + rng.below(static_cast<std::uint32_t>(hi - lo + 1)),
                         local_paragraphs(rng.between(1, 3), env, true));
        }
    }
    if (rng.chance(0.3)) insert_local(d, end_of_body(d), local_paragraphs(rng.between(1, 3), env, true));

    // Words.
    respell_all(d, locale);
    if (rng.chance(0.25)) vary_name(d, env);
    if (rng.chance(0.15)) drop_first_names(d, env);
    if (rng.chance(0.4)) substitute_words(d, rng.between(1, 4), env);
    if (rng.chance(0.2)) update_numbers(d, rng.between(1, 2), env);

    // End matter and headline.
    if (rng.chance(env.config.credit_lines)) add_credit(d, env);
    if (rng.chance(env.config.boilerplate)) add_boilerplate(d, outlet, env);
    if (rng.chance(0.6)) {
        Writer writer(env.story, rng, env.arena, env.alloc);
        d.title = writer.headline();
    }

    // A copy is a rewrite: if the edits were all light, cut and add more.
    finish(d);
    for (int round = 0; round < 6 && relation_of(coverage(source, d)) != Relation::rewrite; ++round) {
        body = body_indices(d);
        if (body.size() >= 4 && rng.chance(0.5)) {
            trim_body(d, std::max<std::size_t>(2, body.size() * 6 / 10));
        } else {
            insert_local(d, end_of_body(d), local_paragraphs(rng.between(2, 3), env, true));
        }
        finish(d);
    }
    return d;
}

Doc make_near_duplicate(const Doc& source, std::uint32_t outlet, EditEnv& env) {
    Rng& rng = env.rng;
    const Model& m = model();
    Doc d = derived_from(source, outlet);
    const std::uint32_t edits = rng.between(1, 2);
    for (std::uint32_t i = 0; i < edits; ++i) {
        switch (rng.below(5)) {
            case 0: {  // a changed byline
                Paragraph by;
                by.kind = ParaKind::byline;
                append_phrase(by.words, env.arena.keep("By " + rng.pick(m.first_names) + " " + rng.pick(m.surnames)),
                              Role::fixed, env.alloc);
                if (!d.paras.empty() && d.paras.front().kind == ParaKind::byline) {
                    if (rng.chance(0.3)) {
                        d.paras.erase(d.paras.begin());
                    } else {
                        d.paras.front() = std::move(by);
                    }
                } else {
                    d.paras.insert(d.paras.begin(), std::move(by));
                }
                break;
            }
            case 1: {  // the last paragraph trimmed
                const auto body = body_indices(d);
                if (body.size() >= 6) d.paras.erase(d.paras.begin() + static_cast<std::ptrdiff_t>(body.back()));
                break;
            }
            case 2: substitute_words(d, rng.between(1, 3), env); break;
            case 3: add_credit(d, env); break;
            default: add_boilerplate(d, outlet, env); break;
        }
    }
    if (rng.chance(0.4)) {
        // A respelled word or two.
        const Locale locale = rng.chance(0.5) ? Locale::uk : Locale::ca;
        auto positions = find_words(d, Role::content);
        std::uint32_t respelled = 0;
        for (const auto& [pi, wi] : positions) {
            if (respelled == 2) break;
            Word& w = d.paras[pi].words[wi];
            const std::string_view before = w.text;
            respell(w, locale);
            if (w.text != before) ++respelled;
        }
    }
    finish(d);
    Coverage c = coverage(source, d);
    if (relation_of(c) != Relation::near_duplicate) {
        // Too much or too little: start again from the source with one substituted word.
        d = derived_from(source, outlet);
        substitute_words(d, 1, env);
        if (find_words(d, Role::content).empty()) add_credit(d, env);
        finish(d);
    }
    return d;
}

Doc make_duplicate(const Doc& source, std::uint32_t outlet, EditEnv& env) {
    Rng& rng = env.rng;
    Doc d = derived_from(source, outlet);
    d.style.curly_quotes = !source.style.curly_quotes && rng.chance(0.5);
    d.style.double_hyphen_dash = rng.chance(0.3);
    d.style.two_spaces = rng.chance(0.4);
    d.style.trailing_spaces = rng.chance(0.4);
    d.style.title_case_dateline = rng.chance(0.3);
    if (!d.style.two_spaces && !d.style.trailing_spaces && !d.style.curly_quotes) d.style.trailing_spaces = true;
    if (rng.chance(0.3)) {
        // Headline in title case.
        bool start = true;
        for (char& c : d.title) {
            if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            start = c == ' ';
        }
    }
    finish(d);
    return d;
}

Doc make_update(const Doc& source, EditEnv& env) {
    Rng& rng = env.rng;
    Doc d = derived_from(source, source.outlet);
    Writer writer(env.story, rng, env.arena, env.alloc);
    // A new lead under the same dateline; the old lead's sentence survives as the second paragraph.
    for (std::size_t i = 0; i < d.paras.size(); ++i) {
        if (d.paras[i].kind != ParaKind::lead) continue;
        std::vector<Word> dateline, rest;
        for (const Word& w : d.paras[i].words) (w.role == Role::dateline ? dateline : rest).push_back(w);
        d.paras[i] = writer.lead(dateline);
        if (!rest.empty() && rng.chance(0.6)) {
            rest.front().cap = true;
            d.paras.insert(d.paras.begin() + static_cast<std::ptrdiff_t>(i + 1), Paragraph{ParaKind::body, std::move(rest)});
        }
        break;
    }
    update_numbers(d, rng.between(1, 3), env);
    const std::uint32_t added = rng.between(1, 3);
    for (std::uint32_t i = 0; i < added; ++i) {
        const std::size_t lo = start_of_body(d);
        const std::size_t at = std::min(end_of_body(d), lo + rng.below(4));
        const std::size_t words = rng.between(20, 50);
        d.paras.insert(d.paras.begin() + static_cast<std::ptrdiff_t>(at),
                       rng.chance(0.4) ? writer.quote(words) : writer.narrative(words));
    }
    const auto body = body_indices(d);
    if (body.size() >= 8 && rng.chance(0.5)) {
        d.paras.erase(d.paras.begin() + static_cast<std::ptrdiff_t>(body[2 + rng.below(static_cast<std::uint32_t>(body.size() - 2))]));
    }
    d.title = writer.headline();
    finish(d);
    return d;
}

Doc make_roundup(std::span<const Doc* const> sources, std::span<const Story* const> stories,
                 std::uint32_t outlet, EditEnv& env) {
    Rng& rng = env.rng;
    Doc d;
    d.outlet = outlet;
    d.sources.assign(sources.begin(), sources.end());
    {
        Writer writer(env.story, rng, env.arena, env.alloc);
        d.title = writer.headline();
        Paragraph lead = writer.narrative(rng.between(25, 45), ParaKind::local);
        d.paras.push_back(std::move(lead));
    }
    for (std::size_t s = 0; s < sources.size(); ++s) {
        const Doc& src = *sources[s];
        if (s > 0 || rng.chance(0.5)) {
            Writer writer(*stories[s], rng, env.arena, env.alloc);
            d.paras.push_back(writer.subhead());
        }
        const auto body = body_indices(src);
        const std::size_t keep = std::max<std::size_t>(2, body.size() * rng.between(30, 55) / 100);
        for (const auto& p : src.paras) {
            if (p.kind == ParaKind::lead) {
                Paragraph lead = p;
                if (rng.chance(0.7)) std::erase_if(lead.words, [](const Word& w) { return w.role == Role::dateline; });
                lead.kind = ParaKind::body;
                d.paras.push_back(std::move(lead));
            }
        }
        for (std::size_t i = 0; i < keep && i < body.size(); ++i) d.paras.push_back(src.paras[body[i]]);
    }
    respell_all(d, env.outlets[outlet].locale);
    if (rng.chance(0.5)) {
        Paragraph credit;
        credit.kind = ParaKind::credit;
        append_phrase(credit.words, "From wire services.", Role::fixed, env.alloc);
        d.paras.push_back(std::move(credit));
    }
    if (rng.chance(env.config.boilerplate)) add_boilerplate(d, outlet, env);
    finish(d);
    return d;
}

}  // namespace wiretrace::gen::detail
