#!/usr/bin/env python3
"""Turns the public labelled corpora into one TSV the signature quality driver reads.

Output rows: corpus <TAB> class <TAB> label <TAB> kind <TAB> value
  label: attack | normal
  kind:  arg  (one raw parameter value, scanned as query args)
         url  (path[?query], scanned as uri + args)
  value: backslash-escaped (\\\\, \\t, \\n, \\r).

Corpora (see ../../../shared/corpora/*/SOURCE.md for provenance and licences):
  httpparams  payload_full.csv: every value; class = attack_type (sqli, xss,
              path-traversal, cmdi) or norm.
  httpparams-lexical  payload_test_lexical.csv: natural-language forum text
              (normal) and bare SQL/JS syntax fragments (attack).
  crs         CRS regression tests (go-ftw YAML) of paranoia-level-1 rules in
              930 (lfi), 931 (rfi), 932 (rce), 941 (xss), 942 (sqli) whose
              payload is in the URI query string (uri contains '?'), that
              expect the rule to fire. Stages with a body or encoded_request
              are skipped (WAF logs carry no body).
  csic        CSIC 2010 requests: normalTrafficTest = normal,
              anomalousTrafficTest = attack; the POST body is appended to the
              query string, since both are parameter data.
  fwaf        badqueries.txt (attack; path+query lines).
  patt        PayloadsAllTheThings intruder lists (attack; class from folder).

Usage:
  extract_corpora.py --corpora DIR --out FILE.tsv            # full corpora
  extract_corpora.py --corpora DIR --sample-dir tests/data/match  # test slices
Stdlib only; deterministic (fixed seed, sorted file order).
"""
import argparse
import csv
import gzip
import os
import random
import re
import sys

CRS_DIRS = {
    'REQUEST-930-APPLICATION-ATTACK-LFI': 'lfi',
    'REQUEST-931-APPLICATION-ATTACK-RFI': 'rfi',
    'REQUEST-932-APPLICATION-ATTACK-RCE': 'rce',
    'REQUEST-941-APPLICATION-ATTACK-XSS': 'xss',
    'REQUEST-942-APPLICATION-ATTACK-SQLI': 'sqli',
}
PATT_CLASSES = {
    'SQL Injection': 'sqli', 'XSS Injection': 'xss', 'File Inclusion': 'lfi',
    'Directory Traversal': 'traversal', 'Command Injection': 'rce',
    'Server Side Template Injection': 'ssti', 'XXE Injection': 'xxe',
    'NoSQL Injection': 'nosqli', 'LDAP Injection': 'ldapi',
}


def esc(s):
    return s.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n').replace('\r', '\\r')


def httpparams(root):
    with open(os.path.join(root, 'httpparams', 'payload_full.csv'), newline='', encoding='utf-8') as f:
        rows = list(csv.reader(f))[1:]
    for payload, _length, attack_type, label in rows:
        yield ('httpparams', attack_type, 'attack' if label == 'anom' else 'normal', 'arg', payload)


def httpparams_lexical(root):
    """Natural-language forum text (normal) and SQL/JS syntax (attack)."""
    path = os.path.join(root, 'httpparams', 'payload_test_lexical.csv')
    with open(path, newline='', encoding='utf-8') as f:
        rows = list(csv.reader(f))[1:]
    for row in rows:
        if len(row) < 4:
            continue
        payload, _length, attack_type, label = row[:4]
        yield ('httpparams-lexical', attack_type, 'attack' if label == 'anom' else 'normal', 'arg', payload)


def yaml_scalar(text):
    """Value of a one-line YAML scalar: "double", 'single' or plain."""
    text = text.strip()
    if text.startswith('"'):
        m = re.match(r'"((?:[^"\\]|\\.)*)"', text)
        if not m:
            return None
        body = m.group(1)
        out, i = [], 0
        while i < len(body):
            c = body[i]
            if c == '\\' and i + 1 < len(body):
                n = body[i + 1]
                simple = {'n': '\n', 't': '\t', 'r': '\r', '"': '"', '\\': '\\', '/': '/', '0': '\0', ' ': ' '}
                if n in simple:
                    out.append(simple[n]); i += 2; continue
                if n == 'x':
                    out.append(chr(int(body[i + 2:i + 4], 16))); i += 4; continue
                if n == 'u':
                    out.append(chr(int(body[i + 2:i + 6], 16))); i += 6; continue
            out.append(c); i += 1
        return ''.join(out)
    if text.startswith("'"):
        m = re.match(r"'((?:[^']|'')*)'", text)
        return m.group(1).replace("''", "'") if m else None
    return text.split(' #')[0].strip()


def crs_tests(path):
    """Yields (uri, method, has_body, expect_ids) per stage of one go-ftw file."""
    stage = None
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            s = line.strip()
            if s.startswith('- input:') or s == 'input:':
                if stage:
                    yield stage
                stage = {'uri': None, 'method': 'GET', 'body': False, 'expect': False, 'encoded': False}
            elif stage is None:
                continue
            elif s.startswith('uri:'):
                stage['uri'] = yaml_scalar(s[4:])
            elif s.startswith('method:'):
                stage['method'] = yaml_scalar(s[7:])
            elif s.startswith('data:'):
                stage['body'] = True
            elif s.startswith('encoded_request:'):
                stage['encoded'] = True
            elif s.startswith('expect_ids:'):
                stage['expect'] = True
    if stage:
        yield stage


def crs(root):
    base = os.path.join(root, 'crs-regression')
    levels = {}
    with open(os.path.join(base, 'rule-paranoia-levels.csv')) as f:
        for row in csv.DictReader(f):
            levels[row['rule_id']] = int(row['paranoia_level'])
    for d, cls in sorted(CRS_DIRS.items()):
        for name in sorted(os.listdir(os.path.join(base, d))):
            rule = name.split('.')[0]
            if levels.get(rule) != 1:
                continue
            for st in crs_tests(os.path.join(base, d, name)):
                uri = st['uri']
                if not st['expect'] or st['body'] or st['encoded'] or not uri or '?' not in uri:
                    continue
                yield ('crs', cls, 'attack', 'url', uri)


def csic_requests(path):
    with gzip.open(path, 'rb') as f:
        text = f.read().decode('latin-1').replace('\r\n', '\n')
    for block in re.split(r'\n\n+(?=(?:GET|POST|PUT|DELETE|HEAD) )', text):
        lines = block.strip('\n').split('\n')
        if not lines or ' ' not in lines[0]:
            continue
        parts = lines[0].split(' ')
        method, url = parts[0], parts[1]
        body = ''
        if '' in lines:
            body = '\n'.join(lines[lines.index('') + 1:]).strip()
        url = re.sub(r'^https?://[^/]+', '', url)
        if body:
            url += ('&' if '?' in url else '?') + body
        yield method, url


def csic(root):
    for fname, label in (('normalTrafficTest.txt.gz', 'normal'), ('anomalousTrafficTest.txt.gz', 'attack')):
        for _method, url in csic_requests(os.path.join(root, 'csic2010', fname)):
            yield ('csic', 'mixed' if label == 'attack' else 'norm', label, 'url', url)


def fwaf(root):
    with open(os.path.join(root, 'fwaf', 'badqueries.txt'), encoding='utf-8', errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            if line:
                yield ('fwaf', 'mixed', 'attack', 'url', line)


def patt(root):
    base = os.path.join(root, 'payloadsallthethings')
    for top in sorted(os.listdir(base)):
        cls = PATT_CLASSES.get(top)
        if not cls:
            continue
        for dirpath, _dirs, files in sorted(os.walk(os.path.join(base, top))):
            for name in sorted(files):
                with open(os.path.join(dirpath, name), encoding='utf-8', errors='replace') as f:
                    for line in f:
                        line = line.rstrip('\n')
                        if line.strip():
                            yield ('patt', cls, 'attack', 'arg', line)


def write(rows, path):
    with open(path, 'w', encoding='utf-8', errors='surrogateescape') as out:
        for r in rows:
            out.write('\t'.join(r[:4]) + '\t' + esc(r[4]) + '\n')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--corpora', required=True)
    ap.add_argument('--out')
    ap.add_argument('--sample-dir')
    a = ap.parse_args()
    if a.out:
        rows = []
        for gen in (httpparams, httpparams_lexical, crs, csic, fwaf, patt):
            rows.extend(gen(a.corpora))
        write(rows, a.out)
        print('wrote %d rows to %s' % (len(rows), a.out))
    if a.sample_dir:
        rng = random.Random(20261126)
        hp = list(httpparams(a.corpora))
        attacks = [r for r in hp if r[2] == 'attack']
        normal = [r for r in hp if r[2] == 'normal']
        write(rng.sample(attacks, 1500) + rng.sample(normal, 2000),
              os.path.join(a.sample_dir, 'quality-httpparams.tsv'))
        write(list(crs(a.corpora)), os.path.join(a.sample_dir, 'quality-crs.tsv'))
        cs = [r for r in csic(a.corpora) if r[2] == 'normal']
        write(rng.sample(cs, 1500), os.path.join(a.sample_dir, 'quality-csic-normal.tsv'))
        lex = [r for r in httpparams_lexical(a.corpora) if r[2] == 'normal']
        write(rng.sample(lex, 400), os.path.join(a.sample_dir, 'quality-lexical-normal.tsv'))
        print('wrote samples to', a.sample_dir)
    if not (a.out or a.sample_dir):
        ap.error('give --out and/or --sample-dir')


if __name__ == '__main__':
    sys.exit(main())
