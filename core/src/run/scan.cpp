// SPDX-License-Identifier: Apache-2.0
// The scan pipeline: read and sketch (a oneTBB pipeline), candidates, verification (parallel over
// pairs), provenance, and the pairs along the provenance forest.
#include "wiretrace/run/scan.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <cstdlib>
#include <fmt/format.h>
#include <list>
#include <memory>
#include <mutex>
#include <tbb/blocked_range.h>
#include <tbb/combinable.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>
#include <tbb/task_arena.h>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "hash.hpp"
#include "candidates/join.hpp"
#include "run/spool.hpp"
#include "run/stages.hpp"
#include "wiretrace/run/distributed.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/run/pipeline.hpp"
#include "wiretrace/score/source_union.hpp"
#include "wiretrace/sketch/document_sketch.hpp"
#include "wiretrace/sketch/tfidf.hpp"
#include "wiretrace/sketch/sketch.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/text/wire.hpp"

namespace wiretrace::scan {
namespace detail {
namespace {

/// Articles per pipeline token: enough to amortize scheduling, few enough to keep memory low.
constexpr std::size_t kBatchDocs = 64;
/// Text per pipeline token: a batch is closed once it holds this much, so long articles do not
/// multiply the memory of the batches in flight (64 ordinary articles hold about 300 kB).
constexpr std::size_t kBatchTextBytes = std::size_t{4} << 20;
constexpr std::size_t kTokensPerThread = 4;
/// Analyzed articles each verification thread keeps: candidate pairs are sorted by their first
/// article, and copies sit near their sources in most dumps.
constexpr std::size_t kCacheArticles = 64;

/// Keys collected in chunks of fixed size and joined into one vector of exactly their number at
/// the end, each chunk freed once copied: a vector grown by doubling holds up to twice its keys
/// for a moment (at 3,000 articles of 1 MB: 1.5 GB for 782 MB of keys).
class KeyChunks {
public:
    void append(std::span<const std::uint64_t> keys) {
        while (!keys.empty()) {
            if (chunks_.empty() || chunks_.back().size() == kChunkKeys) {
                chunks_.emplace_back();
                chunks_.back().reserve(kChunkKeys);
            }
            std::vector<std::uint64_t>& last = chunks_.back();
            const std::size_t n = std::min(keys.size(), kChunkKeys - last.size());
            last.insert(last.end(), keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(n));
            size_ += n;
            keys = keys.subspan(n);
        }
    }
    std::vector<std::uint64_t> take() {
        std::vector<std::uint64_t> all;
        all.reserve(size_);
        for (std::vector<std::uint64_t>& chunk : chunks_) {
            all.insert(all.end(), chunk.begin(), chunk.end());
            std::vector<std::uint64_t>().swap(chunk);
        }
        chunks_.clear();
        size_ = 0;
        return all;
    }

private:
    static constexpr std::size_t kChunkKeys = std::size_t{1} << 20;  // 8 MB
    std::deque<std::vector<std::uint64_t>> chunks_;
    std::size_t size_ = 0;
};

struct Batch {
    std::vector<Document> docs;
    std::vector<Article> articles;
    std::vector<candidates::DocInfo> info;
    std::vector<std::uint64_t> fingerprint_keys;
    std::vector<std::uint64_t> band_keys;
    std::uint32_t first = 0;  ///< article number of docs[0]
};

void sketch_batch(Batch& b, const Options& o, tfidf::DocumentFrequencies& df) {
    b.articles.resize(b.docs.size());
    b.info.resize(b.docs.size());
    for (std::size_t i = 0; i < b.docs.size(); ++i) {
        const Document& d = b.docs[i];
        const auto doc = static_cast<std::uint32_t>(b.first + i);
        const sketch::DocumentSketch sketched = sketch::sketch_document(d, o.params, o.lsh_bands);
        df.add_document(sketched.tokens);

        Article& a = b.articles[i];
        a.tokens = sketched.words();
        a.wire = sketched.wire;
        b.info[i].wire = a.wire;
        a.published = d.published;
        a.published_granularity = d.published_granularity;
        a.text_bytes = d.text.size();
        candidates::DocInfo& info = b.info[i];
        info.fingerprints = candidates::append_keys(sketched, doc, b.fingerprint_keys, b.band_keys);
        info.has_time = d.published.has_value();
        info.published = d.published.value_or(0);
        info.granularity = d.published_granularity;
    }
}

}  // namespace

Masker::Masker(const candidates::Furniture* furniture, std::uint32_t first, std::uint32_t articles,
               const Params& params)
    : furniture_(furniture), first_(first), params_(params), counted_(articles), clean_(articles) {}

std::vector<candidates::MaskedSpan> Masker::spans(std::uint32_t n, const Document& doc,
                                                  std::span<const text::Token> tokens) const {
    std::vector<candidates::MaskedSpan> spans = candidates::furniture_spans(doc.text, tokens, furniture_, params_);
    const std::uint32_t i = n - first_;
    if (!spans.empty() && i < counted_.size() && counted_[i].exchange(1, std::memory_order_relaxed) == 0) {
        counts_[0].fetch_add(1, std::memory_order_relaxed);
        for (const auto& s : spans) {
            counts_[1 + static_cast<std::size_t>(s.kind)].fetch_add(s.end - s.begin, std::memory_order_relaxed);
        }
    }
    return spans;
}

bool Masker::known_clean(std::uint32_t n) const {
    const std::uint32_t i = n - first_;
    return i < clean_.size() && clean_[i].load(std::memory_order_relaxed) != 0;
}

std::vector<candidates::MaskedSpan> Masker::spans_once(std::uint32_t n, const Document& doc,
                                                       std::span<const text::Token> tokens) const {
    std::vector<candidates::MaskedSpan> blank = spans(n, doc, tokens);
    const std::uint32_t i = n - first_;
    if (blank.empty() && i < clean_.size()) clean_[i].store(1, std::memory_order_relaxed);
    return blank;
}

namespace {

/// A blanked span as bytes: where it ends in the text, and the words it held.
struct BlankedBytes {
    std::uint32_t end = 0;
    std::vector<std::uint64_t> hashes;
};

/// The spans of `tokens` that `spans` blank (candidates::masked_text), as bytes.
std::vector<BlankedBytes> blanked_bytes(std::span<const text::Token> tokens,
                                        std::span<const candidates::MaskedSpan> spans) {
    std::vector<BlankedBytes> out;
    for (const candidates::MaskedSpan& s : spans) {
        if (s.begin >= s.end) continue;
        BlankedBytes& b = out.emplace_back();
        b.end = tokens[s.end - 1].end;
        for (std::uint32_t t = s.begin; t < s.end; ++t) b.hashes.push_back(tokens[t].hash);
    }
    return out;
}

/// score::Analysis::blanks of a blanked text from its tokens and the spans blanked in it.
std::vector<text::Blank> place_blanks(std::span<const text::Token> tokens, std::vector<BlankedBytes> blanked) {
    std::vector<text::Blank> out;
    std::sort(blanked.begin(), blanked.end(), [](const BlankedBytes& x, const BlankedBytes& y) { return x.end < y.end; });
    for (BlankedBytes& b : blanked) {
        const auto before = static_cast<std::uint32_t>(
            std::partition_point(tokens.begin(), tokens.end(), [&](const text::Token& t) { return t.begin < b.end; }) -
            tokens.begin());
        if (out.empty() || out.back().before != before) out.push_back({before, {}});
        out.back().hashes.insert(out.back().hashes.end(), b.hashes.begin(), b.hashes.end());
    }
    for (text::Blank& b : out) {
        std::sort(b.hashes.begin(), b.hashes.end());
        b.hashes.erase(std::unique(b.hashes.begin(), b.hashes.end()), b.hashes.end());
    }
    return out;
}

}  // namespace

score::Analysis Masker::analyze(std::uint32_t n, Document& doc) const {
    // PERF: an article is loaded again for many of its pairs; one found without furniture once
    // is analyzed at once after that.
    if (known_clean(n)) return score::analyze(doc, params_);
    std::vector<text::Token> tokens = text::tokenize(doc.text);
    const std::vector<candidates::MaskedSpan> blank = spans_once(n, doc, tokens);
    if (blank.empty()) return score::analyze(doc, std::move(tokens), params_);
    const text::WireSignals wire = text::detect_wire_signals(doc.text);
    doc.text = candidates::masked_text(doc.text, tokens, blank);
    score::Analysis analysis = score::analyze(doc, params_);
    analysis.wire = wire;
    analysis.blanks = place_blanks(analysis.tokens, blanked_bytes(tokens, blank));
    return analysis;
}

void Masker::mask(std::uint32_t n, Document& doc) const {
    if (known_clean(n)) return;
    const std::vector<text::Token> tokens = text::tokenize(doc.text);
    const std::vector<candidates::MaskedSpan> blank = spans_once(n, doc, tokens);
    if (!blank.empty()) doc.text = candidates::masked_text(doc.text, tokens, blank);
}

void Masker::count(std::uint32_t n, const Document& doc) const {
    const std::uint32_t i = n - first_;
    if (i >= counted_.size() || counted_[i].load(std::memory_order_relaxed) != 0 || known_clean(n)) return;
    spans_once(n, doc, text::tokenize(doc.text));
}

void Masker::add_to(candidates::FurnitureStats& stats) const {
    stats.masked_articles += counts_[0].load();
    stats.furniture_words += counts_[1 + static_cast<std::size_t>(candidates::LineKind::text)].load();
    stats.code_words += counts_[1 + static_cast<std::size_t>(candidates::LineKind::code)].load();
    stats.embed_words += counts_[1 + static_cast<std::size_t>(candidates::LineKind::embed)].load();
    stats.caption_words += counts_[1 + static_cast<std::size_t>(candidates::LineKind::caption)].load();
    stats.edge_pairs += counts_[5].load();
}

void ProgressMeter::add(std::uint64_t n) {
    const std::uint64_t done = done_.fetch_add(n, std::memory_order_relaxed) + n;
    if (!fn_) return;
    const auto now = Clock::now().time_since_epoch().count();
    auto last = last_.load(std::memory_order_relaxed);
    if (now - last < std::chrono::duration_cast<Clock::duration>(std::chrono::milliseconds(125)).count()) return;
    if (!last_.compare_exchange_strong(last, now)) return;
    report(done);
}

void ProgressMeter::report(std::uint64_t done) {
    const std::lock_guard lock(mutex_);
    if (!fn_({to_string(stage_), done, total_, 0, 0})) cancelled_ = true;
    if (cancelled_) throw Error(Errc::io, "", "cancelled");
}

Sketched read_and_sketch(io::ArticleReader& reader, const Options& o, Spool& spool, Stats& stats,
                         const ProgressFn& progress, KeyRuns* fingerprint_runs, KeyRuns* band_runs) {
    Sketched out;
    KeyChunks fingerprint_chunks;
    KeyChunks band_chunks;
    tbb::combinable<tfidf::DocumentFrequencies> df;
    ProgressMeter prog(progress, Stage::read, 0);
    std::uint64_t next_doc = 0;
    pipeline::run_batches<Batch>(
        kTokensPerThread,
        [&](Batch& b) {
            b.first = static_cast<std::uint32_t>(next_doc);
            io::Record record;
            std::size_t text_bytes = 0;
            while (b.docs.size() < kBatchDocs && text_bytes < kBatchTextBytes && reader.next(record)) {
                if (next_doc >= candidates::kMaxDocuments) {
                    throw Error(Errc::too_large, record.file,
                                fmt::format("more than {} articles in one scan", candidates::kMaxDocuments));
                }
                text_bytes += record.doc.text.size();
                b.docs.push_back(std::move(record.doc));
                ++next_doc;
            }
            return !b.docs.empty();
        },
        [&](Batch& b) { sketch_batch(b, o, df.local()); },
        [&](Batch& b) {
            for (std::size_t i = 0; i < b.docs.size(); ++i) {
                Document& d = b.docs[i];
                Article& a = b.articles[i];
                a.spool_offset = spool.append(d.text);
                a.id = std::move(d.id);
                a.outlet = std::move(d.outlet);
                a.title = std::move(d.title);
                stats.text_bytes += a.text_bytes;
                out.articles.push_back(std::move(a));
            }
            out.info.insert(out.info.end(), b.info.begin(), b.info.end());
            if (fingerprint_runs != nullptr) {
                fingerprint_runs->append(b.fingerprint_keys);
            } else {
                fingerprint_chunks.append(b.fingerprint_keys);
            }
            if (band_runs != nullptr) {
                band_runs->append(b.band_keys);
            } else {
                band_chunks.append(b.band_keys);
            }
            prog.add(b.docs.size());
        });
    spool.flush();
    out.fingerprint_keys = fingerprint_chunks.take();
    out.band_keys = band_chunks.take();
    prog.finish();
    // The first thread's table becomes the corpus table: one 64 MiB table fewer.
    bool first = true;
    df.combine_each([&](tfidf::DocumentFrequencies& part) {
        if (first) {
            out.df = std::move(part);
        } else {
            out.df.merge(part);
        }
        first = false;
    });
    out.df.origin = "corpus";
    return out;
}

candidates::RareTerms rare_terms(const std::vector<Article>& articles, const Spool& spool,
                                 const tfidf::DocumentFrequencies& df, const candidates::Options& o) {
    candidates::RareTerms all;
    if (o.tfidf_neighbours == 0) return all;
    // Fixed blocks appended in order: the same profiles whatever the number of threads.
    constexpr std::size_t kBlock = 256;
    const std::size_t blocks = (articles.size() + kBlock - 1) / kBlock;
    std::vector<candidates::RareTerms> parts(blocks);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, blocks, 1), [&](const auto& range) {
        std::string text;
        for (std::size_t block = range.begin(); block < range.end(); ++block) {
            for (std::size_t i = block * kBlock; i < std::min(articles.size(), (block + 1) * kBlock); ++i) {
                spool.read(articles[i].spool_offset, articles[i].text_bytes, text);
                parts[block].add(tfidf::distinct_features(text::tokenize(text)), df, o.tfidf_max_postings);
            }
        }
    });
    for (candidates::RareTerms& part : parts) {
        all.append(part);
        part = {};
    }
    return all;
}

std::vector<align::Passage> shared_footers(const score::PairScore& s, std::size_t words_a, std::size_t words_b) {
    // Words from a text's first or last word within which a passage stands at that edge.
    constexpr std::uint32_t kEdgeSlackWords = 12;
    std::vector<align::Passage> out;
    for (const align::Passage& p : s.alignment.passages) {
        const bool ends = p.a.end + kEdgeSlackWords >= words_a && p.b.end + kEdgeSlackWords >= words_b;
        if (ends && 2 * p.a.size() < words_a && 2 * p.b.size() < words_b) out.push_back(p);
    }
    return out;
}

namespace {

/// An article loaded, analyzed.
struct Loaded {
    Document doc;
    score::Analysis analysis;
};

/// Loads articles for verification, keeping the most recent ones (one cache per thread).
class Loader {
public:
    Loader(const DocumentFn& documents, const tfidf::DocumentFrequencies& df, const Params& params,
           const Masker* masker)
        : documents_(documents), df_(df), params_(params), masker_(masker) {}

    std::shared_ptr<const Loaded> get(std::uint32_t n) {
        if (const auto it = index_.find(n); it != index_.end()) {
            order_.splice(order_.begin(), order_, it->second);
            return it->second->second;
        }
        auto loaded = std::make_shared<Loaded>();
        documents_(n, loaded->doc);
        loaded->analysis = masker_ ? masker_->analyze(n, loaded->doc) : score::analyze(loaded->doc, params_);
        loaded->analysis.vector = tfidf::vectorize(loaded->analysis.tokens, df_);
        loaded->analysis.rare_bigram_set = score::rare_bigram_set(loaded->analysis.tokens, df_, params_);
        score::add_phrases(loaded->analysis, params_);
        order_.emplace_front(n, loaded);
        index_[n] = order_.begin();
        if (order_.size() > kCacheArticles) {
            index_.erase(order_.back().first);
            order_.pop_back();
        }
        return loaded;
    }

private:
    using Entry = std::pair<std::uint32_t, std::shared_ptr<const Loaded>>;
    const DocumentFn& documents_;
    const tfidf::DocumentFrequencies& df_;
    const Params& params_;
    const Masker* masker_;
    std::list<Entry> order_;
    std::unordered_map<std::uint32_t, std::list<Entry>::iterator> index_;
};

/// `l` with the words of `ranges` blanked and analyzed again (the wire signals kept).
Loaded without(const Loaded& l, std::span<const candidates::MaskedSpan> ranges, const tfidf::DocumentFrequencies& df,
               const Params& params) {
    Loaded out{l.doc, {}};
    out.doc.text = candidates::masked_text(l.doc.text, l.analysis.tokens, ranges);
    out.analysis = score::analyze(out.doc, params);
    // The blanks: these spans and the text's earlier ones (each ends where a token of l begins).
    std::vector<BlankedBytes> blanked = blanked_bytes(l.analysis.tokens, ranges);
    for (const text::Blank& b : l.analysis.blanks) {
        const auto& tokens = l.analysis.tokens;
        blanked.push_back({b.before < tokens.size() ? tokens[b.before].begin : static_cast<std::uint32_t>(l.doc.text.size()),
                           b.hashes});
    }
    out.analysis.blanks = place_blanks(out.analysis.tokens, std::move(blanked));
    out.analysis.wire = l.analysis.wire;
    out.analysis.vector = tfidf::vectorize(out.analysis.tokens, df);
    out.analysis.rare_bigram_set = score::rare_bigram_set(out.analysis.tokens, df, params);
    score::add_phrases(out.analysis, params);
    return out;
}

Verified verify_pair(std::uint32_t a, const Loaded& loaded_a, std::uint32_t b, const Loaded& loaded_b,
                     const tfidf::DocumentFrequencies& df, const score::Background& background, const Params& params,
                     KeepScores keep, const Masker* masker) {
    score::PairScore s = score::score_pair(loaded_a.doc, loaded_a.analysis, loaded_b.doc, loaded_b.analysis, df,
                                           params, &background);
    std::optional<std::pair<Loaded, Loaded>> edgeless;  // the pair without its shared edge text
    if (masker && is_derived(s.relation) && loaded_a.doc.outlet == loaded_b.doc.outlet &&
        masker->too_small_to_measure(loaded_a.doc.outlet)) {
        const std::vector<align::Passage> edges =
            shared_footers(s, loaded_a.analysis.tokens.size(), loaded_b.analysis.tokens.size());
        if (!edges.empty()) {
            std::vector<candidates::MaskedSpan> in_a;
            std::vector<candidates::MaskedSpan> in_b;
            for (const align::Passage& p : edges) {
                in_a.push_back({p.a.begin, p.a.end, candidates::LineKind::text});
                in_b.push_back({p.b.begin, p.b.end, candidates::LineKind::text});
            }
            edgeless.emplace(without(loaded_a, in_a, df, params), without(loaded_b, in_b, df, params));
            s = score::score_pair(edgeless->first.doc, edgeless->first.analysis, edgeless->second.doc,
                                  edgeless->second.analysis, df, params, &background);
            masker->count_edge_pair();
        }
    }
    const Loaded& la = edgeless ? edgeless->first : loaded_a;
    const Loaded& lb = edgeless ? edgeless->second : loaded_b;
    Verified v;
    if (s.background_z && params.union_max_sources >= 2) {
        std::vector<std::uint64_t> shared;
        std::set_intersection(la.analysis.rare_bigram_set.begin(), la.analysis.rare_bigram_set.end(),
                              lb.analysis.rare_bigram_set.begin(), lb.analysis.rare_bigram_set.end(),
                              std::back_inserter(shared));
        // A derived pair offers what the copy's union starts from when it has further sources.
        const bool derived = is_derived(s.relation);
        if (derived || score::union_eligible(s, shared.size(), params)) {
            UnionOffer& offer = v.offer.emplace();
            offer.shared = score::union_keys(shared);
            offer.shingles_a = static_cast<std::uint32_t>(la.analysis.rare_bigram_set.size());
            offer.shingles_b = static_cast<std::uint32_t>(lb.analysis.rare_bigram_set.size());
        }
        if (v.offer && !derived) {
            UnionOffer& offer = *v.offer;
            offer.longest_passage = s.longest_unnamed_passage;
            // How the pair would be reported as a rewrite; then back to what it is on its own.
            const Relation alone = s.relation;
            s.relation = Relation::rewrite;
            score::describe_derived(s, la.doc, la.analysis, lb.doc, lb.analysis, params);
            offer.grade = s.grade;
            if (s.direction.source != Side::undecided) offer.source = s.direction.source == Side::a ? a : b;
            offer.decided_by = s.direction.decided_by;
            offer.direction = std::exchange(s.direction, {});
            offer.phrase_share = std::exchange(s.phrase_share, 0);
            offer.mean_phrase_run = std::exchange(s.mean_phrase_run, 0);
            offer.source_phrase_share = std::exchange(s.source_phrase_share, 0);
            s.relation = alone;
            s.grade = Grade::none;
        }
    }
    // Paraphrases only for the pairs the scan may report: rejected pairs cost nothing more.
    if (is_derived(s.relation) || keep(s.relation) || v.offer) {
        s.paraphrases = align::paraphrases(la.doc.text, la.analysis.tokens, lb.doc.text, lb.analysis.tokens,
                                           s.alignment, df, params);
    }
    Pair& p = v.pair;
    p.a = a;
    p.b = b;
    p.relation = s.relation;
    p.grade = s.grade;
    p.background_z = s.background_z;
    p.coverage_a = s.coverage_a;
    p.coverage_b = s.coverage_b;
    p.jaccard = s.jaccard;
    p.cosine = s.cosine;
    if (s.direction.source != Side::undecided) {
        p.source = s.direction.source == Side::a ? a : b;
        p.decided_by = s.direction.decided_by;
    }
    for (const auto& e : s.alignment.edits) ++p.edits[static_cast<std::size_t>(e.kind)];
    p.paraphrases = s.paraphrases;
    for (const auto& r : s.alignment.runs) v.matched += r.length;
    if (is_derived(s.relation) || v.offer) {
        // What provenance needs to weigh this pair against the copy's other sources, for either
        // side as the copy.
        provenance::copy_sides(s.alignment, la.analysis.tokens, lb.analysis.tokens, v.side_a, v.side_b,
                               la.analysis.blanks, lb.analysis.blanks);
        v.side_a.words_per_token = s.words_per_token_a;
        v.side_b.words_per_token = s.words_per_token_b;
    }
    if (keep(s.relation) || (v.offer && keep.derived)) v.score = std::make_unique<score::PairScore>(std::move(s));
    return v;
}

/// Orients a derived verified pair into a provenance link; the source is the decided one, or
/// the more original-looking article when the direction is undecided.
provenance::Link to_link(const Verified& v, std::span<const provenance::Node> nodes) {
    const Pair& p = v.pair;
    const std::uint32_t source = p.source ? *p.source : provenance::more_original(nodes, p.b, p.a) ? p.b : p.a;
    const bool copy_is_a = source == p.b;
    return provenance::make_link(copy_is_a ? p.a : p.b, source, v.matched, p.relation == Relation::duplicate,
                                 copy_is_a ? p.coverage_a : p.coverage_b, copy_is_a ? v.side_a : v.side_b);
}

/// The pair made a rewrite as one source of a union, with `share` of the copy attributed to it.
void make_union_member(Verified& v, double share) {
    Pair& p = v.pair;
    const UnionOffer& offer = *v.offer;
    p.relation = Relation::rewrite;
    p.grade = offer.grade;
    p.source = offer.source;
    p.decided_by = offer.decided_by;
    p.union_share = share;
    if (v.score) {
        v.score->relation = Relation::rewrite;
        v.score->grade = offer.grade;
        v.score->direction = offer.direction;
        v.score->phrase_share = offer.phrase_share;
        v.score->mean_phrase_run = offer.mean_phrase_run;
        v.score->source_phrase_share = offer.source_phrase_share;
    }
}

/// The pair as reported with `source` as its source: insertions are the copy's additions.
Pair oriented(Pair p, std::uint32_t source) {
    // The direction is the pair's own only when its evidence named this source; else the forest
    // placed it (the more original-looking text, or against the pair's evidence to break a
    // cycle): undecided.
    if (p.source != source) p.decided_by.clear();
    p.source = source;
    if (source == p.b) {
        std::swap(p.edits[static_cast<std::size_t>(EditKind::insertion)],
                  p.edits[static_cast<std::size_t>(EditKind::deletion)]);
    }
    return p;
}

/// A derived pair whose copy is a newer version of its source (the same outlet's updated story:
/// provenance::is_version) is reported with the relation version. Only when the direction is
/// decided: times too coarse to order the two (two days' reports of one outlet, dated by the day)
/// leave it a copy placed by the forest.
void mark_version(Pair& p, std::span<const Article> articles) {
    if (!p.source || !p.decided() || !is_derived(p.relation)) return;
    const bool source_is_a = *p.source == p.a;
    const Article& older = articles[*p.source];
    const Article& newer = articles[source_is_a ? p.b : p.a];
    if (provenance::is_version({older.outlet, older.published}, {newer.outlet, newer.published}, p.relation,
                               source_is_a ? p.coverage_a : p.coverage_b, source_is_a ? p.coverage_b : p.coverage_a)) {
        p.relation = Relation::version;
    }
}

}  // namespace

void release_idle_offers(std::vector<Verified>& verified, std::uint32_t articles) {
    // An article is judged as a union's copy (judge_unions) only with two offers or more, one of
    // them from a pair not derived on its own. Counting a derived pair's offer for both its texts
    // (its copy is known only once the links are made) over-counts, so no offer judge_unions
    // would use is released.
    std::vector<std::uint32_t> count(articles, 0);
    std::vector<std::uint8_t> extra(articles, 0);
    const auto sides = [](const Verified& v, auto&& fn) {
        for (const std::uint32_t c : {v.pair.a, v.pair.b}) {
            if (is_derived(v.pair.relation) || v.offer->source != c) fn(c);
        }
    };
    for (const Verified& v : verified) {
        if (!v.offer) continue;
        sides(v, [&](std::uint32_t c) {
            ++count[c];
            if (!is_derived(v.pair.relation)) extra[c] = 1;
        });
    }
    for (Verified& v : verified) {
        if (!v.offer) continue;
        bool used = false;
        sides(v, [&](std::uint32_t c) { used = used || (count[c] >= 2 && extra[c] != 0); });
        if (used) continue;
        v.offer.reset();
        // A pair not derived on its own needs its copy sides only as a union member.
        if (!is_derived(v.pair.relation)) v.side_a = v.side_b = {};
    }
}

std::vector<provenance::Link> judge_unions(std::vector<Verified>& verified, std::span<const std::uint32_t> copy_of,
                                           std::uint32_t articles, const score::Background& background,
                                           const Params& params, Stats& stats) {
    std::vector<provenance::Link> out;
    if (!background.valid() || params.union_max_sources < 2) return out;
    // Per article as the copy: its derived sources and the verified pairs whose other text may be
    // its source.
    std::vector<std::vector<std::size_t>> offers(articles);
    std::vector<std::uint8_t> extra(articles, 0);  // has a candidate that is not derived
    for (std::size_t i = 0; i < verified.size(); ++i) {
        const Verified& v = verified[i];
        if (!v.offer) continue;
        if (is_derived(v.pair.relation)) {
            if (copy_of[i] != kNotDerived) offers[copy_of[i]].push_back(i);
            continue;
        }
        for (const std::uint32_t copy : {v.pair.a, v.pair.b}) {
            if (v.offer->source != copy) {
                offers[copy].push_back(i);
                extra[copy] = 1;
            }
        }
    }
    std::unordered_set<std::uint64_t> made;  // copy << 32 | source of the union links so far
    const auto directed = [](std::uint32_t copy, std::uint32_t source) {
        return static_cast<std::uint64_t>(copy) << 32 | source;
    };
    std::vector<score::UnionCandidate> candidates;
    for (std::uint32_t c = 0; c < articles; ++c) {
        if (offers[c].size() < 2 || extra[c] == 0) continue;
        candidates.clear();
        std::uint32_t copy_shingles = 0;
        std::vector<std::size_t> from;  // candidate -> index in verified
        for (const std::size_t i : offers[c]) {
            const Verified& v = verified[i];
            const bool copy_is_a = v.pair.a == c;
            const std::uint32_t source = copy_is_a ? v.pair.b : v.pair.a;
            // A union never makes a source and its copy each other's sources.
            if (made.contains(directed(source, c))) continue;
            copy_shingles = copy_is_a ? v.offer->shingles_a : v.offer->shingles_b;
            candidates.push_back({source, v.offer->shared, copy_is_a ? v.offer->shingles_b : v.offer->shingles_a,
                                  v.offer->longest_passage, is_derived(v.pair.relation), !v.offer->source});
            from.push_back(i);
        }
        const score::UnionJudgement judged = score::judge_union(copy_shingles, candidates, background, params);
        if (!judged.derived) continue;
        ++stats.union_copies;
        for (const score::UnionMember& m : judged.members) {
            Verified& v = verified[from[m.candidate]];
            make_union_member(v, m.share);
            const bool copy_is_a = v.pair.a == c;
            provenance::Link link =
                provenance::make_link(c, m.source, v.matched, false, copy_is_a ? v.pair.coverage_a : v.pair.coverage_b,
                                      copy_is_a ? v.side_a : v.side_b);
            link.union_share = m.share;
            out.push_back(std::move(link));
            made.insert(directed(c, m.source));
            ++stats.union_sources;
        }
    }
    return out;
}

namespace {

/// The fingerprint join's index from keys sorted on disk: each group of the merged runs goes
/// through the outlet furniture (furniture.find, a group at a time) and, when kept, to the index.
/// Never holds the keys at once: only the useful groups' documents (FingerprintIndex).
candidates::detail::FingerprintIndex spilled_join_index(KeyRuns& runs, candidates::Furniture& furniture,
                                                        std::span<const std::uint32_t> outlet_of,
                                                        std::span<candidates::DocInfo> info,
                                                        const candidates::Options& copt, const Options& o, Stats& stats) {
    if (info.size() > candidates::kMaxDocuments) {
        throw Error(Errc::too_large, "", "more documents than the candidate join can number (2^28)");
    }
    furniture.start(outlet_of, copt.max_document_frequency, o.furniture, o.explain_boilerplate, stats.furniture);
    candidates::detail::FingerprintIndex::Builder builder(copt, stats.candidates);
    std::vector<std::uint64_t> group;
    const auto close = [&] {
        if (group.empty()) return;
        if (furniture.keep(group, info, stats.furniture)) {
            stats.candidates.fingerprint_keys += group.size();
            builder.add_group(group);
        }
        group.clear();
    };
    KeyRuns::Merge merge = runs.merge();
    for (std::uint64_t key = 0; merge.next(key);) {
        if (!group.empty() && candidates::key_hash(key) != candidates::key_hash(group.front())) close();
        group.push_back(key);
    }
    close();
    furniture.finish(stats.furniture);
    return std::move(builder).finish(0, static_cast<std::uint32_t>(info.size()));
}

}  // namespace

void check(const Options& o) {
    if (o.lsh_bands == 0 || o.lsh_bands > o.params.minhash_size) {
        throw Error(Errc::bad_argument, "",
                    fmt::format("--bands must be between 1 and the MinHash size ({})", o.params.minhash_size));
    }
    if (o.candidates.max_document_frequency < 2) throw Error(Errc::bad_argument, "", "--max-df must be at least 2");
    if (o.candidates.max_sources == 0) throw Error(Errc::bad_argument, "", "--max-sources must be at least 1");
    if (o.candidates.tfidf_neighbours > 0 && o.candidates.tfidf_terms == 0) {
        throw Error(Errc::bad_argument, "", "--tfidf-terms must be at least 1 (or --tfidf-neighbours 0)");
    }
    if (!(o.candidates.tfidf_min_cosine >= 0.0 && o.candidates.tfidf_min_cosine <= 1.0)) {
        throw Error(Errc::bad_argument, "", "--tfidf-min-cosine must be between 0 and 1");
    }
}

DocumentFn spooled_documents(const std::vector<Article>& articles, std::uint32_t first, const Spool& spool) {
    return [&articles, first, &spool](std::uint32_t n, Document& doc) {
        const Article& a = articles[n - first];
        spool.read(a.spool_offset, a.text_bytes, doc.text);
        doc.id = a.id;
        doc.outlet = a.outlet;
        doc.title = a.title;
        doc.published = a.published;
        doc.published_granularity = a.published_granularity;
    };
}

std::vector<Verified> verify(const PairList& pairs, const DocumentFn& documents, const tfidf::DocumentFrequencies& df,
                             const score::Background& background, const Params& params, ProgressMeter& prog,
                             KeepScores keep, const Masker* masker) {
    std::vector<Verified> out(pairs.size());
    tbb::combinable<Loader> loaders([&] { return Loader(documents, df, params, masker); });
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, pairs.size(), 16), [&](const auto& range) {
        Loader& loader = loaders.local();
        for (std::size_t i = range.begin(); i < range.end(); ++i) {
            const auto [a, b] = pairs[i];
            const auto la = loader.get(a);
            const auto lb = loader.get(b);
            out[i] = verify_pair(a, *la, b, *lb, df, background, params, keep, masker);
        }
        prog.add(range.size());
    });
    prog.finish();
    return out;
}

PairList background_pairs(std::uint32_t articles, const Params& params) {
    if (articles < score::kMinBackgroundArticles) return {};
    return score::background_pairs(articles, score::kBackgroundPairs, params.seed);
}

std::vector<score::BackgroundSample> sample_background(const PairList& pairs, const DocumentFn& documents,
                                                       const tfidf::DocumentFrequencies& df, const Params& params,
                                                       const Masker* masker) {
    return score::measure_background(
        pairs,
        [&documents, masker](DocId n, std::string& text) {
            Document doc;
            documents(n, doc);
            if (masker) masker->mask(static_cast<std::uint32_t>(n), doc);
            text = std::move(doc.text);
        },
        df, params);
}

void assemble(Result& result, std::vector<Verified> verified, const Options& o, const VerifyMoreFn& verify_more,
              const ProgressFn& progress) {
    Stats& stats = result.stats;
    const auto& articles = result.articles;
    const auto n = static_cast<std::uint32_t>(articles.size());
    std::unordered_map<std::uint64_t, std::size_t> by_code;  // pair -> index in verified

    StageTimer t(stats, Stage::provenance);
    std::vector<provenance::Node> nodes(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        nodes[i] = {articles[i].published.has_value(), articles[i].published.value_or(0), articles[i].wire,
                    o.params.outlet_roles != nullptr && o.params.outlet_roles->is_aggregator(articles[i].outlet)};
    }
    std::vector<provenance::Link> links;
    for (std::size_t i = 0; i < verified.size(); ++i) {
        by_code[pair_code(verified[i].pair.a, verified[i].pair.b)] = i;
        if (!is_derived(verified[i].pair.relation)) continue;
        ++stats.derived;
        links.push_back(to_link(verified[i], nodes));
    }
    // Copies judged against the union of their candidate sources.
    {
        std::vector<std::uint32_t> copy_of(verified.size(), kNotDerived);
        for (std::size_t i = 0, l = 0; i < verified.size(); ++i) {
            if (is_derived(verified[i].pair.relation)) copy_of[i] = links[l++].copy;
        }
        release_idle_offers(verified, n);
        std::vector<provenance::Link> members = judge_unions(verified, copy_of, n, stats.background, o.params, stats);
        // The offers have been judged, and the links hold their copy sides: neither is needed
        // any more (the pairs verified below make their own links).
        for (Verified& v : verified) {
            v.offer.reset();
            v.side_a = v.side_b = {};
        }
        stats.derived += members.size();
        std::move(members.begin(), members.end(), std::back_inserter(links));
    }
    stats.verified = verified.size();
    result.forest = provenance::build(nodes, links, o.provenance);

    // Pairs along the forest: every article with each of its ancestors. Ancestor pairs that were
    // not candidates (a copy of a copy and the wire story) are verified now.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> lineage;  // (copy, ancestor)
    // The ancestor pairs verified here go to a deque of their own: appended to `verified`, a
    // reallocation would hold every candidate pair twice (at 1M, gigabytes) for a moment.
    const std::size_t candidates_verified = verified.size();
    std::deque<Verified> verified_later;
    const auto entry = [&](std::size_t i) -> Verified& {
        return i < candidates_verified ? verified[i] : verified_later[i - candidates_verified];
    };
    const auto verify_lineage = [&] {
        lineage.clear();
        PairList missing;
        for (std::uint32_t c = 0; c < n; ++c) {
            for (const std::uint32_t up : provenance::ancestors(result.forest, c)) {
                lineage.emplace_back(c, up);
                if (!by_code.contains(pair_code(c, up))) missing.emplace_back(std::min(c, up), std::max(c, up));
            }
        }
        std::sort(missing.begin(), missing.end());
        missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
        ProgressMeter prog(progress, Stage::provenance, missing.size());
        for (Verified& v : verify_more(missing, prog)) {
            by_code[pair_code(v.pair.a, v.pair.b)] = candidates_verified + verified_later.size();
            verified_later.push_back(std::move(v));
        }
    };
    verify_lineage();
    // An ancestor pair found derived now is a link the forest did not weigh: a copy whose
    // candidates were all other copies of a story never met the wire texts they share, and is
    // attached to one of them. The forest is built once more with those links.
    std::size_t added = 0;
    for (const Verified& v : verified_later) {
        if (!is_derived(v.pair.relation)) continue;
        ++stats.derived;
        links.push_back(to_link(v, nodes));
        ++added;
    }
    if (added > 0) result.forest = provenance::build(nodes, std::move(links), o.provenance);
    verify_lineage();  // always twice: a distributed scan's other ranks answer both rounds
    stats.verified = candidates_verified + verified_later.size();

    for (const auto& [c, up] : lineage) {
        const Verified& v = entry(by_code.at(pair_code(c, up)));
        if (is_derived(v.pair.relation)) {
            result.pairs.push_back(oriented(v.pair, up));
            mark_version(result.pairs.back(), articles);
        }
    }
    if (o.all_relations) {
        for (std::size_t i = 0; i < candidates_verified + verified_later.size(); ++i) {
            const Verified& v = entry(i);
            if (v.pair.relation == Relation::same_story) {
                Pair p = v.pair;
                p.source.reset();
                result.pairs.push_back(p);
            }
        }
    }
    std::sort(result.pairs.begin(), result.pairs.end(),
              [](const Pair& x, const Pair& y) { return pair_code(x.a, x.b) < pair_code(y.a, y.b); });
    if (o.keep_pair_scores) {
        // Each verified pair is reported at most once: its score moves to the result.
        result.pair_scores.reserve(result.pairs.size());
        for (const Pair& p : result.pairs) {
            std::unique_ptr<score::PairScore>& kept = entry(by_code.at(pair_code(p.a, p.b))).score;
            if (!kept) throw Error(Errc::bad_argument, "", "this scan does not keep pair scores (keep_pair_scores)");
            result.pair_scores.push_back(std::move(*kept));
            result.pair_scores.back().relation = p.relation;  // a version (mark_version)
            kept.reset();
        }
    }
    result.parent_pair.assign(n, -1);
    for (std::size_t i = 0; i < result.pairs.size(); ++i) {
        const Pair& p = result.pairs[i];
        if (!p.source || !is_derived(p.relation)) continue;
        const std::uint32_t copy = *p.source == p.a ? p.b : p.a;
        const auto& parents = result.forest.parents[copy];
        if (!parents.empty() && parents.front() == *p.source) result.parent_pair[copy] = static_cast<std::int64_t>(i);
    }
    stats.pairs = result.pairs.size();
    stats.clusters = result.forest.clusters.size();
    for (const auto& cl : result.forest.clusters) stats.clustered_articles += cl.members.size();
}

}  // namespace detail

std::string_view to_string(Stage stage) {
    switch (stage) {
        case Stage::read: return "read";
        case Stage::candidates: return "candidates";
        case Stage::verify: return "verify";
        case Stage::provenance: return "provenance";
    }
    return "unknown";
}

std::string edit_summary(const Pair& pair) {
    std::string out;
    for (std::size_t k = 0; k < kEditKinds; ++k) {
        const std::uint32_t n = pair.edits[k];
        if (n == 0) continue;
        if (!out.empty()) out += ", ";
        out += fmt::format("{} {}{}", n, to_string(static_cast<EditKind>(k)), n == 1 ? "" : "s");
    }
    return out.empty() ? "no edits" : out;
}

Result run(const std::vector<std::string>& inputs, const Options& o, const ProgressFn& progress) {
    using namespace detail;
    check(o);
    Result result;
    Stats& stats = result.stats;
    // The spool outlives the scan in result.texts: reports read the texts back after the scan.
    auto spool_owner = std::make_unique<Spool>(o.spool_dir);
    Spool& spool = *spool_owner;

    // Under a memory budget the keys of the candidate join are sorted on disk (see Options).
    std::unique_ptr<KeyRuns> fingerprint_runs;
    std::unique_ptr<KeyRuns> band_runs;
    if (o.max_memory_bytes > 0) {
        fingerprint_runs = std::make_unique<KeyRuns>(o.spool_dir, o.max_memory_bytes / 4 / sizeof(std::uint64_t));
        band_runs = std::make_unique<KeyRuns>(o.spool_dir, o.max_memory_bytes / 16 / sizeof(std::uint64_t));
    }
    Sketched sk;
    {
        StageTimer t(stats, Stage::read);
        // Ids name the articles in every report: a repeated id is skipped (the first record wins).
        io::ReaderOptions reader_options = o.reader;
        reader_options.unique_ids = true;
        io::ArticleReader reader(inputs, reader_options);
        sk = read_and_sketch(reader, o, spool, stats, progress, fingerprint_runs.get(), band_runs.get());
        stats.read = reader.stats();
        stats.duplicate_ids = stats.read.skipped_for(io::SkipReason::duplicate_id);
    }
    std::vector<candidates::Pair> cands;
    candidates::Furniture furniture;
    {
        StageTimer t(stats, Stage::candidates);
        ProgressMeter prog(progress, Stage::candidates, 1);
        // The corpus's boilerplate cap and each outlet's furniture, before the join.
        candidates::Options copt = o.candidates;
        copt.max_document_frequency =
            candidates::corpus_cap(sk.articles.size(), o.furniture.corpus_share, o.candidates.max_document_frequency);
        std::vector<std::uint32_t> outlet_of(sk.articles.size());
        for (std::size_t i = 0; i < sk.articles.size(); ++i) outlet_of[i] = furniture.add_outlet(sk.articles[i].outlet);
        if (fingerprint_runs) {
            const candidates::detail::FingerprintIndex index = spilled_join_index(
                *fingerprint_runs, furniture, outlet_of, sk.info, copt, o, stats);
            fingerprint_runs.reset();
            const std::vector<std::uint64_t> tfidf_codes = candidates::tfidf_pair_codes(candidates::rare_term_neighbours(
                rare_terms(sk.articles, spool, sk.df, copt), sk.info, copt, stats.candidates));
            cands = candidates::detail::find_candidates(index, band_runs->sorted(), sk.info, copt, stats.candidates,
                                                        tfidf_codes);
            band_runs.reset();
        } else {
            tbb::parallel_sort(sk.fingerprint_keys.begin(), sk.fingerprint_keys.end());
            furniture.find(sk.fingerprint_keys, outlet_of, sk.info, copt.max_document_frequency, o.furniture,
                           o.explain_boilerplate, stats.furniture);
            const std::vector<std::uint64_t> tfidf_codes = candidates::tfidf_pair_codes(candidates::rare_term_neighbours(
                rare_terms(sk.articles, spool, sk.df, copt), sk.info, copt, stats.candidates));
            cands = candidates::find_candidates(std::move(sk.fingerprint_keys), std::move(sk.band_keys), sk.info, copt,
                                                stats.candidates, tfidf_codes);
        }
        prog.add(1);
        prog.finish();
    }
    if (o.keep_candidates) result.candidates = cands;
    result.articles = std::move(sk.articles);
    const DocumentFn documents = spooled_documents(result.articles, 0, spool);

    if (o.explain_boilerplate > 0) {
        result.boilerplate = candidates::repeated_passages(
            furniture, o.explain_boilerplate, o.params, [&](std::uint32_t n, std::string& text) {
                spool.read(result.articles[n].spool_offset, result.articles[n].text_bytes, text);
            });
    }
    const Masker masker(&furniture, 0, static_cast<std::uint32_t>(result.articles.size()), o.params);

    std::vector<Verified> verified;
    score::Background background;
    {
        StageTimer t(stats, Stage::verify);
        background = score::Background::estimate(
            sample_background(background_pairs(static_cast<std::uint32_t>(result.articles.size()), o.params),
                              documents, sk.df, o.params, &masker));
        stats.background = background;
        PairList todo;
        todo.reserve(cands.size());
        for (const auto& c : cands) todo.emplace_back(c.a, c.b);
        ProgressMeter prog(progress, Stage::verify, todo.size());
        verified = verify(todo, documents, sk.df, background, o.params, prog, KeepScores::reported(o), &masker);
    }
    assemble(result, std::move(verified), o,
             [&](const PairList& pairs, ProgressMeter& prog) {
                 return verify(pairs, documents, sk.df, background, o.params, prog, KeepScores::reported(o), &masker);
             },
             progress);
    masker.add_to(stats.furniture);
    result.texts = {spool_owner.release(), detail::SpoolCloser{}};
    return result;
}

namespace detail {
void SpoolCloser::operator()(const Spool* spool) const { std::default_delete<const Spool>()(spool); }
}  // namespace detail

namespace {
const Article& article_of(const Result& result, std::uint32_t article) {
    if (!result.texts || article >= result.articles.size()) {
        throw Error(Errc::bad_argument, "", fmt::format("scan result: no text for article {}", article));
    }
    return result.articles[article];
}
}  // namespace

std::string article_text(const Result& result, std::uint32_t article) {
    const Article& a = article_of(result, article);
    std::string text;
    result.texts->read(a.spool_offset, a.text_bytes, text);
    return text;
}

Document article_document(const Result& result, std::uint32_t article) {
    article_of(result, article);
    Document doc;
    detail::spooled_documents(result.articles, 0, *result.texts)(article, doc);
    return doc;
}

namespace distributed {

bool launched_by_mpi() {
    return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMIX_RANK") != nullptr ||
           std::getenv("PMI_RANK") != nullptr;
}

}  // namespace distributed
}  // namespace wiretrace::scan
