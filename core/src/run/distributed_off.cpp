// SPDX-License-Identifier: Apache-2.0
// The distributed scan in a build without MPI (WIRETRACE_MPI=OFF): it only says so.
#include <cstdlib>

#include "wiretrace/run/distributed.hpp"
#include "wiretrace/error.hpp"

namespace wiretrace::scan::distributed {
namespace {

[[noreturn]] void no_mpi() {
    throw Error(Errc::bad_argument, "",
                "this wiretrace was built without MPI (CMake option WIRETRACE_MPI=OFF; install libopenmpi-dev and "
                "rebuild): under an MPI launcher every process would scan everything");
}

}  // namespace

bool built_with_mpi() { return false; }

Session::Session() { no_mpi(); }
Session::~Session() = default;
int Session::broadcast(int value) const { return value; }
void Session::abort(int /*code*/) const { std::abort(); }  // unreachable: the constructor throws

DistributedResult run(const Session& /*session*/, const std::vector<std::string>& /*inputs*/,
                      const Options& /*options*/, const ProgressFn& /*progress*/) {
    no_mpi();
}

}  // namespace wiretrace::scan::distributed
