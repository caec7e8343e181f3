#!/usr/bin/env python3
"""The article-extraction benchmark's pages as a news WARC: the WARC test fixture.

  python3 datasets/article_warc.py [--src ../shared/datasets/article-extraction] --out FILE.warc.gz
                                   [--index FILE.tsv] [--copies N]

Writes a WARC/1.0 file, gzip per record (one member per record, as Common Crawl and Heritrix
write them): a warcinfo record, then for every page of html/<id>.html.gz, in id order, a request
record and a response record whose HTTP body is the page's bytes unchanged, its target URI the
page's URL from ground-truth.json. So the WARC reader's test and the extraction benchmark share
one truth: the extracted text of the response for a URL is scored against that URL's
articleBody.

The HTTP envelopes vary deterministically, as real crawls do: every third response is sent with
Content-Encoding gzip, every fifth with Transfer-Encoding chunked (both when both apply). Each
response carries WARC-Payload-Digest (sha1 of the page, base32), and with --copies N the first N
pages are captured again as `revisit` records (profile identical-payload-digest) that point at the
first capture: a reader must not count them as second articles.

--index writes one line per response: id, URL, byte offset of its gzip member, member length.
Output is byte-identical from run to run (fixed dates, record ids from uuid5 of the page id,
gzip mtime 0). The pages are the benchmark's (MIT, see its LICENSE); the WARC is research
material like them: build it into a scratch or build directory, never into the repository.
"""

import argparse
import base64
import gzip
import hashlib
import io
import json
import os
import sys
import uuid

sys.dont_write_bytecode = True

DEFAULT_SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "datasets",
                           "article-extraction")
EXPECTED_PAGES = 181
CRAWL_DATE = "2024-01-15T08:00:00Z"
REVISIT_DATE = "2024-01-16T08:00:00Z"
REVISIT_PROFILE = "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"


def record_id(name):
    return "<urn:uuid:%s>" % uuid.uuid5(uuid.NAMESPACE_URL, "wiretrace-article-warc:" + name)


def sha1_digest(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def warc_record(fields, block):
    """One WARC/1.0 record: header fields (name, value) in order, then the block."""
    head = ["WARC/1.0"] + ["%s: %s" % (k, v) for k, v in fields]
    head.append("Content-Length: %d" % len(block))
    return ("\r\n".join(head) + "\r\n\r\n").encode("utf-8") + block + b"\r\n\r\n"


def gzip_member(data):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=6, mtime=0) as f:
        f.write(data)
    return buf.getvalue()


def chunked(body, size=4096):
    out = io.BytesIO()
    for i in range(0, len(body), size):
        piece = body[i:i + size]
        out.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
    out.write(b"0\r\n\r\n")
    return out.getvalue()


def http_response(page, index):
    """The HTTP response carrying `page`; the envelope varies with the page's position."""
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Server", "wiretrace-fixture")]
    body = page
    if index % 3 == 0:
        body = gzip_member(body)
        headers.append(("Content-Encoding", "gzip"))
    if index % 5 == 0:
        body = chunked(body)
        headers.append(("Transfer-Encoding", "chunked"))
    else:
        headers.append(("Content-Length", str(len(body))))
    head = "HTTP/1.1 200 OK\r\n" + "".join("%s: %s\r\n" % h for h in headers) + "\r\n"
    return head.encode("ascii") + body


def fail(message):
    print("article_warc.py: " + message, file=sys.stderr)
    sys.exit(2)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", default=DEFAULT_SRC, help="the article-extraction folder")
    ap.add_argument("--out", required=True, help="the WARC file to write (.warc.gz)")
    ap.add_argument("--index", help="also write id, URL, offset, length of every response here")
    ap.add_argument("--copies", type=int, default=0, help="revisit records for the first N pages")
    args = ap.parse_args()

    truth_path = os.path.join(args.src, "ground-truth.json")
    if not os.path.isfile(truth_path):
        fail("no %s (the article-extraction benchmark)" % truth_path)
    with open(truth_path, encoding="utf-8") as f:
        truth = json.load(f)
    ids = sorted(truth)
    if len(ids) != EXPECTED_PAGES:
        fail("%d pages in ground-truth.json, expected %d" % (len(ids), EXPECTED_PAGES))
    if args.copies < 0 or args.copies > len(ids):
        fail("--copies must be between 0 and %d" % len(ids))

    members = []  # (id or None, url, data)
    info = b"software: wiretrace datasets/article_warc.py\r\nformat: WARC File Format 1.0\r\n" \
           b"description: the article-extraction benchmark's pages (MIT)\r\n"
    members.append((None, None, warc_record([("WARC-Type", "warcinfo"), ("WARC-Date", CRAWL_DATE),
                                              ("WARC-Filename", os.path.basename(args.out)),
                                              ("WARC-Record-ID", record_id("warcinfo")),
                                              ("Content-Type", "application/warc-fields")], info)))
    originals = {}
    for index, page_id in enumerate(ids):
        url = truth[page_id]["url"]
        with gzip.open(os.path.join(args.src, "html", page_id + ".html.gz"), "rb") as f:
            page = f.read()
        host = url.split("/")[2]
        request = ("GET /%s HTTP/1.1\r\nHost: %s\r\nUser-Agent: wiretrace-fixture\r\n\r\n"
                   % (url.split("/", 3)[3] if url.count("/") >= 3 else "", host)).encode("utf-8")
        members.append((None, url, warc_record([("WARC-Type", "request"), ("WARC-Target-URI", url),
                                                 ("WARC-Date", CRAWL_DATE),
                                                 ("WARC-Record-ID", record_id("request:" + page_id)),
                                                 ("Content-Type", "application/http; msgtype=request")], request)))
        digest = sha1_digest(page)
        rid = record_id("response:" + page_id)
        originals[page_id] = (url, rid, digest)
        members.append((page_id, url, warc_record([("WARC-Type", "response"), ("WARC-Target-URI", url),
                                                    ("WARC-Date", CRAWL_DATE), ("WARC-Record-ID", rid),
                                                    ("WARC-Payload-Digest", digest),
                                                    ("Content-Type", "application/http; msgtype=response")],
                                                   http_response(page, index))))
    for page_id in ids[:args.copies]:
        url, rid, digest = originals[page_id]
        headers = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        members.append((None, url, warc_record([("WARC-Type", "revisit"), ("WARC-Target-URI", url),
                                                 ("WARC-Date", REVISIT_DATE),
                                                 ("WARC-Record-ID", record_id("revisit:" + page_id)),
                                                 ("WARC-Profile", REVISIT_PROFILE),
                                                 ("WARC-Refers-To", rid), ("WARC-Refers-To-Target-URI", url),
                                                 ("WARC-Refers-To-Date", CRAWL_DATE),
                                                 ("WARC-Payload-Digest", digest),
                                                 ("Content-Type", "application/http; msgtype=response")], headers)))

    offset = 0
    index_lines = []
    with open(args.out, "wb") as out:
        for page_id, url, data in members:
            member = gzip_member(data)
            if page_id is not None:
                index_lines.append("%s\t%s\t%d\t%d\n" % (page_id, url, offset, len(member)))
            out.write(member)
            offset += len(member)
    if args.index:
        with open(args.index, "w", encoding="utf-8") as f:
            f.write("#id\turl\toffset\tlength\n")
            f.writelines(index_lines)
    print("article_warc.py: %d responses, %d revisits, %d bytes -> %s" % (len(ids), args.copies, offset, args.out))


if __name__ == "__main__":
    main()
