// SPDX-License-Identifier: Apache-2.0
// Pair scoring and the relation and direction decisions.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <iterator>
#include <span>
#include <tuple>
#include <utility>

#include "wiretrace/text/tables.hpp"
#include "wiretrace/score/score.hpp"
#include "wiretrace/sketch/sketch.hpp"

namespace wiretrace::score {
namespace {

constexpr double kTimestampWeight = 100.0;  // shown in reports only: timestamps decide alone

/// Aligned coverage with quoted passages down-weighted.
double weighted_coverage(const align::Alignment& al, std::uint32_t tokens, bool side_a, double quote_weight) {
    if (tokens == 0) return 0;
    std::vector<float> weight(tokens, 0.0F);
    for (const auto& p : al.passages) {
        const align::TokenRange r = side_a ? p.a : p.b;
        const auto w = static_cast<float>(p.quote ? quote_weight : 1.0);
        for (auto t = r.begin; t < r.end; ++t) weight[t] = std::max(weight[t], w);
    }
    double sum = 0;
    for (const float w : weight) sum += w;
    return sum / tokens;
}

/// Shares of a side's uncovered tokens that lie before its first passage and after its last.
struct EdgeShares {
    double leading = 0;
    double trailing = 0;
};

EdgeShares uncovered_edge_shares(const align::Alignment& al, std::uint32_t tokens, bool side_a) {
    std::vector<std::uint8_t> covered(tokens, 0);
    std::uint32_t first_begin = tokens;
    std::uint32_t last_end = 0;
    for (const auto& p : al.passages) {
        const align::TokenRange r = side_a ? p.a : p.b;
        std::fill(covered.begin() + r.begin, covered.begin() + r.end, 1);
        first_begin = std::min(first_begin, r.begin);
        last_end = std::max(last_end, r.end);
    }
    const auto uncovered = static_cast<double>(std::count(covered.begin(), covered.end(), 0));
    if (uncovered == 0 || al.passages.empty()) return {};
    return {first_begin / uncovered, (tokens - last_end) / uncovered};
}

/// Evidence tiers, strongest first (algorithms.md, "Direction"): a tier decides only when the
/// tiers above it said nothing clear, so weak evidence never outvotes strong evidence.
int tier(std::string_view kind) {
    if (kind == "timestamp" || kind == "aggregator") return 0;
    if (kind == "wire-outlet" || kind == "wire-dateline" || kind == "wire-copyright" || kind == "credit-line") {
        return 1;
    }
    if (kind == "truncation" || kind == "local-lead") return 2;
    return 3;
}

void add(Direction& d, std::string kind, Side favours, double weight, std::string detail) {
    d.evidence.push_back({std::move(kind), favours, weight, std::move(detail)});
}

Side other(Side s) { return s == Side::a ? Side::b : Side::a; }

/// The side seen with a and b swapped (undecided stays undecided).
Side swapped(Side s) { return s == Side::undecided ? s : other(s); }

/// Evidence from one kind of binary signal present in exactly one of the two texts.
void signal(Direction& d, bool in_a, bool in_b, bool marks_source, std::string kind, double weight,
            std::string_view what) {
    if (in_a == in_b) return;
    const Side holder = in_a ? Side::a : Side::b;
    add(d, std::move(kind), marks_source ? holder : other(holder), weight,
        fmt::format("{} in {} only", what, holder == Side::a ? "a" : "b"));
}

Direction decide_direction(const Document& a, const Analysis& aa, const Document& b, const Analysis& ab,
                           const PairScore& s, const Params& params) {
    Direction d;
    // A timestamp stands for the interval its precision allows (a date alone: the whole day).
    // Timestamps decide only when one interval ends, with the tolerance, before the other begins.
    const auto ends_before = [&](const Document& x, const Document& y) {
        return *x.published + x.published_granularity + params.timestamp_tolerance_seconds <= *y.published;
    };
    const text::OutletRoles* roles = params.outlet_roles.get();
    // An outlet the user names as an aggregator quotes others: the other text is the source,
    // whatever else says. (Both aggregators: this says nothing.)
    if (roles != nullptr) {
        signal(d, roles->is_aggregator(a.outlet), roles->is_aggregator(b.outlet), false, "aggregator",
               kTimestampWeight * 2, "aggregator outlet");
    }
    if (a.published && b.published && (ends_before(a, b) || ends_before(b, a))) {
        const Side earlier = ends_before(a, b) ? Side::a : Side::b;
        add(d, "timestamp", earlier, kTimestampWeight,
            fmt::format("{} was published first ({} vs {})", earlier == Side::a ? "a" : "b",
                        format_iso8601(*a.published), format_iso8601(*b.published)));
    }
    const auto wire_outlet = [roles](std::string_view outlet) {
        return is_wire_outlet(outlet) || (roles != nullptr && roles->is_wire(outlet));
    };
    signal(d, wire_outlet(a.outlet), wire_outlet(b.outlet), true, "wire-outlet", params.wire_outlet_weight,
           "wire outlet");
    signal(d, aa.wire.dateline, ab.wire.dateline, true, "wire-dateline", params.wire_dateline_weight, "wire dateline");
    signal(d, aa.wire.copyright, ab.wire.copyright, true, "wire-copyright", params.wire_copyright_weight,
           "wire copyright line");
    // A credit line marks its holder as the copy, unless the other text lies almost wholly inside
    // the holder: then the other is a trimmed copy that merely lost the credit line at the bottom.
    const bool credit_a = aa.wire.credit_line && s.coverage_b < params.structure_other_coverage;
    const bool credit_b = ab.wire.credit_line && s.coverage_a < params.structure_other_coverage;
    signal(d, credit_a, credit_b, false, "credit-line", params.credit_line_weight, "credit line naming a source");

    for (const Side side : {Side::a, Side::b}) {
        const bool is_a = side == Side::a;
        const std::uint32_t tokens = is_a ? s.tokens_a : s.tokens_b;
        const double own = is_a ? s.coverage_a : s.coverage_b;
        const double theirs = is_a ? s.coverage_b : s.coverage_a;
        if (tokens == 0 || theirs < params.structure_other_coverage || 1.0 - own < params.structure_min_uncovered) {
            continue;
        }
        const EdgeShares edges = uncovered_edge_shares(s.alignment, tokens, is_a);
        const char* name = is_a ? "a" : "b";
        if (edges.trailing >= params.structure_edge_share) {
            // Outlets trim wire copy from the bottom (inverted pyramid): the longer text is the source.
            add(d, "truncation", side, params.structure_weight,
                fmt::format("{} ends with text the other lacks: the other looks trimmed from the end", name));
        } else if (edges.leading >= params.structure_edge_share) {
            add(d, "local-lead", other(side), params.structure_weight,
                fmt::format("{} adds a lead of its own before the shared text", name));
        }
    }
    const double gap = s.coverage_a - s.coverage_b;
    if (std::abs(gap) >= params.containment_min_gap) {
        const Side more = gap > 0 ? Side::a : Side::b;
        add(d, "containment", more, std::min(1.0, std::abs(gap) / params.containment_full_gap),
            fmt::format("{} is more contained in the other ({:.2f} vs {:.2f} aligned)",
                        more == Side::a ? "a" : "b", std::max(s.coverage_a, s.coverage_b),
                        std::min(s.coverage_a, s.coverage_b)));
    }
    std::stable_sort(d.evidence.begin(), d.evidence.end(),
                     [](const Evidence& x, const Evidence& y) { return x.weight > y.weight; });

    if (!d.evidence.empty() && tier(d.evidence.front().kind) == 0) {  // an aggregator, else a timestamp
        d.source = d.evidence.front().favours;
        d.decided_by = d.evidence.front().kind;
        return d;
    }
    for (int t = 1; t <= 3; ++t) {
        double margin = 0;  // positive: a is the source
        for (const auto& e : d.evidence) {
            if (tier(e.kind) == t) margin += e.favours == Side::a ? e.weight : -e.weight;
        }
        if (std::abs(margin) < params.direction_min_margin) continue;
        d.source = margin > 0 ? Side::a : Side::b;
        for (const auto& e : d.evidence) {
            if (tier(e.kind) == t && e.favours == d.source) {
                d.decided_by = e.kind;
                break;
            }
        }
        break;
    }
    return d;
}

/// An evidence's detail as decide_direction words it with a and b swapped: the side it names
/// ("a was published first (time of a vs time of b)", "wire outlet in a only", "a ends with ...")
/// exchanged, and a timestamp's two times.
std::string mirrored_detail(const Evidence& e) {
    std::string d = e.detail;
    const auto flip = [&d](std::size_t at) {
        if (at < d.size() && (d[at] == 'a' || d[at] == 'b')) d[at] = d[at] == 'a' ? 'b' : 'a';
    };
    if (tier(e.kind) == 1 || e.kind == "aggregator") {
        constexpr std::string_view kOnly = " only";  // "<what> in a only"
        if (d.size() > kOnly.size()) flip(d.size() - kOnly.size() - 1);
        return d;
    }
    flip(0);
    if (e.kind == "timestamp") {
        const auto open = d.rfind(" (");
        const auto vs = d.find(" vs ", open);
        if (open != std::string::npos && vs != std::string::npos && d.back() == ')') {
            const std::string first = d.substr(open + 2, vs - open - 2);
            const std::string second = d.substr(vs + 4, d.size() - vs - 5);
            d = fmt::format("{}({} vs {})", d.substr(0, open + 1), second, first);
        }
    }
    return d;
}

}  // namespace

PairScore mirrored(PairScore s) {
    std::swap(s.tokens_a, s.tokens_b);
    std::swap(s.containment_a, s.containment_b);
    std::swap(s.coverage_a, s.coverage_b);
    std::swap(s.weighted_coverage_a, s.weighted_coverage_b);
    s.alignment = align::mirrored(std::move(s.alignment));
    s.paraphrases = align::mirrored(std::move(s.paraphrases));
    s.direction.source = swapped(s.direction.source);
    for (Evidence& e : s.direction.evidence) {
        e.detail = mirrored_detail(e);
        e.favours = swapped(e.favours);
    }
    return s;
}

std::vector<std::uint64_t> bigram_set(std::span<const text::Token> tokens, const Params& params) {
    return sketch::to_set(sketch::shingle_hashes(tokens, 2, params.seed));
}

std::uint64_t rare_word_documents(const tfidf::DocumentFrequencies& df) {
    return std::max<std::uint64_t>(kMinRareWordDocuments, df.documents() / 100);
}

std::vector<std::uint64_t> rare_bigram_set(std::span<const text::Token> tokens, const tfidf::DocumentFrequencies& df,
                                           const Params& params) {
    const std::uint64_t cap = rare_word_documents(df);
    if (df.documents() <= cap || tokens.size() < 2) return bigram_set(tokens, params);
    std::vector<std::int32_t> features(tokens.size());
    for (std::size_t i = 0; i < tokens.size(); ++i) features[i] = tfidf::feature_of(tokens[i].hash);
    std::vector<std::uint32_t> counts(tokens.size());
    df.document_frequencies(features, counts);
    const std::vector<std::uint64_t> shingles = sketch::shingle_hashes(tokens, 2, params.seed);
    std::vector<std::uint64_t> out;
    out.reserve(shingles.size());
    for (std::size_t i = 0; i < shingles.size() && i + 1 < tokens.size(); ++i) {
        if (counts[i] <= cap || counts[i + 1] <= cap) out.push_back(shingles[i]);
    }
    out = sketch::to_set(std::move(out));
    // Reserved for every word pair: callers keep the set (the background, the union offers), so
    // a long text's few rare pairs must not hold the room of all its pairs.
    if (out.capacity() > 2 * out.size()) out.shrink_to_fit();
    return out;
}

const std::vector<std::uint64_t>& rare_bigram_set(const Analysis& analysis, const tfidf::DocumentFrequencies& df,
                                                  const Params& params, std::vector<std::uint64_t>& made) {
    if (!analysis.rare_bigram_set.empty()) return analysis.rare_bigram_set;
    // PERF: under a pair's own IDF every word is rare: the set is the text's bigram_set, made
    // already (check scores an article against many stories, each pair with its own IDF)
    if (df.documents() <= rare_word_documents(df) && !analysis.bigram_set.empty()) return analysis.bigram_set;
    made = rare_bigram_set(analysis.tokens, df, params);
    return made;
}

Analysis analyze(const Document& doc, const Params& params) { return analyze(doc, text::tokenize(doc.text), params); }

Analysis analyze(const Document& doc, std::vector<text::Token> tokens, const Params& params) {
    Analysis out;
    out.tokens = std::move(tokens);
    out.shingle_set = sketch::to_set(sketch::shingle_hashes(out.tokens, params.shingle_tokens, params.seed));
    out.signature = sketch::minhash(out.shingle_set, params.minhash_size, params.seed);
    for (const auto& t : out.tokens) {
        if (!text::is_stopword(t.hash)) out.word_set.push_back(t.hash);
    }
    out.word_set = sketch::to_set(std::move(out.word_set));
    out.bigram_set = bigram_set(out.tokens, params);
    out.wire = detect_wire_signals(doc.text);
    return out;
}

DerivedFeatures derived_features(const PairScore& s, const Analysis& aa, const Analysis& ab) {
    const auto contained = [](const std::vector<std::uint64_t>& x, const std::vector<std::uint64_t>& y) {
        const auto o = sketch::overlap(x, y);
        return std::max(o.containment_a(), o.containment_b());
    };
    DerivedFeatures f;
    f.word_containment = contained(aa.word_set, ab.word_set);
    f.bigram_containment = contained(aa.bigram_set, ab.bigram_set);
    f.log_shorter_words = std::log1p(static_cast<double>(std::min(s.tokens_a, s.tokens_b)));
    f.log_longer_words = std::log1p(static_cast<double>(std::max(s.tokens_a, s.tokens_b)));
    return f;
}

double derived_probability(const DerivedFeatures& f) {
    // Logistic regression fitted by datasets/meter_model.py on METER courts: the 769 newspaper
    // articles with a PA folder, each against the PA texts of its catchline joined into one source
    // (meter_courts.py --sources catchline; 604 wholly or partially derived, 165 non-derived),
    // standardized inputs, L2 penalty 1. 10-fold cross-validation with whole catchlines in each
    // fold, the model alone at probability 0.5: macro F1 0.716, weighted F1 0.820, derived-class
    // F1 0.898 (in-sample 0.734 / 0.830 / 0.903). Richer inputs (3- and 5-gram containment,
    // aligned coverage, passage lengths and counts, quoted shares, hapax overlap, word-order LCS,
    // sentence alignment, cosine, quadratic terms) did not raise the cross-validated macro F1
    // above 0.72; see bench/results/2026-11-21-meter-model.txt.
    constexpr double kIntercept = -3.0236;
    constexpr double kWord = 4.0370;
    constexpr double kBigram = 5.3296;
    constexpr double kShorter = -0.2966;
    constexpr double kLonger = 0.1916;
    const double z = kIntercept + kWord * f.word_containment + kBigram * f.bigram_containment +
                     kShorter * f.log_shorter_words + kLonger * f.log_longer_words;
    return 1.0 / (1.0 + std::exp(-z));
}

std::uint32_t longest_unnamed_passage(const align::Alignment& alignment, std::string_view text_a,
                                      std::span<const text::Token> tokens_a) {
    // Runs and passages are both ordered by their position in b, and each run lies in one passage.
    std::uint32_t longest = 0;
    std::size_t r = 0;
    for (const auto& p : alignment.passages) {
        double unnamed = 0;  // in words: a token each in text written with spaces
        for (; r < alignment.runs.size() && alignment.runs[r].b_begin < p.b.end; ++r) {
            const align::Run& run = alignment.runs[r];
            if (run.b_begin < p.b.begin) continue;
            for (std::uint32_t i = run.a_begin; i < run.a_begin + run.length; ++i) {
                const text::Token& t = tokens_a[i];
                if (!text::starts_uppercase(text_a.substr(t.begin, t.end - t.begin))) {
                    unnamed += text::word_weight(text_a, tokens_a, i);
                }
            }
        }
        longest = std::max(longest, static_cast<std::uint32_t>(std::lround(unnamed)));
    }
    return longest;
}

namespace {

/// The pair's longest non-quote passage in words (text::words_of_tokens), as its two texts count
/// them: the fewer.
std::uint32_t longest_passage_words(const PairScore& s) {
    return std::min(text::words_of_tokens(s.longest_passage, s.words_per_token_a),
                    text::words_of_tokens(s.longest_passage, s.words_per_token_b));
}

}  // namespace

bool model_may_decide(const PairScore& s, const Params& params) {
    return longest_passage_words(s) >= params.rewrite_long_passage_tokens;
}

Relation decide_relation(const PairScore& s, const Params& params) {
    if (s.tokens_a == 0 || s.tokens_b == 0) return Relation::unrelated;
    const bool substantive = std::any_of(s.alignment.edits.begin(), s.alignment.edits.end(), [](const auto& e) {
        return e.kind != EditKind::respelling;
    });
    if (s.coverage_a >= params.duplicate_coverage && s.coverage_b >= params.duplicate_coverage && !substantive) {
        return Relation::duplicate;
    }
    if ((s.coverage_a >= params.near_duplicate_coverage && s.coverage_b >= params.near_duplicate_coverage) ||
        s.jaccard >= params.near_duplicate_jaccard) {
        return Relation::near_duplicate;
    }
    // A text shorter than one long passage can be a duplicate or near-duplicate, never a rewrite:
    // a single shared word or name is no evidence of copying.
    // Floors in words: a script written without spaces needs as much text (text::word_weight).
    const std::uint32_t longest_words = longest_passage_words(s);
    const std::uint32_t shorter_words = std::min(text::words_of_tokens(s.tokens_a, s.words_per_token_a),
                                                 text::words_of_tokens(s.tokens_b, s.words_per_token_b));
    if (std::max(s.weighted_coverage_a, s.weighted_coverage_b) >= params.rewrite_coverage &&
        longest_words >= params.rewrite_long_passage_tokens) {
        return Relation::rewrite;
    }
    // Below the coverage line, a pair with that long passage is a rewrite when the model fitted on
    // METER says so: partially derived news keeps a paragraph or two of the wire copy and retells
    // the rest in the wire's words, which shows in shared words and word pairs, not in coverage.
    if (model_may_decide(s, params) && s.derived_probability >= params.rewrite_probability) {
        return Relation::rewrite;
    }
    // A pair whose word pairs stand far above what random pairs of the same corpus share is a
    // rewrite (Background): paraphrase keeps names, numbers and short phrases but few long runs.
    // It must still share one passage of min_passage_tokens words: reports of one topic and
    // templated notices share names and phrases without one (on Reuters-21578, the background
    // alone made 23,190 pairs derived, 3,969 without it; with the passage, 6,353). Capitalised
    // words do not count towards it (longest_unnamed_passage): two reports of one event chain
    // runs of the same names ("Spanish Finance Minister Deepa Choi ... police Chief Adam
    // Roorey") into a passage; the writer's own words are the evidence. The copy side must be
    // longer than one long passage, as above.
    if (s.background_z && *s.background_z >= params.rewrite_z &&
        shorter_words >= params.rewrite_long_passage_tokens &&
        s.longest_unnamed_passage >= params.min_passage_tokens) {
        return Relation::rewrite;
    }
    if (s.cosine >= params.same_story_cosine) return Relation::same_story;
    return Relation::unrelated;
}

namespace {

constexpr std::uint32_t kPhraseTokens = 3;

/// Of each of two texts: the share of its tokens inside a 3-token run the other text holds too,
/// and the mean length of the stretches they form.
struct PhraseFigures {
    double share = 0;
    double mean_run = 0;
};

/// `phrases` are the 3-word shingle hashes of `text` in text order; `shared` the sorted set of
/// those the other text holds too.
PhraseFigures phrase_figures(std::span<const text::Token> text, std::span<const std::uint64_t> phrases,
                             std::span<const std::uint64_t> shared) {
    if (text.size() < kPhraseTokens || phrases.empty() || shared.empty()) return {};
    std::vector<std::uint8_t> covered(text.size(), 0);
    for (std::size_t i = 0; i < phrases.size(); ++i) {
        if (std::binary_search(shared.begin(), shared.end(), phrases[i])) {
            std::fill(covered.begin() + static_cast<std::ptrdiff_t>(i),
                      covered.begin() + static_cast<std::ptrdiff_t>(i + kPhraseTokens), 1);
        }
    }
    std::size_t inside = 0;
    std::size_t stretches = 0;
    for (std::size_t i = 0; i < covered.size(); ++i) {
        inside += covered[i];
        if (covered[i] != 0 && (i == 0 || covered[i - 1] == 0)) ++stretches;
    }
    if (stretches == 0) return {};
    return {static_cast<double>(inside) / static_cast<double>(text.size()),
            static_cast<double>(inside) / static_cast<double>(stretches)};
}

}  // namespace

std::vector<std::uint64_t> phrase_hashes(std::span<const text::Token> tokens, const Params& params) {
    return sketch::shingle_hashes(tokens, kPhraseTokens, params.seed);
}

void add_phrases(Analysis& analysis, const Params& params) {
    analysis.phrase_hashes = phrase_hashes(analysis.tokens, params);
    analysis.phrase_set = sketch::to_set(analysis.phrase_hashes);
}

Grade grade_of(const PairScore& s, const Params& params) {
    if (!is_derived(s.relation)) return Grade::none;
    // First step: what the texts share, they share in long stretches (however much of the copy
    // that is: a copy may paste a few sentences and write the rest itself).
    if (s.relation == Relation::duplicate || s.mean_phrase_run >= params.verbatim_mean_run) return Grade::verbatim;
    // Second step: edited word by word, most of one text survives in the other in short runs.
    return std::max(s.phrase_share, s.source_phrase_share) >= params.light_phrase_share ? Grade::light : Grade::heavy;
}

PairScore score_pair(const Document& a, const Analysis& aa, const Document& b, const Analysis& ab,
                     const tfidf::DocumentFrequencies& df, const Params& params, const Background* background) {
    PairScore s;
    s.tokens_a = static_cast<std::uint32_t>(aa.tokens.size());
    s.tokens_b = static_cast<std::uint32_t>(ab.tokens.size());
    const auto sets = sketch::overlap(aa.shingle_set, ab.shingle_set);
    s.jaccard = sets.jaccard();
    s.containment_a = sets.containment_a();
    s.containment_b = sets.containment_b();
    s.jaccard_estimate = sketch::estimate_jaccard(aa.signature, ab.signature);
    s.alignment = align::align(a.text, aa.tokens, b.text, ab.tokens, params);
    s.coverage_a = s.alignment.coverage_a;
    s.coverage_b = s.alignment.coverage_b;
    s.weighted_coverage_a = weighted_coverage(s.alignment, s.tokens_a, true, params.quote_passage_weight);
    s.weighted_coverage_b = weighted_coverage(s.alignment, s.tokens_b, false, params.quote_passage_weight);
    // PERF: a vector computed by the caller is used in place, not copied for every pair.
    tfidf::SparseVector made_a;
    tfidf::SparseVector made_b;
    const auto vector_of = [&](const Analysis& an, tfidf::SparseVector& made) -> const tfidf::SparseVector& {
        if (!an.vector.indices.empty()) return an.vector;
        made = tfidf::vectorize(an.tokens, df);
        return made;
    };
    s.cosine = tfidf::cosine(vector_of(aa, made_a), vector_of(ab, made_b));
    for (const auto& p : s.alignment.passages) {
        if (!p.quote) s.longest_passage = std::max(s.longest_passage, p.matched);
    }
    s.longest_unnamed_passage = longest_unnamed_passage(s.alignment, a.text, aa.tokens);
    s.words_per_token_a = text::words_per_token(a.text, aa.tokens);
    s.words_per_token_b = text::words_per_token(b.text, ab.tokens);
    s.features = derived_features(s, aa, ab);
    s.derived_probability = derived_probability(s.features);
    s.model_decides = model_may_decide(s, params);
    if (background != nullptr && background->valid()) {
        // PERF: sets computed by the caller (scan: once per article) are used in place.
        std::vector<std::uint64_t> made_rare_a;
        std::vector<std::uint64_t> made_rare_b;
        const auto& rare_a = rare_bigram_set(aa, df, params, made_rare_a);
        const auto& rare_b = rare_bigram_set(ab, df, params, made_rare_b);
        const auto bigrams = sketch::overlap(rare_a, rare_b);
        const auto na = static_cast<std::uint32_t>(rare_a.size());
        const auto nb = static_cast<std::uint32_t>(rare_b.size());
        s.background_z = std::max(background->z(na, nb, bigrams.containment_a()),
                                  background->z(nb, na, bigrams.containment_b()));
    }
    s.relation = decide_relation(s, params);
    if (is_derived(s.relation)) describe_derived(s, a, aa, b, ab, params);
    return s;
}

void describe_derived(PairScore& s, const Document& a, const Analysis& aa, const Document& b, const Analysis& ab,
                      const Params& params) {
    s.direction = decide_direction(a, aa, b, ab, s, params);
    // PERF: phrases computed by the caller (scan: once per article) are used in place.
    struct Phrases {
        std::span<const std::uint64_t> hashes;
        std::span<const std::uint64_t> set;
    };
    std::vector<std::uint64_t> made_hashes_a, made_set_a, made_hashes_b, made_set_b;
    const auto phrases_of = [&](const Analysis& an, std::vector<std::uint64_t>& hashes,
                                std::vector<std::uint64_t>& set) -> Phrases {
        if (!an.phrase_hashes.empty()) return {an.phrase_hashes, an.phrase_set};
        hashes = phrase_hashes(an.tokens, params);
        set = sketch::to_set(hashes);
        return {hashes, set};
    };
    const Phrases pa = phrases_of(aa, made_hashes_a, made_set_a);
    const Phrases pb = phrases_of(ab, made_hashes_b, made_set_b);
    std::vector<std::uint64_t> shared;
    std::set_intersection(pa.set.begin(), pa.set.end(), pb.set.begin(), pb.set.end(), std::back_inserter(shared));
    const PhraseFigures in_a = phrase_figures(aa.tokens, pa.hashes, shared);
    const PhraseFigures in_b = phrase_figures(ab.tokens, pb.hashes, shared);
    const bool strong = tier(s.direction.decided_by) <= 1;
    const bool copy_is_a = strong ? s.direction.source == Side::b : in_a.share >= in_b.share;
    const PhraseFigures& copy = copy_is_a ? in_a : in_b;
    s.phrase_share = copy.share;
    s.mean_phrase_run = copy.mean_run;
    s.source_phrase_share = (copy_is_a ? in_b : in_a).share;
    s.grade = grade_of(s, params);
}

StandalonePair score_standalone(const Document& a, const Document& b, const Params& params,
                                const Background* background) {
    return score_standalone(a, b, analyze(b, params), params, background);
}

StandalonePair score_standalone(const Document& a, const Document& b, Analysis analysis_b, const Params& params,
                                const Background* background) {
    StandalonePair out;
    out.analysis_a = analyze(a, params);
    out.analysis_b = std::move(analysis_b);
    out.df.add_document(out.analysis_a.tokens);
    out.df.add_document(out.analysis_b.tokens);
    out.score = score_pair(a, out.analysis_a, b, out.analysis_b, out.df, params, background);
    out.score.paraphrases = align::paraphrases(a.text, out.analysis_a.tokens, b.text, out.analysis_b.tokens,
                                               out.score.alignment, out.df, params);
    return out;
}

}  // namespace wiretrace::score
