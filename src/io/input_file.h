// InputFile: one input named on the command line or found under a directory.
#ifndef WAFTUNE_IO_INPUT_FILE_H_
#define WAFTUNE_IO_INPUT_FILE_H_

#include <cstdint>
#include <string>

namespace waftune {

struct InputFile {
  std::string path;        // As given or as found while walking; "-" = stdin.
  bool is_stdin = false;
  uint64_t size = 0;       // Bytes on disk (compressed size for .gz); 0 for stdin.
};

}  // namespace waftune

#endif  // WAFTUNE_IO_INPUT_FILE_H_
