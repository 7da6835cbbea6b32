#!/usr/bin/env python3
"""Writes realistic ALB access-log lines for the parsing benchmark.

Usage: gen_alb.py OUT_FILE [SIZE_MB]   (default 1024 MB)

Lines follow the 33-field format of the real 2026 line in
/work/shared/formats/examples/alb-public-real-33fields.log (with ~10% older
29-field lines): browser and tool user agents with spaces, query strings,
WAF blocks (403, "waf"), target timeouts (504, -1), client aborts (460),
Lambda 502s. A pool of distinct lines is generated once and then sampled,
so writing 1 GB takes seconds. Deterministic (fixed seed).
"""
import random
import sys

AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.2 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "Apache-HttpClient/4.5.6 (Java/1.8.0_191)",
    "-",
]
PATHS = ["/", "/index.html", "/api/v1/orders", "/api/v1/orders/{n}", "/static/app.{h}.js",
         "/static/style.{h}.css", "/login", "/search", "/admin/cms/articles/{n}",
         "/images/{n}.jpg", "/wp-login.php", "/.env", "/health"]
QUERIES = ["", "", "", "?q=shoes&page={n}", "?id={n}", "?next=%2Fhome", "?f=json",
           "?utm_source=news&utm_medium=email"]
OUTCOMES = [  # weight, elb, target, actions, req_t, tgt_t, resp_t, error, target?
    (80, "200", "200", "waf,forward", "0.001", "0.0{r}", "0.000", "-", True),
    (6, "304", "304", "waf,forward", "0.000", "0.00{r}", "0.000", "-", True),
    (4, "404", "404", "waf,forward", "0.001", "0.01{r}", "0.000", "-", True),
    (4, "403", "-", "waf", "-1", "-1", "-1", "-", False),
    (2, "504", "-", "waf,forward", "0.001", "-1", "-1", "-", True),
    (1, "502", "-", "waf,forward", "0.001", "-1", "-1", "-", True),
    (1, "460", "-", "waf,forward", "0.000", "-1", "-1", "-", True),
    (1, "500", "500", "waf,forward", "0.001", "0.2{r}", "0.000", "-", True),
    (1, "502", "-", "forward", "0.000", "-1", "-1", "LambdaInvalidResponse", False),
]
WEIGHTS = [o[0] for o in OUTCOMES]


def one_line(rnd):
    o = rnd.choices(OUTCOMES, WEIGHTS)[0]
    _, elb, tgt, actions, rq, tt, rs, err, has_target = o
    r = str(rnd.randint(1, 9))
    n = str(rnd.randint(1, 99999))
    h = "%08x" % rnd.getrandbits(32)
    kind = rnd.choices(["https", "h2", "http"], [70, 20, 10])[0]
    port = "80" if kind == "http" else "443"
    scheme = "http" if kind == "http" else "https"
    proto = "HTTP/2.0" if kind == "h2" else "HTTP/1.1"
    method = rnd.choices(["GET", "POST", "PUT", "HEAD"], [85, 10, 3, 2])[0]
    path = rnd.choice(PATHS).format(n=n, h=h) + rnd.choice(QUERIES).format(n=n)
    client = "%d.%d.%d.%d:%d" % (rnd.randint(1, 223), rnd.randint(0, 255), rnd.randint(0, 255),
                                 rnd.randint(1, 254), rnd.randint(1024, 65535))
    if rnd.random() < 0.05:
        client = "2001:db8:%x::%x:%d" % (rnd.getrandbits(16), rnd.getrandbits(16), rnd.randint(1024, 65535))
    target = "10.2.%d.%d:8080" % (rnd.randint(0, 3), rnd.randint(1, 40)) if has_target else "-"
    ssl = "- -" if kind == "http" else "ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2"
    t = "2026-11-20T%02d:%02d:%02d.%06dZ" % (rnd.randint(0, 23), rnd.randint(0, 59), rnd.randint(0, 59),
                                            rnd.randint(0, 999999))
    trace = "Root=1-%08x-%024x" % (rnd.getrandbits(32), rnd.getrandbits(96))
    fields = [kind, t, "app/shop-prod/51fa1287639c83c0", client, target, rq, tt.format(r=r),
              rs, elb, tgt, str(rnd.randint(40, 2000)), str(rnd.randint(200, 90000)),
              '"%s %s://shop.example.com:%s%s %s"' % (method, scheme, port, path, proto),
              '"%s"' % rnd.choice(AGENTS), ssl,
              "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/tg-shop/1fc05f6eee69c7ec",
              '"%s"' % trace, '"shop.example.com"',
              '"arn:aws:acm:eu-west-1:123456789012:certificate/bb069ebc-f9d2-4737-8999-8b7f6772a012"',
              str(rnd.choice([0, 1, 114])), t[:23] + "000Z", '"%s"' % actions, '"-"',
              '"%s"' % err, '"%s"' % target, '"%s"' % tgt, '"-"', '"-"']
    if rnd.random() < 0.9:
        fields += ["TID_%032x" % rnd.getrandbits(128), '"-"', '"-"', '"-"']
    return " ".join(fields) + "\n"


def main():
    out = sys.argv[1]
    size = int(sys.argv[2] if len(sys.argv) > 2 else 1024) << 20
    rnd = random.Random(42)
    pool = [one_line(rnd) for _ in range(50000)]
    written = 0
    with open(out, "w") as f:
        while written < size:
            block = "".join(rnd.choices(pool, k=20000))
            f.write(block)
            written += len(block)
    print("wrote %d bytes to %s" % (written, out))


if __name__ == "__main__":
    main()
