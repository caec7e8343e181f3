// SPDX-License-Identifier: Apache-2.0
// Rewording sentence by sentence (paraphrased copies, write-throughs), and the stories sent in
// several takes with the copies that combine them.
#include "gen/paraphrase.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <fmt/format.h>
#include <iterator>

#include "gen/model.hpp"
#include "wiretrace/hash.hpp"

namespace wiretrace::gen::detail {
namespace {

/// Shares of the rewording steps, per reworded sentence (or per word, for the word steps).
/// Calibrated on the human heavy rewrites of Clough & Stevenson (bench/results/
/// 2026-12-07-rewrites-close.txt): they keep 63% of their source's content words and 30% of its
/// 3-word phrases; a paraphrase made with these shares keeps 55% and 37%. Replacing 90% of the
/// content words from 3 partners (before) kept 34% and 19%, below Clough's non-plagiarised
/// answers, and two paraphrases of one source shared more with each other than with it.
constexpr double kSynonymShare = 0.55;          ///< content words replaced by a synonym
constexpr double kFunctionVariantShare = 0.5;   ///< function words with a variant that take it
constexpr double kNumberFormatShare = 0.6;      ///< numbers written another way when they can be
constexpr double kDateShare = 0.6;              ///< weekdays written as a date
constexpr double kPassiveShare = 0.7;           ///< active clauses made passive when one is found
constexpr double kClauseSwapShare = 0.5;        ///< sentences with two clauses that swap them
constexpr double kReportedSpeechShare = 0.85;   ///< quotations turned into reported speech
constexpr double kSentenceMoveShare = 0.35;     ///< paragraphs whose last sentence moves first
constexpr double kDropAppositiveShare = 0.6;    ///< appositives left out ("Smith, a spokesman for X,")
/// Content words outside the lexicon's synonym groups have this many fixed partners of their
/// class: the same word is always reworded with one of these words, as a writer's thesaurus;
/// enough of them that two writers seldom pick the same one.
constexpr std::uint32_t kPartners = 12;
/// A clause has at least this many words to change places with another.
constexpr std::size_t kMinClauseWords = 4;
/// Sentences of a paraphrase reworded (the lead always is).
constexpr double kParaphraseSentenceShare = 0.96;
/// Sentences of a write-through's earlier paragraphs reworded.
constexpr double kWriteThroughSentenceShare = 0.35;
/// A paragraph of an earlier take counts as no longer in the copy when at least this share of
/// its words is missing from it.
constexpr double kMissingShare = 0.5;

constexpr std::array<std::string_view, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                                      "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 21> kNumberWords = {
    "zero", "one",    "two",    "three",    "four",     "five",    "six",     "seven",     "eight",    "nine",      "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};

/// Function words a writer varies, with what they become.
struct Variant {
    std::string_view word;
    std::array<std::string_view, 3> with;
};
constexpr std::array<Variant, 9> kFunctionVariants = {{
    {"said", {"stated", "noted", "added"}},
    {"says", {"states", "notes", "adds"}},
    {"told", {"informed", "assured", "advised"}},
    {"about", {"around", "roughly", "some"}},
    {"after", {"following", "following", "after"}},
    {"because", {"as", "since", "as"}},
    {"while", {"whereas", "although", "though"}},
    {"many", {"numerous", "several", "multiple"}},
    {"but", {"yet", "though", "yet"}},
}};

/// Pronouns of quoted speech and their reported forms ("we" -> "they").
struct Pronoun {
    std::string_view word;
    std::string_view he, she;
};
constexpr std::array<Pronoun, 6> kPronouns = {{
    {"I", "he", "she"}, {"me", "him", "her"}, {"my", "his", "her"},
    {"we", "they", "they"}, {"us", "them", "them"}, {"our", "their", "their"},
}};

constexpr std::array<std::string_view, 7> kDeterminers = {"the", "a", "an", "its", "their", "his", "her"};

bool is_name_role(Role r) { return r == Role::name || r == Role::first_name || r == Role::surname; }

/// Facts keep their words and origins when a sentence is reworded.
bool is_fact(const Word& w) { return is_name_role(w.role) || w.role == Role::dateline || w.role == Role::number; }

bool has_quote(std::span<const Word> s) {
    return std::any_of(s.begin(), s.end(), [](const Word& w) {
        return w.pre == Pre::quote || w.post == Post::quote_comma || w.post == Post::quote_period;
    });
}

Word function_word(std::string_view text, EditEnv& env) {
    Word w;
    w.text = text;
    w.origin = env.alloc.take();
    w.role = Role::function;
    return w;
}

WordClass class_of(const Word& w) { return model().vocab[w.vocab].cls; }

/// Another word for content word `id`: one of its lexicon group, else one of its fixed partners,
/// near its Zipf rank within its class.
std::uint32_t synonym(std::uint32_t id, Rng& rng) {
    const Model& m = model();
    if (const std::uint32_t g = m.synonym_group[id]; g != Model::kNoGroup) {
        const auto& group = m.synonym_groups[g];
        std::uint32_t pick = group[rng.below(static_cast<std::uint32_t>(group.size() - 1))];
        return pick == id ? group.back() : pick;
    }
    const auto cls = static_cast<std::size_t>(m.vocab[id].cls);
    const auto n = static_cast<std::uint32_t>(m.class_words[cls].size());
    const std::uint32_t rank = id - m.class_first[cls];
    const std::uint32_t spread = std::max<std::uint32_t>(32, rank);  // common words get common partners
    const std::uint64_t h = wiretrace::mix64((std::uint64_t{id} << 8) | rng.below(kPartners));
    std::uint32_t partner = static_cast<std::uint32_t>((rank + 1 + h % spread) % n);
    if (partner == rank) partner = (rank + 1) % n;
    return m.class_words[cls][partner];
}

/// The value of a plain integer ("7"), or -1.
int plain_integer(std::string_view s) {
    int v = -1;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && end == s.data() + s.size() ? v : -1;
}

/// "A, B." -> "B, A." at the first comma that splits the sentence into two clauses of at least
/// kMinClauseWords words, neither an appositive ("Smith, a spokesman for ...,").
void swap_clauses(std::vector<Word>& s) {
    for (std::size_t c = kMinClauseWords - 1; c + kMinClauseWords < s.size(); ++c) {
        if (s[c].post != Post::comma || s[c].role == Role::fixed || s[c + 1].role == Role::fixed) continue;
        if (std::any_of(s.begin(), s.end(), [](const Word& w) { return w.post == Post::comma && w.role == Role::fixed; })) {
            return;
        }
        const Post end = s.back().post;
        std::vector<Word> out(s.begin() + static_cast<std::ptrdiff_t>(c + 1), s.end());
        out.back().post = Post::comma;
        out.front().cap = true;
        const std::size_t a = out.size();
        out.insert(out.end(), s.begin(), s.begin() + static_cast<std::ptrdiff_t>(c + 1));
        out[a].cap = false;
        out.back().post = end;
        s = std::move(out);
        return;
    }
}

/// "Smith approved the new plan" -> "the new plan was approved by Smith", for the first clause
/// that starts with a name (at the start of the sentence or after a comma) followed by a verb in
/// the past tense and its object (a determiner, up to two adjectives, a noun).
void make_passive(std::vector<Word>& s, EditEnv& env) {
    for (std::size_t ns = 0; ns < s.size(); ++ns) {
        if (!is_name_role(s[ns].role) || (ns > 0 && s[ns - 1].post == Post::none)) continue;
        std::size_t ne = ns;
        while (ne < s.size() && is_name_role(s[ne].role) && s[ne].post == Post::none && s[ne].pre == Pre::none) ++ne;
        if (ne == ns || ne + 2 >= s.size() || s[ne - 1].text.ends_with("'s")) continue;
        const Word& verb = s[ne];
        if (verb.role != Role::content || class_of(verb) != WordClass::past || verb.post != Post::none) continue;
        std::size_t k = ne + 1;
        const bool det = s[k].role == Role::function && s[k].post == Post::none &&
                         std::find(kDeterminers.begin(), kDeterminers.end(), s[k].text) != kDeterminers.end();
        if (det) ++k;
        for (int adjectives = 0; adjectives < 2 && k < s.size() && s[k].role == Role::content &&
                                 class_of(s[k]) == WordClass::adjective && s[k].post == Post::none;
             ++adjectives) {
            ++k;
        }
        if (k >= s.size() || s[k].role != Role::content || s[k].pre != Pre::none) continue;
        const WordClass noun = class_of(s[k]);
        if (noun != WordClass::noun && noun != WordClass::plural) continue;
        const Post after = s[k].post;
        if (after == Post::quote_comma || after == Post::quote_period || after == Post::colon) continue;
        if (after == Post::none && k + 1 < s.size() && s[k + 1].role != Role::function) continue;
        std::vector<Word> out(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(ns));
        const std::size_t object = out.size();
        out.insert(out.end(), s.begin() + static_cast<std::ptrdiff_t>(ne + 1), s.begin() + static_cast<std::ptrdiff_t>(k + 1));
        out[object].cap = s[ns].cap;
        out.back().post = Post::none;
        out.push_back(function_word(noun == WordClass::plural ? "were" : "was", env));
        out.push_back(verb);
        out.push_back(function_word("by", env));
        const std::size_t names = out.size();
        out.insert(out.end(), s.begin() + static_cast<std::ptrdiff_t>(ns), s.begin() + static_cast<std::ptrdiff_t>(ne));
        out[names].cap = false;
        out.back().post = after;
        out.insert(out.end(), s.begin() + static_cast<std::ptrdiff_t>(k + 1), s.end());
        s = std::move(out);
        return;
    }
}

/// Numbers in another format: "5 million" -> "5m" or "five million", "12 percent" -> "12%" or
/// "12 per cent", "7" -> "seven", "$300" -> "300 dollars". The value never changes.
void reformat_numbers(std::vector<Word>& s, EditEnv& env) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        Word& w = s[i];
        if (w.role != Role::number || !env.rng.chance(kNumberFormatShare)) continue;
        const bool dollars = w.text.starts_with("$");
        const int value = plain_integer(dollars ? w.text.substr(1) : w.text);
        Word* next = i + 1 < s.size() && w.post == Post::none ? &s[i + 1] : nullptr;
        const bool scale = next != nullptr && (next->text == "million" || next->text == "billion");
        if (scale && value >= 1) {
            if (!dollars && value <= 20 && env.rng.chance(0.4)) {
                w.text = kNumberWords[static_cast<std::size_t>(value)];
            } else {
                w.text = env.arena.keep(fmt::format("{}{}", w.text, next->text == "million" ? "m" : "bn"));
                w.post = next->post;
                s.erase(s.begin() + static_cast<std::ptrdiff_t>(i + 1));
            }
        } else if (next != nullptr && next->text == "percent") {
            if (env.rng.chance(0.5)) {
                w.text = env.arena.keep(fmt::format("{}%", w.text));
                w.post = next->post;
                s.erase(s.begin() + static_cast<std::ptrdiff_t>(i + 1));
            } else {
                next->text = "per";
                Word cent = function_word("cent", env);
                cent.post = next->post;
                next->post = Post::none;
                s.insert(s.begin() + static_cast<std::ptrdiff_t>(i + 2), cent);
            }
        } else if (dollars && value >= 2) {
            w.text = w.text.substr(1);
            Word unit = function_word("dollars", env);
            unit.post = w.post;
            w.post = Post::none;
            s.insert(s.begin() + static_cast<std::ptrdiff_t>(i + 1), unit);
        } else if (!dollars && value >= 2 && value <= 20) {
            w.text = kNumberWords[static_cast<std::size_t>(value)];
        } else {
            continue;
        }
        s[i].origin = env.alloc.take();
    }
}

/// The weekday as a date: "Tuesday" -> "Tuesday, March 3" or "March 3".
void weekday_as_date(std::vector<Word>& s, EditEnv& env) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i].role != Role::day || !env.rng.chance(kDateShare)) continue;
        Word day = function_word(env.arena.keep(fmt::format("{}", env.story.mday)), env);
        day.role = Role::day;
        day.post = s[i].post;
        Word month = function_word(kMonths[(env.story.month + 11) % 12], env);
        month.role = Role::day;
        if (env.rng.chance(0.5)) {
            month.cap = s[i].cap;
            s[i] = month;
            s.insert(s.begin() + static_cast<std::ptrdiff_t>(i + 1), day);
            i += 1;
        } else {
            s[i].post = Post::comma;
            s.insert(s.begin() + static_cast<std::ptrdiff_t>(i + 1), {month, day});
            i += 2;
        }
    }
}

/// Leaves out the appositives after names: "Smith, a spokesman for the ministry, said" -> "Smith
/// said".
void drop_appositives(std::vector<Word>& s, EditEnv& env) {
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        if (!is_name_role(s[i].role) || s[i].post != Post::comma || s[i + 1].role != Role::fixed) continue;
        std::size_t end = i + 1;
        while (end < s.size() && s[end].role == Role::fixed && s[end].post == Post::none) ++end;
        if (end >= s.size() || s[end].role != Role::fixed || s[end].post != Post::comma || !env.rng.chance(kDropAppositiveShare)) {
            continue;
        }
        s[i].post = Post::none;
        s.erase(s.begin() + static_cast<std::ptrdiff_t>(i + 1), s.begin() + static_cast<std::ptrdiff_t>(end + 1));
    }
}

/// Synonyms for content words, variants for some function words.
void vary_words(std::vector<Word>& s, EditEnv& env) {
    const Model& m = model();
    for (Word& w : s) {
        if (w.role == Role::content && env.rng.chance(kSynonymShare)) {
            w.vocab = synonym(w.vocab, env.rng);
            w.text = m.vocab_text[w.vocab];
        } else if (w.role == Role::function) {
            for (const Variant& v : kFunctionVariants) {
                if (w.text == v.word && env.rng.chance(kFunctionVariantShare)) {
                    w.text = v.with[env.rng.below(static_cast<std::uint32_t>(v.with.size()))];
                    break;
                }
            }
        }
    }
}

void reword_sentence(std::vector<Word>& s, EditEnv& env) {
    const bool dateline = std::any_of(s.begin(), s.end(), [](const Word& w) { return w.role == Role::dateline; });
    if (!dateline && !has_quote(s) && env.rng.chance(kClauseSwapShare)) swap_clauses(s);
    if (env.rng.chance(kPassiveShare)) make_passive(s, env);
    drop_appositives(s, env);
    vary_words(s, env);
    reformat_numbers(s, env);
    weekday_as_date(s, env);
    // Only the facts survive as the source's own words; a reformatted number got a fresh origin.
    for (Word& w : s) {
        if (!is_fact(w)) w.origin = env.alloc.take();
    }
}

/// "\"...,\" Smith said." / "\"...,\" said Smith." / "Smith said: \"....\"" -> "Smith said that
/// ...", with the speaker's pronouns. False when the paragraph is not one attributed quotation.
bool to_reported_speech(std::vector<Word>& words, EditEnv& env) {
    const auto open = std::find_if(words.begin(), words.end(), [](const Word& w) { return w.pre == Pre::quote; });
    if (open == words.end()) return false;
    const auto close = std::find_if(open, words.end(), [](const Word& w) {
        return w.post == Post::quote_comma || w.post == Post::quote_period;
    });
    if (close == words.end()) return false;
    if (std::any_of(close + 1, words.end(), [](const Word& w) { return w.pre == Pre::quote; })) return false;
    std::vector<Word> speaker;
    for (auto it = words.begin(); it != words.end(); ++it) {
        if (it == open) it = close;
        else if (!(it->role == Role::function && it->text == "said")) speaker.push_back(*it);
    }
    if (speaker.empty() || speaker.size() > 16) return false;
    const bool apposition = std::any_of(speaker.begin(), speaker.end() - 1, [](const Word& w) { return w.post == Post::comma; });
    for (Word& w : speaker) w.cap = false;
    speaker.front().cap = true;
    speaker.back().post = apposition ? Post::comma : Post::none;
    const bool she = speaker.size() == 1 ? speaker.front().text == "she" : env.rng.chance(0.35);
    std::vector<Word> out = std::move(speaker);
    out.push_back(function_word("said", env));
    out.push_back(function_word("that", env));
    const std::size_t first = out.size();
    for (auto it = open; it != close + 1; ++it) {
        Word w = *it;
        w.pre = Pre::none;
        if (w.role == Role::function) {
            for (const Pronoun& p : kPronouns) {
                if (w.text == p.word) w.text = she ? p.she : p.he;
            }
        }
        out.push_back(w);
    }
    out[first].cap = false;
    out.back().post = Post::period;
    words = std::move(out);
    return true;
}

/// The paragraph's sentences: runs of words ending in a full stop.
std::vector<std::vector<Word>> sentences_of(const std::vector<Word>& words) {
    std::vector<std::vector<Word>> out(1);
    for (const Word& w : words) {
        out.back().push_back(w);
        if (w.post == Post::period || w.post == Post::quote_period) out.emplace_back();
    }
    if (out.back().empty()) out.pop_back();
    return out;
}

/// Paragraphs of `d` whose words are lead or body text.
bool is_text(const Paragraph& p) { return p.kind == ParaKind::lead || is_body(p.kind); }

/// A new lead over `d`'s, the old lead's sentence reworded as the second paragraph.
void new_top(Doc& d, Writer& writer, EditEnv& env) {
    for (std::size_t i = 0; i < d.paras.size(); ++i) {
        if (d.paras[i].kind != ParaKind::lead) continue;
        std::vector<Word> dateline, rest;
        for (const Word& w : d.paras[i].words) (w.role == Role::dateline ? dateline : rest).push_back(w);
        d.paras[i] = writer.lead(dateline);
        if (!rest.empty()) {
            rest.front().cap = true;
            Paragraph old{ParaKind::body, std::move(rest)};
            reword_paragraph(old, 1.0, env);
            d.paras.insert(d.paras.begin() + static_cast<std::ptrdiff_t>(i + 1), std::move(old));
        }
        return;
    }
}

/// Moves one body paragraph (not the first) to another place among the body paragraphs.
void move_paragraph(Doc& d, Rng& rng) {
    auto body = body_indices(d);
    if (body.size() < 4) return;
    const std::size_t from = body[1 + rng.below(static_cast<std::uint32_t>(body.size() - 1))];
    Paragraph moved = std::move(d.paras[from]);
    d.paras.erase(d.paras.begin() + static_cast<std::ptrdiff_t>(from));
    body = body_indices(d);
    const std::size_t to = body[rng.below(static_cast<std::uint32_t>(body.size()))];
    d.paras.insert(d.paras.begin() + static_cast<std::ptrdiff_t>(to), std::move(moved));
}

std::vector<std::uint64_t> sorted_origins(const Paragraph& p) {
    std::vector<std::uint64_t> out;
    out.reserve(p.words.size());
    for (const Word& w : p.words) out.push_back(w.origin);
    std::sort(out.begin(), out.end());
    return out;
}

std::size_t shared_words(const Paragraph& p, const std::vector<std::uint64_t>& sorted) {
    return static_cast<std::size_t>(std::count_if(p.words.begin(), p.words.end(), [&](const Word& w) {
        return std::binary_search(sorted.begin(), sorted.end(), w.origin);
    }));
}

}  // namespace

void reword_paragraph(Paragraph& p, double share, EditEnv& env) {
    if (p.words.empty()) return;
    bool reported = false;
    if (has_quote(p.words) && env.rng.chance(kReportedSpeechShare * share)) reported = to_reported_speech(p.words, env);
    auto sentences = sentences_of(p.words);
    for (auto& s : sentences) {
        if (reported || env.rng.chance(share)) reword_sentence(s, env);
    }
    const bool quoted = std::any_of(sentences.begin(), sentences.end(), [](const auto& s) { return has_quote(s); });
    if (sentences.size() >= 2 && p.kind != ParaKind::lead && !quoted && env.rng.chance(kSentenceMoveShare * share)) {
        std::rotate(sentences.rbegin(), sentences.rbegin() + 1, sentences.rend());
    }
    p.words.clear();
    for (auto& s : sentences) p.words.insert(p.words.end(), s.begin(), s.end());
}

Doc make_paraphrase(const Doc& source, std::uint32_t outlet, EditEnv& env) {
    Rng& rng = env.rng;
    Doc d = derived_from(source, outlet);
    for (ParaKind k : {ParaKind::copyright, ParaKind::reporting, ParaKind::boilerplate, ParaKind::credit}) remove_kind(d, k);
    if (rng.chance(0.7)) remove_kind(d, ParaKind::byline);
    if (rng.chance(0.8)) drop_dateline(d);
    const auto body = body_indices(d);
    if (body.size() >= 5 && rng.chance(0.3)) trim_body(d, std::max<std::size_t>(3, body.size() * rng.between(60, 90) / 100));
    for (Paragraph& p : d.paras) {
        if (is_text(p)) reword_paragraph(p, p.kind == ParaKind::lead ? 1.0 : kParaphraseSentenceShare, env);
    }
    if (rng.chance(0.3)) move_paragraph(d, rng);
    if (rng.chance(0.3)) insert_local(d, end_of_body(d), local_paragraphs(rng.between(1, 2), env, false));
    respell_doc(d, env.outlets[outlet].locale);
    if (rng.chance(env.config.credit_lines)) add_credit(d, env);
    if (rng.chance(env.config.boilerplate)) add_outlet_boilerplate(d, outlet, env);
    Writer writer(env.story, rng, env.arena, env.alloc);
    d.title = writer.headline();
    finish(d);
    return d;
}

Doc make_take_add(const Doc& previous, EditEnv& env) {
    Rng& rng = env.rng;
    Doc d = derived_from(previous, previous.outlet);
    Writer writer(env.story, rng, env.arena, env.alloc);
    if (rng.chance(0.7)) new_top(d, writer, env);
    const std::uint32_t added = rng.between(2, 4);
    for (std::uint32_t i = 0; i < added; ++i) {
        const std::size_t words = rng.between(25, 50);
        d.paras.insert(d.paras.begin() + static_cast<std::ptrdiff_t>(end_of_body(d)),
                       rng.chance(0.35) ? writer.quote(words) : writer.narrative(words));
    }
    d.title = writer.headline();
    respell_doc(d, env.outlets[d.outlet].locale);
    finish(d);
    return d;
}

Doc make_write_through(const Doc& previous, EditEnv& env) {
    Rng& rng = env.rng;
    Doc d = derived_from(previous, previous.outlet);
    Writer writer(env.story, rng, env.arena, env.alloc);
    new_top(d, writer, env);
    const std::size_t first = start_of_body(d) + 1;  // after the reworded old lead
    for (std::size_t i = first; i < d.paras.size(); ++i) {
        if (is_body(d.paras[i].kind)) reword_paragraph(d.paras[i], kWriteThroughSentenceShare, env);
    }
    // A paragraph dropped, never the earlier leads (the first two body paragraphs now).
    const auto body = body_indices(d);
    if (body.size() >= 8 && rng.chance(0.4)) {
        d.paras.erase(d.paras.begin() + static_cast<std::ptrdiff_t>(body[2 + rng.below(static_cast<std::uint32_t>(body.size() - 2))]));
    }
    if (rng.chance(0.6)) move_paragraph(d, rng);
    if (rng.chance(0.5)) {
        d.paras.insert(d.paras.begin() + static_cast<std::ptrdiff_t>(end_of_body(d)),
                       writer.narrative(rng.between(25, 50)));
    }
    d.title = writer.headline();
    respell_doc(d, env.outlets[d.outlet].locale);
    finish(d);
    return d;
}

Doc make_multi_take(std::span<const Doc* const> takes, std::size_t base, std::uint32_t outlet, EditEnv& env) {
    Rng& rng = env.rng;
    Doc d = derived_from(*takes[base], outlet);
    for (ParaKind k : {ParaKind::copyright, ParaKind::reporting, ParaKind::boilerplate}) remove_kind(d, k);
    if (rng.chance(0.5)) remove_kind(d, ParaKind::byline);
    if (rng.chance(0.55)) drop_dateline(d);
    finish(d);
    std::vector<const Doc*> drew{takes[base]};
    std::vector<char> inserted(d.paras.size(), 0);  // by paragraph of d: taken from an earlier take
    for (std::size_t t = 0; t < base; ++t) {
        // Paragraphs of the earlier take that neither the base take nor the copy so far holds
        // verbatim.
        std::vector<const Paragraph*> missing;
        const auto is_missing = [&](const Paragraph& p, const std::vector<std::uint64_t>& origins) {
            const auto kept = static_cast<std::size_t>(std::count_if(p.words.begin(), p.words.end(), [&](const Word& w) {
                return std::binary_search(origins.begin(), origins.end(), w.origin);
            }));
            return static_cast<double>(p.words.size() - kept) >= kMissingShare * static_cast<double>(p.words.size());
        };
        for (const Paragraph& p : takes[t]->paras) {
            if (is_text(p) && p.words.size() >= 8 && is_missing(p, takes[base]->origins) && is_missing(p, d.origins)) {
                missing.push_back(&p);
            }
        }
        if (missing.empty()) continue;
        const std::uint32_t wanted = std::min<std::uint32_t>(rng.between(1, 2), static_cast<std::uint32_t>(missing.size()));
        for (std::uint32_t k = 0; k < wanted; ++k) {
            const std::size_t at = rng.below(static_cast<std::uint32_t>(missing.size()));
            Paragraph taken = *missing[at];
            missing.erase(missing.begin() + static_cast<std::ptrdiff_t>(at));
            std::erase_if(taken.words, [](const Word& w) { return w.role == Role::dateline; });
            taken.kind = taken.kind == ParaKind::lead ? ParaKind::body : taken.kind;
            // In place of its later wording: the body paragraph sharing the most of its words (its
            // facts keep their origins when reworded).
            const auto origins = sorted_origins(taken);
            std::size_t best = d.paras.size();
            std::size_t best_shared = 1;
            for (std::size_t q = 0; q < d.paras.size(); ++q) {
                if (!is_body(d.paras[q].kind) || inserted[q]) continue;
                const std::size_t shared = shared_words(d.paras[q], origins);
                if (shared > best_shared) {
                    best = q;
                    best_shared = shared;
                }
            }
            if (best < d.paras.size()) {
                d.paras[best] = std::move(taken);
                inserted[best] = 1;
            } else {
                const std::size_t pos = std::min(end_of_body(d), start_of_body(d) + rng.below(2));
                d.paras.insert(d.paras.begin() + static_cast<std::ptrdiff_t>(pos), std::move(taken));
                inserted.insert(inserted.begin() + static_cast<std::ptrdiff_t>(pos), 1);
            }
        }
        drew.push_back(takes[t]);
        finish(d);
    }
    if (drew.size() < 2) {
        d.sources.clear();
        return d;
    }
    d.sources = std::move(drew);
    respell_doc(d, env.outlets[outlet].locale);
    if (rng.chance(env.config.credit_lines)) add_credit(d, env);
    if (rng.chance(env.config.boilerplate)) add_outlet_boilerplate(d, outlet, env);
    if (rng.chance(0.6)) {
        Writer writer(env.story, rng, env.arena, env.alloc);
        d.title = writer.headline();
    }
    finish(d);
    return d;
}

}  // namespace wiretrace::gen::detail
