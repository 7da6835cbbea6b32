#include "analysis/sql_sources.h"

#include <cctype>
#include <cstdio>

#include "util/time_format.h"

namespace waftune {
namespace {

constexpr int64_t kMinuteMs = 60 * 1000;
constexpr int64_t kDayMs = 24 * 60 * kMinuteMs;

// "yyyy/MM/dd/HH/mm" (or "yyyy/MM/dd" when minutes is false) of a UTC
// time: the S3 folder names, used to prune projected partitions.
std::string FolderTime(int64_t ms, bool minutes) {
  const std::string iso = FormatIsoTime(ms);  // 2026-11-20T08:00:00Z
  std::string out = iso.substr(0, 4) + "/" + iso.substr(5, 2) + "/" + iso.substr(8, 2);
  if (minutes) out += "/" + iso.substr(11, 2) + "/" + iso.substr(14, 2);
  return out;
}

std::string S3Root(const SqlOptions& o) {
  std::string root = "s3://" + o.bucket + "/";
  std::string prefix = o.prefix;
  while (!prefix.empty() && prefix.front() == '/') prefix.erase(0, 1);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  if (!prefix.empty()) root += prefix + "/";
  return root + "AWSLogs/" + o.account + "/";
}

std::string Table(const SqlOptions& o, const char* name) {
  if (o.engine == SqlEngine::kDuckDb) return name;
  return o.database + "." + name;
}

const char kMatchDetails[] =
    "array<struct<conditiontype:string,sensitivitylevel:string,location:string,"
    "matcheddata:array<string>>>";

std::string AthenaWafDdl(const SqlOptions& o) {
  const std::string md = kMatchDetails;
  const std::string location = S3Root(o) + "WAFLogs/" + o.region + "/" + o.web_acl + "/";
  const std::string start = o.since_ms ? FolderTime(*o.since_ms - kDayMs, true)
                                       : std::string("2020/01/01/00/00");
  return "-- WAF logs as AWS WAF writes them to S3 (one JSON record per line), with\n"
         "-- partition projection over the minute folders (yyyy/MM/dd/HH/mm).\n"
         "-- excludedrules is typed as an array so legacy EXCLUDED_AS_COUNT rows count.\n"
         "CREATE EXTERNAL TABLE IF NOT EXISTS " + Table(o, "waf_logs") + " (\n"
         "  `timestamp` bigint,\n  `formatversion` int,\n  `webaclid` string,\n"
         "  `terminatingruleid` string,\n  `terminatingruletype` string,\n  `action` string,\n"
         "  `terminatingrulematchdetails` " + md + ",\n"
         "  `httpsourcename` string,\n  `httpsourceid` string,\n"
         "  `rulegrouplist` array<struct<rulegroupid:string,"
         "terminatingrule:struct<ruleid:string,action:string,rulematchdetails:" + md + ">,"
         "nonterminatingmatchingrules:array<struct<ruleid:string,action:string,"
         "overriddenaction:string,rulematchdetails:" + md + ">>,"
         "excludedrules:array<struct<exclusiontype:string,ruleid:string>>>>,\n"
         "  `ratebasedrulelist` array<struct<ratebasedruleid:string,ratebasedrulename:string,"
         "limitkey:string,maxrateallowed:int,limitvalue:string>>,\n"
         "  `nonterminatingmatchingrules` array<struct<ruleid:string,action:string,"
         "rulematchdetails:" + md + ">>,\n"
         "  `requestheadersinserted` array<struct<name:string,value:string>>,\n"
         "  `responsecodesent` string,\n"
         "  `httprequest` struct<clientip:string,country:string,"
         "headers:array<struct<name:string,value:string>>,uri:string,args:string,"
         "httpversion:string,httpmethod:string,requestid:string,fragment:string,"
         "scheme:string,host:string>,\n"
         "  `labels` array<struct<name:string>>,\n"
         "  `captcharesponse` struct<responsecode:string,solvetimestamp:string,"
         "failurereason:string>,\n"
         "  `challengeresponse` struct<responsecode:string,solvetimestamp:string,"
         "failurereason:string>,\n"
         "  `ja3fingerprint` string,\n  `ja4fingerprint` string,\n  `oversizefields` string,\n"
         "  `requestbodysize` int,\n  `requestbodysizeinspectedbywaf` int\n)\n"
         "PARTITIONED BY (`log_time` string)\n"
         "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\n"
         "STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'\n"
         "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\n"
         "LOCATION " + SqlQuote(location) + "\n"
         "TBLPROPERTIES (\n"
         "  'projection.enabled' = 'true',\n"
         "  'projection.log_time.type' = 'date',\n"
         "  'projection.log_time.range' = " + SqlQuote(start + ",NOW") + ",\n"
         "  'projection.log_time.format' = 'yyyy/MM/dd/HH/mm',\n"
         "  'projection.log_time.interval' = '1',\n"
         "  'projection.log_time.interval.unit' = 'minutes',\n"
         "  'storage.location.template' = " + SqlQuote(location + "${log_time}") + "\n);\n\n";
}

// AWS's documented regex for ALB access logs (all fields through
// conn_trace_id; anything newer lands in extra_fields).
const char kAlbRegex[] =
    R"re(([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*):([0-9]*) ([^ ]*)[:-]([0-9]*) ([-.0-9]*) ([-.0-9]*) ([-.0-9]*) (|[-0-9]*) (-|[-0-9]*) ([-0-9]*) ([-0-9]*) \"([^ ]*) (.*) (- |[^ ]*)\" \"([^\"]*)\" ([A-Z0-9-_]+) ([A-Za-z0-9.-]*) ([^ ]*) \"([^\"]*)\" \"([^\"]*)\" \"([^\"]*)\" ([-.0-9]*) ([^ ]*) \"([^\"]*)\" \"([^\"]*)\" \"([^ ]*)\" \"([^\s]+?)\" \"([^\s]+)\" \"([^ ]*)\" \"([^ ]*)\" ?([^ ]*)?( .*)?)re";

std::string AthenaAlbDdl(const SqlOptions& o) {
  const std::string location = S3Root(o) + "elasticloadbalancing/" + o.region + "/";
  const std::string start =
      o.since_ms ? FolderTime(*o.since_ms - kDayMs, false) : std::string("2020/01/01");
  return "-- ALB access logs (space-separated, quoted fields), with partition\n"
         "-- projection over the day folders (yyyy/MM/dd: the delivery day).\n"
         "CREATE EXTERNAL TABLE IF NOT EXISTS " + Table(o, "alb_logs") + " (\n"
         "  type string, time string, elb string, client_ip string, client_port int,\n"
         "  target_ip string, target_port int, request_processing_time double,\n"
         "  target_processing_time double, response_processing_time double,\n"
         "  elb_status_code int, target_status_code string, received_bytes bigint,\n"
         "  sent_bytes bigint, request_verb string, request_url string, request_proto string,\n"
         "  user_agent string, ssl_cipher string, ssl_protocol string,\n"
         "  target_group_arn string, trace_id string, domain_name string,\n"
         "  chosen_cert_arn string, matched_rule_priority string,\n"
         "  request_creation_time string, actions_executed string, redirect_url string,\n"
         "  lambda_error_reason string, target_port_list string,\n"
         "  target_status_code_list string, classification string,\n"
         "  classification_reason string, conn_trace_id string, extra_fields string\n)\n"
         "PARTITIONED BY (day string)\n"
         "ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'\n"
         "WITH SERDEPROPERTIES ('serialization.format' = '1', 'input.regex' = " +
         SqlQuote(kAlbRegex) + ")\n"
         "LOCATION " + SqlQuote(location) + "\n"
         "TBLPROPERTIES (\n"
         "  'projection.enabled' = 'true',\n"
         "  'projection.day.type' = 'date',\n"
         "  'projection.day.range' = " + SqlQuote(start + ",NOW") + ",\n"
         "  'projection.day.format' = 'yyyy/MM/dd',\n"
         "  'projection.day.interval' = '1',\n"
         "  'projection.day.interval.unit' = 'DAYS',\n"
         "  'storage.location.template' = " + SqlQuote(location + "${day}") + "\n);\n\n";
}

std::string DuckDbWafView(const SqlOptions& o) {
  return "-- WAF logs: gzip or plain NDJSON files; bad lines are skipped.\n"
         "CREATE OR REPLACE VIEW waf_logs AS SELECT * FROM read_ndjson(" +
         SqlQuote(o.waf_glob) + ",\n"
         "  columns = {'timestamp': 'BIGINT', 'webaclId': 'VARCHAR',\n"
         "    'terminatingRuleId': 'VARCHAR', 'terminatingRuleType': 'VARCHAR',\n"
         "    'action': 'VARCHAR',\n"
         "    'httpRequest': 'STRUCT(clientIp VARCHAR, country VARCHAR, uri VARCHAR, "
         "requestId VARCHAR)',\n"
         "    'ruleGroupList': 'STRUCT(ruleGroupId VARCHAR, terminatingRule STRUCT(ruleId "
         "VARCHAR, action VARCHAR), nonTerminatingMatchingRules STRUCT(ruleId VARCHAR, "
         "action VARCHAR)[], excludedRules STRUCT(exclusionType VARCHAR, ruleId "
         "VARCHAR)[])[]',\n"
         "    'nonTerminatingMatchingRules': 'STRUCT(ruleId VARCHAR, action VARCHAR)[]'},\n"
         "  ignore_errors = true, maximum_object_size = 67108864);\n\n";
}

std::string DuckDbAlbView(const SqlOptions& o) {
  static const char* kColumns[] = {
      "type", "time", "elb", "client_port", "target_port", "request_processing_time",
      "target_processing_time", "response_processing_time", "elb_status_code",
      "target_status_code", "received_bytes", "sent_bytes", "request", "user_agent",
      "ssl_cipher", "ssl_protocol", "target_group_arn", "trace_id", "domain_name",
      "chosen_cert_arn", "matched_rule_priority", "request_creation_time",
      "actions_executed", "redirect_url", "error_reason", "target_port_list",
      "target_status_code_list", "classification", "classification_reason",
      "conn_trace_id", "transformed_host", "transformed_uri",
      "request_transform_status", "extra1", "extra2", "extra3", "extra4"};
  std::string columns;
  for (const char* c : kColumns) {
    columns += std::string(columns.empty() ? "" : ", ") + "'" + c + "': 'VARCHAR'";
  }
  return "-- ALB access logs: space-separated, quoted fields; older lines have\n"
         "-- fewer fields (null padded), unknown trailing fields are ignored.\n"
         "CREATE OR REPLACE VIEW alb_logs AS SELECT * FROM read_csv(" +
         SqlQuote(o.alb_glob) + ",\n"
         "  delim = ' ', quote = '\"', escape = '\\', header = false, auto_detect = false,\n"
         "  null_padding = true, ignore_errors = true,\n"
         "  columns = {" + columns + "});\n\n";
}

}  // namespace

SqlDialect DialectFor(SqlEngine engine) {
  SqlDialect d;
  d.duckdb = engine == SqlEngine::kDuckDb;
  d.regexp_like = d.duckdb ? "regexp_matches" : "regexp_like";
  return d;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Status CheckSqlOptions(const SqlOptions& o, bool needs_alb) {
  if (o.engine == SqlEngine::kDuckDb) {
    if (o.waf_glob.empty()) return Status::InvalidArgument("duckdb needs --waf-glob");
    if (needs_alb && o.alb_glob.empty()) {
      return Status::InvalidArgument("duckdb needs --alb-glob for this script");
    }
    return Status::Ok();
  }
  if (o.engine == SqlEngine::kAthena &&
      (o.bucket.empty() || o.account.empty() || o.web_acl.empty())) {
    return Status::InvalidArgument("athena needs --bucket, --account and --web-acl");
  }
  return Status::Ok();
}

std::string SourceStatements(const SqlOptions& o, bool needs_alb) {
  if (o.engine == SqlEngine::kDuckDb) {
    return DuckDbWafView(o) + (needs_alb ? DuckDbAlbView(o) : "");
  }
  if (o.engine == SqlEngine::kTrino) {
    return "-- Trino: expects " + Table(o, "waf_logs") +
           (needs_alb ? " and " + Table(o, "alb_logs") : "") +
           " with the columns of `waftune sql --engine athena` (Hive connector).\n\n";
  }
  return "CREATE DATABASE IF NOT EXISTS " + o.database + ";\n\n" + AthenaWafDdl(o) +
         (needs_alb ? AthenaAlbDdl(o) : "");
}

std::string RequestsCte(const SqlOptions& o, const SqlDialect& d) {
  std::string where = "1 = 1";
  if (o.since_ms) where += " AND \"timestamp\" >= " + std::to_string(*o.since_ms);
  if (o.until_ms) where += " AND \"timestamp\" < " + std::to_string(*o.until_ms);
  if (!d.duckdb && o.engine == SqlEngine::kAthena) {
    // Records sit in the folder of their 5-minute file: prune with margin.
    if (o.since_ms) where += " AND log_time >= " + SqlQuote(FolderTime(*o.since_ms - 10 * kMinuteMs, true));
    if (o.until_ms) where += " AND log_time <= " + SqlQuote(FolderTime(*o.until_ms + 10 * kMinuteMs, true));
  }
  if (!o.web_acl.empty()) {
    where += " AND (regexp_extract(webaclId, '/webacl/([^/]+)', 1) = " + SqlQuote(o.web_acl) +
             " OR webaclId = " + SqlQuote(o.web_acl) + ")";
  }
  return "req AS (\n"
         "  SELECT row_number() OVER () AS rid, \"timestamp\" AS ts, webaclId AS webacl_id,\n"
         "         coalesce(terminatingRuleId, '') AS term_id, terminatingRuleType AS term_type,\n"
         "         CASE WHEN action IN ('ALLOW', 'BLOCK', 'CAPTCHA', 'CHALLENGE', 'COUNT')\n"
         "              THEN action ELSE 'UNKNOWN' END AS action,\n"
         "         coalesce(httpRequest.clientIp, '') AS client_ip,\n"
         "         httpRequest.requestId AS request_id,\n"
         "         ruleGroupList AS rule_groups, nonTerminatingMatchingRules AS top_nt\n"
         "  FROM " + Table(o, "waf_logs") + "\n  WHERE " + where + ")";
}

std::string AlbCte(const SqlOptions& o, const SqlDialect& d) {
  const std::string blocked = std::string(d.regexp_like) + "(actions_executed, '(^|,)waf$')";
  const std::string statics =
      std::string(d.regexp_like) +
      "(lower(path), '\\.(css|js|mjs|png|jpe?g|gif|svg|ico|webp|woff2?|ttf|map)$')";
  std::string inner;
  if (d.duckdb) {
    inner = "  SELECT regexp_extract(client_port, '^(.*):[0-9]+$', 1) AS client_ip,\n"
            "         coalesce(user_agent, '-') AS user_agent,\n"
            "         TRY_CAST(elb_status_code AS INTEGER) AS elb_status,\n"
            "         TRY_CAST(target_status_code AS INTEGER) AS target_status,\n"
            "         regexp_extract(request, '^[^ ]+ [A-Za-z]+://[^/]*([^? ]*)', 1) AS path,\n"
            "         regexp_extract(trace_id, 'Root=([^;]+)', 1) AS trace_root,\n"
            "         coalesce(actions_executed, '-') AS actions_executed\n"
            "  FROM alb_logs";
  } else {
    std::string where;
    if (o.engine == SqlEngine::kAthena && (o.since_ms || o.until_ms)) {
      where = "\n  WHERE 1 = 1";
      if (o.since_ms) where += " AND day >= " + SqlQuote(FolderTime(*o.since_ms - kDayMs, false));
      if (o.until_ms) where += " AND day <= " + SqlQuote(FolderTime(*o.until_ms + kDayMs, false));
    }
    inner = "  SELECT client_ip, coalesce(user_agent, '-') AS user_agent,\n"
            "         elb_status_code AS elb_status,\n"
            "         TRY_CAST(target_status_code AS INTEGER) AS target_status,\n"
            "         regexp_extract(request_url, '^[A-Za-z]+://[^/]*([^?]*)', 1) AS path,\n"
            "         regexp_extract(trace_id, 'Root=([^;]+)', 1) AS trace_root,\n"
            "         coalesce(actions_executed, '-') AS actions_executed\n"
            "  FROM " + Table(o, "alb_logs") + where;
  }
  return "alb AS (\n  SELECT client_ip, user_agent, elb_status, target_status, path, trace_root,\n"
         "         " + blocked + " AS waf_blocked,\n         " + statics + " AS is_static\n"
         "  FROM (\n" + inner + ") raw)";
}

}  // namespace waftune
