"""Test helper: read an EVTX file with python-evtx (Debian package python3-evtx).

Checks the file header and every chunk's checksums, walks every record, and
prints as XML the records to render: all of them, or (with a number N > 0)
every N-th record, since python-evtx renders only a few hundred records a
second.

Usage: python3 python-evtx-read.py FILE.evtx [EVERY_NTH]
Output: <Events records="COUNT"> the rendered <Event> elements </Events>
"""
import sys

import Evtx.Evtx as evtx


def main():
    path = sys.argv[1]
    every = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    out = []
    count = 0
    with evtx.Evtx(path) as f:
        header = f.get_file_header()
        if not header.verify():
            sys.exit('%s: the file header does not verify (signature, version 3.1, block size or CRC)' % path)
        for number, chunk in enumerate(header.chunks()):
            if not chunk.verify():
                sys.exit('%s: chunk %d does not verify (signature or CRC)' % (path, number))
            for record in chunk.records():
                if every <= 0 or count % every == 0:
                    out.append(record.xml())
                count += 1
    sys.stdout.write('<Events records="%d">\n' % count)
    sys.stdout.write(''.join(out))
    sys.stdout.write('</Events>\n')


main()
