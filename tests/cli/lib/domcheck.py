"""Checks on an HTML document (a browser's dumped DOM, or a page as written) for the CLI tests.

Usage: python3 domcheck.py CODE HTML_FILE [JSON_FILE...]   CODE runs with these names defined:
  dom                 the root node of HTML_FILE; docs, d: the JSON files (d the first, or None)
  node.tag, node.attrs (dict), node.children, node.parent
  node.id, node.classes, node.text()   (text() leaves out <script> and <style>)
  walk(node=dom)      every element below node, in document order
  by_id(id)           the element with this id, or None
  select(tag=None, cls=None, attr=None, under=None)  elements with this tag, class and attribute
  ancestor(node, tag=None, cls=None)   the nearest enclosing element that matches, or None
  parse(path)         the root node of another HTML file (walk(parse(path)) to search it)
and the helpers of jsoncheck.py (eq, check, in_range, same_items, edits_of, find_edit, flat).
All failures are printed; the exit status is 1 when any check failed.
"""
import json
import sys
from html.parser import HTMLParser

import jsoncheck

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    @property
    def id(self):
        return self.attrs.get("id")

    @property
    def classes(self):
        return (self.attrs.get("class") or "").split()

    def text(self):
        out = []
        for c in self.children:
            if isinstance(c, str):
                out.append(c)
            elif c.tag not in ("script", "style"):
                out.append(c.text())
        return "".join(out)

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, [(k, v if v is not None else "") for k, v in attrs], self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, [(k, v if v is not None else "") for k, v in attrs], self.cur))

    def handle_endtag(self, tag):
        node = self.cur
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.cur = node.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(path):
    builder = TreeBuilder()
    with open(path, encoding="utf-8") as f:
        builder.feed(f.read())
    builder.close()
    return builder.root


def main():
    code, html_path, json_paths = sys.argv[1], sys.argv[2], sys.argv[3:]
    dom = parse(html_path)
    docs = []
    for path in json_paths:
        with open(path, encoding="utf-8") as f:
            docs.append(json.load(f))

    def walk(node=dom):
        for c in node.children:
            if isinstance(c, Node):
                yield c
                yield from walk(c)

    ids = {}
    for n in walk():
        if n.id is not None:
            ids.setdefault(n.id, n)

    def select(tag=None, cls=None, attr=None, under=None):
        return [n for n in walk(under or dom)
                if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
                and (attr is None or attr in n.attrs)]

    def ancestor(node, tag=None, cls=None):
        node = node.parent
        while node is not None:
            if (tag is None or node.tag == tag) and (cls is None or cls in node.classes):
                return node
            node = node.parent
        return None

    names = dict(dom=dom, parse=parse, docs=docs, d=docs[0] if docs else None, walk=walk, by_id=ids.get, select=select,
                 ancestor=ancestor, eq=jsoncheck.eq, check=jsoncheck.check, in_range=jsoncheck.in_range,
                 same_items=jsoncheck.same_items, edits_of=jsoncheck.edits_of, find_edit=jsoncheck.find_edit,
                 flat=jsoncheck.flat, paths=[html_path] + json_paths)
    try:
        exec(compile(code, "<dom_check>", "exec"), names)
    except Exception as e:  # a missing element is a failed check too
        jsoncheck.failures.append(f"check code raised {type(e).__name__}: {e}")
    for f in jsoncheck.failures:
        print(f)
    return 1 if jsoncheck.failures else 0


if __name__ == "__main__":
    sys.exit(main())
