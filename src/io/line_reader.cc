#include "io/line_reader.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>

#include "io/line_scan.h"

namespace waftune {

LineReader::LineReader(std::unique_ptr<ByteSource> source,
                       std::string file_name, Diagnostics* diag,
                       LineReaderOptions options)
    : source_(std::move(source)),
      file_name_(std::move(file_name)),
      diag_(diag),
      options_(options) {
  // Clamped so that max_line_bytes + 1 + chunk_bytes cannot overflow.
  constexpr size_t kMaxOption = SIZE_MAX / 4;
  options_.chunk_bytes =
      std::clamp<size_t>(options_.chunk_bytes, 1, kMaxOption);
  options_.max_line_bytes = std::min(options_.max_line_bytes, kMaxOption);
  map_ = source_->mapped();
  if (map_ != nullptr)
    return;  // buf_ only holds a copied last line (NextMapped).
  // The padding lives past the data capacity for good: every view, even one
  // ending at the last data byte, has kLinePadding bytes of this allocation
  // after it.
  buf_.resize(options_.chunk_bytes + kLinePadding);
}

LineReader::~LineReader() = default;

bool LineReader::Next(std::string_view* line) {
  if (map_ != nullptr)
    return NextMapped(line);
  size_t scan = begin_;  // Bytes before `scan` are known to hold no '\n'.
  for (;;) {
    const char* base = buf_.data();
    const void* nl = std::memchr(base + scan, '\n', end_ - scan);
    size_t line_end;
    if (nl != nullptr) {
      line_end = static_cast<const char*>(nl) - base;
    } else if (end_ - begin_ > options_.max_line_bytes + 1) {
      // +1: a line of exactly max_line_bytes may still carry its '\r'.
      ReportLongLine(line_no_ + 1);
      ++line_no_;
      if (!SkipRestOfLongLine())
        return false;
      scan = begin_;
      continue;
    } else if (eof_) {
      if (begin_ == end_)
        return false;
      line_end = end_;  // Last line, no final newline.
    } else {
      size_t scanned = end_ - begin_;
      Refill();  // Compacts: the unread data now starts at begin_ == 0.
      scan = begin_ + scanned;
      continue;
    }
    size_t start = begin_;
    size_t len = line_end - start;
    begin_ = std::min(line_end + 1, end_);
    ++line_no_;
    if (len > 0 && base[start + len - 1] == '\r')
      --len;
    if (len > options_.max_line_bytes) {
      ReportLongLine(line_no_);
      scan = begin_;
      continue;
    }
    *line = std::string_view(base + start, len);
    line_content_ = LineContent{};
    ScanLineContent(base + start, len, &line_content_);
    return true;
  }
}

// The same lines as Next() gives for a stream, as views into the mapping.
bool LineReader::NextMapped(std::string_view* line) {
  const char* base = map_->data();
  const size_t size = map_->size();
  while (map_pos_ < size) {
    size_t start = map_pos_;
    PrefetchAhead(base, size, start);
    line_content_ = LineContent{};
    size_t line_end = start + FindLineEnd(base + start, size - start, &line_content_);
    map_pos_ = line_end < size ? line_end + 1 : size;
    bytes_ = map_pos_;
    map_->Consumed(start);
    ++line_no_;
    size_t len = line_end - start;
    if (len > 0 && base[start + len - 1] == '\r')
      --len;
    if (len > options_.max_line_bytes) {
      ReportLongLine(line_no_);
      continue;
    }
    if (start + len + kLinePadding <= map_->readable()) {
      *line = std::string_view(base + start, len);
    } else {
      // simdjson's padding would run past the mapping: copy this line out.
      buf_.assign(base + start, base + start + len);
      buf_.resize(len + kLinePadding);
      *line = std::string_view(buf_.data(), len);
    }
    return true;
  }
  return false;
}

// The next lines are brought into the cache while this one is parsed: the
// line scan is the first to touch the mapped bytes, and waiting for memory
// there was a tenth of `summary`'s CPU. Each cache line is asked for once.
void LineReader::PrefetchAhead(const char* base, size_t size, size_t pos) {
  constexpr size_t kAhead = 4096;
  constexpr size_t kCacheLine = 64;
  size_t until = std::min(size, pos + kAhead);
  size_t from = std::max(prefetched_, pos);
  for (size_t at = from; at < until; at += kCacheLine) __builtin_prefetch(base + at);
  if (until > prefetched_) prefetched_ = until;
}

void LineReader::ReportLongLine(uint64_t line) {
  if (diag_ == nullptr)
    return;
  diag_->Report(
      file_name_, line,
      "line longer than " + std::to_string(options_.max_line_bytes) + " bytes");
}

// Keeps the unread tail, then reads one chunk after it. The buffer grows
// only while a partial line plus a chunk does not fit, so it never exceeds
// max_line_bytes + 1 + chunk_bytes (+ padding).
bool LineReader::Refill() {
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (eof_)
    return false;
  size_t cap = buf_.size() - kLinePadding;
  if (cap - end_ < options_.chunk_bytes) {
    size_t limit = options_.max_line_bytes + 1 + options_.chunk_bytes;
    size_t want = std::max(end_ + options_.chunk_bytes, cap + cap / 2);
    buf_.resize(std::min(want, limit) + kLinePadding);
    cap = buf_.size() - kLinePadding;
  }
  Result<size_t> got = source_->Read(buf_.data() + end_, cap - end_);
  if (!got.ok()) {
    if (diag_ != nullptr)
      diag_->Warn(file_name_, 0, got.status().ToString());
    eof_ = true;
    return false;
  }
  if (*got == 0) {
    eof_ = true;
    return false;
  }
  end_ += *got;
  bytes_ += *got;
  return true;
}

// Drops the held part of an over-long line and reads on to its newline,
// one chunk at a time, so the line is never held whole.
bool LineReader::SkipRestOfLongLine() {
  for (;;) {
    begin_ = end_;
    if (!Refill())
      return false;
    const void* nl = std::memchr(buf_.data(), '\n', end_);
    if (nl != nullptr) {
      begin_ = static_cast<const char*>(nl) - buf_.data() + 1;
      return true;
    }
  }
}

}  // namespace waftune
