// SPDX-License-Identifier: Apache-2.0
// Writes articles: story entities, sentences from the skeleton model with their slots filled,
// paragraphs (leads with datelines, narrative, quotes), headlines, and the rendering to text.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fmt/format.h>

#include "gen/story.hpp"

namespace wiretrace::gen::detail {

const std::array<Agency, 5> kAgencies = {{
    {"AP", "The Associated Press", "(AP) \xE2\x80\x94", true,
     "Copyright {year} The Associated Press. All rights reserved. This material may not be "
     "published, broadcast, rewritten or redistributed.",
     "Associated Press", false, 0.35},
    {"Reuters", "Reuters", "(Reuters) -", true, "\xC2\xA9 Thomson Reuters {year}. All rights reserved.",
     "", true, 0.25},
    {"AFP", "Agence France-Presse", "(AFP) -", false,
     "Copyright {year} Agence France-Presse. All rights reserved.", "AFP", false, 0.15},
    {"PA", "the Press Association", "(PA) -", true,
     "Copyright {year} Press Association. All rights reserved.", "Press Association", false, 0.10},
    {"The Canadian Press", "The Canadian Press", "(CP) \xE2\x80\x94", true,
     "Copyright {year} The Canadian Press. All rights reserved.", "The Canadian Press", false, 0.15},
}};

namespace {

/// Lead sentences are long, as in wire copy; body sentences vary.
constexpr std::size_t kLeadMinTokens = 20;
constexpr std::size_t kLeadMaxTokens = 42;
constexpr std::size_t kSentenceMinTokens = 7;
constexpr std::size_t kSentenceMaxTokens = 38;
constexpr std::size_t kMinParagraphs = 8;
constexpr std::size_t kMaxParagraphs = 25;
constexpr double kQuoteParagraphShare = 0.35;
/// Longest run of skeleton function words (said, the, of, ...) without a content word.
constexpr std::size_t kMaxLiteralRun = 3;

bool has_ascii_alnum(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    });
}

/// Splits at spaces; a piece without letters or digits ("©", "—") joins the next one, so that
/// every word is exactly one token.
template <typename Fn>
void for_each_phrase_word(std::string_view phrase, Fn fn) {
    // A piece is emitted when the next one is known, so that a trailing token-less piece
    // ("(AP) —") stays with the word before it.
    std::size_t pos = 0;
    std::size_t pending = std::string_view::npos;  // start of token-less pieces waiting
    std::size_t word_start = std::string_view::npos, word_end = 0;
    while (pos < phrase.size()) {
        while (pos < phrase.size() && phrase[pos] == ' ') ++pos;
        if (pos >= phrase.size()) break;
        const std::size_t start = pos;
        while (pos < phrase.size() && phrase[pos] != ' ') ++pos;
        if (!has_ascii_alnum(phrase.substr(start, pos - start))) {
            if (pending == std::string_view::npos) pending = start;
            continue;
        }
        if (word_start != std::string_view::npos) fn(phrase.substr(word_start, word_end - word_start));
        word_start = pending == std::string_view::npos ? start : pending;
        word_end = pos;
        pending = std::string_view::npos;
    }
    if (word_start != std::string_view::npos) {
        if (pending != std::string_view::npos) word_end = phrase.size();
        fn(phrase.substr(word_start, word_end - word_start));
    }
}

std::string replace_all(std::string s, std::string_view what, std::string_view with) {
    for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size())) {
        s.replace(at, what.size(), with);
    }
    return s;
}

std::vector<std::string_view> split_words(std::string_view s) {
    std::vector<std::string_view> out;
    for_each_phrase_word(s, [&](std::string_view w) { out.push_back(w); });
    return out;
}

/// Most bytes written around one word: two spaces, an opening quote (3) and ",\u201D" (4).
constexpr std::size_t kMaxPunctuationBytes = 10;
/// Words a paragraph usually holds (one allocation for most paragraphs).
constexpr std::size_t kParagraphReserve = 64;

/// An empty paragraph of `kind` with room for a typical one's words.
Paragraph empty_paragraph(ParaKind kind) {
    Paragraph p;
    p.kind = kind;
    p.words.reserve(kParagraphReserve);
    return p;
}

char* put(char* p, std::string_view s) {
    std::memcpy(p, s.data(), s.size());
    return p + s.size();
}

char* put_post(char* p, Post post, const Style& style) {
    switch (post) {
        case Post::none: return p;
        case Post::comma: *p = ','; return p + 1;
        case Post::period: *p = '.'; return p + 1;
        case Post::dash: return put(p, style.double_hyphen_dash ? " --" : " \xE2\x80\x94");
        case Post::colon: *p = ':'; return p + 1;
        case Post::quote_comma: return put(p, style.curly_quotes ? ",\xE2\x80\x9D" : ",\"");
        case Post::quote_period: return put(p, style.curly_quotes ? ".\xE2\x80\x9D" : ".\"");
    }
    return p;
}

}  // namespace

std::size_t word_count(const Doc& doc) {
    std::size_t n = 0;
    for (const auto& p : doc.paras) n += p.words.size();
    return n;
}

void render_text(const Doc& doc, std::string& out) {
    // PERF: one allocation and raw copies; appending character by character was a tenth of the
    // generator's time.
    std::size_t bound = 0;
    for (const auto& para : doc.paras) {
        bound += 3;
        for (const Word& w : para.words) bound += w.text.size() + kMaxPunctuationBytes;
    }
    const std::size_t start = out.size();
    out.resize(start + bound);
    char* const first = out.data() + start;
    char* p = first;
    const Style& style = doc.style;
    for (const auto& para : doc.paras) {
        if (para.words.empty()) continue;
        if (p != first) p = put(p, "\n\n");
        bool first_word = true;
        for (const Word& w : para.words) {
            if (!first_word) *p++ = ' ';
            first_word = false;
            if (w.pre != Pre::none) p = put(p, style.curly_quotes ? "\xE2\x80\x9C" : "\"");
            char* const at = p;
            // PERF: words are short; a plain loop beats a memcpy call per word.
            for (const char c : w.text) *p++ = c;
            if (w.cap && *at >= 'a' && *at <= 'z') *at = static_cast<char>(*at - 'a' + 'A');
            if (w.role == Role::dateline && style.title_case_dateline && *at != '(') {
                for (char* c = at + 1; c < p; ++c) {
                    if (*c >= 'A' && *c <= 'Z') *c = static_cast<char>(*c - 'A' + 'a');
                }
            }
            if (w.post == Post::none) continue;
            const bool ends_sentence = w.post == Post::period || w.post == Post::quote_period;
            if (ends_sentence && p[-1] == '.') --p;  // "U.S." ends a sentence with its own period
            p = put_post(p, w.post, style);
            if (ends_sentence && style.two_spaces) *p++ = ' ';
        }
        // Two spaces after the paragraph's last sentence would be a trailing space: remove it.
        if (style.two_spaces && p[-1] == ' ') --p;
        if (style.trailing_spaces) *p++ = ' ';
    }
    out.resize(start + static_cast<std::size_t>(p - first));
}

void append_phrase(std::vector<Word>& out, std::string_view phrase, Role role, OriginAlloc& alloc) {
    for_each_phrase_word(phrase, [&](std::string_view w) {
        Word word;
        word.text = w;
        word.origin = alloc.take();
        word.role = role;
        out.push_back(word);
    });
}

Story make_story(Rng& rng, Arena& arena, std::int64_t published) {
    const Model& m = model();
    Story s;
    s.place = &m.places[rng.below(static_cast<std::uint32_t>(m.places.size()))];
    s.second_place = &m.places[rng.below(static_cast<std::uint32_t>(m.places.size()))];
    const auto day = std::chrono::sys_days{std::chrono::days{published >= 0 ? published / 86400 : 0}};
    s.weekday = static_cast<std::uint32_t>((day.time_since_epoch().count() + 3) % 7);  // 1970-01-01: Thursday
    const std::chrono::year_month_day date{day};
    s.year = static_cast<std::uint32_t>(static_cast<int>(date.year()));
    s.month = static_cast<std::uint32_t>(date.month());
    s.mday = static_cast<std::uint32_t>(date.day());

    const std::uint32_t org_count = rng.between(1, 3);
    for (std::uint32_t i = 0; i < org_count; ++i) {
        std::string org;
        if (rng.chance(0.3)) org = (rng.chance(0.5) ? s.place : s.second_place)->adjective + " ";
        if (rng.chance(0.6)) {
            org += rng.pick(m.invented_names);
        } else {
            const auto& nouns = m.class_words[static_cast<std::size_t>(WordClass::noun)];
            std::string word = m.vocab[nouns[rng.below(std::min<std::uint32_t>(3000, static_cast<std::uint32_t>(nouns.size())))]].text;
            word[0] = static_cast<char>(word[0] - 'a' + 'A');
            org += word;
        }
        org += " " + rng.pick(m.org_nouns);
        s.orgs.push_back(split_words(arena.keep(std::move(org))));
    }

    const std::uint32_t people = rng.between(3, 6);
    for (std::uint32_t i = 0; i < people; ++i) {
        Person p;
        p.first = rng.pick(m.first_names);
        p.last = rng.chance(0.5) ? std::string_view(rng.pick(m.surnames)) : std::string_view(rng.pick(m.invented_names));
        if (rng.chance(0.6)) {
            const Place* where = rng.chance(0.7) ? s.place : s.second_place;
            p.title = split_words(arena.keep(replace_all(rng.pick(m.title_roles), "{adj}", where->adjective)));
        }
        if (p.title.empty() || rng.chance(0.15)) {
            std::string role = rng.pick(m.appositive_roles);
            std::string org_name;
            for (auto w : s.orgs[rng.below(static_cast<std::uint32_t>(s.orgs.size()))]) {
                if (!org_name.empty()) org_name += ' ';
                org_name += w;
            }
            role = replace_all(std::move(role), "{org}", org_name);
            role = replace_all(std::move(role), "{city}", (rng.chance(0.5) ? s.place : s.second_place)->city);
            p.appositive = split_words(arena.keep(std::move(role)));
        }
        s.people.push_back(std::move(p));
    }

    // Topic words: what this story is about. Mostly common real words below the very top ranks
    // (they are what a reader sees repeated), some from the long tail.
    constexpr std::array<std::uint32_t, kWordClasses> kTopicCounts = {9, 7, 3, 3, 2, 4, 1};
    for (std::size_t c = 0; c < kWordClasses; ++c) {
        const auto& words = m.class_words[c];
        if (words.empty()) continue;
        const std::size_t head = m.class_head[c];
        const std::size_t skip = std::min<std::size_t>(10, head / 4);
        for (std::uint32_t i = 0; i < kTopicCounts[c]; ++i) {
            std::size_t idx;
            if (head > skip + 1 && rng.chance(0.75)) {
                idx = skip + rng.below(static_cast<std::uint32_t>(head - skip));
            } else {
                idx = static_cast<std::size_t>(rng.log_uniform(static_cast<double>(head + 1), static_cast<double>(words.size() + 1))) - 1;
            }
            s.topic[c].push_back(words[std::min(idx, words.size() - 1)]);
        }
    }
    return s;
}

Word Writer::make(std::string_view text, Role role) {
    Word w;
    w.text = text;
    w.origin = alloc_.take();
    w.role = role;
    return w;
}

void Writer::skeleton(std::size_t min_tokens, std::size_t max_tokens, std::size_t initial_literal_run) {
    const Skeleton& sk = model_.skeleton;
    for (int attempt = 0; attempt < 30; ++attempt) {
        tokens_.clear();
        std::uint16_t a = kTokBoundary, b = kTokBoundary;
        std::size_t words = 0;
        std::size_t literal_run = initial_literal_run;
        std::size_t last_comma = 0;       // tokens_ size at the last comma or dash
        std::size_t words_at_comma = 0;
        bool ended = false;
        while (true) {
            std::uint16_t c = sk.next(a, b, rng_);
            if (c == kTokBoundary) {
                ended = true;
                break;
            }
            if (words == max_tokens && c != kTokComma && c != kTokDash) {
                // PERF: too long; end the sentence at its last comma when that leaves enough
                // words, instead of sampling a new one (long sentences are a fifth of the model's).
                if (words_at_comma >= min_tokens) {
                    tokens_.resize(last_comma);
                    words = words_at_comma;
                    ended = true;
                }
                break;
            }
            if (c == kTokComma || c == kTokDash) {
                if (tokens_.empty() || tokens_.back() == kTokComma || tokens_.back() == kTokDash) continue;
                last_comma = tokens_.size();
                words_at_comma = words;
            } else {
                ++words;
            }
            if (c >= kFirstLiteral) {
                // Long runs of function words are copied from the seeds verbatim and would be
                // shared by unrelated stories: a content word breaks them.
                if (++literal_run > kMaxLiteralRun) {
                    c = static_cast<std::uint16_t>(kTokContent + static_cast<std::uint16_t>(WordClass::noun));
                    literal_run = 0;
                }
            } else if (c != kTokComma && c != kTokDash) {
                literal_run = 0;
            }
            tokens_.push_back(c);
            a = b;
            b = c;
        }
        while (!tokens_.empty() && (tokens_.back() == kTokComma || tokens_.back() == kTokDash)) tokens_.pop_back();
        if (ended && words >= min_tokens && words <= max_tokens) return;
    }
    // Rare: keep the last attempt, cut to length.
    std::size_t words = 0;
    std::size_t keep = 0;
    for (; keep < tokens_.size() && words < max_tokens; ++keep) {
        if (tokens_[keep] != kTokComma && tokens_[keep] != kTokDash) ++words;
    }
    tokens_.resize(keep);
    while (!tokens_.empty() && (tokens_.back() == kTokComma || tokens_.back() == kTokDash)) tokens_.pop_back();
    if (tokens_.empty()) tokens_.push_back(kTokContent);
}

void Writer::content(std::vector<Word>& out, std::size_t cls) {
    const Model& m = model_;
    const auto& topic = story_.topic[cls];
    WordSampler::Pick pick;
    if (!topic.empty() && rng_.chance(topic_share_)) {
        pick.id = topic[rng_.below(static_cast<std::uint32_t>(topic.size()))];
        pick.text = m.vocab_text[pick.id];
    } else {
        pick = m.class_zipf[cls].sample(rng_);
    }
    Word w = make(pick.text, Role::content);
    w.vocab = pick.id;
    out.push_back(w);
}

void Writer::number(std::vector<Word>& out) {
    // fmt rather than std::string concatenation: GCC 12 reports a false -Wrestrict in the inlined
    // string appends at -O3 (Release). The draws keep their order, so corpora stay byte-identical.
    const double r = rng_.uniform();
    std::string n;
    if (r < 0.35) {
        n = fmt::format("{}", rng_.between(2, 99));
    } else if (r < 0.5) {
        n = fmt::format("{}", rng_.between(1990, std::max<std::uint32_t>(1991, story_.year)));
    } else if (r < 0.7) {
        const std::uint32_t low = rng_.below(1000);
        n = fmt::format("{},{:03}", rng_.between(1, 99), low);
    } else if (r < 0.85) {
        const std::uint32_t tenths = rng_.between(1, 9);  // drawn first, as the old expression did
        n = fmt::format("{}.{}", rng_.between(1, 99), tenths);
    } else {
        n = fmt::format("${}", rng_.between(2, 900));
    }
    out.push_back(make(arena_.keep(std::move(n)), Role::number));
}

void Writer::person(std::vector<Word>& out, std::size_t index, bool allow_appositive) {
    const Person& p = story_.people[index];
    const std::uint32_t bit = 1U << index;
    const auto entity = static_cast<std::uint16_t>(index + 1);
    auto push_name = [&](std::string_view text, Role role) {
        Word w = make(text, role);
        w.entity = entity;
        out.push_back(w);
    };
    if ((mentioned_ & bit) == 0) {
        mentioned_ |= bit;
        const bool titled = !p.title.empty() && (p.appositive.empty() || rng_.chance(0.7)) &&
                            !(independent_ && rng_.chance(0.5));
        if (titled) {
            for (auto t : p.title) out.push_back(make(t, Role::fixed));
        }
        push_name(p.first, Role::first_name);
        push_name(p.last, Role::surname);
        if (!titled && allow_appositive && !independent_ && !p.appositive.empty() && rng_.chance(0.7)) {
            out.back().post = Post::comma;
            for (auto t : p.appositive) out.push_back(make(t, Role::fixed));
            out.back().post = Post::comma;
        }
        return;
    }
    if (rng_.chance(0.05)) push_name(p.first, Role::first_name);
    push_name(p.last, Role::surname);
}

void Writer::name(std::vector<Word>& out, bool possessive) {
    const Model& m = model_;
    const std::size_t before = out.size();
    const double r = rng_.uniform();
    auto push_words = [&](std::string_view phrase) {
        // "the" + "the United States": one article is enough.
        if (phrase.starts_with("the ") && !out.empty() && out.back().post == Post::none &&
            (out.back().text == "the" || out.back().text == "a" || out.back().text == "an")) {
            phrase.remove_prefix(4);
        }
        for_each_phrase_word(phrase, [&](std::string_view w) { out.push_back(make(w, Role::name)); });
    };
    // People and organizations are the story's own; places and generic names are shared by many
    // stories, so they get a small share (they make chance matches between unrelated stories).
    if (r < 0.68) {
        // The main characters are mentioned most.
        const auto n = static_cast<std::uint32_t>(story_.people.size());
        const std::uint32_t i = rng_.below(n);
        person(out, rng_.below(i + 1), !possessive);
    } else if (r < 0.82) {
        const Place& place = rng_.chance(0.7) ? *story_.place : *story_.second_place;
        const double k = rng_.uniform();
        push_words(k < 0.6 ? place.city : (k < 0.9 || possessive) ? place.country : place.adjective);
    } else if (r < 0.94) {
        for (auto w : story_.orgs[rng_.below(static_cast<std::uint32_t>(story_.orgs.size()))]) {
            out.push_back(make(w, Role::name));
        }
    } else {
        push_words(rng_.pick(m.generic_names));
    }
    // "U.S.'s" would be two tokens: abbreviations stay as they are.
    if (possessive && out.size() > before && out.back().text.back() != '.') {
        Word& last = out.back();
        last.text = arena_.keep(std::string(last.text) + "'s");
    }
}

void Writer::fill(std::uint16_t token, std::vector<Word>& out) {
    switch (token) {
        case kTokComma:
        case kTokDash:
            if (!out.empty() && out.back().post == Post::none) {
                out.back().post = token == kTokComma ? Post::comma : Post::dash;
            }
            return;
        case kTokNumber: number(out); return;
        case kTokName: name(out, false); return;
        case kTokNamePossessive: name(out, true); return;
        case kTokDay: out.push_back(make(model_.weekdays[story_.weekday], Role::day)); return;
        default: break;
    }
    if (token >= kTokContent && token < kFirstLiteral) {
        content(out, token - kTokContent);
        return;
    }
    out.push_back(make(model_.skeleton.literal(token), Role::function));
}

void Writer::sentence(std::vector<Word>& out, std::size_t min_tokens, std::size_t max_tokens) {
    // The function words that end the previous sentence ("... Smith said.") count towards the
    // run limit of this one.
    std::size_t run = 0;
    while (run < out.size() && run <= kMaxLiteralRun && out[out.size() - 1 - run].role == Role::function) ++run;
    if (run == out.size()) run += tail_run_;  // a new paragraph continues the previous one
    skeleton(min_tokens, max_tokens, run);
    const std::size_t start = out.size();
    for (std::uint16_t token : tokens_) {
        if ((token == kTokComma || token == kTokDash) && out.size() == start) continue;
        fill(token, out);
    }
    if (out.size() == start) content(out, 0);
    out[start].cap = true;
    out.back().post = Post::period;
    tail_run_ = 0;
    while (tail_run_ < out.size() - start && out[out.size() - 1 - tail_run_].role == Role::function) ++tail_run_;
}

Paragraph Writer::lead(std::span<const Word> dateline) {
    Paragraph p = empty_paragraph(ParaKind::lead);
    p.words.assign(dateline.begin(), dateline.end());
    sentence(p.words, kLeadMinTokens, kLeadMaxTokens);
    return p;
}

Paragraph Writer::narrative(std::size_t words, ParaKind kind) {
    Paragraph p = empty_paragraph(kind);
    for (int sentences = 0; sentences < 3 && p.words.size() * 5 < words * 4; ++sentences) {
        sentence(p.words, kSentenceMinTokens, kSentenceMaxTokens);
    }
    return p;
}

Paragraph Writer::quote(std::size_t words, ParaKind kind) {
    Paragraph p = empty_paragraph(kind);
    auto& out = p.words;
    const auto n = static_cast<std::uint32_t>(story_.people.size());
    const std::uint32_t who = rng_.below(rng_.below(n) + 1);
    const bool named_before = (mentioned_ & (1U << who)) != 0;
    auto quoted = [&](Post last) {
        const std::size_t start = out.size();
        sentence(out, 6, 30);
        if (out.size() - start < words / 2 && rng_.chance(0.5)) sentence(out, 6, 24);
        out[start].pre = Pre::quote;
        out.back().post = last;
    };
    const double r = rng_.uniform();
    if (r < 0.5) {
        quoted(Post::quote_comma);
        if (named_before && rng_.chance(0.25)) {
            out.push_back(make(rng_.chance(0.7) ? "he" : "she", Role::function));
        } else {
            person(out, who, false);
        }
        out.push_back(make("said", Role::function));
        out.back().post = Post::period;
    } else if (r < 0.75) {
        quoted(Post::quote_comma);
        out.push_back(make("said", Role::function));
        person(out, who, true);
        out.back().post = Post::period;
    } else {
        const std::size_t start = out.size();
        person(out, who, false);
        out[start].cap = true;
        out.push_back(make("said", Role::function));
        out.back().post = Post::colon;
        quoted(Post::quote_period);
    }
    tail_run_ = 0;
    while (tail_run_ < out.size() && out[out.size() - 1 - tail_run_].role == Role::function) ++tail_run_;
    return p;
}

Paragraph Writer::subhead() {
    Paragraph p;
    p.kind = ParaKind::subhead;
    sentence(p.words, 3, 7);
    while (p.words.size() > 2 && p.words.back().role == Role::function) p.words.pop_back();
    for (auto& w : p.words) {
        if (w.post == Post::period || w.post == Post::dash) w.post = Post::none;
    }
    p.words.back().post = Post::none;
    return p;
}

std::string Writer::headline() {
    const double saved = topic_share_;
    topic_share_ = 0.6;
    std::vector<Word> words;
    sentence(words, 6, 30);
    topic_share_ = saved;
    // A headline is the head of a sentence: up to its first comma, ending on a content word.
    std::size_t keep = std::min<std::size_t>(words.size(), rng_.between(5, 10));
    for (std::size_t i = 3; i + 1 < keep; ++i) {
        if (words[i].post != Post::none) keep = i + 1;
    }
    while (keep > 3 && (words[keep - 1].role == Role::function || words[keep - 1].role == Role::fixed)) --keep;
    // Never half a name ("United" of "United Nations").
    auto is_name = [](const Word& w) { return w.role == Role::name || w.role == Role::first_name || w.role == Role::surname; };
    while (keep < words.size() && is_name(words[keep - 1]) && is_name(words[keep]) && words[keep - 1].post == Post::none) ++keep;
    words.resize(keep);
    Doc d;
    d.paras.push_back(Paragraph{ParaKind::subhead, std::move(words)});
    auto& last = d.paras.back().words.back();
    last.post = Post::none;
    for (auto& w : d.paras.back().words) {
        if (w.post == Post::period) w.post = Post::comma;
    }
    std::string out;
    render_text(d, out);
    return out;
}

Doc write_article(const Story& story, const ArticlePlan& plan, Rng& rng, Arena& arena, OriginAlloc& alloc) {
    const Model& m = model();
    Doc doc;
    Writer writer(story, rng, arena, alloc);
    if (plan.independent) writer.set_independent();
    doc.title = writer.headline();
    writer.new_document();
    if (plan.byline) {
        Paragraph by;
        by.kind = ParaKind::byline;
        std::string line = "By " + rng.pick(m.first_names) + " " + rng.pick(m.surnames);
        if (plan.agency != nullptr && !plan.agency->byline.empty()) line += ", " + std::string(plan.agency->byline);
        append_phrase(by.words, arena.keep(std::move(line)), Role::fixed, alloc);
        doc.paras.push_back(std::move(by));
    }
    std::vector<Word> dateline;
    if (plan.dateline && plan.agency != nullptr) {
        std::string city = story.place->city;
        if (plan.agency->upper_city) {
            for (char& c : city) {
                if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            }
        }
        append_phrase(dateline, arena.keep(std::move(city)), Role::dateline, alloc);
        append_phrase(dateline, plan.agency->tag, Role::dateline, alloc);
    }
    const std::size_t target = std::max<std::size_t>(plan.words, 120);
    const std::size_t paragraphs =
        std::clamp<std::size_t>(target / rng.between(30, 44), kMinParagraphs, kMaxParagraphs);
    doc.paras.push_back(writer.lead(dateline));
    const std::size_t lead_words = doc.paras.back().words.size();
    const std::size_t per = target > lead_words ? (target - lead_words) / (paragraphs - 1) : 20;
    for (std::size_t i = 1; i < paragraphs; ++i) {
        const std::size_t words = std::max<std::size_t>(8, per * rng.between(70, 130) / 100);
        if (i >= 2 && rng.chance(kQuoteParagraphShare)) {
            doc.paras.push_back(writer.quote(words));
        } else {
            doc.paras.push_back(writer.narrative(words));
        }
    }
    if (plan.agency != nullptr && plan.agency->reporting_line) {
        Paragraph rep;
        rep.kind = ParaKind::reporting;
        const std::string line = "(Reporting by " + rng.pick(m.first_names) + " " + rng.pick(m.surnames) +
                                 "; Editing by " + rng.pick(m.first_names) + " " + rng.pick(m.surnames) + ")";
        append_phrase(rep.words, arena.keep(line), Role::fixed, alloc);
        doc.paras.push_back(std::move(rep));
    }
    if (plan.copyright && plan.agency != nullptr) {
        Paragraph c;
        c.kind = ParaKind::copyright;
        append_phrase(c.words, arena.keep(replace_all(std::string(plan.agency->copyright), "{year}", std::to_string(story.year))),
                      Role::fixed, alloc);
        doc.paras.push_back(std::move(c));
    }
    return doc;
}

std::string name_variant(std::string_view surname, Rng& rng) {
    std::string s(surname);
    constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kRules = {{
        {"ou", "u"}, {"ss", "s"}, {"ie", "y"}, {"ph", "f"}, {"k", "q"}, {"ai", "ay"}, {"ck", "k"}, {"ee", "i"},
    }};
    const std::uint32_t first = rng.below(static_cast<std::uint32_t>(kRules.size()));
    for (std::size_t i = 0; i < kRules.size(); ++i) {
        const auto& [from, to] = kRules[(first + i) % kRules.size()];
        const auto at = s.find(from, 1);
        if (at != std::string::npos) {
            s.replace(at, from.size(), to);
            return s;
        }
    }
    return rng.chance(0.5) ? "al-" + s : s + "e";
}

void respell(Word& w, Locale locale) {
    if (w.vocab == kNoVocab || locale == Locale::us) return;
    const Model& m = model();
    if ((m.vocab_respelled[w.vocab] & (locale == Locale::ca ? 2 : 1)) == 0) return;
    const VocabWord& v = m.vocab[w.vocab];
    const std::string& variant = locale == Locale::ca ? v.ca : v.uk;
    if (!variant.empty()) w.text = variant;
}

}  // namespace wiretrace::gen::detail
