// ExpandPaths: turns command-line paths into the ordered list of input files.
//
// Files are taken as given; directories are walked recursively in sorted
// (byte-wise) order, skipping hidden entries (names starting with '.') and
// never following a symlinked directory twice (loops are reported to `diag`
// as warnings). "-" is stdin, allowed once. Unreadable entries found while
// walking are warnings, not errors. The result is deterministic for a given
// tree. Stateless; thread-safe.
#ifndef WAFTUNE_IO_PATH_WALKER_H_
#define WAFTUNE_IO_PATH_WALKER_H_

#include <string>
#include <vector>

#include "io/input_file.h"
#include "util/diagnostics.h"
#include "util/status.h"

namespace waftune {

// Returns NotFound naming the path when a path given by the user does not
// exist (the command exits 1); an empty directory yields no files.
Result<std::vector<InputFile>> ExpandPaths(const std::vector<std::string>& paths,
                                           Diagnostics* diag);

}  // namespace waftune

#endif  // WAFTUNE_IO_PATH_WALKER_H_
