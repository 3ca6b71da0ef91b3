#!/usr/bin/python3
"""Summarises a JFR recording's CPU samples (jdk.ExecutionSample, and jdk.NativeMethodSample for
threads inside a native call such as PyTorch's) the way bench/README.md quotes them.

  bench/jfr_summary.py FILE.jfr categories [THREAD_REGEX]   share of samples per runtime concern
  bench/jfr_summary.py FILE.jfr top [THREAD_REGEX]          hottest frames (self) and first Perennial frame
  bench/jfr_summary.py FILE.jfr under FRAME_REGEX           what the samples under a frame do (callees, self)

Uses only `jfr print` (in the JDK) and the Python standard library.
"""
import collections
import re
import subprocess
import sys

# first matching category wins, so the specific ones come first
CATEGORIES = [
    ("snapshot store", r"akka\.persistence\.jdbc\.snapshot|SnapshotStore|snapshot\.dao"),
    ("H2 LOB storage", r"org\.h2\.mvstore\.db\.LobStorageMap|org\.h2\.mvstore\.StreamStore|org\.h2\.value\.ValueLob"),
    ("H2 (insert, commit, index)", r"^org\.h2\."),
    ("jackson serialize", r"JacksonSerializer\.toBinary|ObjectMapper\.writeValue"),
    ("jackson deserialize", r"JacksonSerializer\.fromBinary|ObjectMapper\._readValue|ObjectMapper\.readValue"),
    ("slick/hikari/jdbc journal", r"^(slick|com\.zaxxer|akka\.persistence\.jdbc)"),
    ("agent decisions (parse, prompts)", r"dev\.perennial\.agents\.(entity\.EpisodeSteps|protocol|prompt)"),
    ("scripted model (benchmark stand-in)", r"dev\.perennial\.(agents\.testkit|bench)"),
    ("agent state / event handler", r"dev\.perennial\.agents\.entity\.(AgentState|Episode|PackRun|Counters)"),
    ("tool executor / verifier worker", r"dev\.perennial\.agents\.execution"),
    ("agent runtime, other", r"dev\.perennial\.agents"),
    ("actor spawn/stop", r"akka\.actor\.(ActorCell\.(newActor|create)|dungeon\.Children|dungeon\.FaultHandling)|ActorRefFactoryAdapter"),
    ("sharding", r"akka\.cluster\.sharding"),
    ("akka persistence (typed)", r"akka\.persistence\.typed"),
    ("akka persistence (classic)", r"akka\.persistence\."),
    ("PyTorch native call", r"^ai\.djl\.pytorch\.jni"),
    ("DJL / learner Java", r"^(ai\.djl|dev\.perennial\.learner)"),
    ("akka dispatch/mailbox", r"akka\.dispatch|ForkJoin|akka\.actor"),
]


def samples(path, thread_filter=""):
    """(thread, frames innermost first) of every CPU sample; native samples only inside DJL's JNI."""
    for event in ("jdk.ExecutionSample", "jdk.NativeMethodSample"):
        text = subprocess.run(["jfr", "print", "--events", event, "--stack-depth", "128", path],
                              capture_output=True, text=True, check=True).stdout
        for chunk in text.split(event)[1:]:
            m = re.search(r'sampledThread = "([^"]*)"', chunk)
            if not m or (thread_filter and not re.search(thread_filter, m.group(1))):
                continue
            frames = re.findall(r"^\s+([\w$.<>/]+)\(", chunk, re.M)
            if not frames or (event == "jdk.NativeMethodSample" and not frames[0].startswith("ai.djl")):
                continue
            yield m.group(1), frames


def categories(path, thread_filter):
    counts, n = collections.Counter(), 0
    for _, frames in samples(path, thread_filter):
        n += 1
        name = next((c for c, rx in CATEGORIES if any(re.search(rx, f) for f in frames)), "other")
        counts[name] += 1
    print(f"{n} samples")
    for name, c in counts.most_common():
        print(f"{c:7d} {100 * c / max(n, 1):5.1f}%  {name}")


def top(path, thread_filter):
    self_counts, first, n = collections.Counter(), collections.Counter(), 0
    for _, frames in samples(path, thread_filter):
        n += 1
        self_counts[frames[0]] += 1
        own = next((f for f in frames if f.startswith("dev.perennial")), None)
        if own:
            first[own] += 1
    print(f"{n} samples\n-- hottest frames (self)")
    for f, c in self_counts.most_common(25):
        print(f"{c:7d} {100 * c / max(n, 1):5.1f}%  {f}")
    print("-- first Perennial frame on the stack")
    for f, c in first.most_common(25):
        print(f"{c:7d} {100 * c / max(n, 1):5.1f}%  {f}")


def under(path, frame_regex):
    callees, selfs, n = collections.Counter(), collections.Counter(), 0
    for _, frames in samples(path):
        hits = [i for i, f in enumerate(frames) if re.search(frame_regex, f)]
        if not hits:
            continue
        n += 1
        i = hits[-1]
        selfs[frames[0]] += 1
        if i > 0:
            callees[frames[i - 1]] += 1
    print(f"{n} samples under {frame_regex}\n-- direct callees")
    for f, c in callees.most_common(15):
        print(f"{c:7d}  {f}")
    print("-- self")
    for f, c in selfs.most_common(15):
        print(f"{c:7d}  {f}")


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[2] not in ("categories", "top", "under"):
        sys.exit(__doc__)
    arg = sys.argv[3] if len(sys.argv) > 3 else ""
    {"categories": categories, "top": top, "under": under}[sys.argv[2]](sys.argv[1], arg)
