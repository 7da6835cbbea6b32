#include "io/inflate_engine.h"

#include <algorithm>
#include <climits>
#include <isa-l/igzip_lib.h>
#include <zlib.h>

namespace waftune {
namespace {

// Both libraries count in 32 bits; larger buffers are fed in slices.
constexpr size_t kMaxStep = UINT32_MAX / 2;

class IsalEngine : public InflateEngine {
 public:
  IsalEngine() : state_(std::make_unique<inflate_state>()) { Reset(); }

  void Reset() override {
    isal_inflate_init(state_.get());
    // ISAL_GZIP parses the gzip header and verifies CRC-32 and ISIZE.
    state_->crc_flag = ISAL_GZIP;
  }

  Step Inflate(Io* io) override {
    inflate_state* s = state_.get();
    s->next_in = const_cast<uint8_t*>(io->in);
    s->avail_in = static_cast<uint32_t>(std::min(io->in_len, kMaxStep));
    s->next_out = io->out;
    s->avail_out = static_cast<uint32_t>(std::min(io->out_len, kMaxStep));
    uint32_t in_given = s->avail_in;
    uint32_t out_given = s->avail_out;
    int ret = isal_inflate(s);
    io->consumed = in_given - s->avail_in;
    io->produced = out_given - s->avail_out;
    if (ret < 0 || ret == ISAL_NEED_DICT) {
      io->error = ErrorText(ret);
      return Step::kError;
    }
    return s->block_state == ISAL_BLOCK_FINISH ? Step::kMemberEnd : Step::kOk;
  }

 private:
  static const char* ErrorText(int ret) {
    switch (ret) {
      case ISAL_INVALID_BLOCK:
        return "invalid deflate block";
      case ISAL_INVALID_SYMBOL:
        return "invalid deflate symbol";
      case ISAL_INVALID_LOOKBACK:
        return "invalid deflate distance";
      case ISAL_INVALID_WRAPPER:
        return "invalid gzip header";
      case ISAL_UNSUPPORTED_METHOD:
        return "unsupported compression method";
      case ISAL_INCORRECT_CHECKSUM:
        return "gzip CRC or length mismatch";
      default:
        return "gzip decode error";
    }
  }

  // inflate_state holds ~80 KB of tables and window: keep it off the stack.
  std::unique_ptr<inflate_state> state_;
};

class ZlibEngine : public InflateEngine {
 public:
  ZlibEngine() {
    // 15+32 would also accept zlib streams; GzipSource only hands over
    // members that start with the gzip magic, so either works.
    ok_ = inflateInit2(&z_, 15 + 32) == Z_OK;
  }
  ~ZlibEngine() override {
    if (ok_)
      inflateEnd(&z_);
  }

  void Reset() override {
    if (ok_)
      inflateReset(&z_);
  }

  Step Inflate(Io* io) override {
    if (!ok_) {
      io->error = "zlib initialisation failed";
      return Step::kError;
    }
    z_.next_in = const_cast<Bytef*>(io->in);
    z_.avail_in = static_cast<uInt>(std::min(io->in_len, kMaxStep));
    z_.next_out = io->out;
    z_.avail_out = static_cast<uInt>(std::min(io->out_len, kMaxStep));
    uInt in_given = z_.avail_in;
    uInt out_given = z_.avail_out;
    int ret = inflate(&z_, Z_NO_FLUSH);
    io->consumed = in_given - z_.avail_in;
    io->produced = out_given - z_.avail_out;
    switch (ret) {
      case Z_STREAM_END:
        return Step::kMemberEnd;
      case Z_OK:
      case Z_BUF_ERROR:  // No progress possible: needs input or output.
        return Step::kOk;
      default:
        io->error = z_.msg != nullptr ? z_.msg : "gzip decode error";
        return Step::kError;
    }
  }

 private:
  z_stream z_{};
  bool ok_ = false;
};

}  // namespace

const char* GzipDecoderName(GzipDecoder decoder) {
  return decoder == GzipDecoder::kIsal ? "isa-l" : "zlib";
}

std::unique_ptr<InflateEngine> MakeInflateEngine(GzipDecoder decoder) {
  if (decoder == GzipDecoder::kZlib)
    return std::make_unique<ZlibEngine>();
  return std::make_unique<IsalEngine>();
}

}  // namespace waftune
