#include "io/path_walker.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <set>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace waftune {
namespace {

using DirId = std::pair<dev_t, ino_t>;

class Walker {
 public:
  Walker(Diagnostics* diag, std::vector<InputFile>* out)
      : diag_(diag), out_(out) {}

  void WalkDir(const std::string& dir, const struct stat& st);

 private:
  void VisitEntry(const std::string& path);
  void Warn(const std::string& path, const std::string& reason) {
    if (diag_ != nullptr)
      diag_->Warn(path, 0, reason);
  }

  Diagnostics* diag_;
  std::vector<InputFile>* out_;
  // Every directory entered, so a symlink never leads into one twice.
  std::set<DirId> visited_;
  // Directories on the current path from the root: a revisit of one of
  // these is a loop rather than a second route to the same tree.
  std::set<DirId> ancestors_;
};

std::string Join(const std::string& dir, const std::string& name) {
  if (!dir.empty() && dir.back() == '/')
    return dir + name;
  return dir + "/" + name;
}

// Sorted so the input order (and thus every kept example) is the same on
// every filesystem; std::string compares bytes as unsigned, like memcmp.
Result<std::vector<std::string>> ListDir(const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr)
    return Status::IOError(dir, std::strerror(errno));
  std::vector<std::string> names;
  errno = 0;
  while (const dirent* e = readdir(d)) {
    if (e->d_name[0] != '.')
      names.emplace_back(e->d_name);  // Hidden too.
  }
  int err = errno;
  closedir(d);
  if (err != 0)
    return Status::IOError(dir, std::strerror(err));
  std::sort(names.begin(), names.end());
  return names;
}

void Walker::WalkDir(const std::string& dir, const struct stat& st) {
  DirId id{st.st_dev, st.st_ino};
  if (ancestors_.count(id) != 0) {
    Warn(dir, "symlink loop: directory already being walked, skipped");
    return;
  }
  if (!visited_.insert(id).second) {
    Warn(dir, "directory already walked through another path, skipped");
    return;
  }
  Result<std::vector<std::string>> names = ListDir(dir);
  if (!names.ok()) {
    Warn(dir, "unreadable directory skipped: " + names.status().message());
    return;
  }
  ancestors_.insert(id);
  for (const std::string& name : *names)
    VisitEntry(Join(dir, name));
  ancestors_.erase(id);
}

void Walker::VisitEntry(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {  // stat follows symlinks.
    int err = errno;
    struct stat lst;
    bool dangling = lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode);
    Warn(path, dangling ? "dangling symlink skipped"
                        : std::string("unreadable entry skipped: ") +
                              std::strerror(err));
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    WalkDir(path, st);
  } else if (!S_ISREG(st.st_mode)) {
    // A FIFO or socket in a log tree would block or fail on open.
    Warn(path, "not a regular file, skipped");
  } else if (access(path.c_str(), R_OK) != 0) {
    Warn(path, std::string("unreadable file skipped: ") + std::strerror(errno));
  } else {
    out_->push_back(InputFile{path, false, static_cast<uint64_t>(st.st_size)});
  }
}

}  // namespace

Result<std::vector<InputFile>> ExpandPaths(
    const std::vector<std::string>& paths, Diagnostics* diag) {
  std::vector<InputFile> files;
  Walker walker(diag, &files);
  bool have_stdin = false;
  for (const std::string& path : paths) {
    if (path == "-") {
      if (have_stdin) {
        return Status::InvalidArgument("stdin (\"-\") given more than once");
      }
      have_stdin = true;
      files.push_back(InputFile{"-", true, 0});
      continue;
    }
    struct stat st;
    if (stat(path.c_str(), &st) != 0) {
      if (errno == ENOENT || errno == ENOTDIR) {
        return Status::NotFound(path + ": no such file or directory");
      }
      return Status::IOError(path, std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) {
      walker.WalkDir(path, st);
    } else {
      // Given by the user: taken as is, even a FIFO such as <(zcat ...).
      uint64_t size =
          S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0;
      files.push_back(InputFile{path, false, size});
    }
  }
  return files;
}

}  // namespace waftune
