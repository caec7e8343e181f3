// SPDX-License-Identifier: Apache-2.0
// Learns the sentence skeleton from the seed articles: sentences as token sequences over function
// words and word-class slots, and the interpolated trigram model over them.
#include "gen/skeleton.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "gen/embedded_data.hpp"
#include "wiretrace/io/lines.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/text/tables.hpp"

namespace wiretrace::gen::detail {
namespace {

/// Interpolation weights of the skeleton model (trigram, bigram, unigram).
constexpr double kTrigramWeight = 0.80;
constexpr double kBigramWeight = 0.20;

/// Words that stay literal in the skeleton although they are not stop words: the verbs of
/// attribution and the words that travel with numbers.
constexpr std::array<std::string_view, 9> kSkeletonExtras = {
    "said", "says", "told", "according", "million", "billion", "percent", "year", "years"};

/// True for a capitalized word, or a lower-case particle joined to one ("al-Abadi").
bool is_upper_start(std::string_view s) {
    if (s.empty()) return false;
    const auto c = static_cast<unsigned char>(s[0]);
    if (c >= 'A' && c <= 'Z') return true;
    // "al-Abadi": a lower-case particle joined to a capitalized name.
    const auto hyphen = s.find('-');
    return hyphen != std::string_view::npos && hyphen + 1 < s.size() && s[hyphen + 1] >= 'A' &&
           s[hyphen + 1] <= 'Z';
}

/// The seed text, paragraph by paragraph, turned into skeleton token sentences; the content words
/// seen are counted into `content_counts`.
struct SeedLearner {
    const WordClasses* classes = nullptr;  // the listed words
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
        const WordClass cls = classify_word(*classes, word);
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

}  // namespace

Skeleton learn_skeleton(const WordClasses& classes, std::map<std::string, std::size_t>& content_counts,
                        std::size_t& sentence_count) {
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

}  // namespace wiretrace::gen::detail
