#!/usr/bin/env node
// Validates waftune's WAFv2 output against the AWS API model.
//
// Reads {"rules": [Rule, ...], "ip_sets": [CreateIPSet input, ...]} on stdin.
// Each rule goes into a complete UpdateWebACL request and is checked by the
// aws-sdk (v2) ParamValidator with the wafv2 model the SDK ships: required
// members, unknown members and types. The shipped model is minified and has
// lost min/max/pattern/enum constraints, so checkSemantics() adds the ones
// the API reference states (name patterns and lengths, enums, Statement as a
// union, And/Or with 2+ statements, Action xor OverrideAction, managed
// groups only at top level, label rules after the group that labels).
// When WAFTUNE_EXPECT_STRING is set, some string value must equal it exactly
// (round-trip check for hostile input). Exit 0 and print "ok" when valid;
// exit 1 with one message per line.
'use strict';
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';
const AWS = require('aws-sdk/lib/core');
const model = require('aws-sdk/apis/wafv2-2019-07-29.min.json');

const api = new AWS.Model.Api(model);
const NAME_RE = /^[\w-]{1,128}$/;
const METRIC_RE = /^[\w#:.\-/]{1,255}$/;
const LABEL_RE = /^[0-9A-Za-z_\-:]{1,1024}$/;
const TRANSFORMS = new Set(['NONE', 'COMPRESS_WHITE_SPACE', 'HTML_ENTITY_DECODE', 'LOWERCASE',
  'CMD_LINE', 'URL_DECODE', 'URL_DECODE_UNI', 'BASE64_DECODE', 'BASE64_DECODE_EXT', 'HEX_DECODE',
  'MD5', 'REPLACE_COMMENTS', 'ESCAPE_SEQ_DECODE', 'SQL_HEX_DECODE', 'CSS_DECODE', 'JS_DECODE',
  'NORMALIZE_PATH', 'NORMALIZE_PATH_WIN', 'REMOVE_NULLS', 'REPLACE_NULLS', 'UTF8_TO_UNICODE']);
const MAX_REGEX = 200;  // WAF quota; the API field allows 512.

function modelErrors(shape, params) {
  try {
    new AWS.ParamValidator(true).validate(shape, params);
    return [];
  } catch (e) {
    return e.errors ? e.errors.map((x) => x.message) : [e.message];
  }
}

function checkStatement(st, where, depth, errors, labelKeys) {
  if (!st || typeof st !== 'object' || Array.isArray(st)) {
    errors.push(`${where}: statement must be an object`);
    return;
  }
  const keys = Object.keys(st);
  if (keys.length !== 1) {
    errors.push(`${where}: a Statement holds exactly one statement type, got [${keys}]`);
    return;
  }
  const kind = keys[0];
  const body = st[kind] || {};
  const at = `${where}.${kind}`;
  if (kind === 'ManagedRuleGroupStatement' && depth > 0) {
    errors.push(`${at}: managed rule groups cannot be nested`);
  }
  if (kind === 'AndStatement' || kind === 'OrStatement') {
    const list = body.Statements || [];
    if (list.length < 2) errors.push(`${at}: needs at least 2 statements`);
    list.forEach((s, i) => checkStatement(s, `${at}.Statements[${i}]`, depth + 1, errors, labelKeys));
  } else if (kind === 'NotStatement') {
    checkStatement(body.Statement, `${at}.Statement`, depth + 1, errors, labelKeys);
  } else if (kind === 'LabelMatchStatement') {
    if (!['LABEL', 'NAMESPACE'].includes(body.Scope)) errors.push(`${at}.Scope: LABEL or NAMESPACE`);
    if (!LABEL_RE.test(body.Key || '')) errors.push(`${at}.Key: invalid label "${body.Key}"`);
    if (body.Scope === 'NAMESPACE' && !String(body.Key).endsWith(':')) {
      errors.push(`${at}.Key: a namespace ends with ':'`);
    }
    labelKeys.push(String(body.Key));
  } else if (kind === 'RegexMatchStatement') {
    const re = body.RegexString;
    if (typeof re !== 'string' || re.length < 1 || re.length > MAX_REGEX) {
      errors.push(`${at}.RegexString: 1..${MAX_REGEX} characters`);
    }
    (body.TextTransformations || []).forEach((t, i) => {
      if (!TRANSFORMS.has(t.Type)) errors.push(`${at}.TextTransformations[${i}].Type: "${t.Type}"`);
    });
    const ftm = body.FieldToMatch || {};
    if (Object.keys(ftm).length !== 1) errors.push(`${at}.FieldToMatch: exactly one field`);
    if (ftm.Cookies && !['ALL', 'KEY', 'VALUE'].includes(ftm.Cookies.MatchScope)) {
      errors.push(`${at}.FieldToMatch.Cookies.MatchScope`);
    }
  } else if (kind === 'GeoMatchStatement') {
    const codes = body.CountryCodes || [];
    if (codes.length < 1 || codes.some((c) => !/^[A-Z]{2}$/.test(c))) {
      errors.push(`${at}.CountryCodes: 1+ two-letter codes`);
    }
  }
}

function checkRule(rule, i, errors) {
  const where = `rules[${i}]`;
  if (!NAME_RE.test(rule.Name || '')) errors.push(`${where}.Name: [A-Za-z0-9_-]{1,128}`);
  const vc = rule.VisibilityConfig || {};
  if (!METRIC_RE.test(vc.MetricName || '') || ['All', 'Default_Action'].includes(vc.MetricName)) {
    errors.push(`${where}.VisibilityConfig.MetricName: invalid "${vc.MetricName}"`);
  }
  if (!Number.isInteger(rule.Priority) || rule.Priority < 0) errors.push(`${where}.Priority: >= 0`);
  const isGroup = rule.Statement && ('ManagedRuleGroupStatement' in rule.Statement ||
                                     'RuleGroupReferenceStatement' in rule.Statement);
  if (isGroup && (!rule.OverrideAction || rule.Action)) {
    errors.push(`${where}: group rules take OverrideAction, not Action`);
  }
  if (!isGroup && (!rule.Action || rule.OverrideAction)) {
    errors.push(`${where}: non-group rules take Action, not OverrideAction`);
  }
  for (const o of (rule.Statement?.ManagedRuleGroupStatement?.RuleActionOverrides || [])) {
    if (!NAME_RE.test(o.Name || '')) errors.push(`${where}: RuleActionOverrides Name "${o.Name}"`);
  }
  const labelKeys = [];
  checkStatement(rule.Statement, `${where}.Statement`, 0, errors, labelKeys);
  return labelKeys;
}

// Returns a list of error strings (empty when valid).
function validateDocument(doc) {
  const errors = [];
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.rules) || doc.rules.length === 0) {
    return ['input must be {"rules": [Rule, ...]}'];
  }
  for (const k of Object.keys(doc)) {
    if (!['rules', 'ip_sets'].includes(k)) errors.push(`unexpected top-level key "${k}"`);
  }
  const params = {
    Name: 'waftune-validate', Scope: 'REGIONAL', Id: '00000000-0000-0000-0000-000000000000',
    DefaultAction: { Allow: {} }, LockToken: '00000000-0000-0000-0000-000000000000',
    VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'waftune' },
    Rules: doc.rules,
  };
  errors.push(...modelErrors(api.operations.updateWebACL.input, params));
  const seenNames = new Set();
  const seenPriorities = new Set();
  const labelUses = [];
  doc.rules.forEach((rule, i) => {
    if (seenNames.has(rule.Name)) errors.push(`rules[${i}]: duplicate Name ${rule.Name}`);
    if (seenPriorities.has(rule.Priority)) errors.push(`rules[${i}]: duplicate Priority ${rule.Priority}`);
    seenNames.add(rule.Name);
    seenPriorities.add(rule.Priority);
    for (const key of checkRule(rule, i, errors)) labelUses.push({ key, i });
  });
  // A rule sees only labels added by rules with a lower Priority.
  for (const { key, i } of labelUses) {
    if (!key.startsWith('awswaf:managed:aws:')) continue;
    const labeler = doc.rules.some((r) => r.Statement?.ManagedRuleGroupStatement &&
                                         r.Priority < doc.rules[i].Priority);
    if (!labeler) errors.push(`rules[${i}]: matches ${key} but no managed group runs before it`);
  }
  (doc.ip_sets || []).forEach((set, i) => {
    errors.push(...modelErrors(api.operations.createIPSet.input, set).map((m) => `ip_sets[${i}]: ${m}`));
    if (!NAME_RE.test(set.Name || '')) errors.push(`ip_sets[${i}].Name`);
    if (!['REGIONAL', 'CLOUDFRONT'].includes(set.Scope)) errors.push(`ip_sets[${i}].Scope`);
    if (!['IPV4', 'IPV6'].includes(set.IPAddressVersion)) errors.push(`ip_sets[${i}].IPAddressVersion`);
    for (const a of set.Addresses || []) {
      if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(a)) errors.push(`ip_sets[${i}]: address "${a}" is not a CIDR`);
    }
  });
  return errors;
}

// Appends every string value in node to out.
function collectStrings(node, out) {
  if (typeof node === 'string') out.push(node);
  else if (node && typeof node === 'object') Object.values(node).forEach((v) => collectStrings(v, out));
  return out;
}

module.exports = { validateDocument, collectStrings };

if (require.main === module) {
  let input = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d) => { input += d; });
  process.stdin.on('end', () => {
    let doc;
    try {
      doc = JSON.parse(input);
    } catch (e) {
      console.error(`not JSON: ${e.message}`);
      process.exit(1);
    }
    const errors = validateDocument(doc);
    // Round-trip check for hostile input: some string must equal it exactly.
    const expect = process.env.WAFTUNE_EXPECT_STRING;
    if (expect !== undefined && !collectStrings(doc, []).includes(expect)) {
      errors.push(`no string value equals ${JSON.stringify(expect)}`);
    }
    if (errors.length) {
      for (const e of errors) console.error(e);
      process.exit(1);
    }
    console.log('ok');
  });
}
