#include "io/gzip_source.h"

#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

namespace waftune {
namespace {

class GzipSource : public ByteSource {
 public:
  GzipSource(std::unique_ptr<RawInput> raw, Diagnostics* diag,
             GzipDecoder decoder)
      : raw_(std::move(raw)),
        diag_(diag),
        engine_(MakeInflateEngine(decoder)),
        in_(kGzipInputBytes) {}

  Result<size_t> Read(char* buf, size_t n) override;
  uint64_t raw_bytes() const override { return raw_->bytes_read(); }

 private:
  enum class State { kMemberStart, kInMember, kDone };

  size_t Available() const { return in_len_ - in_pos_; }
  // Compressed offset of the next unconsumed input byte.
  uint64_t Offset() const { return raw_->bytes_read() - Available(); }
  bool NeedsInput() const;
  // Reads until `want` bytes are buffered or the input ends; false if fewer.
  Result<bool> FillInput(size_t want);
  void StartMember();
  void Damage(std::string_view what);

  std::unique_ptr<RawInput> raw_;
  Diagnostics* diag_;
  std::unique_ptr<InflateEngine> engine_;
  std::vector<uint8_t> in_;
  size_t in_pos_ = 0;
  size_t in_len_ = 0;
  bool in_eof_ = false;
  State state_ = State::kMemberStart;
  uint64_t member_start_ = 0;
};

bool GzipSource::NeedsInput() const {
  if (in_eof_)
    return false;
  return Available() < (state_ == State::kMemberStart ? 2 : 1);
}

Result<bool> GzipSource::FillInput(size_t want) {
  while (Available() < want && !in_eof_) {
    if (in_pos_ > 0) {  // Only the unconsumed tail moves; it is small.
      std::memmove(in_.data(), in_.data() + in_pos_, Available());
      in_len_ -= in_pos_;
      in_pos_ = 0;
    }
    if (in_len_ == in_.size())
      break;
    Result<size_t> got = raw_->Read(
        reinterpret_cast<char*>(in_.data()) + in_len_, in_.size() - in_len_);
    if (!got.ok())
      return got.status();
    if (*got == 0)
      in_eof_ = true;
    in_len_ += *got;
  }
  return Available() >= want;
}

// Everything after a complete member must be another member: S3 and
// Firehose concatenate them. Anything else (NUL padding, a second file's
// text) is reported once and ends the stream, as `gzip -d` does.
void GzipSource::StartMember() {
  if (Available() == 0) {
    state_ = State::kDone;
    return;
  }
  const uint8_t* p = in_.data() + in_pos_;
  if (Available() < 2 || p[0] != 0x1f || p[1] != 0x8b) {
    Damage("garbage after gzip member");
    return;
  }
  member_start_ = Offset();
  engine_->Reset();
  state_ = State::kInMember;
}

void GzipSource::Damage(std::string_view what) {
  state_ = State::kDone;
  if (diag_ == nullptr)
    return;
  std::string reason(what);
  reason += " at compressed offset " + std::to_string(Offset());
  if (Offset() != member_start_) {
    reason += " (member starts at " + std::to_string(member_start_) + ")";
  }
  reason += "; decoded data before it kept";
  diag_->Warn(raw_->name(), 0, reason);
}

Result<size_t> GzipSource::Read(char* buf, size_t n) {
  size_t produced = 0;
  while (produced < n && state_ != State::kDone) {
    if (NeedsInput()) {
      // Hand out decoded bytes before blocking on a slow pipe; a read error
      // then also never swallows them.
      if (produced > 0)
        break;
      Result<bool> filled = FillInput(state_ == State::kMemberStart ? 2 : 1);
      if (!filled.ok())
        return filled.status();
    }
    if (state_ == State::kMemberStart) {
      StartMember();
      continue;
    }
    if (Available() == 0) {  // Input ended inside a member.
      Damage("truncated gzip member");
      break;
    }
    InflateEngine::Io io;
    io.in = in_.data() + in_pos_;
    io.in_len = Available();
    io.out = reinterpret_cast<uint8_t*>(buf) + produced;
    io.out_len = n - produced;
    InflateEngine::Step step = engine_->Inflate(&io);
    in_pos_ += io.consumed;
    produced += io.produced;
    if (step == InflateEngine::Step::kError) {
      Damage(io.error);
    } else if (step == InflateEngine::Step::kMemberEnd) {
      state_ = State::kMemberStart;
    } else if (io.consumed == 0 && io.produced == 0) {
      // The decoder wants more than is buffered: read on, or it is cut off.
      if (produced > 0)
        break;
      Result<bool> filled = FillInput(Available() + 1);
      if (!filled.ok())
        return filled.status();
      if (!*filled) {
        Damage(in_eof_ ? "truncated gzip member" : "gzip decoder stalled");
      }
    }
  }
  return produced;
}

}  // namespace

std::unique_ptr<ByteSource> MakeGzipSource(std::unique_ptr<RawInput> raw,
                                           Diagnostics* diag,
                                           GzipDecoder decoder) {
  return std::make_unique<GzipSource>(std::move(raw), diag, decoder);
}

}  // namespace waftune
