"""Rewrites the CRC-32 of every stored record of a zip archive in place, as
pt-import-fuzzer does in memory before importing: a finding of that fuzzer
is filed in this form, so that the normal tools, which check CRCs first,
reach the same code.

Usage: fix_zip_crcs.py FILE...
"""

import struct
import sys
import zlib


def fix(data):
    end = data.rfind(b"PK\x05\x06")
    if end < 0 or len(data) - end < 22:
        return data
    entries, = struct.unpack_from("<H", data, end + 10)
    header, = struct.unpack_from("<I", data, end + 16)
    for _ in range(entries):
        if len(data) - header < 46 or data[header:header + 4] != b"PK\x01\x02":
            break
        method, = struct.unpack_from("<H", data, header + 10)
        compressed, = struct.unpack_from("<I", data, header + 20)
        names = struct.unpack_from("<HHH", data, header + 28)
        local, = struct.unpack_from("<I", data, header + 42)
        if (method == 0 and len(data) - local >= 30 and
                data[local:local + 4] == b"PK\x03\x04"):
            lengths = struct.unpack_from("<HH", data, local + 26)
            contents = local + 30 + sum(lengths)
            if contents + compressed <= len(data):
                crc = zlib.crc32(bytes(data[contents:contents + compressed]))
                struct.pack_into("<I", data, header + 16, crc & 0xffffffff)
                struct.pack_into("<I", data, local + 14, crc & 0xffffffff)
        header += 46 + sum(names)
    return data


def main():
    for path in sys.argv[1:]:
        with open(path, "rb") as f:
            data = bytearray(f.read())
        with open(path, "wb") as f:
            f.write(fix(data))


if __name__ == "__main__":
    main()
