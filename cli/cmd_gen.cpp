// SPDX-License-Identifier: Apache-2.0
// `wiretrace gen`: not implemented yet (issue "Ground truth at any scale").
#include "commands.hpp"
#include "wiretrace/error.hpp"

namespace wiretrace::cli {

Handler register_gen(CLI::App& /*app*/) {
    return [] () -> int { throw Error(Errc::bad_argument, "", "'gen' is not implemented yet"); };
}

}  // namespace wiretrace::cli
