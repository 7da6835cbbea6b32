#include "logs/compact_headers.h"

#include "logs/compact_text.h"

namespace waftune {
namespace {

using compact::Eat;
using compact::EatStringBody;

bool EatHeader(const char** p, const char* end, bool may_have_escapes, HttpHeader* h) {
  return Eat(p, end, R"({"name":")") && EatStringBody(p, end, may_have_escapes, &h->name) &&
         Eat(p, end, R"(,"value":")") && EatStringBody(p, end, may_have_escapes, &h->value) &&
         Eat(p, end, "}");
}

}  // namespace

const char* MatchCompactHeaders(const char* text, const char* end, bool may_have_escapes,
                         std::vector<HttpHeader>* out) {
  const char* p = text;
  if (!Eat(&p, end, "[")) return nullptr;
  if (Eat(&p, end, "]")) return p;
  const size_t before = out != nullptr ? out->size() : 0;
  HttpHeader scratch;
  do {
    HttpHeader* h = out != nullptr ? &out->emplace_back() : &scratch;
    if (!EatHeader(&p, end, may_have_escapes, h)) {
      if (out != nullptr) out->resize(before);
      return nullptr;
    }
  } while (Eat(&p, end, ","));
  if (Eat(&p, end, "]")) return p;
  if (out != nullptr) out->resize(before);
  return nullptr;
}

}  // namespace waftune
