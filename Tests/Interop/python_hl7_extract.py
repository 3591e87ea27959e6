"""Reads field values with the python `hl7` library, for the cross-check in PythonCrossCheckTests.

Input (stdin, JSON): [{"message": <path to one message, CR-terminated>, "encoding": "utf-8"|"latin-1",
                        "raw": [[segment, occurrence, field], ...], "values": ["PID1.F3.R1.C1.S1", ...]}, ...]
Output (stdout, JSON): [{"raw": [str|None, ...], "values": [str|None, ...]}, ...]
"""
import json
import sys

import hl7


def main():
    requests = json.load(sys.stdin)
    answers = []
    for req in requests:
        data = open(req["message"], "rb").read()
        text = data.decode(req["encoding"], errors="replace")
        msg = hl7.parse(text)
        raw = []
        for name, occurrence, field in req["raw"]:
            try:
                segment = msg.segments(name)[occurrence - 1]
                raw.append(str(segment[field]) if field < len(segment) else "")
            except Exception as exc:  # the comparison reports it
                raw.append("<error %s>" % exc)
        values = []
        for key in req["values"]:
            try:
                values.append(msg[key])
            except Exception as exc:
                values.append("<error %s>" % exc)
        answers.append({"raw": raw, "values": values})
    json.dump(answers, sys.stdout)


if __name__ == "__main__":
    main()
