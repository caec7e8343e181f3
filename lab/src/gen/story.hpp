// SPDX-License-Identifier: Apache-2.0
// Private: the generator's document representation (paragraphs of words, each word one engine
// token that remembers where it came from), story entities, and the writer that fills sentence
// skeletons with a story's names, topic words and numbers.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gen/model.hpp"
#include "gen/rng.hpp"
#include "wiretrace/lab/gen.hpp"

namespace wiretrace::gen::detail {

inline constexpr std::uint32_t kNoVocab = 0xffff'ffffU;

/// What a word is, for the edits that target words of one kind.
enum class Role : std::uint8_t { function, content, name, first_name, surname, number, day, fixed, dateline };

/// Punctuation before and after a word. Punctuation never forms a token of its own.
enum class Pre : std::uint8_t { none, quote };
enum class Post : std::uint8_t { none, comma, period, dash, colon, quote_comma, quote_period };

/// One word: renders to exactly one text::tokenize token. `origin` identifies the word instance
/// it was copied from (fresh words get fresh origins), which is what coverages are computed on.
struct Word {
    std::string_view text;           ///< the word without surrounding punctuation (stable storage)
    std::uint64_t origin = 0;
    std::uint32_t vocab = kNoVocab;  ///< vocabulary id of a content word
    std::uint16_t entity = 0;        ///< person index + 1 for first names and surnames
    Role role = Role::function;
    Pre pre = Pre::none;
    Post post = Post::none;
    bool cap = false;                ///< capitalize the first letter when rendering
};

enum class ParaKind : std::uint8_t {
    byline, lead, body, quote, local, subhead, credit, boilerplate, copyright, reporting
};

struct Paragraph {
    ParaKind kind = ParaKind::body;
    std::vector<Word> words;
};

/// Typographic conventions: a verbatim reprint may change them without changing a single word.
struct Style {
    bool curly_quotes = false;
    bool double_hyphen_dash = false;  ///< "--" for an em dash
    bool two_spaces = false;          ///< two spaces after a sentence
    bool trailing_spaces = false;     ///< a space at the end of every paragraph
    bool title_case_dateline = false; ///< "Paris (AP)" for "PARIS (AP)"
};

/// A document under construction.
struct Doc {
    std::vector<Paragraph> paras;
    std::string title;
    std::uint32_t outlet = 0;
    std::int64_t published = 0;
    DocKind kind = DocKind::unrelated;
    Style style;
    std::vector<const Doc*> sources;     ///< direct sources (owned by the group being generated)
    std::uint64_t key = 0;               ///< (group + 1) << 8 | member: the id and origin space
    std::vector<std::uint64_t> origins;  ///< sorted origins of its words (set by finish())
};

/// Sorts the document's origins into `origins`; call when the document is complete.
void finish(Doc& doc);

std::size_t word_count(const Doc& doc);

/// Renders the paragraphs, "\n\n" between them.
void render_text(const Doc& doc, std::string& out);

/// Stable storage for strings made while generating one group.
class Arena {
public:
    std::string_view keep(std::string s) {
        strings_.push_back(std::move(s));
        return strings_.back();
    }

private:
    std::deque<std::string> strings_;
};

/// Hands out the origins of fresh words of one document.
class OriginAlloc {
public:
    explicit OriginAlloc(std::uint64_t doc_key) : base_(doc_key << 20) {}
    std::uint64_t take() { return base_ | next_++; }

private:
    std::uint64_t base_;
    std::uint64_t next_ = 0;
};

/// A wire agency: how its copy looks.
struct Agency {
    std::string_view outlet;       ///< the outlet field, e.g. "AP"
    std::string_view name;         ///< as credited: "The Associated Press"
    std::string_view tag;          ///< dateline tag, e.g. "(AP) —"
    bool upper_city;               ///< "PARIS (AP)" rather than "Paris (AFP)"
    std::string_view copyright;    ///< its copyright line ({year} unfilled)
    std::string_view byline;       ///< byline suffix, empty for none ("Associated Press")
    bool reporting_line;           ///< Reuters: "(Reporting by ...; Editing by ...)" at the end
    double share;                  ///< share of the wire stories
};
extern const std::array<Agency, 5> kAgencies;

/// One person of a story.
struct Person {
    std::string_view first, last;
    std::vector<std::string_view> title;       ///< words before the name: "French", "President"
    std::vector<std::string_view> appositive;  ///< words after it: "a", "spokesman", "for", ...
};

/// The event of a story group: who, where, what about. Its copies and its same-event stories
/// share these; unrelated stories have their own.
struct Story {
    const Place* place = nullptr;
    const Place* second_place = nullptr;
    std::vector<Person> people;
    std::vector<std::vector<std::string_view>> orgs;
    std::array<std::vector<std::uint32_t>, kWordClasses> topic;  ///< vocab ids
    std::uint32_t weekday = 0;  ///< 0 = Monday
    std::uint32_t year = 2014;
    std::uint32_t month = 1;    ///< 1 = January: the date of the weekday, for "Tuesday, March 3"
    std::uint32_t mday = 1;
};

/// A story with fresh entities and topic words; `published` gives the weekday and year.
Story make_story(Rng& rng, Arena& arena, std::int64_t published);

/// Appends the words of a fixed phrase (split at spaces; punctuation stays inside the words).
void append_phrase(std::vector<Word>& out, std::string_view phrase, Role role, OriginAlloc& alloc);

/// Writes paragraphs about one story. Not thread-safe; one per document.
class Writer {
public:
    Writer(const Story& story, Rng& rng, Arena& arena, OriginAlloc& alloc, double topic_share = 0.22)
        : story_(story), rng_(rng), arena_(arena), alloc_(alloc), topic_share_(topic_share) {}

    /// A lead: the dateline words (may be empty) and one long sentence.
    Paragraph lead(std::span<const Word> dateline);
    /// One to three sentences, about `words` words in all.
    Paragraph narrative(std::size_t words, ParaKind kind = ParaKind::body);
    /// Quoted speech with its attribution.
    Paragraph quote(std::size_t words, ParaKind kind = ParaKind::body);
    /// A short heading inside a copy ("Harper calls ISIS 'evil'").
    Paragraph subhead();
    /// A headline (no final period).
    std::string headline();
    /// Mentions of people from here on count as first mentions again (a new document).
    void new_document() { mentioned_ = 0; }
    /// Writing independently of the story's other reports: people are introduced by name or
    /// title, never with the appositive another report used ("X, a spokesman for the Y,").
    void set_independent() { independent_ = true; }

private:
    void sentence(std::vector<Word>& out, std::size_t min_tokens, std::size_t max_tokens);
    void skeleton(std::size_t min_tokens, std::size_t max_tokens, std::size_t literal_run);
    void fill(std::uint16_t token, std::vector<Word>& out);
    void name(std::vector<Word>& out, bool possessive);
    void person(std::vector<Word>& out, std::size_t index, bool allow_appositive);
    void content(std::vector<Word>& out, std::size_t cls);
    void number(std::vector<Word>& out);
    Word make(std::string_view text, Role role);

    const Model& model_ = model();
    const Story& story_;
    Rng& rng_;
    Arena& arena_;
    OriginAlloc& alloc_;
    double topic_share_;
    std::uint32_t mentioned_ = 0;  ///< bit i: person i already named in full
    std::size_t tail_run_ = 0;     ///< function words ending the last sentence written
    bool independent_ = false;
    std::vector<std::uint16_t> tokens_;
};

/// How to write one article from a story.
struct ArticlePlan {
    const Agency* agency = nullptr;  ///< wire copy when set
    bool dateline = false;           ///< "PARIS (AP) — " before the lead
    bool byline = false;             ///< "By First Last, Associated Press" first
    bool copyright = false;          ///< the agency's copyright line last
    bool independent = false;        ///< another report of the story's event (Writer::set_independent)
    std::size_t words = 600;         ///< approximate length
};

/// A complete article (title and paragraphs); outlet, time and key are the caller's.
Doc write_article(const Story& story, const ArticlePlan& plan, Rng& rng, Arena& arena, OriginAlloc& alloc);

/// A person's surname as another transliteration or with a particle ("Assad" -> "al-Assad").
std::string name_variant(std::string_view surname, Rng& rng);

/// Makes `w` the same word in another spelling for `locale` (no change for US outlets).
void respell(Word& w, Locale locale);

}  // namespace wiretrace::gen::detail
