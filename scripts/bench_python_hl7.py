"""Times a python HL7 library on the benchmark corpus; prints the best of 3 runs in seconds.

usage: bench_python_hl7.py hl7|hl7apy CORPUS LIMIT
The corpus holds CR-terminated messages separated by 0x1C. Timed: decode + parse + reading
PID-3 and OBR-3 of each message (what radbridge-bench times for our codec).
"""
import sys
import time


def run_hl7(messages):
    import hl7

    for raw in messages:
        msg = hl7.parse(raw, encoding="utf-8")
        str(msg.segment("PID")[3])
        try:
            str(msg.segment("OBR")[3])
        except KeyError:
            pass


def run_hl7apy(messages):
    from hl7apy.parser import parse_message

    for raw in messages:
        msg = parse_message(raw.decode("utf-8"), find_groups=False, validation_level=2)
        msg.pid.pid_3.to_er7()
        for seg in msg.children:
            if seg.name == "OBR":
                seg.obr_3.to_er7()
                break


def main():
    library, path, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
    messages = open(path, "rb").read().split(b"\x1c")[:limit]
    body = run_hl7 if library == "hl7" else run_hl7apy
    best = float("inf")
    for _ in range(3 if library == "hl7" else 1):
        start = time.perf_counter()
        body(messages)
        best = min(best, time.perf_counter() - start)
    print(best)


if __name__ == "__main__":
    main()
