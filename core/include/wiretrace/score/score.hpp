// SPDX-License-Identifier: Apache-2.0
// Scoring of one pair: set resemblance, containment, aligned coverage and topical similarity,
// kept apart, and the relation and direction decided from them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wiretrace/types.hpp"
#include "wiretrace/align/align.hpp"
#include "wiretrace/score/background.hpp"
#include "wiretrace/align/paraphrase.hpp"
#include "wiretrace/document.hpp"
#include "wiretrace/params.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/text/wire.hpp"
#include "wiretrace/sketch/tfidf.hpp"

namespace wiretrace::score {

// The wire signals are read from the text (text/wire.hpp): sketching needs them before scoring.
using text::WireSignals;
using text::detect_wire_signals;
using text::is_wire_outlet;

/// Per-document data computed once and reused for every pair it takes part in.
struct Analysis {
    std::vector<text::Token> tokens;
    std::vector<std::uint64_t> shingle_set;  ///< sorted, unique k-word shingle hashes
    std::vector<std::uint64_t> word_set;     ///< sorted, unique hashes of its words that are not stop words
    std::vector<std::uint64_t> bigram_set;   ///< sorted, unique 2-word shingle hashes
    std::vector<std::uint32_t> signature;    ///< MinHash signature
    WireSignals wire;
    /// The TF-IDF vector when the caller computed it once for many pairs (same IDF as passed to
    /// score_pair); empty: score_pair computes it.
    tfidf::SparseVector vector;
    /// rare_bigram_set with that IDF, when the caller computed it once for many pairs scored
    /// against a background; empty: score_pair computes it.
    std::vector<std::uint64_t> rare_bigram_set;
    /// The 3-word shingle hashes in text order (phrase_hashes), when the caller computed them
    /// once for many pairs; empty: describe_derived computes them.
    std::vector<std::uint64_t> phrase_hashes;
    /// phrase_hashes as a sorted, unique set, with phrase_hashes.
    std::vector<std::uint64_t> phrase_set;
    /// The spans of the text blanked before scoring (an outlet's furniture, a caption, a shared
    /// footer), ordered by the token they stand before, one per place. Provenance counts no edit
    /// where only a blank makes two texts differ (provenance::copy_sides). Empty: none.
    std::vector<text::Blank> blanks;
};

Analysis analyze(const Document& doc, const Params& params);
/// analyze with the tokens of doc.text already made (text::tokenize(doc.text)).
Analysis analyze(const Document& doc, std::vector<text::Token> tokens, const Params& params);
/// The sorted, unique 2-word shingle hashes of a text (Analysis::bigram_set).
std::vector<std::uint64_t> bigram_set(std::span<const text::Token> tokens, const Params& params);

/// What the corpus background (Background) is measured on: the sorted, unique 2-word shingles of
/// a text that hold a rare word of the corpus, one in at most rare_word_documents(df) of its
/// documents. A template's shingles ("shr loss", "net profit vs") are in thousands of notices
/// and say nothing of copying; names, places and figures do. With a document count below the
/// cap (a pair's own IDF) every word is rare and this is bigram_set.
std::vector<std::uint64_t> rare_bigram_set(std::span<const text::Token> tokens, const tfidf::DocumentFrequencies& df,
                                           const Params& params);

/// rare_bigram_set of an analyzed text, made only when needed: the caller's
/// Analysis::rare_bigram_set when set, Analysis::bigram_set when every word is rare under `df` (a
/// pair's own IDF), else computed into `made`. The result refers to `analysis` or to `made`.
const std::vector<std::uint64_t>& rare_bigram_set(const Analysis& analysis, const tfidf::DocumentFrequencies& df,
                                                  const Params& params, std::vector<std::uint64_t>& made);

/// The 3-word shingle hashes of a text in text order: what a pair's phrase share and mean run
/// (PairScore::phrase_share, mean_phrase_run) are measured on.
std::vector<std::uint64_t> phrase_hashes(std::span<const text::Token> tokens, const Params& params);
/// Fills analysis.phrase_hashes and phrase_set once, for an analysis scored in many pairs.
void add_phrases(Analysis& analysis, const Params& params);

/// Documents a rare word may be in: a hundredth of the corpus, at least kMinRareWordDocuments.
std::uint64_t rare_word_documents(const tfidf::DocumentFrequencies& df);
inline constexpr std::uint64_t kMinRareWordDocuments = 20;

/// One piece of evidence about the direction of copying.
struct Evidence {
    std::string kind;    ///< "aggregator", "timestamp", "wire-outlet", "wire-dateline", "wire-copyright",
                         ///< "credit-line", "truncation", "local-lead", "containment"
    Side favours;        ///< the side this evidence says is the source
    double weight;       ///< strength; timestamps decide alone
    std::string detail;  ///< human-readable explanation
};

/// The direction is decided by tiers: an outlet the user named an aggregator (Params::outlet_roles:
/// the other text is the source), timestamps, then wire signals (outlet, the user's wire outlets
/// too, dateline, copyright, credit line), then structure (truncation, local lead), then containment. The first tier whose
/// net weight reaches Params::direction_min_margin decides; weaker tiers never outvote it.
struct Direction {
    Side source = Side::undecided;
    std::string decided_by;          ///< kind of the deciding evidence, or "" when undecided
    std::vector<Evidence> evidence;  ///< everything considered, strongest first
};

/// The inputs of the derived-or-not model (derived_probability). Each is symmetric in a and b
/// (the larger of the two sides' values, or a property of the pair), so the decision is too.
struct DerivedFeatures {
    double word_containment = 0;   ///< distinct words (no stop words) of one text found in the other
    double bigram_containment = 0; ///< distinct 2-word shingles of one text found in the other
    double log_shorter_words = 0;  ///< ln(1 + words of the shorter text)
    double log_longer_words = 0;   ///< ln(1 + words of the longer text)
};

struct PairScore {
    std::uint32_t tokens_a = 0, tokens_b = 0;
    double jaccard = 0;            ///< exact, on k-word shingle sets
    double jaccard_estimate = 0;   ///< from the MinHash signatures
    double containment_a = 0;      ///< shingles of a found in b / shingles of a
    double containment_b = 0;
    double coverage_a = 0;         ///< aligned fraction of a's words
    double coverage_b = 0;
    double weighted_coverage_a = 0; ///< as coverage, quoted passages weighted by quote_passage_weight
    double weighted_coverage_b = 0;
    double cosine = 0;             ///< TF-IDF cosine
    std::uint32_t longest_passage = 0; ///< matched tokens of the longest non-quote passage
    /// Of the passage (quoted or not) with the most matched tokens that are not capitalised
    /// (text::starts_uppercase in a): those tokens, in words (text::word_weight: a token each in
    /// text written with spaces). Names are what two reports of one event share by necessity; a
    /// passage chained from runs of names is no evidence that one copied the other.
    std::uint32_t longest_unnamed_passage = 0;
    /// Words one token of each text is worth (text::words_per_token): 1 for text written with
    /// spaces. The floors of decide_relation counted in words are compared with token counts
    /// through it (text::words_of_tokens), so that a passage of a script written without spaces
    /// needs as much text as one of English.
    double words_per_token_a = 1, words_per_token_b = 1;
    DerivedFeatures features;      ///< what the derived-or-not model reads
    double derived_probability = 0; ///< the model's probability that one text derives from the other
    bool model_decides = false;    ///< model_may_decide: the probability may make the pair a rewrite
    /// How far the 2-word shingle containment stands above the corpus background (Background::z),
    /// the larger of the two sides as the copy; empty when the pair was scored without a background.
    std::optional<double> background_z;
    /// Of the copy: the share of its words inside 3-word runs the source has too, and the mean
    /// length of its stretches of such words; and the share of the source's words inside 3-word
    /// runs of the copy. The copy is the side a timestamp or a wire signal names as the copy;
    /// else (rewrites are often undecided or decided by containment alone, which a short source
    /// misleads) the text with more of its words in shared runs. Derived pairs only (0 otherwise).
    double phrase_share = 0;
    double mean_phrase_run = 0;
    double source_phrase_share = 0;
    align::Alignment alignment;
    /// Reworded passages beside the verbatim ones (align::paraphrases). Filled where a pair is
    /// reported, not by score_pair: score_standalone fills it, scan for the pairs it may report.
    std::vector<align::Paraphrase> paraphrases;
    Relation relation = Relation::unrelated;
    Grade grade = Grade::none;     ///< how a derived pair was made (grade_of); none otherwise
    Direction direction;
};

/// Scores one pair (its paraphrases left empty). `df` supplies the IDF for the cosine.
/// Symmetric: swapping a and b swaps every directional figure and nothing else.
/// `background`, when given and valid, is the corpus's chance overlap (Background): the pair is
/// then also judged by how far its overlap stands above it (background_z, Params::rewrite_z).
PairScore score_pair(const Document& a, const Analysis& analysis_a, const Document& b,
                     const Analysis& analysis_b, const tfidf::DocumentFrequencies& df,
                     const Params& params, const Background* background = nullptr);

/// The score of the pair seen with a and b swapped: every a/b figure, the alignment
/// (align::mirrored) and the sides of the direction and its evidence (their details worded for
/// the swapped sides) exchanged. What score_pair returns with the documents swapped, up to the
/// order of equally weighted evidence and the last bits of the cosine.
PairScore mirrored(PairScore score);

/// Two documents scored on their own, with no corpus around them (what `compare` does).
struct StandalonePair {
    Analysis analysis_a;
    Analysis analysis_b;
    tfidf::DocumentFrequencies df;  ///< IDF taken from the pair itself (origin "pair")
    PairScore score;
};

/// Analyzes both documents, takes the IDF from the pair and scores it, paraphrases included
/// (against `background` when given: `check` passes its index's).
StandalonePair score_standalone(const Document& a, const Document& b, const Params& params,
                                const Background* background = nullptr);
/// The same with b's analysis made already (analyze(b, params), add_phrases allowed): `check`
/// analyzes its article once for all the known stories it scores it against.
StandalonePair score_standalone(const Document& a, const Document& b, Analysis analysis_b, const Params& params,
                                const Background* background = nullptr);

/// The inputs of the derived-or-not model for a scored pair (its token counts filled in) and the
/// analyses of its two texts (their word and 2-word shingle sets).
DerivedFeatures derived_features(const PairScore& score, const Analysis& analysis_a, const Analysis& analysis_b);

/// The probability that one text of a pair derives from the other: a logistic model over the
/// features, fitted on METER courts by datasets/meter_model.py (its coefficients and
/// cross-validated figures are in score.cpp and README.md).
double derived_probability(const DerivedFeatures& features);

/// True when the model may make a pair a rewrite: the texts share a non-quote passage of at least
/// rewrite_long_passage_tokens words (longest_passage), the evidence of copying that the coverage
/// rule asks for too. The model then stands in for the coverage threshold; shared vocabulary and
/// short phrases alone (templated wire copy, independent reports of one event) never make a rewrite.
bool model_may_decide(const PairScore& score, const Params& params);

/// How a derived pair was made, from the phrase figures, in two steps: verbatim when the stretches
/// of the copy inside shared 3-word runs are Params::verbatim_mean_run words long on average
/// (pasted sentences and paragraphs, however much of the copy they are; a duplicate always is
/// verbatim); else light when Params::light_phrase_share of the copy's words lie in shared 3-word
/// runs, or of the source's (a copy that adds paragraphs of its own): edited word by word; heavy
/// otherwise (mostly paraphrase). The two constants are fitted on Clough & Stevenson's cut / light /
/// heavy answers by datasets/clough_grades.py (bench/results/2026-12-07-grades.txt).
Grade grade_of(const PairScore& score, const Params& params);
/// PairScore::longest_unnamed_passage of an alignment of text a (its tokens) with another text,
/// in words (text::word_weight).
std::uint32_t longest_unnamed_passage(const align::Alignment& alignment, std::string_view text_a,
                                      std::span<const text::Token> tokens_a);
/// The relation implied by the figures of a scored pair (used by score_pair).
Relation decide_relation(const PairScore& score, const Params& params);

/// Fills what a derived pair carries beyond its relation: its direction, the phrase figures and
/// the grade (grade_of; `score.relation` must be derived, else the grade is none). score_pair
/// calls it for the pairs it finds derived; a scan calls it for the pairs that may become derived
/// as members of a union of sources (score/source_union.hpp).
void describe_derived(PairScore& score, const Document& a, const Analysis& analysis_a, const Document& b,
                      const Analysis& analysis_b, const Params& params);

}  // namespace wiretrace::score
