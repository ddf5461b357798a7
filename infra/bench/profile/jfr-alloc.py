#!/usr/bin/env python3
"""Estimated bytes allocated by the event-loop threads (sum of jdk.ObjectAllocationSample weights),
divided by a request count, with the top allocation sites. Allocation per request does not depend on
how busy the machine is, unlike CPU time and latency.

Usage: jfr-alloc.py recording.jfr requests [thread-substring=reactor-http-epoll]
"""
import collections, re, subprocess, sys

path, requests = sys.argv[1], float(sys.argv[2])
thread_filter = sys.argv[3] if len(sys.argv) > 3 else "reactor-http-epoll"
out = subprocess.run(["jfr", "print", "--events", "jdk.ObjectAllocationSample", "--stack-depth", "8", path],
                     capture_output=True, text=True, check=True).stdout
units = {"bytes": 1, "byte": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}
total, sites = 0.0, collections.Counter()
for event in out.split("jdk.ObjectAllocationSample")[1:]:
    if thread_filter not in event:
        continue
    m = re.search(r"weight = ([\d.]+) (\w+)", event)
    value = float(m.group(1)) * units.get(m.group(2), 1)
    frames = [re.sub(r"\s+line:.*", "", f.strip()) for f in
              re.findall(r"^\s{4,}(\S.*)$", event.split("stackTrace = [", 1)[-1], re.M)]
    frames = [f for f in frames if f not in ("]", "}", "...")]
    total += value
    sites[next((f for f in frames if not f.startswith(("java.", "jdk.", "sun."))), frames[0] if frames else "?")] += value
print(f"{path}: {total / 1e6:.1f} MB on {thread_filter} threads, {total / requests / 1e3:.1f} KB per request ({requests:.0f} requests)")
for site, value in sites.most_common(12):
    print(f"{100 * value / total:6.1f}%  {site}")
