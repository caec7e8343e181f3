// SPDX-License-Identifier: Apache-2.0
// Private: the edits outlets make to wire copy, as functions from a source document to a derived
// one, and the coverages and relation labels computed from the words' origins.
#pragma once

#include <span>
#include <vector>

#include "gen/story.hpp"

namespace wiretrace::gen::detail {

/// What an edit needs: the run's settings, the story the documents are about, and the random
/// stream and storage of the document being made.
struct EditEnv {
    const Config& config;
    const std::vector<Outlet>& outlets;
    const Story& story;
    const Agency& agency;  ///< agency of the group's wire story (credit lines name it)
    Rng& rng;
    Arena& arena;
    OriginAlloc& alloc;
};

/// A newspaper's edited copy: furniture dropped, paragraphs trimmed, dropped or moved, local
/// paragraphs added, respelled for the outlet, names, words and numbers changed, credit line and
/// boilerplate added. Always a rewrite of `source` (some coverage below 0.8).
Doc make_copy(const Doc& source, std::uint32_t outlet, EditEnv& env);

/// A light edit (byline, last paragraph, a word or two): both coverages at least 0.8, not identical.
Doc make_near_duplicate(const Doc& source, std::uint32_t outlet, EditEnv& env);

/// The same words, with other whitespace, quotation marks, dashes or case.
Doc make_duplicate(const Doc& source, std::uint32_t outlet, EditEnv& env);

/// The agency's later version: a new lead, updated numbers, paragraphs added and dropped.
Doc make_update(const Doc& source, EditEnv& env);

/// A newspaper roundup: the opening paragraphs of each source under subheads, after a lead of its
/// own. `stories[i]` is the story of `sources[i]`.
Doc make_roundup(std::span<const Doc* const> sources, std::span<const Story* const> stories,
                 std::uint32_t outlet, EditEnv& env);

// Building blocks the edits share (paraphrase.cpp and takes.cpp use them too).

/// Body text: narrative, quotes, local paragraphs and subheads (not the lead, byline or end matter).
bool is_body(ParaKind kind);
/// Credit lines, boilerplate, copyright and reporting lines.
bool is_end_matter(ParaKind kind);
/// Indices of the body paragraphs, in order.
std::vector<std::size_t> body_indices(const Doc& d);
void remove_kind(Doc& d, ParaKind kind);
bool has_kind(const Doc& d, ParaKind kind);
/// Where body text may be inserted at the end: before the credit line, boilerplate and copyright.
std::size_t end_of_body(const Doc& d);
/// First paragraph index after the byline and lead.
std::size_t start_of_body(const Doc& d);
/// Removes the dateline words ("PARIS (AP) —") of the lead.
void drop_dateline(Doc& d);
/// `n` paragraphs an outlet writes itself (narrative or quotes), with a subhead first sometimes.
std::vector<Paragraph> local_paragraphs(std::uint32_t n, EditEnv& env, bool allow_subhead);
/// Adds a credit line naming the agency before the end matter (once).
void add_credit(Doc& d, EditEnv& env);
void insert_local(Doc& d, std::size_t at, std::vector<Paragraph> paras);
/// Keeps the first `keep` body paragraphs.
void trim_body(Doc& d, std::size_t keep);
/// A copy of `source`'s paragraphs and title for `outlet`, with `source` as its one source.
Doc derived_from(const Doc& source, std::uint32_t outlet);

/// Respells every word that has a spelling for `locale` (US: no change).
void respell_doc(Doc& doc, Locale locale);

/// Adds one of the outlet's boilerplate lines as the last paragraph (once; none if it has none).
void add_outlet_boilerplate(Doc& doc, std::uint32_t outlet, EditEnv& env);

/// Coverages of a derived document against one of its ancestors, from origins.
struct Coverage {
    double of_source = 0;  ///< fraction of the source's words whose origin survives in the copy
    double of_copy = 0;    ///< fraction of the copy's words whose origin is in the source
    bool identical = false;  ///< the same origins in the same order: a duplicate
};
Coverage coverage(const Doc& source, const Doc& copy);

/// True when `copy` holds a trace of `source` itself, not only of the source's own sources: one
/// of the source's own words (words none of its direct sources has: a substitution, a name
/// variant, an updated number, a local paragraph, a new lead), or two words side by side that
/// stand side by side in the source and in none of its direct sources (a deletion, a moved
/// paragraph, a dropped dateline or first name). End matter (credit lines, boilerplate, copyright
/// and reporting lines) is left out: those are fixed phrases that any outlet adds the same way.
/// Without a trace the copy's text is what a copy of the source's source could be, so no method
/// working on the texts can tell that it was made from this source. A source without sources
/// (a wire original) is always traced.
bool traceable(const Doc& source, const Doc& copy);

/// The label the engine's definitions give a derived pair with these coverages.
Relation relation_of(const Coverage& c);

}  // namespace wiretrace::gen::detail
