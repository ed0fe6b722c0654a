"""Print the Nth shell block under the README's "Quick start" heading (so CI runs what it says)."""

import re
import sys
from pathlib import Path

text = Path(sys.argv[1]).read_text(encoding="utf-8")
section = re.split(r"^## +Quick start\s*$", text, flags=re.M | re.I)[1]
section = re.split(r"^## ", section, flags=re.M)[0]
blocks = re.findall(r"^```(?:sh|bash|shell)\n(.*?)^```", section, flags=re.M | re.S)
if len(blocks) != 2:
    sys.exit(f"README Quick start must have exactly two shell blocks, found {len(blocks)}")
print(blocks[int(sys.argv[2]) - 1])
