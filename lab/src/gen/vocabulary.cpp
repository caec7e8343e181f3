// SPDX-License-Identifier: Apache-2.0
// Builds the content vocabulary of the generator's language model: the real words of the lexicon,
// the seeds and the spelling table, and invented words with their letter statistics, ranked for a
// Zipf law; and invents names the same way.
#include "gen/vocabulary.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "gen/model.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/text/tables.hpp"

namespace wiretrace::gen::detail {
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

/// Builds the content vocabulary in steps. Each step takes words no earlier step took (by folded
/// form); the steps draw from one generator in a fixed order, so the vocabulary is always the same.
class VocabularyBuilder {
public:
    explicit VocabularyBuilder(const WordClasses& classes) : classes_(classes), respell_(build_respellings()) {}

    void build(Model& m, const std::map<std::string, std::size_t>& content_counts) {
        // 1. The listed common words, interleaved across classes so that every class has a head,
        //    then the other words of the seeds, most frequent first, in their US spelling.
        std::vector<std::string> head = listed_head(m.listed);
        const std::vector<std::pair<std::size_t, std::string>> seeds = seed_words(content_counts);
        for (const auto& [count, word] : seeds) {
            if (taken_.insert(fold(word)).second) head.push_back(word);
        }
        // 2. The US words of the spelling table, so that copies can be respelled.
        const std::vector<std::string> spelled = spelled_words();
        // 3. Invented words with the letter statistics of the real ones.
        const LetterModel letters = letter_model(m.listed, seeds);
        const std::vector<std::string> invented = invented_words(letters, head, spelled);
        // Ranks: the seed words first, then the spelling-table words spread evenly among the invented.
        const std::size_t head_size = head.size();
        const std::vector<std::string> ranked = rank(std::move(head), spelled, invented);
        store(m, describe(m, ranked, head_size));
    }

private:
    static std::string fold(std::string_view w) { return text::fold_word(w); }
    static bool is_function(std::string_view w) { return text::is_stopword(text::hash_folded(text::fold_word(w))); }

    std::vector<std::string> listed_head(const std::array<std::vector<std::string>, kWordClasses>& listed) {
        std::vector<std::string> head;
        for (std::size_t row = 0;; ++row) {
            bool any = false;
            for (const auto& words : listed) {
                if (row >= words.size()) continue;
                any = true;
                const std::string& word = words[row];
                if (is_lower_alpha(word) && word.size() >= 3 && !is_function(word) &&
                    respell_.variants.count(word) == 0 && taken_.insert(fold(word)).second) {
                    head.push_back(word);
                }
            }
            if (!any) break;
        }
        return head;
    }

    /// The content words of the seeds in their US spelling with their counts, most frequent first.
    std::vector<std::pair<std::size_t, std::string>> seed_words(
        const std::map<std::string, std::size_t>& content_counts) const {
        std::vector<std::pair<std::size_t, std::string>> seed_words;
        for (const auto& [word, count] : content_counts) {
            std::string us = word;
            const std::string folded = fold(word);
            if (is_lower_alpha(folded) && folded != word && respell_.variants.count(word) != 0) us = folded;
            if (us.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") != std::string::npos) continue;
            if (us.size() < 3 || is_function(us)) continue;
            seed_words.emplace_back(count, us);
        }
        std::stable_sort(seed_words.begin(), seed_words.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        return seed_words;
    }

    /// The US words of the spelling table no earlier step took, shuffled.
    std::vector<std::string> spelled_words() {
        std::vector<std::string> spelled;
        for (const auto& canonical : respell_.canonicals) {
            if (!is_function(canonical) && taken_.insert(fold(canonical)).second) spelled.push_back(canonical);
        }
        for (std::size_t i = spelled.size(); i > 1; --i) {
            std::swap(spelled[i - 1], spelled[rng_.below(static_cast<std::uint32_t>(i))]);
        }
        return spelled;
    }

    /// The letter statistics of the real words.
    LetterModel letter_model(const std::array<std::vector<std::string>, kWordClasses>& listed,
                             const std::vector<std::pair<std::size_t, std::string>>& seeds) const {
        LetterModel letters;
        // The spelling table is heavy in -ize and -or words: it gets a small weight.
        for (const auto& words : listed) {
            for (const auto& word : words) letters.add(word, 3.0);
        }
        for (const auto& [count, word] : seeds) letters.add(word, 2.0);
        for (const auto& canonical : respell_.canonicals) letters.add(canonical, 0.25);
        return letters;
    }

    /// Invented words: first to fill every class to kMinClassWords, then to make the vocabulary
    /// kVocabularySize words.
    std::vector<std::string> invented_words(const LetterModel& letters, const std::vector<std::string>& head,
                                            const std::vector<std::string>& spelled) {
        std::vector<std::string> invented;
        const std::size_t wanted = kVocabularySize > head.size() + spelled.size()
                                       ? kVocabularySize - head.size() - spelled.size()
                                       : 0;
        fill_classes(letters, head, spelled, invented);
        while (invented.size() < wanted) {
            std::string word = letters.sample(rng_, 12);
            if (word.size() < 5 || word.find_first_of("aeiouy") == std::string::npos || !pronounceable(word)) continue;
            if (respell_.variants.count(word) != 0 || is_function(word)) continue;
            if (fold(word) != word || !taken_.insert(word).second) continue;
            invented.push_back(std::move(word));
        }
        return invented;
    }

    /// Every class needs a large vocabulary (a small class makes chance matches likely): invented
    /// stems with the class's suffix fill the classes that invented words seldom land in.
    void fill_classes(const LetterModel& letters, const std::vector<std::string>& head,
                      const std::vector<std::string>& spelled, std::vector<std::string>& invented) {
        std::array<std::size_t, kWordClasses> class_size{};
        for (const auto& w : head) ++class_size[static_cast<std::size_t>(classify_word(classes_, w))];
        for (const auto& w : spelled) ++class_size[static_cast<std::size_t>(classify_word(classes_, w))];
        constexpr std::array<std::string_view, kWordClasses> kSuffix = {"", "s", "ate", "ed", "ing", "al", "ly"};
        for (std::size_t c = 1; c < kWordClasses; ++c) {
            while (class_size[c] < kMinClassWords) {
                std::string word = letters.sample(rng_, 9);
                if (word.size() < 4 || !pronounceable(word)) continue;
                if (word.back() == 'e' && (kSuffix[c][0] == 'e' || kSuffix[c][0] == 'i' || kSuffix[c][0] == 'a')) {
                    word.pop_back();
                }
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
                if (respell_.variants.count(word) != 0 || is_function(word)) continue;
                if (fold(word) != word || !taken_.insert(word).second) continue;
                invented.push_back(std::move(word));
                ++class_size[c];
            }
        }
    }

    /// The head in its order, then the spelling-table and invented words interleaved at random
    /// in proportion to what is left of each.
    std::vector<std::string> rank(std::vector<std::string> head, const std::vector<std::string>& spelled,
                                  const std::vector<std::string>& invented) {
        std::vector<std::string> ranked = std::move(head);
        std::size_t next_spelled = 0, next_invented = 0;
        while (next_spelled < spelled.size() || next_invented < invented.size()) {
            const std::size_t left_spelled = spelled.size() - next_spelled;
            const std::size_t left = left_spelled + invented.size() - next_invented;
            if (rng_.below(static_cast<std::uint32_t>(left)) < left_spelled) {
                ranked.push_back(spelled[next_spelled++]);
            } else {
                ranked.push_back(invented[next_invented++]);
            }
        }
        return ranked;
    }

    /// The ranked words with their class, realness and respellings; counts the head of each class
    /// into m.class_head.
    std::vector<VocabWord> describe(Model& m, const std::vector<std::string>& ranked, std::size_t head_size) const {
        std::vector<VocabWord> by_rank;
        by_rank.reserve(ranked.size());
        for (std::size_t rank = 0; rank < ranked.size(); ++rank) {
            VocabWord w;
            w.text = ranked[rank];
            w.cls = classify_word(classes_, w.text);
            w.real = rank < head_size ||
                     std::binary_search(respell_.canonicals.begin(), respell_.canonicals.end(), w.text);
            if (rank < head_size) ++m.class_head[static_cast<std::size_t>(w.cls)];
            if (auto it = respell_.uk.find(w.text); it != respell_.uk.end()) w.uk = it->second;
            if (auto it = respell_.ca.find(w.text); it != respell_.ca.end()) w.ca = it->second;
            if (w.uk.empty() && w.ca.empty()) {
                w.uk = w.ca = hyphenated_variant(w.text);
            }
            by_rank.push_back(std::move(w));
        }
        return by_rank;
    }

    /// Stores the words in m.vocab grouped by class (rank order within a class) with the views
    /// and samplers the writer uses.
    static void store(Model& m, std::vector<VocabWord> by_rank) {
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
        m.real_words = static_cast<std::size_t>(
            std::count_if(m.vocab.begin(), m.vocab.end(), [](const VocabWord& w) { return w.real; }));
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
            const std::span<const std::string_view> texts(m.vocab_text.data() + m.class_first[c],
                                                           m.class_words[c].size());
            m.class_zipf[c] = WordSampler(weights[c], m.class_first[c], texts, m.vocab_chars);
        }
    }

    const WordClasses& classes_;
    const Respellings respell_;
    std::unordered_set<std::string> taken_;  ///< folded forms in use
    Rng rng_{kModelSeed};
};

}  // namespace

void build_vocabulary(Model& m, const WordClasses& classes, const std::map<std::string, std::size_t>& content_counts) {
    VocabularyBuilder(classes).build(m, content_counts);
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

}  // namespace wiretrace::gen::detail
