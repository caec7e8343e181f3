// SPDX-License-Identifier: Apache-2.0
// Private: rewording, sentence by sentence, the way a reporter rewrites wire copy in their own
// words while keeping its facts; the paraphrased copies made with it; and the stories sent in
// several takes (an add, a write-through) with the copies that combine them.
#pragma once

#include <span>

#include "gen/edits.hpp"

namespace wiretrace::gen::detail {

/// Rewords each sentence of `p` with probability `share`. A quotation becomes reported speech
/// first ("\"...,\" Smith said." -> "Smith said that ..."). A reworded sentence may have its
/// clauses swapped ("A, B." -> "B, A."), its active clause made passive ("Smith approved the
/// plan" -> "the plan was approved by Smith"), its content words replaced by synonyms (the
/// lexicon's groups, else a fixed partner of the same class), a few function words varied
/// ("said" -> "noted"), its numbers in another format ("5 million" -> "5m", "7" -> "seven",
/// "12 percent" -> "12 per cent") and its weekday as a date ("Tuesday" -> "Tuesday, March 3").
/// The facts keep their words and origins: names, places and numbers written the same way.
/// Every other word of a reworded sentence gets a fresh origin (coverage counts verbatim
/// survival). Sentences of a multi-sentence paragraph may change places.
void reword_paragraph(Paragraph& p, double share, EditEnv& env);

/// A newspaper's paraphrase of `source`: wire furniture dropped, every sentence of the lead and
/// body reworded (a few kept as they were), a paragraph moved or dropped sometimes, a local
/// paragraph sometimes, the outlet's spelling, credit line and boilerplate, its own headline.
Doc make_paraphrase(const Doc& source, std::uint32_t outlet, EditEnv& env);

/// The agency's add to the previous take: the story so far with two to four new paragraphs at
/// the end, often under a new top (a new lead, the old one reworded as the second paragraph).
Doc make_take_add(const Doc& previous, EditEnv& env);

/// The agency's write-through of the previous take: a new lead, the old lead reworded below it,
/// about a third of the sentences reworded, a paragraph moved and sometimes one added.
Doc make_write_through(const Doc& previous, EditEnv& env);

/// A newspaper copy combining takes of one story: `takes` in the order sent (2 or more); the
/// copy is based on `takes[base]` and takes paragraphs of earlier takes that the base no longer
/// holds verbatim (an earlier lead, a paragraph the write-through reworded), in place of their
/// later wording. Its sources are the takes it drew on, the base first. Returns a document
/// without sources when no earlier take had such a paragraph (the caller makes a plain copy).
Doc make_multi_take(std::span<const Doc* const> takes, std::size_t base, std::uint32_t outlet, EditEnv& env);

}  // namespace wiretrace::gen::detail
