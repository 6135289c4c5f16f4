#!/usr/bin/env python3
"""Where the bytes of a wasm binary go: every function's body size, from the name section.

Reads the wasm that cargo builds (before wasm-bindgen and wasm-opt, so the sizes are raw,
not gzipped; what wasm-opt leaves is smaller, but in about the same proportions) and
prints the largest functions and the total per crate and per module of this crate.

    cargo build --release --target wasm32-unknown-unknown --bin coop-claim-preflight
    python3 scripts/wasm-sizes.py target/wasm32-unknown-unknown/release/coop-claim-preflight.wasm [N]

Only the standard library: no twiggy, no rustfilt (legacy Rust symbols are demangled
here, well enough to group them).
"""

import re
import sys
from collections import defaultdict


def leb(data, at):
    result = shift = 0
    while True:
        byte = data[at]
        at += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, at


def sections(data):
    assert data[:4] == b"\0asm", "not a wasm binary"
    at = 8
    while at < len(data):
        kind = data[at]
        size, at = leb(data, at + 1)
        yield kind, data[at:at + size]
        at += size


def demangle(name):
    """`_ZN4core3fmt5write17h0123456789abcdefE` → `core::fmt::write`."""
    if not name.startswith("_ZN"):
        return name
    at, parts = 3, []
    while at < len(name) and name[at].isdigit():
        digits = re.match(r"\d+", name[at:]).group()
        at += len(digits)
        parts.append(name[at:at + int(digits)])
        at += int(digits)
    if parts and re.fullmatch(r"h[0-9a-f]{16}", parts[-1]):
        parts.pop()
    text = "::".join(parts)
    for code, char in (("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$RF$", "&"), ("$C$", ","), ("$u7b$", "{"), ("$u7d$", "}"), ("$BP$", "*"), ("..", "::")):
        text = text.replace(code, char)
    return text


def function_sizes(data):
    n_imports, bodies, names = 0, [], {}
    for kind, body in sections(data):
        if kind == 2:  # imports: functions among them take the first indices
            count, at = leb(body, 0)
            for _ in range(count):
                for _ in range(2):
                    length, at = leb(body, at)
                    at += length
                import_kind = body[at]
                at += 1
                if import_kind == 0:
                    _, at = leb(body, at)
                    n_imports += 1
                elif import_kind == 1:
                    at += 1
                    flags, at = leb(body, at)
                    _, at = leb(body, at)
                    if flags & 1:
                        _, at = leb(body, at)
                elif import_kind == 2:
                    flags, at = leb(body, at)
                    _, at = leb(body, at)
                    if flags & 1:
                        _, at = leb(body, at)
                elif import_kind == 3:
                    at += 2
                else:
                    _, at = leb(body, at + 1)
        elif kind == 10:  # code
            count, at = leb(body, 0)
            for _ in range(count):
                size, at = leb(body, at)
                bodies.append(size)
                at += size
        elif kind == 0:
            length, at = leb(body, 0)
            if body[at:at + length] != b"name":
                continue
            at += length
            while at < len(body):
                sub, at = body[at], at + 1
                size, at = leb(body, at)
                end = at + size
                if sub == 1:
                    count, at = leb(body, at)
                    for _ in range(count):
                        index, at = leb(body, at)
                        length, at = leb(body, at)
                        names[index] = body[at:at + length].decode("utf-8", "replace")
                        at += length
                at = end
    return [(demangle(names.get(n_imports + i, f"function {n_imports + i}")), size) for i, size in enumerate(bodies)]


def group(name):
    """The crate, or the module for this crate's own code (`preflight::package::reader`)."""
    clean = re.sub(r"^(_?<|&mut |&|dyn )+", "", name).split(" as ")[0]
    parts = re.sub(r"<.*", "", clean).split("::")
    if parts[0] in ("preflight", "coop_claim_preflight", "package_worker"):
        return "::".join(parts[:3]) if len(parts) > 2 and parts[1] in ("browser", "ui", "package", "rules") else "::".join(parts[:2])
    return parts[0]


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    with open(path, "rb") as file:
        functions = function_sizes(file.read())
    total = sum(size for _, size in functions)
    groups = defaultdict(int)
    for name, size in functions:
        groups[group(name)] += size
    print(f"{total / 1024:9.1f} KB of function bodies in {len(functions)} functions ({path})\n")
    print("by crate / module:")
    for name, size in sorted(groups.items(), key=lambda item: -item[1])[:top]:
        print(f"{size / 1024:9.1f} KB  {100 * size / total:5.1f}%  {name}")
    print("\nlargest functions:")
    for name, size in sorted(functions, key=lambda item: -item[1])[:top]:
        print(f"{size / 1024:9.1f} KB  {name[:150]}")


if __name__ == "__main__":
    main()
