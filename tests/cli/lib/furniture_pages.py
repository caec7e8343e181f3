"""Made-up stories and one newspaper's page furniture, for the furniture tests (scan_furniture.sh,
index_furniture.sh): the Daily Planet's share prompt, ad script, comment notice and copyright
line, and a small site's "About" paragraph. Stories come from one seeded stream, in the order
they are asked for."""
import random

NOTICE = ("Click Here to comment on this article. Comments are moderated by the Daily Planet and "
          "may take a day to appear; keep it civil and on topic.")
SHARE = "Read or Share this story on Facebook, Twitter and by email with your friends and family."
SCRIPT = "window._taboola = window._taboola || []; _taboola.push({article:'auto'});"
FOOTER = ("Copyright 2018 Daily Planet. All rights reserved. This material may not be published, "
          "broadcast, rewritten or redistributed without permission.")
ABOUT = ("About Small Site: Small Site is an independent newsroom covering the valley since 1998, "
         "funded by its readers and by no one else, with offices in three towns.")


class Stories:
    """Sentences of made-up words, from a seeded stream."""

    def __init__(self, seed=16):
        self.rng = random.Random(seed)
        syllables = ["ka", "ro", "mi", "ten", "sa", "lu", "vor", "pe", "dan", "qi", "mo", "rel", "fa", "ti", "gon", "be"]
        self.vocab = sorted({"".join(self.rng.choice(syllables) for _ in range(self.rng.randint(2, 3)))
                             for _ in range(900)})

    def story(self, words=70):
        out, sentence = [], []
        for _ in range(words):
            sentence.append(self.rng.choice(self.vocab))
            if len(sentence) >= self.rng.randint(9, 16):
                out.append(" ".join(sentence).capitalize() + "."); sentence = []
        if sentence: out.append(" ".join(sentence).capitalize() + ".")
        return " ".join(out)


def planet_page(body):
    """A Daily Planet page: the widgets after the first sentence (not at an edge of the text), the
    notice and the copyright line at the end."""
    first, rest = body.split(". ", 1)
    return f"{first}.\n{SHARE}\n{SCRIPT}\n{rest}\n{NOTICE}\n{FOOTER}"
