// SPDX-License-Identifier: Apache-2.0
// The one check of the fuzz targets: a broken invariant prints what and where, then aborts, which
// libFuzzer reports as a crash and the replay test (fuzz_replay_*) as a failure.
#pragma once

#include <cstdio>
#include <cstdlib>

#define WIRETRACE_FUZZ_CHECK(cond)                                                                 \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            std::fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond);      \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)
