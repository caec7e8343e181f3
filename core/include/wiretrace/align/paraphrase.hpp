// SPDX-License-Identifier: Apache-2.0
// Paraphrase alignment of one pair: beside the verbatim passages (align.hpp), sentences of one
// text matched to sentences of the other by the rare words they share, in any order, so that a
// reworded sentence is reported as a paraphrased passage with its two spans and its score.
//
// Units. The tokenizer keeps the byte span of every word, so the bytes between two words show
// what separated them: a sentence ends where that gap holds a sentence mark (. ! ? and the Urdu,
// Arabic, Devanagari and CJK full stops and question marks: ۔ ؟ । 。 ！ ？) or a line break (the
// tokenizer ends a paragraph there too). A period is no sentence end after an abbreviation the
// tokenizer joined ("U.S."), an initial ("J. Smith"), a title ("Mr.", "Dr."), or before a word
// in lower case. Sentences longer than 1.5 windows (Params::paraphrase_window_tokens, 15 words),
// and text without sentence marks, are cut into windows of about 15 words of equal length:
// papers merge and split the agency's long sentences, so windows match where sentences do not.
//
// Rare words. A word that is not a stop word, is in at most Params::paraphrase_max_unit_share
// (40%) of the pair's units (at least 2; a word in most sentences of both texts, a function word
// of a language without a stop-word list or the story's own subject, tells no sentence from
// another), and is in at most Params::paraphrase_max_df_share (5%) of the documents the IDF was
// counted on; it weighs its IDF. With fewer than 1 / that share of documents (a pair's own IDF,
// as `compare` and `check` use) the IDF says nothing: the word then weighs its IDF over the
// pair's units, ln((1 + units) / (1 + units holding it)) + 1.
//
// The evidence rule. Units covered more than half by verbatim passages are left out (they are
// reported as passages). Two units u and v that share s distinct rare words are a paraphrase when
//   1. s >= Params::paraphrase_min_shared (3): several words, never one name or number;
//   2. score >= Params::paraphrase_min_score (0.4): the shared words weigh that share of the
//      IDF weight of the smaller unit's rare words (so a sentence merged from two keeps both);
//   3. chance <= Params::paraphrase_max_chance (0.1): the probability of sharing s or more words
//      by luck, P(X >= s) for X Poisson with mean m, where m is what a unit picked at random
//      from the other text would share: the sum, over u's rare words, of the share of the other
//      text's units that hold each (the larger of that mean for u and for v, so the rule is the
//      same from either side). Words that run through the whole story (its names, its topic)
//      raise m; a short text with few units makes every word common and needs more words.
// Measured with `compare` (bench/results/2026-12-07-paraphrase-alignment.txt): a copy against
// the source of another story gets few paraphrases, its own source many (figures there).
// Every unit of each text is matched to its best unit of the other text that passes (highest
// score, then most shared words, then the first); the links of both directions are kept, so a
// sentence that one paper split in two is linked to both halves. Links between windows of the same
// two sentences make one paraphrased passage spanning them, scored over its whole spans.
//
// Cost. An inverted index of the other text's units by rare word proposes candidates: words in
// more than Params::paraphrase_max_postings units propose none, and only the
// Params::paraphrase_max_candidates units sharing the most words are scored. The work is linear in
// the lengths (times those caps), also on repetitive or hostile text; no pair of units is
// compared unless they share a rare word.
//
// Symmetric and deterministic: paraphrases(b, a) is mirrored(paraphrases(a, b)).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "wiretrace/align/align.hpp"
#include "wiretrace/params.hpp"
#include "wiretrace/sketch/tfidf.hpp"
#include "wiretrace/text/tokenize.hpp"

namespace wiretrace::align {

/// One unit of paraphrase alignment: a sentence, or a window of a long sentence.
struct Unit {
    TokenRange tokens;
    std::uint32_t sentence = 0;  ///< index of the sentence it belongs to (windows share it)
    friend bool operator==(const Unit&, const Unit&) = default;
};

/// The sentences of a tokenized text as token ranges, in order, covering every token (see the
/// header comment for where a sentence ends). `text` is the text the tokens point into.
std::vector<TokenRange> sentences(std::string_view text, std::span<const text::Token> tokens);

/// The units of a text: its sentences, those longer than window_tokens * 3 / 2 cut into
/// round(length / window_tokens) windows of equal length (the first ones a word longer when it
/// does not divide). window_tokens 0 keeps whole sentences.
std::vector<Unit> units(std::string_view text, std::span<const text::Token> tokens, std::uint32_t window_tokens);

/// A reworded passage: units of a and b that share enough rare words (the rule above).
struct Paraphrase {
    TokenRange a;              ///< tokens of text a
    TokenRange b;              ///< tokens of text b
    double score = 0;          ///< IDF weight of the shared rare words / that of the smaller side's
    std::uint32_t shared = 0;  ///< distinct rare words the two spans share
    friend bool operator==(const Paraphrase&, const Paraphrase&) = default;
};

/// The paraphrased passages of a pair, ordered by b then a. `verbatim` is the pair's alignment
/// (align()): units mostly inside its passages are not repeated. `df` is the IDF the pair is
/// scored with.
std::vector<Paraphrase> paraphrases(std::string_view text_a, std::span<const text::Token> a, std::string_view text_b,
                                    std::span<const text::Token> b, const Alignment& verbatim,
                                    const tfidf::DocumentFrequencies& df, const Params& params);

/// The paraphrases seen with a and b swapped, in the documented order: what paraphrases()
/// returns with its arguments swapped.
std::vector<Paraphrase> mirrored(std::vector<Paraphrase> paraphrases);

}  // namespace wiretrace::align
