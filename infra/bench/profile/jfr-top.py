#!/usr/bin/env python3
"""Aggregates a flight recording's execution samples: top self frames, top inclusive frames.

Usage: jfr-top.py recording.jfr [N] [thread-substring]
(runs `jfr print --events jdk.ExecutionSample --stack-depth 256`; the jfr tool of the JDK on PATH).
"""
import collections, re, subprocess, sys

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 30
thread_filter = sys.argv[3] if len(sys.argv) > 3 else ""
out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "256", path],
                     capture_output=True, text=True, check=True).stdout
self_counts, incl_counts, threads = collections.Counter(), collections.Counter(), collections.Counter()
samples = 0
for event in out.split("jdk.ExecutionSample")[1:]:
    thread = re.search(r'sampledThread = "([^"]*)"', event)
    thread = thread.group(1) if thread else "?"
    if thread_filter not in thread:
        continue
    frames = [re.sub(r"\s+line:.*", "", f.strip()) for f in
              re.findall(r"^\s{4,}(\S.*)$", event.split("stackTrace = [", 1)[-1], re.M)]
    frames = [f for f in frames if f and f not in ("]", "}", "...")]
    if not frames:
        continue
    samples += 1
    threads[re.sub(r"\d+", "N", thread)] += 1
    self_counts[frames[0]] += 1
    for f in set(frames):
        incl_counts[f] += 1
print(f"{samples} samples in {path}")
print("threads:", ", ".join(f"{t} {c}" for t, c in threads.most_common(8)))
print(f"\n-- top {top} self frames")
for f, c in self_counts.most_common(top):
    print(f"{100.0 * c / samples:6.2f}%  {f}")
print(f"\n-- top {top} inclusive frames (io.keygate / security / gateway / reactor)")
shown = 0
for f, c in incl_counts.most_common():
    if re.match(r"(io\.keygate|org\.springframework\.(security|cloud|web|http)|reactor\.core\.publisher\.Flux(FilterWhen|Defer)|ch\.qos|org\.slf4j|java\.util\.regex|org\.h2)", f):
        print(f"{100.0 * c / samples:6.2f}%  {f}")
        shown += 1
        if shown >= top:
            break
