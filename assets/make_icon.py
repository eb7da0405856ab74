#!/usr/bin/env python3
"""Draws assets/icon.png, Tamga's window icon: a cream tamga (a ring crossed by an upright stroke,
after the seal marks of Kazakh clans) on a deep teal rounded square. Pure Python, no imaging
library: run `python3 assets/make_icon.py` from the repository root to redraw it."""
import math, struct, zlib, pathlib

N = 256
SS = 3  # supersampling per axis

def inside(x, y):
    """Returns 0 = transparent, 1 = background, 2 = mark, for a point in [0, N)."""
    # Rounded square background.
    r = 48
    cx = min(max(x, r), N - r)
    cy = min(max(y, r), N - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return 0
    # Ring.
    d = math.hypot(x - 128, y - 128)
    if 50 <= d <= 68:
        return 2
    # A stroke through it, longer than the ring is tall.
    if 119 <= x <= 137 and 40 <= y <= 216:
        return 2
    return 1

BG = (47, 111, 115)
MARK = (246, 238, 220)
rows = []
for j in range(N):
    row = bytearray([0])
    for i in range(N):
        acc = [0, 0, 0, 0]
        for sj in range(SS):
            for si in range(SS):
                k = inside(i + (si + 0.5) / SS, j + (sj + 0.5) / SS)
                if k:
                    c = BG if k == 1 else MARK
                    acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 255
        n = SS * SS
        a = acc[3] // n
        if a:
            row += bytes([acc[0] * 255 // acc[3], acc[1] * 255 // acc[3], acc[2] * 255 // acc[3], a])
        else:
            row += bytes([0, 0, 0, 0])
    rows.append(bytes(row))

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
out = pathlib.Path(__file__).resolve().parent / "icon.png"
out.write_bytes(png)
print(out)
