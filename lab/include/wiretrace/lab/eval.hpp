// SPDX-License-Identifier: Apache-2.0
// Scoring of results (pair lists and provenance clusters) against ground truth, the whole of it:
// the truth and result file formats (eval/parse.hpp), the pair, direction, containment,
// classification and cluster metrics (eval/metrics.hpp), and their reports (eval/report.hpp).
#pragma once

#include "wiretrace/lab/eval/metrics.hpp"
#include "wiretrace/lab/eval/parse.hpp"
#include "wiretrace/lab/eval/report.hpp"
