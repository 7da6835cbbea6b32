#!/usr/bin/env node
// Parses waftune's Terraform output with a real HCL parser (@cdktf/hcl2json).
//
// stdin holds what goes inside `resource "aws_wafv2_web_acl" "x" { ... }`
// (rule blocks or a rule_json attribute); with --raw it is a whole file
// (e.g. aws_wafv2_ip_set resources) and is parsed as is. Beyond syntax it
// checks what the provider would reject or what would change meaning:
// - statement nesting deeper than the provider's 3 levels;
// - a rule without name, priority, visibility_config, or without exactly
//   one of action / override_action;
// - template sequences: every ${...} must be an aws_wafv2_ip_set reference
//   and no %{ directive may appear (literal ones must be escaped $${ / %%{);
// - rule_json must decode to WAFv2 rules that validate_wafv2.js accepts.
// hcl2json prints Terraform-JSON syntax, where strings are still templates;
// decodeTemplate() turns them into the literal values. When the environment
// variable WAFTUNE_EXPECT_STRING is set, some decoded string must equal it
// (round-trip check for hostile input). Exit 0 and print "ok", else exit 1.
// --multi checks several documents in one run (see main()).
'use strict';
const { parse } = require('@cdktf/hcl2json');
const { validateDocument, collectStrings } = require('./validate_wafv2.js');

const MAX_DEPTH = 3;
const IPSET_REF = /^aws_wafv2_ip_set\.[A-Za-z_][\w-]*\.arn$/;

// Literal value of a template string; records forbidden sequences.
function decodeTemplate(s, where, errors) {
  let out = '';
  for (let i = 0; i < s.length;) {
    if (s.startsWith('$${', i) || s.startsWith('%%{', i)) {
      out += s[i] + '{';
      i += 3;
    } else if (s.startsWith('${', i)) {
      const end = s.indexOf('}', i);
      const expr = end < 0 ? '' : s.slice(i + 2, end);
      if (!IPSET_REF.test(expr)) errors.push(`${where}: unescaped interpolation \${${expr}`);
      out += `arn:aws:wafv2:REGION:ACCOUNT_ID:regional/ipset/${expr.split('.')[1]}/IPSET_ID`;
      i = end < 0 ? s.length : end + 1;
    } else if (s.startsWith('%{', i)) {
      errors.push(`${where}: unescaped template directive %{`);
      i += 2;
    } else {
      out += s[i++];
    }
  }
  return out;
}

// Decodes every string in the tree; collects them in `strings`.
function decodeTree(node, where, errors, strings) {
  if (typeof node === 'string') {
    const v = decodeTemplate(node, where, errors);
    strings.push(v);
    return v;
  }
  if (Array.isArray(node)) return node.map((x, i) => decodeTree(x, `${where}[${i}]`, errors, strings));
  if (node && typeof node === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      // A reference such as aws_wafv2_ip_set.x.arn arrives as "${...}".
      out[k] = decodeTree(v, `${where}.${k}`, errors, strings);
    }
    return out;
  }
  return node;
}

function statementDepth(stmt) {
  let deepest = 0;
  for (const bodies of Object.values(stmt)) {
    for (const body of bodies) {
      for (const child of body.statement || []) deepest = Math.max(deepest, statementDepth(child));
    }
  }
  return 1 + deepest;
}

function checkRule(rule, i, errors) {
  const where = `rule[${i}]`;
  for (const k of ['name', 'priority', 'statement', 'visibility_config']) {
    if (rule[k] === undefined) errors.push(`${where}: missing ${k}`);
  }
  if ((rule.action === undefined) === (rule.override_action === undefined)) {
    errors.push(`${where}: needs exactly one of action / override_action`);
  }
  for (const stmt of rule.statement || []) {
    const d = statementDepth(stmt);
    if (d > MAX_DEPTH) errors.push(`${where} (${rule.name}): statement depth ${d} > ${MAX_DEPTH}`);
  }
}

function checkWebAcl(acl, errors, strings) {
  const rules = acl.rule || [];
  rules.forEach((r, i) => checkRule(r, i, errors));
  if (acl.rule_json !== undefined) {
    if (rules.length) errors.push('rule_json conflicts with rule blocks');
    let parsed;
    try {
      parsed = JSON.parse(acl.rule_json);
    } catch (e) {
      errors.push(`rule_json is not JSON: ${e.message}`);
      return;
    }
    for (const e of validateDocument({ rules: parsed })) errors.push(`rule_json: ${e}`);
    collectStrings(parsed, strings);
  }
  if (!rules.length && acl.rule_json === undefined) errors.push('no rule blocks and no rule_json');
}

const SEPARATOR = '#--- waftune document ---';

// Checks one document; returns its error messages.
async function checkDocument(input, raw) {
  const text = raw ? input : `resource "aws_wafv2_web_acl" "x" {\n${input}\n}\n`;
  let tree;
  try {
    tree = await parse('waftune.tf', text);
  } catch (e) {
    return [`HCL parse error: ${e.message}`];
  }
  const errors = [];
  const strings = [];
  const decoded = decodeTree(tree, '', errors, strings);
  if (!raw) {
    const acls = decoded.resource?.aws_wafv2_web_acl?.x || [];
    acls.forEach((acl) => checkWebAcl(acl, errors, strings));
  }
  const expect = process.env.WAFTUNE_EXPECT_STRING;
  if (expect !== undefined && !strings.includes(expect)) {
    errors.push(`no string value equals ${JSON.stringify(expect)}`);
  }
  return errors;
}

async function main() {
  const raw = process.argv.includes('--raw');
  const multi = process.argv.includes('--multi');
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  if (!multi) {
    const errors = await checkDocument(input, raw);
    for (const e of errors) console.error(e);
    if (errors.length) process.exit(1);
    console.log('ok');
    return;
  }
  // --multi: documents separated by SEPARATOR lines (loading the parser
  // costs about a second, parsing a document milliseconds); a document whose
  // first line is "#raw" is parsed as a whole file. One line per document.
  let failed = false;
  const docs = input.split(`\n${SEPARATOR}\n`);
  for (let i = 0; i < docs.length; i++) {
    const isRaw = raw || docs[i].startsWith('#raw\n');
    const errors = await checkDocument(docs[i], isRaw);
    failed = failed || errors.length > 0;
    console.log(errors.length ? `doc ${i}: FAIL ${errors.join(' | ')}` : `doc ${i}: ok`);
  }
  process.exit(failed ? 1 : 0);
}

main();
