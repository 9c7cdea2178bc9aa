#!/usr/bin/env python3
"""retarget_cublas.py LIB.so [--unversioned]

JCublas 12.6.0's native (libJCublas2) is linked against CUDA 12's libcublas.so.12 and binds every
cuBLAS symbol with the version name "libcublas.so.12". CUDA 13 ships the same functions in
libcublas.so.13 under the version name "libcublas.so.13". Both names have the same length, so the
native can be retargeted in place (ELF64, little endian):

  1. every NUL-terminated "libcublas.so.12" in .dynstr becomes "libcublas.so.13" — this renames the
     DT_NEEDED entry, the file name of the version-needed record and the version name at once;
  2. the ELF hash stored in that version-needed auxiliary record (vna_hash) is recomputed for the new
     name, since the dynamic loader compares it.

With --unversioned the auxiliary record is also marked weak and the symbols that used it get the
global version index 1, so they bind to whatever default version the library exports.
Prints what it changed; exits 1 if the file holds no libcublas version requirement.
"""
import struct
import sys

OLD, NEW = b"libcublas.so.12", b"libcublas.so.13"
SHT_DYNSYM, SHT_VERNEED, SHT_VERSYM = 11, 0x6FFFFFFE, 0x6FFFFFFF
VER_FLG_WEAK = 0x2


def sysv_hash(name: bytes) -> int:
    """The System V ELF hash of a symbol or version name."""
    h = 0
    for byte in name:
        h = ((h << 4) + byte) & 0xFFFFFFFF
        top = h & 0xF0000000
        if top:
            h ^= top >> 24
        h &= ~top & 0xFFFFFFFF
    return h


def sections(image: bytearray):
    """Section headers as dicts (type, offset, size, link, info)."""
    if image[:4] != b"\x7fELF" or image[4] != 2 or image[5] != 1:
        raise SystemExit("retarget_cublas.py: expected an ELF64 little-endian file")
    shoff = struct.unpack_from("<Q", image, 0x28)[0]
    shentsize, shnum = struct.unpack_from("<HH", image, 0x3A)
    out = []
    for k in range(shnum):
        f = struct.unpack_from("<IIQQQQIIQQ", image, shoff + k * shentsize)
        out.append({"type": f[1], "offset": f[4], "size": f[5], "link": f[6], "info": f[7]})
    return out


def first(secs, kind):
    for s in secs:
        if s["type"] == kind:
            return s
    raise SystemExit("retarget_cublas.py: section type 0x%x not found" % kind)


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    path, unversioned = argv[1], "--unversioned" in argv[2:]
    image = bytearray(open(path, "rb").read())
    secs = sections(image)
    dynstr = secs[first(secs, SHT_DYNSYM)["link"]]
    base, size = dynstr["offset"], dynstr["size"]

    def string_at(offset):
        end = image.index(b"\0", base + offset)
        return bytes(image[base + offset:end])

    verneed = first(secs, SHT_VERNEED)
    indices = []
    entry = verneed["offset"]
    for _ in range(verneed["info"]):
        _, count, file_name, aux, next_entry = struct.unpack_from("<HHIII", image, entry)
        record = entry + aux
        for _ in range(count):
            _, flags, other, name, next_aux = struct.unpack_from("<IHHII", image, record)
            if string_at(file_name) in (OLD, NEW) and string_at(name) in (OLD, NEW):
                struct.pack_into("<I", image, record, sysv_hash(NEW))
                if unversioned:
                    struct.pack_into("<H", image, record + 4, flags | VER_FLG_WEAK)
                indices.append(other)
            record += next_aux
        if next_entry == 0:
            break
        entry += next_entry
    if not indices:
        print("retarget_cublas.py: %s has no libcublas version requirement" % path, file=sys.stderr)
        return 1

    table = bytes(image[base:base + size])
    renamed = 0
    at = table.find(b"\0" + OLD + b"\0")
    while at >= 0:
        image[base + at + 1:base + at + 1 + len(NEW)] = NEW
        renamed += 1
        at = table.find(b"\0" + OLD + b"\0", at + 1)

    cleared = 0
    if unversioned:
        versym = first(secs, SHT_VERSYM)
        for k in range(versym["size"] // 2):
            at = versym["offset"] + 2 * k
            if struct.unpack_from("<H", image, at)[0] & 0x7FFF in indices:
                struct.pack_into("<H", image, at, 1)
                cleared += 1

    with open(path, "wb") as f:
        f.write(image)
    print("%s: %d dynstr names renamed, version indices %s rehashed, %d symbols made unversioned"
          % (path, renamed, indices, cleared))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
