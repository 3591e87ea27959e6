#!/usr/bin/env python3
"""Field-by-field views of HL7 messages, parsed by the python `hl7` library.

  hl7_fields.py send PORT FILE PATH...   sends FILE over MLLP (hl7.client.MLLPClient) and prints
                                         one JSON object {PATH: value or null} for the reply
  hl7_fields.py read LOG PATH...         prints one JSON object per message in LOG (as written by
                                         mllp_sink.py --messages: one JSON string per line)
PATH is the library's accessor form, e.g. PID.F3.R2.C4 or MSA.F1."""
import json
import sys

import hl7
from hl7.client import MLLPClient


def fields(message, paths):
    out = {}
    for path in paths:
        try:
            value = str(message[path])
            out[path] = value if value != "" else None
        except (IndexError, KeyError):
            out[path] = None
    # Segment counts, to check that nothing unexpected was answered.
    counts = {}
    for segment in message:
        name = str(segment[0])
        counts[name] = counts.get(name, 0) + 1
    out["#segments"] = counts
    return out


def main():
    mode = sys.argv[1]
    if mode == "send":
        port, path, wanted = int(sys.argv[2]), sys.argv[3], sys.argv[4:]
        text = open(path, encoding="utf-8").read().replace("\r\n", "\r").replace("\n", "\r").strip("\r") + "\r"
        with MLLPClient("127.0.0.1", port) as client:
            reply = client.send_message(text)
        reply = reply.decode("utf-8") if isinstance(reply, bytes) else reply
        print(json.dumps(fields(hl7.parse(reply), wanted)), flush=True)
    elif mode == "read":
        log, wanted = sys.argv[2], sys.argv[3:]
        for line in open(log, encoding="utf-8").read().split("\n"):
            if line.strip():
                print(json.dumps(fields(hl7.parse(json.loads(line)), wanted)), flush=True)


if __name__ == "__main__":
    main()
