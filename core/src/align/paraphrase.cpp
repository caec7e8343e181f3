// SPDX-License-Identifier: Apache-2.0
// Paraphrase alignment: units -> rare words -> candidates from an inverted index -> the evidence
// rule -> best links both ways -> one passage per pair of sentences. The rule and its reasons are
// in the header, align/paraphrase.hpp.
#include "wiretrace/align/paraphrase.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <utility>

#include "wiretrace/text/tables.hpp"

namespace wiretrace::align {
namespace {

using text::Token;

/// Sentence marks beside ASCII . ! ?, and the line and paragraph separators the tokenizer ends a
/// paragraph at, as UTF-8: ۔ ؟ । 。 ！ ？, U+2028, U+2029, U+0085.
constexpr std::array<std::string_view, 9> kSentenceMarks = {
    "\xDB\x94", "\xD8\x9F", "\xE0\xA5\xA4", "\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F",
    "\xE2\x80\xA8", "\xE2\x80\xA9", "\xC2\x85"};

/// Titles written with a period that ends no sentence ("Mr. Smith").
constexpr std::array<std::string_view, 20> kTitles = {"mr",  "mrs", "ms",  "dr",  "st",   "jr",  "sr",
                                                      "prof", "gen", "sen", "rep", "gov",  "lt",  "col",
                                                      "sgt", "capt", "rev", "no",  "vs",   "mt"};

bool is_lower_ascii(char c) { return c >= 'a' && c <= 'z'; }

/// True when the word ends with an abbreviation's period rather than a sentence's: the tokenizer
/// joined its letters across periods ("U.S"), it is one letter (an initial) or a title.
bool is_abbreviation(std::string_view word) {
    if (word.find('.') != std::string_view::npos) return true;
    if (word.size() == 1) return true;
    if (word.size() > 4) return false;
    std::string lower(word);
    for (char& c : lower) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    return std::find(kTitles.begin(), kTitles.end(), lower) != kTitles.end();
}

/// True when the bytes between two consecutive words end a sentence.
bool ends_sentence(std::string_view text, const Token& word, const Token& next) {
    const std::string_view gap = text.substr(word.end, next.begin - word.end);
    bool period = false;
    bool ascii = true;
    for (const char c : gap) {
        if (c == '\n' || c == '!' || c == '?') return true;
        if (c == '.') period = true;
        if (static_cast<unsigned char>(c) >= 0x80) ascii = false;
    }
    if (!ascii) {
        for (const std::string_view mark : kSentenceMarks) {
            if (gap.find(mark) != std::string_view::npos) return true;
        }
    }
    if (!period) return false;
    if (is_lower_ascii(text[next.begin])) return false;  // "e.g. the", "approx. three"
    return !(gap.front() == '.' && is_abbreviation(text.substr(word.begin, word.end - word.begin)));
}

/// The rare words of a pair and their weights (header: "Rare words"), for the words of the units
/// left after the verbatim ones: an open-addressing table of those words with the number of the
/// pair's units (all of them) that hold each. PERF: one probe per token of the pair, where sorting
/// every word of both texts doubled the cost of a derived pair in a scan.
class Rarity {
public:
    /// `left_*`: the units that take part; `all_*`: every unit of the text.
    Rarity(std::span<const Token> a, std::span<const Unit> all_a, std::span<const Unit> left_a,
           std::span<const Token> b, std::span<const Unit> all_b, std::span<const Unit> left_b,
           const tfidf::DocumentFrequencies& df, const Params& params) {
        // MEMORY: the table grows with the distinct words (at most half full), not with the words
        // of the units: repetitive text of a few words costs a few slots of 40 bytes, not two a word.
        slots_.assign(16, Slot{});
        for (const auto& [tokens, left] : {std::pair{a, left_a}, std::pair{b, left_b}}) {
            for (const Unit& u : left) {
                for (auto t = u.tokens.begin; t < u.tokens.end; ++t) {
                    if (!text::is_stopword(tokens[t].hash)) insert(tokens[t].hash);
                }
            }
        }
        std::uint32_t unit = 0;
        for (const int side : {0, 1}) {
            const std::span<const Token> tokens = side == 0 ? a : b;
            for (const Unit& u : side == 0 ? all_a : all_b) {
                ++unit;  // from 1: 0 is "no unit yet"
                for (auto t = u.tokens.begin; t < u.tokens.end; ++t) {
                    Slot* slot = find(tokens[t].hash);
                    if (slot != nullptr && slot->last_unit != unit) {
                        slot->last_unit = unit;
                        ++slot->units;
                        ++slot->side_units[side];
                    }
                }
            }
        }
        side_units_ = {static_cast<double>(all_a.size()), static_cast<double>(all_b.size())};
        const auto units = static_cast<double>(unit);
        const auto documents = static_cast<double>(df.documents());
        const bool informative = documents * params.paraphrase_max_df_share >= 1.0;
        const double floor = std::log((1.0 + documents) / (1.0 + params.paraphrase_max_df_share * documents)) + 1.0;
        const double max_units = std::max(2.0, params.paraphrase_max_unit_share * units);
        for (Slot& slot : slots_) {
            if (slot.units == 0 || slot.units > max_units) continue;  // empty, or in too many units
            if (!informative) {
                // The IDF of the pair's units: the pair's own document frequencies say nothing.
                slot.weight = std::log((1.0 + units) / (1.0 + slot.units)) + 1.0;
            } else if (const double idf = df.idf(slot.hash); idf >= floor) {
                slot.weight = idf;  // at most max_df_share of the documents hold it
            }
        }
    }

    /// The weight of a word: 0 for a word that is not rare (or not in the units left).
    double weight(std::uint64_t hash) const {
        const Slot* slot = find(hash);
        return slot == nullptr ? 0.0 : slot->weight;
    }

    /// The share of the units of text a (side 0) or b (side 1) that hold the word.
    double share(std::uint64_t hash, int side) const {
        const Slot* slot = find(hash);
        const double units = side_units_[static_cast<std::size_t>(side)];
        return slot == nullptr || units == 0 ? 0.0 : slot->side_units[static_cast<std::size_t>(side)] / units;
    }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t units = 0;      ///< units holding the word; 0 for an empty slot
        std::uint32_t last_unit = 0;  ///< the last unit counted
        std::array<std::uint32_t, 2> side_units{};  ///< ... of them in text a, in text b
        double weight = 0;
        bool used = false;
    };

    std::size_t home(std::uint64_t hash) const {
        return static_cast<std::size_t>((hash * 0x9e3779b97f4a7c15ULL) >> 32) & (slots_.size() - 1);
    }
    void insert(std::uint64_t hash) {
        std::size_t s = home(hash);
        while (slots_[s].used && slots_[s].hash != hash) s = (s + 1) & (slots_.size() - 1);
        if (slots_[s].used) return;
        slots_[s].used = true;
        slots_[s].hash = hash;
        if (2 * ++used_ > slots_.size()) {
            // Only words are in the table yet (the counts come after every word is in).
            std::vector<Slot> old(2 * slots_.size());
            old.swap(slots_);
            for (const Slot& slot : old) {
                if (!slot.used) continue;
                std::size_t t = home(slot.hash);
                while (slots_[t].used) t = (t + 1) & (slots_.size() - 1);
                slots_[t] = slot;
            }
        }
    }
    const Slot* find(std::uint64_t hash) const {
        for (std::size_t s = home(hash); slots_[s].used; s = (s + 1) & (slots_.size() - 1)) {
            if (slots_[s].hash == hash) return &slots_[s];
        }
        return nullptr;
    }
    Slot* find(std::uint64_t hash) { return const_cast<Slot*>(std::as_const(*this).find(hash)); }

    std::vector<Slot> slots_;
    std::size_t used_ = 0;  ///< words in the table
    std::array<double, 2> side_units_{};
};

/// A word of a unit: its hash and weight, and its index in the shared vocabulary D (kNotShared
/// when the other text lacks it).
struct Word {
    std::uint64_t hash;
    double weight;
    std::uint32_t shared;
};
constexpr std::uint32_t kNotShared = ~std::uint32_t{0};

/// The distinct rare words of a token range, by hash.
void rare_words(std::span<const Token> tokens, TokenRange r, const Rarity& rarity, std::vector<Word>& out) {
    out.clear();
    for (auto t = r.begin; t < r.end; ++t) {
        const double w = rarity.weight(tokens[t].hash);
        if (w > 0) out.push_back({tokens[t].hash, w, kNotShared});
    }
    std::sort(out.begin(), out.end(), [](const Word& x, const Word& y) { return x.hash < y.hash; });
    out.erase(std::unique(out.begin(), out.end(), [](const Word& x, const Word& y) { return x.hash == y.hash; }),
              out.end());
}

double total_weight(std::span<const Word> words) {
    double sum = 0;
    for (const Word& w : words) sum += w.weight;
    return sum;
}

/// Shared words of two word lists (sorted by hash) and the score of the pair.
struct Overlap {
    std::uint32_t shared = 0;
    double score = 0;
};

Overlap overlap(std::span<const Word> x, double weight_x, std::span<const Word> y, double weight_y) {
    Overlap o;
    double weight = 0;
    std::size_t i = 0, j = 0;
    while (i < x.size() && j < y.size()) {
        if (x[i].hash < y[j].hash) {
            ++i;
        } else if (y[j].hash < x[i].hash) {
            ++j;
        } else {
            ++o.shared;
            weight += x[i].weight;
            ++i;
            ++j;
        }
    }
    const double smaller = std::min(weight_x, weight_y);
    o.score = smaller > 0 ? weight / smaller : 0;
    return o;
}

/// P(X >= s) for X Poisson with mean lambda: the chance of sharing s or more words with a unit
/// that holds each word as often as a random unit of the other text does.
double poisson_tail(double lambda, std::uint32_t s) {
    double term = std::exp(-lambda);  // P(X = 0)
    double below = 0;
    for (std::uint32_t k = 0; k < s; ++k) {
        below += term;
        term *= lambda / (k + 1);
    }
    return std::clamp(1.0 - below, 0.0, 1.0);
}

/// The units of one text that take part, with their rare words (CSR: words[first[u] ..
/// first[u + 1]]) and the words' total weight.
struct SideUnits {
    std::vector<Unit> units;
    std::vector<std::uint32_t> first{0};
    std::vector<Word> words;
    std::vector<double> weight;
    std::vector<std::uint32_t> in_shared;  ///< words of the unit in D
    /// The words of the unit a random unit of the other text holds, on average: the sum of their
    /// shares of the other text's units (the mean of the rule's chance).
    std::vector<double> expected;

    std::size_t size() const { return units.size(); }
    std::span<const Word> of(std::size_t u) const { return {words.data() + first[u], first[u + 1] - first[u]}; }
};

/// The units of a text not mostly inside a verbatim passage.
std::vector<Unit> unverbatim(std::span<const Unit> all, std::size_t tokens, bool side_a, const Alignment& verbatim) {
    std::vector<std::uint32_t> covered(tokens + 1, 0);  // prefix counts of verbatim tokens
    {
        std::vector<std::uint8_t> in(tokens, 0);
        for (const Passage& p : verbatim.passages) {
            const TokenRange r = side_a ? p.a : p.b;
            std::fill(in.begin() + r.begin, in.begin() + r.end, 1);
        }
        for (std::size_t t = 0; t < tokens; ++t) covered[t + 1] = covered[t] + in[t];
    }
    std::vector<Unit> out;
    for (const Unit& u : all) {
        if (2 * (covered[u.tokens.end] - covered[u.tokens.begin]) <= u.tokens.size()) out.push_back(u);
    }
    return out;
}

/// Units with their rare words.
SideUnits side_units(std::span<const Token> tokens, std::vector<Unit> units, const Rarity& rarity, bool side_a) {
    SideUnits out;
    out.units = std::move(units);
    std::vector<Word> scratch;
    for (const Unit& u : out.units) {
        rare_words(tokens, u.tokens, rarity, scratch);
        out.words.insert(out.words.end(), scratch.begin(), scratch.end());
        out.first.push_back(static_cast<std::uint32_t>(out.words.size()));
        out.weight.push_back(total_weight(scratch));
        double expected = 0;
        for (const Word& w : scratch) expected += rarity.share(w.hash, side_a ? 1 : 0);
        out.expected.push_back(expected);
    }
    return out;
}

/// Marks the words of both sides that the other side has too with their index in D, the sorted
/// shared vocabulary, and counts each unit's words in D; returns |D|.
std::size_t mark_shared(SideUnits& x, SideUnits& y) {
    const auto vocabulary = [](const SideUnits& s) {
        std::vector<std::uint64_t> v;
        v.reserve(s.words.size());
        for (const Word& w : s.words) v.push_back(w.hash);
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
        return v;
    };
    const auto vx = vocabulary(x);
    const auto vy = vocabulary(y);
    std::vector<std::uint64_t> shared;
    std::set_intersection(vx.begin(), vx.end(), vy.begin(), vy.end(), std::back_inserter(shared));
    for (SideUnits* s : {&x, &y}) {
        s->in_shared.assign(s->size(), 0);
        for (std::size_t u = 0; u < s->size(); ++u) {
            for (std::uint32_t k = s->first[u]; k < s->first[u + 1]; ++k) {
                Word& w = s->words[k];
                const auto it = std::lower_bound(shared.begin(), shared.end(), w.hash);
                if (it == shared.end() || *it != w.hash) continue;
                w.shared = static_cast<std::uint32_t>(it - shared.begin());
                ++s->in_shared[u];
            }
        }
    }
    return shared.size();
}

/// A link between unit `a` of text a and unit `b` of text b.
using Link = std::pair<std::uint32_t, std::uint32_t>;

/// Each unit of x to its best unit of y that passes the rule; links as (unit of x, unit of y).
class Matcher {
public:
    Matcher(const SideUnits& a, const SideUnits& b, std::size_t vocabulary, const Params& params)
        : a_(a), b_(b), vocabulary_(vocabulary), params_(params) {}

    void match(bool from_a, std::vector<Link>& links) const {
        const SideUnits& x = from_a ? a_ : b_;
        const SideUnits& y = from_a ? b_ : a_;
        // Inverted index of y's units by the index of their words in D (CSR).
        std::vector<std::uint32_t> first(vocabulary_ + 1, 0);
        for (const Word& w : y.words) {
            if (w.shared != kNotShared) ++first[w.shared + 1];
        }
        for (std::size_t d = 0; d < vocabulary_; ++d) first[d + 1] += first[d];
        std::vector<std::uint32_t> postings(first[vocabulary_]);
        {
            std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
            for (std::uint32_t v = 0; v < y.size(); ++v) {
                for (const Word& w : y.of(v)) {
                    if (w.shared != kNotShared) postings[fill[w.shared]++] = v;
                }
            }
        }
        std::vector<std::uint32_t> count(y.size(), 0);
        std::vector<std::uint32_t> touched;
        for (std::uint32_t u = 0; u < x.size(); ++u) {
            if (x.in_shared[u] < params_.paraphrase_min_shared) continue;
            touched.clear();
            for (const Word& w : x.of(u)) {
                if (w.shared == kNotShared) continue;
                const std::uint32_t n = first[w.shared + 1] - first[w.shared];
                if (n > params_.paraphrase_max_postings) continue;  // too common in y to propose
                for (std::uint32_t k = first[w.shared]; k < first[w.shared + 1]; ++k) {
                    if (count[postings[k]]++ == 0) touched.push_back(postings[k]);
                }
            }
            const auto more = [&](std::uint32_t p, std::uint32_t q) {
                return count[p] != count[q] ? count[p] > count[q] : p < q;
            };
            const std::size_t keep = std::min<std::size_t>(touched.size(), params_.paraphrase_max_candidates);
            const auto kept = touched.begin() + static_cast<std::ptrdiff_t>(keep);
            std::partial_sort(touched.begin(), kept, touched.end(), more);
            std::optional<std::pair<Overlap, std::uint32_t>> best;
            for (std::size_t c = 0; c < keep; ++c) {
                const std::uint32_t v = touched[c];
                const Overlap o = passes(x, u, y, v);
                if (o.shared == 0) continue;
                if (!best || o.score > best->first.score ||
                    (o.score == best->first.score && (o.shared > best->first.shared ||
                                                      (o.shared == best->first.shared && v < best->second)))) {
                    best = {o, v};
                }
            }
            for (const std::uint32_t v : touched) count[v] = 0;
            if (best) links.push_back(from_a ? Link{u, best->second} : Link{best->second, u});
        }
    }

private:
    /// The overlap of two units when it passes the rule; shared 0 when it does not.
    Overlap passes(const SideUnits& x, std::uint32_t u, const SideUnits& y, std::uint32_t v) const {
        const Overlap o = overlap(x.of(u), x.weight[u], y.of(v), y.weight[v]);
        if (o.shared < params_.paraphrase_min_shared || o.score < params_.paraphrase_min_score) return {};
        // The larger of the two directions' expectations: the same rule seen from either text.
        const double chance = poisson_tail(std::max(x.expected[u], y.expected[v]), o.shared);
        if (chance > params_.paraphrase_max_chance) return {};
        return o;
    }

    const SideUnits& a_;
    const SideUnits& b_;
    std::size_t vocabulary_;
    const Params& params_;
};

void order_by_b(std::vector<Paraphrase>& out) {
    std::sort(out.begin(), out.end(), [](const Paraphrase& x, const Paraphrase& y) {
        if (x.b.begin != y.b.begin) return x.b.begin < y.b.begin;
        if (x.a.begin != y.a.begin) return x.a.begin < y.a.begin;
        if (x.b.end != y.b.end) return x.b.end < y.b.end;
        return x.a.end < y.a.end;
    });
}

}  // namespace

std::vector<TokenRange> sentences(std::string_view text, std::span<const text::Token> tokens) {
    std::vector<TokenRange> out;
    std::uint32_t start = 0;
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        if (ends_sentence(text, tokens[i], tokens[i + 1])) {
            out.push_back({start, static_cast<std::uint32_t>(i + 1)});
            start = static_cast<std::uint32_t>(i + 1);
        }
    }
    if (start < tokens.size()) out.push_back({start, static_cast<std::uint32_t>(tokens.size())});
    return out;
}

std::vector<Unit> units(std::string_view text, std::span<const text::Token> tokens, std::uint32_t window_tokens) {
    std::vector<Unit> out;
    const std::vector<TokenRange> all = sentences(text, tokens);
    for (std::uint32_t s = 0; s < all.size(); ++s) {
        const TokenRange r = all[s];
        const std::uint32_t length = r.size();
        if (window_tokens == 0 || 2 * std::uint64_t{length} <= 3 * std::uint64_t{window_tokens}) {
            out.push_back({r, s});
            continue;
        }
        const std::uint32_t windows = (length + window_tokens / 2) / window_tokens;  // at least 2 here
        std::uint32_t begin = r.begin;
        for (std::uint32_t w = 0; w < windows; ++w) {
            const std::uint32_t size = length / windows + (w < length % windows ? 1 : 0);
            out.push_back({{begin, begin + size}, s});
            begin += size;
        }
    }
    return out;
}

std::vector<Paraphrase> paraphrases(std::string_view text_a, std::span<const text::Token> a, std::string_view text_b,
                                    std::span<const text::Token> b, const Alignment& verbatim,
                                    const tfidf::DocumentFrequencies& df, const Params& params) {
    const std::vector<Unit> all_a = units(text_a, a, params.paraphrase_window_tokens);
    const std::vector<Unit> all_b = units(text_b, b, params.paraphrase_window_tokens);
    std::vector<Unit> left_a = unverbatim(all_a, a.size(), true, verbatim);
    std::vector<Unit> left_b = unverbatim(all_b, b.size(), false, verbatim);
    if (left_a.empty() || left_b.empty()) return {};  // PERF: most copies of a scan end here
    const Rarity rarity(a, all_a, left_a, b, all_b, left_b, df, params);
    SideUnits ua = side_units(a, std::move(left_a), rarity, true);
    SideUnits ub = side_units(b, std::move(left_b), rarity, false);
    const std::size_t vocabulary = mark_shared(ua, ub);
    if (vocabulary < params.paraphrase_min_shared) return {};

    std::vector<Link> links;
    const Matcher matcher(ua, ub, vocabulary, params);
    matcher.match(true, links);
    matcher.match(false, links);
    std::sort(links.begin(), links.end());
    links.erase(std::unique(links.begin(), links.end()), links.end());

    // One passage per pair of sentences: the windows linked between them, spanned whole.
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::pair<TokenRange, TokenRange>> spans;
    for (const auto& [u, v] : links) {
        const TokenRange ra = ua.units[u].tokens;
        const TokenRange rb = ub.units[v].tokens;
        const auto [it, fresh] = spans.try_emplace({ua.units[u].sentence, ub.units[v].sentence}, ra, rb);
        if (fresh) continue;
        auto& [sa, sb] = it->second;
        sa = {std::min(sa.begin, ra.begin), std::max(sa.end, ra.end)};
        sb = {std::min(sb.begin, rb.begin), std::max(sb.end, rb.end)};
    }
    std::vector<Paraphrase> out;
    std::vector<Word> wa, wb;
    for (const auto& [key, span] : spans) {
        rare_words(a, span.first, rarity, wa);
        rare_words(b, span.second, rarity, wb);
        const Overlap o = overlap(wa, total_weight(wa), wb, total_weight(wb));
        out.push_back({span.first, span.second, o.score, o.shared});
    }
    order_by_b(out);
    return out;
}

std::vector<Paraphrase> mirrored(std::vector<Paraphrase> paraphrases) {
    for (Paraphrase& p : paraphrases) std::swap(p.a, p.b);
    order_by_b(paraphrases);
    return paraphrases;
}

}  // namespace wiretrace::align
