// SPDX-License-Identifier: Apache-2.0
// `wiretrace eval`: not implemented yet (issue "Ground truth at any scale").
#include "commands.hpp"
#include "wiretrace/error.hpp"

namespace wiretrace::cli {

Handler register_eval(CLI::App& /*app*/) {
    return [] () -> int { throw Error(Errc::bad_argument, "", "'eval' is not implemented yet"); };
}

}  // namespace wiretrace::cli
