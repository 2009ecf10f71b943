"""The small plain-text format of item texts, and its parser.

Secretaries type the text of an item as they would in Word:

    ## GM                      a sub-heading (an operational area, say)
    - Löneöversynen            a bullet; "•" and "*" work too. Lines that
      Staden avser …           follow without a blank line belong to it
    A blank line               starts a new paragraph

The parser returns blocks; templates render them, so every character the
user typed is escaped by Django's auto-escaping, in HTML and in the PDF.
"""

import re
from dataclasses import dataclass, field

BULLET = re.compile(r"^\s*[-•*–]\s+")
HEADING = re.compile(r"^\s*##\s*")


@dataclass
class Block:
    kind: str  # "paragraph", "heading" or "bullets"
    lines: list = field(default_factory=list)  # paragraph / heading lines
    items: list = field(default_factory=list)  # bullets: a list of line lists

    @property
    def text(self):
        return "\n".join(self.lines)


def parse_blocks(text):
    blocks = []
    current = None
    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            current = None
            continue
        if HEADING.match(line):
            blocks.append(Block("heading", lines=[HEADING.sub("", line, count=1)]))
            current = None
        elif BULLET.match(line):
            if current is None or current.kind != "bullets":
                current = Block("bullets")
                blocks.append(current)
            current.items.append([BULLET.sub("", line, count=1)])
        elif current is not None and current.kind == "bullets":
            current.items[-1].append(line)
        elif current is not None and current.kind == "paragraph":
            current.lines.append(line)
        else:
            current = Block("paragraph", lines=[line])
            blocks.append(current)
    return blocks


def paragraphs(text):
    """Every paragraph, heading and bullet as one string each, in order (used by tests and search)."""
    out = []
    for block in parse_blocks(text):
        if block.kind == "bullets":
            out.extend(" ".join(item) for item in block.items)
        else:
            out.append(" ".join(block.lines))
    return out
