#include "match/signatures.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace waftune {
namespace {

// Request host used for the host-checked signatures' test cases.
constexpr std::string_view kTestHost = "shop.example.com";

const SignatureSet& Shipped() {
  static const SignatureSet* set = [] {
    Result<SignatureSet> r =
        SignatureSet::LoadDirectory(WAFTUNE_SOURCE_DIR "/rules/signatures");
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? new SignatureSet(std::move(*r)) : nullptr;
  }();
  return *set;
}

// Does signature `index` hit `value` through any of its targets?
bool Hits(const SignatureSet& set, int index, std::string_view value) {
  SignatureHits hits;
  for (SignatureTarget t : set.signature(index).targets) {
    set.ScanValue(t, value, &hits, kTestHost);
  }
  return hits.Has(index);
}

std::vector<std::string> ClassesHit(const SignatureSet& set, SignatureTarget t,
                                    std::string_view value,
                                    std::string_view host = {}) {
  SignatureHits hits;
  set.ScanValue(t, value, &hits, host);
  std::vector<std::string> out;
  for (int i : hits.indexes())
    out.push_back(set.signature(i).cls);
  return out;
}

TEST(SignatureSetTest, LoadsShippedSignatures) {
  ASSERT_GE(Shipped().signatures().size(), 30u);
}

TEST(SignatureSetTest, EverySignaturePassesItsOwnTestCases) {
  const SignatureSet& set = Shipped();
  for (size_t i = 0; i < set.signatures().size(); ++i) {
    const Signature& s = set.signature(static_cast<int>(i));
    EXPECT_FALSE(s.positive.empty()) << s.id;
    EXPECT_FALSE(s.negative.empty()) << s.id;
    for (const std::string& p : s.positive) {
      EXPECT_TRUE(Hits(set, static_cast<int>(i), p))
          << s.id << " misses positive: " << p;
    }
    for (const std::string& n : s.negative) {
      EXPECT_FALSE(Hits(set, static_cast<int>(i), n))
          << s.id << " hits negative: " << n;
    }
  }
}

TEST(SignatureSetTest, OrdinaryTextIsNotAnAttack) {
  const SignatureSet& set = Shipped();
  for (const char* benign :
       {"q=select+chairs+and+tables", "q=union+station+select+menu",
        "q=rock+%27n%27+roll", "email=o%27reilly%40example.com",
        "sort=price&order=desc", "q=drop+shipping+order",
        "name=Jam%F3n+Ib%E9rico&precio=39", "comment=I+said+%22yes%22+and+left",
        "q=1+or+2+items",
        "redirect_uri=https%3A%2F%2Fshop.example.com%2Fcb&state=xyz"}) {
    EXPECT_TRUE(
        ClassesHit(set, SignatureTarget::kArgs, benign, kTestHost).empty())
        << benign;
  }
}

TEST(SignatureSetTest, RedirectToOwnSiteIsNotFlaggedButForeignIs) {
  const SignatureSet& set = Shipped();
  std::string_view same = "redirect_uri=https%3A%2F%2Fshop.example.com%2Fcb";
  EXPECT_TRUE(ClassesHit(set, SignatureTarget::kArgs, same, "shop.example.com")
                  .empty());
  EXPECT_TRUE(
      ClassesHit(set, SignatureTarget::kArgs, same, "SHOP.example.com:443")
          .empty());
  std::vector<std::string> foreign =
      ClassesHit(set, SignatureTarget::kArgs, same, "www.other.org");
  ASSERT_EQ(foreign.size(), 1u);
  EXPECT_EQ(foreign[0], "open-redirect");
  // Unknown request host: every captured host counts as foreign.
  EXPECT_FALSE(ClassesHit(set, SignatureTarget::kArgs, same).empty());
}

TEST(SignatureSetTest, LongRequestHostIsScannedWithoutTheMemoAndStillChecked) {
  // A host longer than the memo keeps (attacker-controlled) takes the direct
  // path; the host check must work the same there.
  const SignatureSet& set = Shipped();
  const std::string host = std::string(590, 'a') + ".example.com";
  const std::string same = "redirect_uri=https%3A%2F%2F" + host + "%2Fcb";
  for (int pass = 0; pass < 2; ++pass) {
    EXPECT_TRUE(ClassesHit(set, SignatureTarget::kArgs, same, host).empty());
    std::vector<std::string> foreign =
        ClassesHit(set, SignatureTarget::kArgs, same, "www.other.org");
    ASSERT_EQ(foreign.size(), 1u);
    EXPECT_EQ(foreign[0], "open-redirect");
  }
}

TEST(SignatureSetTest, ScanCoversEveryRecordField) {
  const SignatureSet& set = Shipped();
  WafRecord r;
  r.request.uri = "/a/..%252f..%252fetc/passwd";
  r.request.args = "id=1%27%20union%20select%20null--";
  r.request.headers = {{"Host", "shop.example.com"},
                       {"User-Agent", "sqlmap/1.7"},
                       {"X-Api-Version", "${jndi:ldap://x.example/a}"}};
  MatchDetail d;
  d.matched_data = {"<script", ">alert(1)"};
  r.terminating_match_details.push_back(d);
  SignatureHits hits;
  set.Scan(r, &hits);
  std::set<std::string> classes;
  for (int i : hits.indexes())
    classes.insert(set.signature(i).cls);
  for (const char* want :
       {"traversal", "lfi", "sqli", "scanner-ua", "log4shell", "xss"}) {
    EXPECT_EQ(classes.count(want), 1u) << want;
  }
}

TEST(SignatureSetTest, RedactedAndEmptyValuesAreSkipped) {
  const SignatureSet& set = Shipped();
  WafRecord r;
  r.request.uri = "REDACTED";
  r.request.args = "REDACTED";
  SignatureHits hits;
  set.Scan(r, &hits);
  EXPECT_TRUE(hits.empty());
}

TEST(SignatureSetTest, ScanUrlSplitsPathQueryAndHost) {
  const SignatureSet& set = Shipped();
  SignatureHits hits;
  set.ScanUrl(
      "https://shop.example.com:443/login?next=https://shop.example.com/a",
      &hits);
  EXPECT_TRUE(hits.empty());
  set.ScanUrl("https://shop.example.com:443/login?next=https://evil.example/a",
              &hits);
  ASSERT_EQ(hits.indexes().size(), 1u);
  EXPECT_EQ(set.signature(hits.indexes()[0]).cls, "open-redirect");
  hits.Clear();
  set.ScanUrl("/cgi-bin/x.cgi?f=../../etc/passwd", &hits);
  EXPECT_GE(hits.indexes().size(), 3u);
}

TEST(SignatureSetTest, ParseFileReportsBadEntries) {
  Result<std::vector<Signature>> r = SignatureSet::ParseFile(
      R"j({"signatures":[{"id":"a","class":"x","targets":["nope"],"pattern":"a",
           "tests":{"positive":["a"],"negative":["b"]}},
          {"class":"x","targets":["uri"],"pattern":"b","tests":{"positive":[],"negative":["c"]}}]})j",
      "f.json");
  ASSERT_FALSE(r.ok());
  const std::string& m = r.status().message();
  EXPECT_NE(m.find("signature \"a\": key \"targets\""), std::string::npos) << m;
  EXPECT_NE(m.find("signature #2: key \"tests\""), std::string::npos) << m;
  EXPECT_NE(m.find("signature #2: key \"id\": missing"), std::string::npos)
      << m;
}

TEST(SignatureSetTest, BuildRejectsBadPatternsAndDuplicates) {
  Signature s;
  s.id = "x";
  s.cls = "c";
  s.targets = {SignatureTarget::kUri};
  s.pattern = "[a-";
  EXPECT_FALSE(SignatureSet::Build({s}).ok());
  s.pattern = "a";
  EXPECT_FALSE(SignatureSet::Build({s, s}).ok());
  s.foreign_host_only = true;
  EXPECT_FALSE(SignatureSet::Build({s}).ok());  // No host capture group.
  s.pattern = "//([a-z.]+)";
  EXPECT_TRUE(SignatureSet::Build({s}).ok());
}

TEST(SameSiteTest, ComparesHostsAndParentDomains) {
  EXPECT_TRUE(SameSite("shop.example.com", "shop.example.com:443"));
  EXPECT_TRUE(SameSite("accounts.example.com", "shop.example.com"));
  EXPECT_TRUE(SameSite("example.com", "shop.example.com"));
  EXPECT_TRUE(SameSite("www.example.com", "example.com"));
  EXPECT_FALSE(SameSite("example.com.evil.com", "shop.example.com"));
  EXPECT_FALSE(SameSite("evilexample.com", "example.com"));
  EXPECT_FALSE(SameSite("other.com", "example.com"));
  EXPECT_FALSE(SameSite("x.com", ""));
}

}  // namespace
}  // namespace waftune

namespace waftune {
namespace {

TEST(SignatureSetTest, CachedResultsEqualFreshScansAcrossValuesAndHosts) {
  // One SignatureHits is reused per thread and caches per (target, host,
  // value): repeated scans, other hosts and hits already present must give
  // exactly what a fresh object gives.
  const SignatureSet& set = Shipped();
  const std::string_view redirect = "redirect_uri=https%3A%2F%2Fshop.example.com%2Fcb";
  const std::string_view sqli = "id=1%27%20union%20select%20null--";
  SignatureHits reused;
  for (int round = 0; round < 3; ++round) {
    for (std::string_view host : {"shop.example.com", "www.other.org", ""}) {
      for (std::string_view value : {redirect, sqli}) {
        reused.Clear();
        set.ScanValue(SignatureTarget::kArgs, sqli, &reused, host);  // Hits already present.
        set.ScanValue(SignatureTarget::kArgs, value, &reused, host);
        SignatureHits fresh;
        set.ScanValue(SignatureTarget::kArgs, sqli, &fresh, host);
        set.ScanValue(SignatureTarget::kArgs, value, &fresh, host);
        EXPECT_EQ(reused.indexes(), fresh.indexes()) << host << " " << value;
      }
    }
  }
  reused.Clear();
  set.ScanValue(SignatureTarget::kArgs, redirect, &reused, "shop.example.com");
  EXPECT_TRUE(reused.empty());
  set.ScanValue(SignatureTarget::kArgs, redirect, &reused, "www.other.org");
  EXPECT_FALSE(reused.empty());
}

}  // namespace
}  // namespace waftune

namespace waftune {
namespace {

// One SignatureHits reused with two different sets (a thread's memo lives
// on across files and runs): each set's own result, never the other's.
TEST(SignatureMemoTest, HitsReusedWithAnotherSetScanAgain) {
  auto make = [](const std::string& pattern) {
    return SignatureSet::Build({Signature{"s", "sqli", "high", {SignatureTarget::kUri},
                                          pattern, "", false, {"x"}, {"y"}}});
  };
  auto union_set = make("union");
  auto select_set = make("select");
  ASSERT_TRUE(union_set.ok() && select_set.ok());
  SignatureHits hits;
  union_set->ScanValue(SignatureTarget::kUri, "/union", &hits);
  EXPECT_FALSE(hits.empty());
  hits.Clear();
  select_set->ScanValue(SignatureTarget::kUri, "/union", &hits);
  EXPECT_TRUE(hits.empty());
  hits.Clear();
  union_set->ScanValue(SignatureTarget::kUri, "/union", &hits);
  EXPECT_FALSE(hits.empty());
}

}  // namespace
}  // namespace waftune
