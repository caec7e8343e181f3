# The dump of tests/cli/scan_direction.sh, made from the AP seed (argument 1) on standard output:
# a wire desk's story without its dateline and copyright line (nothing in its text says it is the
# original), a local daily's trimmed copy with a paragraph of its own, a copy of that copy, a
# near-duplicate that only respells a word (the texts cannot tell which came first), and an
# aggregator's page quoting the story's top, dated an hour before it (a scrape time).
import json, sys
ap = open(sys.argv[1], encoding="utf-8").read().split("\n")
body = [l for l in ap if l.strip() and not l.startswith("Copyright")]
body[0] = body[0].replace("PARIS (AP) — ", "")
local = "The city council will discuss the response of local groups at its meeting on Thursday evening, the mayor's office said."
one = body[:10] + [local]
two = [l.replace("Diplomats", "Envoys").replace("militants", "fighters") for l in one] + [
    "Readers can send their questions about the conference to the newsroom by email before the weekend."]
three = [l.replace("extremists", "radicals") for l in body]
roundup = ["Top stories from around the web, updated every hour."] + body[:5] + [
    "Markets: shares in Asia rose for a third day as investors weighed new trade figures from China and Japan.",
    "Weather: a storm is expected to bring heavy rain and strong winds to the coast late on Tuesday night.",
    "Sport: the home side won the final in extra time after a goalless ninety minutes in front of a full stadium."]
times = {"desk/story": "2018-07-15T10:00:00Z", "web/roundup": "2018-07-15T09:00:00Z"}
rows = [("desk/story", "Metro Wire", "Diplomats seek strategy against Islamic State", body),
        ("daily/one", "Daily One", "Paris talks on Islamic State", one),
        ("daily/two", "Daily Two", "Envoys meet in Paris", two),
        ("daily/three", "Daily Three", "Paris conference, Iran says no", three),
        ("web/roundup", "News Roundup", "Roundup: Monday", roundup)]
for id_, outlet, title, lines in rows:
    row = {"id": id_, "outlet": outlet, "title": title, "text": "\n".join(lines) + "\n"}
    if id_ in times:
        row["published"] = times[id_]
    print(json.dumps(row, ensure_ascii=False))
