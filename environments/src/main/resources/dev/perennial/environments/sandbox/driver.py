# The stateful interpreter of Perennial's python sandbox: runs successive code blocks in one set
# of globals. Started inside the sandbox as `python3 -I -B driver.py <io-dir>`.
#
# Protocol over the original stdin/stdout (moved to private descriptors at start): every frame
# is a 4-byte big-endian length followed by that many bytes of UTF-8 JSON. Requests are
# {"code": str, "stdin": str, "cpu": seconds, "cap": bytes}; responses are a JSON header
# {"status": "ok"|"error"|"memory"|"exit", "exit": int, "exc": str,
#  "out": [total, head, tail], "err": [total, head, tail]} followed by the raw head and tail
# bytes of stdout, then of stderr. The first frame the driver sends is {"hello": pid}.
#
# The code's stdout and stderr are file descriptors 1 and 2 pointing at <io-dir>/stdout and
# <io-dir>/stderr, so output of subprocesses is captured too and the host can read what a call
# printed even when it is killed for running too long. Both files are emptied before each call.
import builtins
import io
import json
import os
import resource
import struct
import sys
import traceback
import types


def main():
    io_dir = sys.argv[1]
    proto_in = os.dup(0)
    proto_out = os.dup(1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    out_fd = os.open(os.path.join(io_dir, "stdout"), os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
    err_fd = os.open(os.path.join(io_dir, "stderr"), os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
    del sys.argv[1:]
    sys.argv[0] = "<code>"
    stdout = text_stream(1)
    stderr = text_stream(2)
    # the code gets a fresh __main__ of its own (pickle and multiprocessing look classes up there)
    main_module = types.ModuleType("__main__")
    main_module.__builtins__ = builtins
    sys.modules["__main__"] = main_module
    env = main_module.__dict__
    send(proto_out, {"hello": os.getpid()}, b"")
    while True:
        request = receive(proto_in)
        if request is None:
            return
        # the code may have closed or replaced fds 1 and 2, or sys.stdout: put ours back
        os.dup2(out_fd, 1)
        os.dup2(err_fd, 2)
        for fd in (1, 2):
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
        sys.stdout, sys.stderr = stdout, stderr
        sys.stdin = io.StringIO(request.get("stdin", ""))
        header = run(request, env)
        flush(stdout, stderr)
        body = b""
        for fd, key in ((1, "out"), (2, "err")):
            total, head, tail = capped(fd, int(request.get("cap", 16384)))
            header[key] = [total, len(head), len(tail)]
            body += head + tail
        send(proto_out, header, body)


def text_stream(fd):
    # buffered, so that a write past the file-size limit raises instead of being cut short silently
    raw = io.FileIO(fd, "w", closefd=False)
    return io.TextIOWrapper(io.BufferedWriter(raw), encoding="utf-8", errors="backslashreplace")


def run(request, env):
    used = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
    cpu = int(request.get("cpu", 10))
    if cpu > 0:
        hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
        soft = int(used) + cpu + 1
        if hard == resource.RLIM_INFINITY or soft <= hard:
            resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    try:
        code = compile(request["code"], "<code>", "exec")
        exec(code, env)
        return {"status": "ok", "exit": 0, "exc": ""}
    except SystemExit as e:
        status = e.code
        if status is None or isinstance(status, int):
            return {"status": "exit", "exit": status or 0, "exc": ""}
        print(status, file=sys.stderr)
        return {"status": "exit", "exit": 1, "exc": ""}
    except MemoryError:
        report()
        return {"status": "memory", "exit": 1, "exc": "MemoryError"}
    except BaseException as e:
        report()
        return {"status": "error", "exit": 1, "exc": type(e).__name__}


def report():
    # drop the driver's own frame so the traceback starts at the model's code
    etype, value, tb = sys.exc_info()
    try:
        traceback.print_exception(etype, value, tb.tb_next if tb is not None else None, file=sys.stderr)
    except BaseException:
        pass


def flush(*streams):
    for s in streams:
        try:
            s.flush()
        except BaseException:
            # output beyond the file-size limit: the file holds what fitted
            pass


def capped(fd, cap):
    total = os.fstat(fd).st_size
    if total <= cap:
        return total, os.pread(fd, total, 0), b""
    half = cap // 2
    return total, os.pread(fd, half, 0), os.pread(fd, cap - half, total - (cap - half))


def send(fd, header, body):
    data = json.dumps(header).encode("utf-8")
    write_all(fd, struct.pack(">I", len(data)) + data + body)


def write_all(fd, data):
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def receive(fd):
    size = read_exact(fd, 4)
    if size is None:
        return None
    data = read_exact(fd, struct.unpack(">I", size)[0])
    if data is None:
        return None
    return json.loads(data.decode("utf-8"))


def read_exact(fd, n):
    chunks = []
    while n > 0:
        chunk = os.read(fd, n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


if __name__ == "__main__":
    main()
