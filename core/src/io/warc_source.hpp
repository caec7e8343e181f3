// SPDX-License-Identifier: Apache-2.0
// Private: the source of records of one WARC file, its pages' articles.
#pragma once

#include <memory>
#include <string>

#include "io/record_source.hpp"

namespace wiretrace::io::detail {

/// The articles of a WARC file (io::WarcReader): every 2xx HTTP response and every resource
/// record whose payload is HTML (its article extracted, io::extract_article) or plain text.
/// Revisits, requests, metadata, other responses and other payloads are not articles (counted
/// in ReadStats::ignored_records); damaged records are skipped as SkipReason::damaged and named
/// `file:offset` (with ReaderOptions::strict the first one is an Error). The id of an article is
/// its WARC-Target-URI (else its WARC-Record-ID, else `file:offset`).
std::unique_ptr<RecordSource> warc_source(const std::string& path);

/// True for WARC file names: "*.warc", also compressed (".gz", ".zst") and gowarc's ".open".
bool is_warc_name(const std::string& name);

}  // namespace wiretrace::io::detail
