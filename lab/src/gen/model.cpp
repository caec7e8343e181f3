// SPDX-License-Identifier: Apache-2.0
// Builds the generator's language model: parses the lexicon, learns the sentence skeleton and
// the real content words from the seed articles, invents the rest of a Zipf-ranked vocabulary
// with a letter-trigram model, and attaches British and Canadian spellings from the table.
#include "gen/model.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "gen/embedded_data.hpp"
#include "wiretrace/hash.hpp"
#include "wiretrace/io/lines.hpp"
#include "wiretrace/text/text.hpp"

namespace wiretrace::gen {
namespace detail {
namespace {

/// Content words in the vocabulary, real and invented. Tens of thousands keep the chance that two
/// unrelated stories share a run of eight words negligible.
constexpr std::size_t kVocabularySize = 40000;
/// q of the Zipf-Mandelbrot law p(rank) ~ 1 / (rank + q). Content words have a flat head (the
/// steep part of a news Zipf curve is its function words): the most frequent content word takes
/// ~0.1% of content slots, and two slots of unrelated stories hold the same word with
/// probability sum(p^2) ~ 2e-4, which keeps chance runs of eight shared words away.
constexpr double kZipfOffset = 150.0;
/// Fewest words of a class: invented words with the class's suffix make up the difference.
constexpr std::size_t kMinClassWords = 3000;
/// Invented capitalized names (surnames, organization and town names).
constexpr std::size_t kInventedNames = 6000;
/// Interpolation weights of the skeleton model (trigram, bigram, unigram).
constexpr double kTrigramWeight = 0.80;
constexpr double kBigramWeight = 0.20;
/// Fixed seed of the model: the model is the same for every corpus.
constexpr std::uint64_t kModelSeed = 0x6d6f64656cULL;  // "model"

/// Words that stay literal in the skeleton although they are not stop words: the verbs of
/// attribution and the words that travel with numbers.
constexpr std::array<std::string_view, 9> kSkeletonExtras = {
    "said", "says", "told", "according", "million", "billion", "percent", "year", "years"};

constexpr std::array<std::string_view, 7> kWeekdays = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool is_lower_alpha(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

bool is_upper_start(std::string_view s) {
    if (s.empty()) return false;
    const auto c = static_cast<unsigned char>(s[0]);
    if (c >= 'A' && c <= 'Z') return true;
    // "al-Abadi": a lower-case particle joined to a capitalized name.
    const auto hyphen = s.find('-');
    return hyphen != std::string_view::npos && hyphen + 1 < s.size() && s[hyphen + 1] >= 'A' &&
           s[hyphen + 1] <= 'Z';
}

void parse_lexicon(Model& m) {
    std::vector<std::string>* section = nullptr;
    bool in_places = false;
    int in_words = -1;  // a word-class section: several words to a line
    io::for_each_line(data::kLexicon, [&](std::size_t, std::string_view line) {
        if (line.empty() || line.front() == '#') return;
        if (line.front() == '[') {
            const std::string_view name = line.substr(1, line.find(']') - 1);
            in_places = name == "places";
            constexpr std::array<std::string_view, kWordClasses> kClassSections = {
                "nouns", "plurals", "verbs", "past", "gerunds", "adjectives", "adverbs"};
            in_words = -1;
            for (std::size_t c = 0; c < kClassSections.size(); ++c) {
                if (name == kClassSections[c]) in_words = static_cast<int>(c);
            }
            section = name == "first_names"        ? &m.first_names
                      : name == "surnames"         ? &m.surnames
                      : name == "generic_names"    ? &m.generic_names
                      : name == "title_roles"      ? &m.title_roles
                      : name == "appositive_roles" ? &m.appositive_roles
                      : name == "org_nouns"        ? &m.org_nouns
                      : name == "town_prefixes"    ? &m.town_prefixes
                      : name == "town_suffixes"    ? &m.town_suffixes
                      : name == "paper_names"      ? &m.paper_names
                      : name == "boilerplate"      ? &m.boilerplate
                                                   : nullptr;
            return;
        }
        if (in_places) {
            const auto bar1 = line.find('|');
            const auto bar2 = line.find('|', bar1 + 1);
            if (bar1 == std::string_view::npos || bar2 == std::string_view::npos) return;
            m.places.push_back(Place{std::string(line.substr(0, bar1)),
                                     std::string(line.substr(bar1 + 1, bar2 - bar1 - 1)),
                                     std::string(line.substr(bar2 + 1))});
        } else if (in_words >= 0) {
            for (std::size_t pos = 0; pos < line.size();) {
                const auto end = std::min(line.find(' ', pos), line.size());
                if (end > pos) m.listed[static_cast<std::size_t>(in_words)].emplace_back(line.substr(pos, end - pos));
                pos = end + 1;
            }
        } else if (section != nullptr) {
            section->emplace_back(line);
        }
    });
}

/// A letter-trigram model of word spelling: invents pronounceable words with the letter
/// statistics of the words it was trained on.
class LetterModel {
public:
    void add(std::string_view word, double weight) {
        if (!is_lower_alpha(word)) return;
        int c1 = 0, c2 = 0;
        for (std::size_t i = 0; i <= word.size(); ++i) {
            const int next = i < word.size() ? word[i] - 'a' + 1 : kEnd;
            counts_[static_cast<std::size_t>(c1 * kSymbols + c2)][static_cast<std::size_t>(next)] += weight;
            c1 = c2;
            c2 = next;
        }
    }

    /// A word of at most `max_len` letters, or "" when the walk ran too long.
    std::string sample(Rng& rng, std::size_t max_len) const {
        std::string word;
        int c1 = 0, c2 = 0;
        while (true) {
            const auto& row = counts_[static_cast<std::size_t>(c1 * kSymbols + c2)];
            double total = 0;
            for (double w : row) total += w;
            if (total <= 0) return {};
            double u = rng.uniform() * total;
            int next = kEnd;
            for (int s = 1; s < kSymbols; ++s) {
                u -= row[static_cast<std::size_t>(s)];
                if (u < 0) {
                    next = s;
                    break;
                }
            }
            if (next == kEnd) return word;
            if (word.size() == max_len) return {};
            word.push_back(static_cast<char>('a' + next - 1));
            c1 = c2;
            c2 = next;
        }
    }

private:
    static constexpr int kSymbols = 28;  // 0 = start, 1..26 = a..z, 27 = end
    static constexpr int kEnd = 27;
    std::array<std::array<double, kSymbols>, kSymbols * kSymbols> counts_{};
};

// ---- the skeleton learned from the seeds --------------------------------------------------

/// The seed text, paragraph by paragraph, turned into skeleton token sentences; the content words
/// seen are counted into `content_counts`.
struct SeedLearner {
    const std::unordered_map<std::string, WordClass>* classes = nullptr;  // the listed words
    std::unordered_map<std::string, std::uint16_t> literal_ids;
    std::vector<std::string> literals;
    std::unordered_set<std::string> lower_seen;  // words seen starting with a lower-case letter
    std::map<std::string, std::size_t> content_counts;
    std::vector<std::vector<std::uint16_t>> sentences;

    std::uint16_t literal(const std::string& lower) {
        const std::string word = lower == "i" ? std::string("I") : lower;
        auto [it, inserted] = literal_ids.emplace(word, static_cast<std::uint16_t>(kFirstLiteral + literals.size()));
        if (inserted) literals.push_back(word);
        return it->second;
    }

    static bool skip_paragraph(std::string_view line) {
        for (std::string_view marker : {"Copyright", "copyright", "With files from", "All rights reserved"}) {
            if (line.find(marker) != std::string_view::npos) return true;
        }
        // Headings and photo captions: no sentence end, or a closing credit in parentheses.
        if (line.find(". ") == std::string_view::npos && !line.ends_with(".") && !line.ends_with(".\"")) return true;
        return line.ends_with(")");
    }

    static std::string_view strip_dateline(std::string_view line) {
        for (std::string_view tag : {"(AP) \xE2\x80\x94 ", "(AP) - ", "(Reuters) - ", "(Reuters) \xE2\x80\x94 "}) {
            const auto at = line.find(tag);
            if (at != std::string_view::npos && at < 40) return line.substr(at + tag.size());
        }
        return line;
    }

    /// Pieces of a line separated by spaces.
    static std::vector<std::string_view> pieces(std::string_view line) {
        std::vector<std::string_view> out;
        std::size_t pos = 0;
        while (pos < line.size()) {
            while (pos < line.size() && line[pos] == ' ') ++pos;
            const std::size_t start = pos;
            while (pos < line.size() && line[pos] != ' ') ++pos;
            if (pos > start) out.push_back(line.substr(start, pos - start));
        }
        return out;
    }

    /// Strips quotation marks and brackets around a piece; reports trailing punctuation.
    static std::string_view core_of(std::string_view piece, bool& comma, bool& stop) {
        comma = stop = false;
        auto strip_front = [&](std::string_view p) {
            for (std::string_view q : {"\"", "'", "(", "\xE2\x80\x9C", "\xE2\x80\x98"}) {
                if (p.starts_with(q)) return p.substr(q.size());
            }
            return p;
        };
        for (std::string_view prev; prev != piece;) {
            prev = piece;
            piece = strip_front(piece);
        }
        for (bool changed = true; changed && !piece.empty();) {
            changed = false;
            for (std::string_view q : {"\"", "'", ")", "\xE2\x80\x9D", "\xE2\x80\x99", ",", ";", ":", ".", "?", "!"}) {
                if (piece.ends_with(q)) {
                    if (q == "," || q == ";" || q == ":") comma = true;
                    if (q == "." || q == "?" || q == "!") stop = true;
                    piece.remove_suffix(q.size());
                    changed = true;
                }
            }
        }
        return piece;
    }

    void collect_lowercase(std::string_view seeds) {
        io::for_each_line(seeds, [&](std::size_t, std::string_view line) {
            for (std::string_view piece : pieces(line)) {
                bool comma = false, stop = false;
                const std::string_view core = core_of(piece, comma, stop);
                if (!core.empty() && core[0] >= 'a' && core[0] <= 'z') lower_seen.insert(std::string(core));
            }
        });
    }

    void learn(std::string_view seeds, const std::unordered_set<std::string>& function_words) {
        collect_lowercase(seeds);
        io::for_each_line(seeds, [&](std::size_t, std::string_view raw) {
            if (raw.empty() || skip_paragraph(raw)) return;
            const std::string_view line = strip_dateline(raw);
            std::vector<std::uint16_t> sentence;
            const auto ps = pieces(line);
            for (std::size_t i = 0; i < ps.size(); ++i) {
                bool comma = false, stop = false;
                const std::string_view core = core_of(ps[i], comma, stop);
                const bool abbreviation = core.find('.') != std::string_view::npos;
                if (stop && abbreviation && i + 1 < ps.size()) stop = false;  // "U.S." mid-sentence
                if (core.empty()) {
                    // A dash standing alone, or bare punctuation.
                    if (ps[i].find("\xE2\x80\x94") != std::string_view::npos || ps[i] == "-") {
                        if (!sentence.empty()) sentence.push_back(kTokDash);
                    }
                } else {
                    emit(classify(core, sentence.empty(), function_words), sentence);
                    if (comma) sentence.push_back(kTokComma);
                }
                if (stop) finish(sentence);
            }
            finish(sentence);
        });
    }

    std::uint16_t classify(std::string_view core, bool sentence_start,
                           const std::unordered_set<std::string>& function_words) {
        const std::string lower = lower_ascii(core);
        if (std::any_of(core.begin(), core.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
            core.starts_with("$")) {
            return kTokNumber;
        }
        // "US", "ISIS": capitals are a name even when the lower-case word is a function word.
        const bool all_caps = core.size() >= 2 && std::all_of(core.begin(), core.end(), [](char c) {
            return (c >= 'A' && c <= 'Z') || c == '.';
        });
        if (all_caps) return kTokName;
        if (function_words.count(lower) != 0) return literal(lower);
        for (std::string_view day : kWeekdays) {
            if (core == day) return kTokDay;
        }
        const bool possessive = core.ends_with("'s") || core.ends_with("\xE2\x80\x99s");
        if (is_upper_start(core) && !(sentence_start && lower_seen.count(lower) != 0)) {
            return possessive ? kTokNamePossessive : kTokName;
        }
        std::string word = lower;
        if (possessive) word.resize(word.size() - (core.ends_with("'s") ? 2 : 4));
        if (word.size() < 2) return literal(word.empty() ? std::string("a") : word);
        ++content_counts[word];
        const auto listed = classes->find(word);
        const WordClass cls = listed != classes->end() ? listed->second : classify_suffix(word);
        return static_cast<std::uint16_t>(kTokContent + static_cast<std::uint16_t>(cls));
    }

    static void emit(std::uint16_t token, std::vector<std::uint16_t>& sentence) {
        const bool is_name = token == kTokName || token == kTokNamePossessive;
        if (is_name && !sentence.empty() &&
            (sentence.back() == kTokName || sentence.back() == kTokNamePossessive)) {
            sentence.back() = token;  // "French President Francois Hollande" is one name
            return;
        }
        sentence.push_back(token);
    }

    void finish(std::vector<std::uint16_t>& sentence) {
        while (!sentence.empty() && (sentence.back() == kTokComma || sentence.back() == kTokDash)) {
            sentence.pop_back();
        }
        if (sentence.size() >= 4) sentences.push_back(sentence);
        sentence.clear();
    }
};

/// The spelling variants of each canonical (US) word, by locale.
struct Respellings {
    std::unordered_map<std::string, std::string> uk, ca;
    std::unordered_set<std::string> variants;          // every variant spelling
    std::vector<std::string> canonicals;               // sorted, unique
};

/// Invented words must look pronounceable: no four consonants or three vowels in a row, no
/// letter three times running.
bool pronounceable(std::string_view w) {
    auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; };
    std::size_t consonants = 0, vowels = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        if (vowel(w[i])) {
            consonants = 0;
            if (++vowels == 3) return false;
        } else {
            vowels = 0;
            if (++consonants == 4) return false;
        }
        if (i >= 2 && w[i] == w[i - 1] && w[i] == w[i - 2]) return false;
    }
    return true;
}

std::size_t count_char(std::string_view s, char c) {
    return static_cast<std::size_t>(std::count(s.begin(), s.end(), c));
}

Respellings build_respellings() {
    Respellings r;
    std::map<std::string, std::vector<std::string>> by_canonical;
    for (const auto& [variant, canonical] : text::spelling_variant_pairs()) {
        by_canonical[std::string(canonical)].emplace_back(variant);
        r.variants.emplace(variant);
    }
    for (auto& [canonical, variants] : by_canonical) {
        if (!is_lower_alpha(canonical)) continue;
        r.canonicals.push_back(canonical);
        // British: the variant with the fewest z's (-ise, -yse); Canadian: a variant that keeps
        // every z of the US spelling (colour, centre, travelled, but organize).
        std::string uk = variants.front();
        for (const auto& v : variants) {
            if (count_char(v, 'z') < count_char(uk, 'z')) uk = v;
        }
        r.uk.emplace(canonical, uk);
        for (const auto& v : variants) {
            if (count_char(v, 'z') == count_char(canonical, 'z')) {
                r.ca.emplace(canonical, v);
                break;
            }
        }
    }
    return r;
}

/// "cooperation" -> "co-operation", "coordinated" -> "co-ordinated" (the tokenizer joins hyphens,
/// so the engine folds them back): the hyphenated forms British and Canadian outlets use.
std::string hyphenated_variant(std::string_view word) {
    if (word.starts_with("coop") || word.starts_with("coord")) return "co-" + std::string(word.substr(2));
    return {};
}

Skeleton learn_skeleton(const std::unordered_map<std::string, WordClass>& classes,
                        std::map<std::string, std::size_t>& content_counts, std::size_t& sentence_count) {
    std::unordered_set<std::string> function_words;
    SeedLearner learner;
    learner.classes = &classes;
    // The stop-word list is private to the text stage; recover it through the public predicate
    // from the words of the seeds themselves plus the skeleton extras.
    io::for_each_line(data::kSeedTexts, [&](std::size_t, std::string_view line) {
        for (std::string_view piece : SeedLearner::pieces(line)) {
            bool comma = false, stop = false;
            const std::string lower = lower_ascii(SeedLearner::core_of(piece, comma, stop));
            if (is_lower_alpha(lower) && text::is_stopword(text::hash_folded(lower))) function_words.insert(lower);
        }
    });
    for (std::string_view extra : kSkeletonExtras) function_words.emplace(extra);
    learner.learn(data::kSeedTexts, function_words);
    content_counts = std::move(learner.content_counts);
    sentence_count = learner.sentences.size();
    Skeleton skeleton;
    skeleton.train(learner.sentences, std::move(learner.literals));
    return skeleton;
}

WordClass classify_word(const std::unordered_map<std::string, WordClass>& classes, const std::string& word) {
    const auto listed = classes.find(word);
    return listed != classes.end() ? listed->second : classify_suffix(word);
}

void build_vocabulary(Model& m, const std::unordered_map<std::string, WordClass>& classes,
                      const std::map<std::string, std::size_t>& content_counts) {
    const Respellings respell = build_respellings();
    std::unordered_set<std::string> taken;  // folded forms in use
    auto fold = [](std::string_view w) { return text::fold_word(w); };
    auto is_function = [](std::string_view w) { return text::is_stopword(text::hash_folded(text::fold_word(w))); };

    // 1. The listed common words, interleaved across classes so that every class has a head,
    //    then the other words of the seeds, most frequent first, in their US spelling.
    std::vector<std::string> head;
    for (std::size_t row = 0;; ++row) {
        bool any = false;
        for (const auto& words : m.listed) {
            if (row >= words.size()) continue;
            any = true;
            const std::string& word = words[row];
            if (is_lower_alpha(word) && word.size() >= 3 && !is_function(word) &&
                respell.variants.count(word) == 0 && taken.insert(fold(word)).second) {
                head.push_back(word);
            }
        }
        if (!any) break;
    }
    std::vector<std::pair<std::size_t, std::string>> seed_words;
    for (const auto& [word, count] : content_counts) {
        std::string us = word;
        const std::string folded = fold(word);
        if (is_lower_alpha(folded) && folded != word && respell.variants.count(word) != 0) us = folded;
        if (us.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") != std::string::npos) continue;
        if (us.size() < 3 || is_function(us)) continue;
        seed_words.emplace_back(count, us);
    }
    std::stable_sort(seed_words.begin(), seed_words.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [count, word] : seed_words) {
        if (taken.insert(fold(word)).second) head.push_back(word);
    }

    // 2. The US words of the spelling table, so that copies can be respelled.
    Rng rng(kModelSeed);
    std::vector<std::string> spelled;
    for (const auto& canonical : respell.canonicals) {
        if (!is_function(canonical) && taken.insert(fold(canonical)).second) spelled.push_back(canonical);
    }
    for (std::size_t i = spelled.size(); i > 1; --i) {
        std::swap(spelled[i - 1], spelled[rng.below(static_cast<std::uint32_t>(i))]);
    }

    // 3. Invented words with the letter statistics of the real ones.
    LetterModel letters;
    // The spelling table is heavy in -ize and -or words: it gets a small weight.
    for (const auto& words : m.listed) {
        for (const auto& word : words) letters.add(word, 3.0);
    }
    for (const auto& [count, word] : seed_words) letters.add(word, 2.0);
    for (const auto& canonical : respell.canonicals) letters.add(canonical, 0.25);
    std::vector<std::string> invented;
    const std::size_t wanted = kVocabularySize > head.size() + spelled.size()
                                   ? kVocabularySize - head.size() - spelled.size()
                                   : 0;
    // Every class needs a large vocabulary (a small class makes chance matches likely): invented
    // stems with the class's suffix fill the classes that invented words seldom land in.
    std::array<std::size_t, kWordClasses> class_size{};
    for (const auto& w : head) ++class_size[static_cast<std::size_t>(classify_word(classes, w))];
    for (const auto& w : spelled) ++class_size[static_cast<std::size_t>(classify_word(classes, w))];
    constexpr std::array<std::string_view, kWordClasses> kSuffix = {"", "s", "ate", "ed", "ing", "al", "ly"};
    for (std::size_t c = 1; c < kWordClasses; ++c) {
        while (class_size[c] < kMinClassWords) {
            std::string word = letters.sample(rng, 9);
            if (word.size() < 4 || !pronounceable(word)) continue;
            if (word.back() == 'e' && (kSuffix[c][0] == 'e' || kSuffix[c][0] == 'i' || kSuffix[c][0] == 'a')) word.pop_back();
            // English inflection: "brativity" -> "brativities", "carried", "marches".
            const bool consonant_y = word.size() >= 2 && word.back() == 'y' &&
                                     std::string_view("aeiou").find(word[word.size() - 2]) == std::string_view::npos;
            if (consonant_y && (kSuffix[c] == "s" || kSuffix[c] == "ed")) {
                word.back() = 'i';
                word += kSuffix[c] == "s" ? "es" : "ed";
            } else if (kSuffix[c] == "s" && (word.ends_with("s") || word.ends_with("x") || word.ends_with("sh") ||
                                              word.ends_with("ch") || word.ends_with("z"))) {
                word += "es";
            } else {
                word += kSuffix[c];
            }
            if (classify_suffix(word) != static_cast<WordClass>(c)) continue;
            if (respell.variants.count(word) != 0 || is_function(word)) continue;
            if (fold(word) != word || !taken.insert(word).second) continue;
            invented.push_back(std::move(word));
            ++class_size[c];
        }
    }
    while (invented.size() < wanted) {
        std::string word = letters.sample(rng, 12);
        if (word.size() < 5 || word.find_first_of("aeiouy") == std::string::npos || !pronounceable(word)) continue;
        if (respell.variants.count(word) != 0 || is_function(word)) continue;
        if (fold(word) != word || !taken.insert(word).second) continue;
        invented.push_back(std::move(word));
    }

    // Ranks: the seed words first, then the spelling-table words spread evenly among the invented.
    const std::size_t head_size = head.size();
    std::vector<std::string> ranked = std::move(head);
    std::size_t next_spelled = 0, next_invented = 0;
    while (next_spelled < spelled.size() || next_invented < invented.size()) {
        const std::size_t left_spelled = spelled.size() - next_spelled;
        const std::size_t left = left_spelled + invented.size() - next_invented;
        if (rng.below(static_cast<std::uint32_t>(left)) < left_spelled) {
            ranked.push_back(spelled[next_spelled++]);
        } else {
            ranked.push_back(invented[next_invented++]);
        }
    }
    std::vector<VocabWord> by_rank;
    by_rank.reserve(ranked.size());
    for (std::size_t rank = 0; rank < ranked.size(); ++rank) {
        VocabWord w;
        w.text = ranked[rank];
        w.cls = classify_word(classes, w.text);
        w.real = rank < head_size || std::binary_search(respell.canonicals.begin(), respell.canonicals.end(), w.text);
        if (rank < head_size) ++m.class_head[static_cast<std::size_t>(w.cls)];
        if (auto it = respell.uk.find(w.text); it != respell.uk.end()) w.uk = it->second;
        if (auto it = respell.ca.find(w.text); it != respell.ca.end()) w.ca = it->second;
        if (w.uk.empty() && w.ca.empty()) {
            w.uk = w.ca = hyphenated_variant(w.text);
        }
        by_rank.push_back(std::move(w));
    }
    // PERF: ids are grouped by class (rank order within a class), so that a class's words are a
    // contiguous range and sampling one needs no lookup table; the texts sit in one buffer.
    m.vocab.reserve(by_rank.size());
    std::size_t text_bytes = 0;
    for (const auto& w : by_rank) text_bytes += w.text.size();
    m.vocab_chars.reserve(text_bytes);
    std::array<std::vector<double>, kWordClasses> weights;
    for (std::size_t c = 0; c < kWordClasses; ++c) {
        m.class_first[c] = static_cast<std::uint32_t>(m.vocab.size());
        for (std::size_t rank = 0; rank < by_rank.size(); ++rank) {
            if (static_cast<std::size_t>(by_rank[rank].cls) != c) continue;
            m.class_words[c].push_back(static_cast<std::uint32_t>(m.vocab.size()));
            weights[c].push_back(1.0 / (static_cast<double>(rank) + kZipfOffset));
            m.vocab_chars += by_rank[rank].text;
            m.vocab.push_back(std::move(by_rank[rank]));
        }
    }
    m.real_words = static_cast<std::size_t>(std::count_if(m.vocab.begin(), m.vocab.end(), [](const VocabWord& w) { return w.real; }));
    m.vocab_text.reserve(m.vocab.size());
    std::size_t offset = 0;
    for (const auto& w : m.vocab) {
        m.vocab_text.emplace_back(m.vocab_chars.data() + offset, w.text.size());
        offset += w.text.size();
    }
    for (const auto& w : m.vocab) {
        m.vocab_respelled.push_back(static_cast<std::uint8_t>((w.uk.empty() ? 0 : 1) | (w.ca.empty() ? 0 : 2)));
        m.vocab_key.push_back(fold_key(w.text));
    }
    for (std::size_t c = 0; c < kWordClasses; ++c) {
        const std::span<const std::string_view> texts(m.vocab_text.data() + m.class_first[c], m.class_words[c].size());
        m.class_zipf[c] = WordSampler(weights[c], m.class_first[c], texts, m.vocab_chars);
    }
}

void invent_names(Model& m) {
    LetterModel letters;
    std::unordered_set<std::string> taken;
    auto add_name = [&](std::string_view name) {
        const std::string lower = lower_ascii(name);
        letters.add(lower, 1.0);
        taken.insert(lower);
    };
    for (const auto& n : m.surnames) add_name(n);
    for (const auto& n : m.first_names) add_name(n);
    for (const auto& p : m.places) add_name(p.city);
    Rng rng(kModelSeed + 1);
    while (m.invented_names.size() < kInventedNames) {
        std::string name = letters.sample(rng, 10);
        if (name.size() < 4 || !pronounceable(name) || !taken.insert(name).second) continue;
        if (text::is_stopword(text::hash_folded(name))) continue;
        name[0] = static_cast<char>(name[0] - 'a' + 'A');
        m.invented_names.push_back(std::move(name));
    }
}

Model build_model() {
    Model m;
    parse_lexicon(m);
    std::unordered_map<std::string, WordClass> classes;
    for (std::size_t c = 0; c < kWordClasses; ++c) {
        for (const auto& word : m.listed[c]) classes.emplace(word, static_cast<WordClass>(c));
    }
    std::map<std::string, std::size_t> content_counts;
    m.skeleton = learn_skeleton(classes, content_counts, m.seed_sentences);
    build_vocabulary(m, classes, content_counts);
    invent_names(m);
    for (std::size_t i = 0; i < kWeekdays.size(); ++i) m.weekdays[i] = std::string(kWeekdays[i]);
    return m;
}

}  // namespace

WordClass classify_suffix(std::string_view w) {
    auto ends = [&](std::string_view suffix, std::size_t min_size) { return w.size() >= min_size && w.ends_with(suffix); };
    if (ends("ing", 6)) return WordClass::gerund;
    if (ends("ed", 5)) return WordClass::past;
    if (ends("ly", 5)) return WordClass::adverb;
    for (std::string_view suffix : {"al", "ic", "ive", "ous", "ful", "less", "able", "ible", "ary", "ian", "ish"}) {
        if (ends(suffix, 6)) return WordClass::adjective;
    }
    for (std::string_view suffix : {"ize", "ise", "ate", "ify"}) {
        if (ends(suffix, 6)) return WordClass::verb;
    }
    if (ends("s", 4) && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is")) return WordClass::plural;
    return WordClass::noun;
}

std::uint64_t fold_key(std::string_view text) {
    char folded[64];
    std::size_t n = 0;
    for (char ch : text) {
        if (ch >= 'A' && ch <= 'Z') {
            ch = static_cast<char>(ch - 'A' + 'a');
        } else if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) {
            continue;
        }
        if (n < sizeof folded) folded[n++] = ch;
    }
    return wiretrace::hash_bytes(folded, n);
}

WordSampler::WordSampler(std::span<const double> weights, std::uint32_t first,
                         std::span<const std::string_view> texts, std::string_view chars)
    : first_(first), chars_(chars.data()) {
    const AliasTable table(weights);
    std::vector<std::uint32_t> thresholds(weights.size()), aliases(weights.size());
    table.export_cells(thresholds, aliases);
    // Words are at most 16 letters and all of them take ~300 KB: offset and length fit 24 + 8 bits.
    auto packed = [&](std::uint32_t pos) {
        const std::string_view t = texts[pos];
        return static_cast<std::uint32_t>(static_cast<std::size_t>(t.data() - chars.data()) << 8 | t.size());
    };
    cells_.reserve(weights.size());
    for (std::uint32_t i = 0; i < weights.size(); ++i) {
        cells_.push_back(Cell{thresholds[i], aliases[i], packed(i), packed(aliases[i])});
    }
}

void Skeleton::train(const std::vector<std::vector<std::uint16_t>>& sentences, std::vector<std::string> literals) {
    literals_ = std::move(literals);
    token_count_ = kFirstLiteral + literals_.size();
    const std::size_t t = token_count_;
    std::map<std::pair<std::uint32_t, std::uint16_t>, double> tri;  // (a*T+b, c)
    std::map<std::pair<std::uint16_t, std::uint16_t>, double> bi;   // (b, c)
    for (const auto& s : sentences) {
        std::uint16_t a = kTokBoundary, b = kTokBoundary;
        for (std::size_t i = 0; i <= s.size(); ++i) {
            const std::uint16_t c = i < s.size() ? s[i] : std::uint16_t{kTokBoundary};
            tri[{static_cast<std::uint32_t>(a * t + b), c}] += 1;
            bi[{b, c}] += 1;
            a = b;
            b = c;
        }
    }
    // Bigram rows for every context token.
    std::vector<std::map<std::uint16_t, double>> bi_rows(t);
    for (const auto& [key, count] : bi) bi_rows[key.first][key.second] += count;
    auto make_dist = [&](const std::map<std::uint16_t, double>* tri_row, double tri_total, std::uint16_t b) {
        const auto& brow = bi_rows[b];
        double bi_total = 0;
        for (const auto& [c, n] : brow) bi_total += n;
        const double wt = tri_row != nullptr ? kTrigramWeight : 0.0;
        const double wb = bi_total > 0 ? kBigramWeight : 0.0;
        std::vector<std::uint16_t> tokens;
        std::vector<double> weights;
        for (std::uint16_t c = 0; c < t; ++c) {
            double p = 0;
            if (wb > 0) {
                if (auto it = brow.find(c); it != brow.end()) p += wb * it->second / bi_total;
            }
            if (tri_row != nullptr) {
                if (auto it = tri_row->find(c); it != tri_row->end()) p += wt * it->second / tri_total;
            }
            if (p <= 0) continue;
            tokens.push_back(c);
            weights.push_back(p);
        }
        if (tokens.empty()) {  // a token never followed by anything: end the sentence
            tokens.push_back(kTokBoundary);
            weights.push_back(1.0);
        }
        // One alias table per context, its cells stored with the tokens they stand for.
        const AliasTable table(weights);
        const Dist d{static_cast<std::uint32_t>(cells_.size()), static_cast<std::uint32_t>(tokens.size())};
        std::vector<std::uint32_t> thresholds(tokens.size()), aliases(tokens.size());
        table.export_cells(thresholds, aliases);
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            cells_.push_back(Cell{thresholds[i], tokens[i], tokens[aliases[i]]});
        }
        dists_.push_back(d);
        return static_cast<std::int32_t>(dists_.size() - 1);
    };
    bigram_.assign(t, -1);
    for (std::uint16_t b = 0; b < t; ++b) bigram_[b] = make_dist(nullptr, 0, b);
    trigram_.assign(t * t, -1);
    std::map<std::uint32_t, std::map<std::uint16_t, double>> tri_rows;
    for (const auto& [key, count] : tri) tri_rows[key.first][key.second] += count;
    for (const auto& [ctx, row] : tri_rows) {
        double total = 0;
        for (const auto& [c, n] : row) total += n;
        trigram_[ctx] = make_dist(&row, total, static_cast<std::uint16_t>(ctx % t));
    }
}

std::uint16_t Skeleton::next(std::uint16_t a, std::uint16_t b, Rng& rng) const {
    std::int32_t idx = trigram_[static_cast<std::size_t>(a) * token_count_ + b];
    if (idx < 0) idx = bigram_[b];
    const Dist d = dists_[static_cast<std::size_t>(idx)];
    const std::uint64_t r = rng.next();
    const Cell c = cells_[d.first + static_cast<std::uint32_t>(((r >> 32) * d.size) >> 32)];
    return static_cast<std::uint32_t>(r) < c.threshold ? c.token : c.alias;
}

const Model& model() {
    static const Model instance = build_model();
    return instance;
}

}  // namespace detail
}  // namespace wiretrace::gen
