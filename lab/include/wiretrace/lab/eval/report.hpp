// SPDX-License-Identifier: Apache-2.0
// The reports of `wiretrace eval`: the figures of metrics.hpp as JSON (schema wiretrace.eval/1)
// and as a readable table.
#pragma once

#include <ostream>
#include <string>

#include "wiretrace/lab/eval/metrics.hpp"

namespace wiretrace::eval {

/// Version of the `eval` JSON schema (field "schema": "wiretrace.eval/1"). Bump on any change
/// that removes or renames a field; adding fields keeps the version.
inline constexpr int kEvalSchemaVersion = 1;

/// The file names shown in the reports.
struct Inputs {
    std::string truth;
    std::string results;
};

/// The JSON document (schema wiretrace.eval/1, documented in README.md), one line.
void write_json(std::ostream& out, const Report& report, const Inputs& inputs);

/// A readable table of the same figures ("n/a" for null).
void write_text(std::ostream& out, const Report& report, const Inputs& inputs);

}  // namespace wiretrace::eval
