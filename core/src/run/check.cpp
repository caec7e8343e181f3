// SPDX-License-Identifier: Apache-2.0
// `check`: one article against an index (find_matches), and the pipeline over the inputs (run).
#include "wiretrace/run/check.hpp"

#include <algorithm>
#include <atomic>
#include <optional>
#include <tbb/enumerable_thread_specific.h>
#include <unordered_map>

#include "run/stages.hpp"
#include "wiretrace/candidates/candidates.hpp"
#include "wiretrace/candidates/furniture.hpp"
#include "wiretrace/score/source_union.hpp"
#include "wiretrace/run/pipeline.hpp"
#include "wiretrace/sketch/document_sketch.hpp"

namespace wiretrace::check {
namespace {

/// Articles checked per pipeline token.
constexpr std::size_t kBatchArticles = 16;

/// Keys of a known story shared with the article.
struct Hits {
    std::uint32_t fingerprints = 0;
    std::uint32_t bands = 0;
};

struct Candidate {
    std::int64_t doc;
    Hits hits;
};

/// The known stories to verify: those sharing a band, or enough fingerprints; the most shared
/// first, at most options.max_candidates.
std::vector<Candidate> select(const index::Index& idx, const std::unordered_map<std::int64_t, Hits>& hits,
                              std::uint32_t article_fingerprints, const LookupOptions& options) {
    std::vector<Candidate> chosen;
    for (const auto& [doc, h] : hits) {
        bool keep = h.bands > 0;
        if (!keep && h.fingerprints >= options.min_shared) {  // else the rule fails: no need to read the count
            const std::uint32_t known = idx.fingerprint_count(doc);
            // A document with hits but no fingerprint count is a damaged row: not a candidate.
            keep = known > 0 && candidates::shares_enough(h.fingerprints, known, article_fingerprints,
                                                          options.min_shared, options.min_containment);
        }
        if (keep) chosen.push_back({doc, h});
    }
    std::sort(chosen.begin(), chosen.end(), [](const Candidate& x, const Candidate& y) {
        if (x.hits.fingerprints != y.hits.fingerprints) return x.hits.fingerprints > y.hits.fingerprints;
        if (x.hits.bands != y.hits.bands) return x.hits.bands > y.hits.bands;
        return x.doc < y.doc;
    });
    if (chosen.size() > options.max_candidates) chosen.resize(options.max_candidates);
    return chosen;
}

/// `doc` with the tokens of `spans` blanked (candidates::masked_text); `doc` itself when none.
Document blanked(const Document& doc, std::span<const text::Token> tokens, std::span<const candidates::MaskedSpan> spans) {
    Document out = doc;
    if (!spans.empty()) out.text = candidates::masked_text(doc.text, tokens, spans);
    return out;
}

/// `doc` without what scan blanks before verification (candidates::furniture_spans): the
/// furniture the index learned of any outlet, code, embedded posts and captions.
Document without_furniture(const Document& doc, const candidates::Furniture& furniture, const Params& params) {
    const std::vector<text::Token> tokens = text::tokenize(doc.text);
    return blanked(doc, tokens, candidates::furniture_spans(doc.text, tokens, &furniture, params));
}

/// A known story and the article scored as a pair from their texts without furniture; a derived
/// pair of one outlet whose furniture the index has not measured (too few of its stories) is
/// scored again without the footer both end with, as scan does (scan::detail::shared_footers).
/// `article_analysis` is score::analyze of `article` (with its phrases), made once per check.
score::StandalonePair score_known(const Document& known, const Document& article, const score::Analysis& article_analysis,
                                  const candidates::Furniture& furniture, const Params& params,
                                  const score::Background* background) {
    score::StandalonePair pair = score::score_standalone(without_furniture(known, furniture, params), article,
                                                         article_analysis, params, background);
    const bool unmeasured = furniture.outlet_number(known.outlet) == 0 || furniture.too_small_to_measure(known.outlet);
    if (!is_derived(pair.score.relation) || known.outlet.empty() || known.outlet != article.outlet || !unmeasured) {
        return pair;
    }
    const std::vector<align::Passage> edges = scan::detail::shared_footers(
        pair.score, pair.analysis_a.tokens.size(), pair.analysis_b.tokens.size());
    if (edges.empty()) return pair;
    std::vector<candidates::MaskedSpan> in_a;
    std::vector<candidates::MaskedSpan> in_b;
    for (const align::Passage& p : edges) {
        in_a.push_back({p.a.begin, p.a.end, candidates::LineKind::text});
        in_b.push_back({p.b.begin, p.b.end, candidates::LineKind::text});
    }
    const Document known_cut = blanked(without_furniture(known, furniture, params), pair.analysis_a.tokens, in_a);
    const Document article_cut = blanked(article, pair.analysis_b.tokens, in_b);
    return score::score_standalone(known_cut, article_cut, params, background);
}

/// The article judged against the union of its candidate known stories (score::judge_union), as
/// scan judges its copies: the stories derived alone are covered first, then the stories that
/// are not derived alone but may be a source (union_eligible, and their direction as a rewrite
/// does not name the article as the source); the members of a derived union become rewrites with
/// their union share. `article_analysis`: the article's as find_matches made it once (a pair
/// scored again without a shared footer holds another in its own analysis_b).
void judge_union(const Document& article, const score::Analysis& article_analysis, std::vector<Match>& scored,
                 const score::Background& background, const Params& params) {
    if (!background.valid() || params.union_max_sources < 2 || scored.size() < 2) return;
    std::vector<std::vector<score::UnionKey>> shared(scored.size());  // the candidates' spans point here
    std::vector<std::optional<score::PairScore>> as_rewrite(scored.size());
    std::vector<score::UnionCandidate> candidates;
    std::vector<std::size_t> from;  // candidate -> index in scored
    // The article's rare shingles as score_pair measured them against the background: with each
    // pair's own IDF, where every word of two texts is rare, so the same set for every pair.
    std::vector<std::uint64_t> made;
    const std::vector<std::uint64_t>& article_rare =
        score::rare_bigram_set(article_analysis, scored.front().pair.df, params, made);
    const auto article_shingles = static_cast<std::uint32_t>(article_rare.size());
    for (std::size_t i = 0; i < scored.size(); ++i) {
        Match& m = scored[i];
        const score::PairScore& s = m.pair.score;
        if (!s.background_z) continue;
        const bool derived = is_derived(s.relation);
        if (derived && s.direction.source == Side::b) continue;  // the article is this story's source
        std::vector<std::uint64_t> made_known;
        const std::vector<std::uint64_t>& known_rare = score::rare_bigram_set(m.pair.analysis_a, m.pair.df, params, made_known);
        std::vector<std::uint64_t> common;
        std::set_intersection(known_rare.begin(), known_rare.end(), article_rare.begin(), article_rare.end(),
                              std::back_inserter(common));
        bool peer = false;
        if (!derived) {
            if (!score::union_eligible(s, common.size(), params)) continue;
            score::PairScore r = s;  // how the pair would be reported as a rewrite
            r.relation = Relation::rewrite;
            score::describe_derived(r, m.known, m.pair.analysis_a, article, m.pair.analysis_b, params);
            if (r.direction.source == Side::b) continue;
            peer = r.direction.source == Side::undecided;
            as_rewrite[i] = std::move(r);
        }
        shared[i] = score::union_keys(common);
        candidates.push_back({static_cast<std::uint32_t>(i), shared[i], static_cast<std::uint32_t>(known_rare.size()),
                              s.longest_unnamed_passage, derived, peer});
        from.push_back(i);
    }
    const score::UnionJudgement judged = score::judge_union(article_shingles, candidates, background, params);
    if (!judged.derived) return;
    for (const score::UnionMember& member : judged.members) {
        const std::size_t i = from[member.candidate];
        scored[i].pair.score = std::move(*as_rewrite[i]);
        scored[i].union_share = member.share;
    }
}

}  // namespace

std::vector<Match> find_matches(const index::Index& idx, const Document& article, const Params& params,
                                const LookupOptions& options, LookupStats* stats) {
    Params p = params;
    idx.parameters().apply_to(p);
    const index::Keys keys = index::stored_keys(sketch::sketch_document(article, p, idx.parameters().lsh_bands));
    LookupStats local;
    local.fingerprints = keys.fingerprints.size();

    const index::Index::Snapshot snapshot = idx.snapshot();
    std::unordered_map<std::int64_t, Hits> hits;
    // The boilerplate cap relative to the index, as scan's is to its corpus.
    const std::uint32_t cap = candidates::corpus_cap(idx.documents(), options.max_df_share, options.max_document_frequency);
    const index::KeyHits by_fingerprint = idx.look_up(index::KeyKind::fingerprint, keys.fingerprints, cap);
    local.boilerplate = by_fingerprint.skipped;
    for (const std::int64_t d : by_fingerprint.docs) ++hits[d].fingerprints;
    for (const std::int64_t d : idx.look_up(index::KeyKind::band, keys.bands, cap).docs) {
        ++hits[d].bands;
    }
    const std::vector<Candidate> chosen =
        select(idx, hits, static_cast<std::uint32_t>(keys.fingerprints.size()), options);
    local.candidates = chosen.size();

    // Texts are scored without their furniture, as scan scores them; the matches keep the whole
    // texts (the same length: the pair's offsets hold in both).
    const Document article_scored = chosen.empty() ? Document{} : without_furniture(article, idx.furniture(), p);
    std::vector<Match> scored;
    // PERF: the article is analyzed once (its sorted shingle and phrase sets were a fifth of a
    // copy's check when made again for each of its candidates); each pair gets a copy.
    score::Analysis article_analysis;
    if (!chosen.empty()) {
        article_analysis = score::analyze(article_scored, p);
        score::add_phrases(article_analysis, p);
    }
    for (const Candidate& c : chosen) {
        Match& m = scored.emplace_back();
        m.known = idx.load(c.doc);
        m.pair = score_known(m.known, article_scored, article_analysis, idx.furniture(), p, &idx.background());
        m.shared_fingerprints = c.hits.fingerprints;
        m.shared_bands = c.hits.bands;
    }
    judge_union(article, article_analysis, scored, idx.background(), p);
    std::vector<Match> matches;
    for (Match& m : scored) {
        const Relation r = m.pair.score.relation;
        if (is_derived(r) || (options.all_relations && r == Relation::same_story)) matches.push_back(std::move(m));
    }
    const auto aligned = [](const Match& m) {
        return m.pair.score.coverage_a * m.pair.score.tokens_a + m.pair.score.coverage_b * m.pair.score.tokens_b;
    };
    std::stable_sort(matches.begin(), matches.end(), [&](const Match& x, const Match& y) {
        if (x.pair.score.relation != y.pair.score.relation) return x.pair.score.relation < y.pair.score.relation;
        const double ax = aligned(x), ay = aligned(y);
        if (ax != ay) return ax > ay;
        return x.known.id < y.known.id;
    });
    if (stats != nullptr) *stats = local;
    return matches;
}

double source_coverage(const Match& m) {
    const score::PairScore& s = m.pair.score;
    switch (s.direction.source) {
    case Side::a: return s.coverage_a;
    case Side::b: return s.coverage_b;
    case Side::undecided: break;
    }
    return std::max(s.coverage_a, s.coverage_b);
}

CheckedArticle check_article(const index::Index& idx, Document article, const Options& o, std::uint64_t* candidates) {
    CheckedArticle c{std::move(article), {}};
    LookupStats stats;
    c.matches = find_matches(idx, c.article, o.params, o.lookup, &stats);
    if (candidates != nullptr) *candidates += stats.candidates;
    std::erase_if(c.matches, [&](const Match& m) { return source_coverage(m) < o.min_coverage; });
    if (c.matches.size() > o.top) c.matches.resize(o.top);
    return c;
}

void count(Stats& stats, const CheckedArticle& checked) {
    ++stats.articles;
    stats.matches += checked.matches.size();
    if (!checked.matches.empty()) ++stats.matched;
}

Stats run(const std::string& db, const std::vector<std::string>& inputs, const Options& o, const EmitFn& emit,
          const ProgressFn& progress) {
    io::ArticleReader reader(inputs, o.reader);
    tbb::enumerable_thread_specific<std::optional<index::Index>> connections;
    struct Batch {
        std::vector<CheckedArticle> articles;
        std::uint64_t candidates = 0;
    };
    Stats counts;
    // Set by the take stage, read by the fill stage: two serial stages that may run on different threads.
    std::atomic<bool> stop{false};
    pipeline::run_batches<Batch>(
        4,
        [&](Batch& b) {
            io::Record record;
            while (!stop && b.articles.size() < kBatchArticles && reader.next(record)) {
                b.articles.push_back({std::move(record.doc), {}});
            }
            return !b.articles.empty();
        },
        [&](Batch& b) {
            std::optional<index::Index>& idx = connections.local();
            if (!idx) idx.emplace(index::Index::open_for_reading(db));
            for (CheckedArticle& c : b.articles) c = check_article(*idx, std::move(c.article), o, &b.candidates);
        },
        [&](Batch& b) {
            if (stop) return;
            counts.candidates += b.candidates;
            for (const CheckedArticle& c : b.articles) {
                count(counts, c);
                emit(c);
            }
            if (progress && !progress({"check", counts.articles, 0, counts.matched, 0})) stop = true;
        });
    counts.read = reader.stats();
    return counts;
}

}  // namespace wiretrace::check
