package dev.perennial.environments.sandbox;

import static dev.perennial.environments.sandbox.SandboxResult.Status.ERROR;
import static dev.perennial.environments.sandbox.SandboxResult.Status.KILLED;
import static dev.perennial.environments.sandbox.SandboxResult.Status.MEMORY;
import static dev.perennial.environments.sandbox.SandboxResult.Status.OK;
import static dev.perennial.environments.sandbox.SandboxResult.Status.TIMEOUT;

import dev.perennial.environments.sandbox.SandboxResult.Status;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The hostile-code suite: programs that try to hurt the node, each with the outcomes that count as
 * contained and a phrase the model must see. Placeholders filled in per run: {SENTINEL} (a
 * world-writable host directory with a sentinel file and a fake data dir), {PROJECT} (the JVM's
 * working directory), {JVM} (the JVM's pid), {PORT} (a host port listening on 127.0.0.1), {ESCAPE}
 * (a host path prefix that must never come to exist). Programs let errors escape on purpose so the
 * result is a clear failure with the OS's own words.
 */
final class HostilePrograms {
  private HostilePrograms() {}

  /** One program; {@code mustSay} is looked for, case-insensitively, in the text the model sees. */
  record Hostile(String name, String code, Set<Status> expect, String mustSay) {
    @Override
    public String toString() { return name; }
  }

  private static Hostile h(String name, Set<Status> expect, String mustSay, String code) {
    return new Hostile(name, code, expect, mustSay);
  }

  static final List<Hostile> ALL = List.of(
      // --- processes --------------------------------------------------------------------------
      h("fork bomb", EnumSet.of(TIMEOUT), "timed out",
          "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass"),
      h("fork bomb hits the process limit", EnumSet.of(ERROR), "fork refused after",
          "import os, time\nn = 0\nwhile True:\n    try:\n        pid = os.fork()\n    except OSError as e:\n"
              + "        raise SystemExit(f'fork refused after {n} children: {e}')\n"
              + "    if pid == 0:\n        time.sleep(30)\n        os._exit(0)\n    n += 1"),
      h("shell fork bomb", EnumSet.of(TIMEOUT), "timed out",
          "import os\nos.system('f(){ f|f& }; f; sleep 60')\nimport time\ntime.sleep(60)"),
      h("thread bomb", EnumSet.of(ERROR), "can't start new thread",
          "import threading, time\nwhile True:\n    threading.Thread(target=time.sleep, args=(30,), daemon=True).start()"),
      h("infinite loop", EnumSet.of(TIMEOUT), "timed out", "while True:\n    pass"),
      h("sleep past the timeout", EnumSet.of(TIMEOUT), "timed out", "import time\ntime.sleep(60)"),
      h("child sleeps past the timeout", EnumSet.of(TIMEOUT), "timed out",
          "import subprocess\nsubprocess.run(['sleep', '60'])"),
      h("double-fork daemon", EnumSet.of(OK), null,
          "import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        time.sleep(60)\n"
              + "    os._exit(0)\ntime.sleep(0.2)\nprint('parent leaves')"),
      h("nohup setsid daemon", EnumSet.of(OK), null,
          "import subprocess\nsubprocess.Popen(['nohup', 'sleep', '60'], start_new_session=True,"
              + " stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\nprint('spawned')"),
      h("daemon that drops the tag from its environment", EnumSet.of(OK), null,
          "import os\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
              + "        os.execve('/usr/bin/sleep', ['sleep', '60'], {})\n    os._exit(0)\nprint('spawned')"),
      h("daemon ignoring SIGTERM while the parent spins", EnumSet.of(TIMEOUT), "timed out",
          "import os, signal, time\nif os.fork() == 0:\n    signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
              + "    signal.signal(signal.SIGHUP, signal.SIG_IGN)\n    os.setsid()\n    time.sleep(60)\n"
              + "    os._exit(0)\nwhile True:\n    pass"),
      h("kill -9 of the parent", EnumSet.of(OK, KILLED, ERROR), null,
          "import os, time\nos.kill(os.getppid(), 9)\ntime.sleep(0.3)\nprint('still here')"),
      h("kill -9 of the process group", EnumSet.of(KILLED), "SIGKILL", "import os\nos.killpg(0, 9)"),
      h("kill -9 of every process it can see", EnumSet.of(OK, ERROR, KILLED), null,
          "import os\ntry:\n    os.kill(-1, 9)\nexcept ProcessLookupError:\n    pass\nprint('done')"),
      h("kill -9 of the JVM by pid", EnumSet.of(ERROR), "ProcessLookupError", "import os\nos.kill({JVM}, 9)"),
      h("read the JVM's environment", EnumSet.of(ERROR), "No such file",
          "print(open('/proc/{JVM}/environ').read())"),
      // --- memory, cpu, output ------------------------------------------------------------------
      h("one huge allocation", EnumSet.of(MEMORY), "memory", "x = bytearray(4 * 1024 ** 3)"),
      h("memory hog", EnumSet.of(MEMORY), "memory",
          "chunks = []\nwhile True:\n    chunks.append(bytearray(16 * 1024 * 1024))"),
      h("memory hog in a child process", EnumSet.of(MEMORY), "memory",
          "import subprocess, sys\nsubprocess.run([sys.executable, '-c', 'x = bytearray(4 * 1024 ** 3)'], check=True)"),
      h("huge output", EnumSet.of(ERROR, TIMEOUT), "truncated from the middle",
          "while True:\n    print('x' * 1000)"),
      h("huge output without newlines", EnumSet.of(ERROR), "file too large",
          "import sys\nsys.stdout.write('a' * (64 * 1024 * 1024))\nsys.stdout.flush()"),
      h("huge stderr", EnumSet.of(ERROR), "truncated from the middle",
          "import sys\nfor _ in range(2000):\n    sys.stderr.write('e' * 1000 + '\\n')\nraise SystemExit(2)"),
      h("binary garbage on stdout", EnumSet.of(OK), null,
          "import os\nos.write(1, bytes(range(256)) * 200)"),
      h("deep recursion", EnumSet.of(ERROR), "RecursionError", "def f():\n    return f()\nf()"),
      h("segmentation fault", EnumSet.of(KILLED), "segmentation fault", "import ctypes\nctypes.string_at(0)"),
      h("abort", EnumSet.of(KILLED), "signal 6", "import os\nos.abort()"),
      // --- file system ------------------------------------------------------------------------
      h("write outside the temp dir", EnumSet.of(ERROR), "Error",
          "open('{SENTINEL}/owned.txt', 'w').write('pwned')"),
      h("overwrite a sentinel file", EnumSet.of(ERROR), "Error",
          "open('{SENTINEL}/sentinel.txt', 'w').write('pwned')"),
      h("delete a sentinel file", EnumSet.of(ERROR), "Error", "import os\nos.remove('{SENTINEL}/sentinel.txt')"),
      h("write to /usr", EnumSet.of(ERROR), "Error", "open('/usr/lib/evil.py', 'w').write('x')"),
      h("write to /", EnumSet.of(ERROR), "Error", "import os\nos.chdir('/')\nopen('evil', 'w').write('x')"),
      h("fill the root file system", EnumSet.of(ERROR), "Error",
          "i = 0\nwhile True:\n    open(f'/fill{i}', 'wb').write(b'0' * (1 << 20))\n    i += 1"),
      h("write to the host's shared temp dirs", EnumSet.of(OK, ERROR), null,
          "import os\nfor d in ('/tmp', '/var/tmp', '/dev/shm', '/run/lock'):\n    try:\n"
              + "        open(d + '/{ESCAPE_NAME}', 'w').write('x')\n    except OSError as e:\n        print(d, e)"),
      h("read /etc/shadow", EnumSet.of(ERROR), "Error", "print(open('/etc/shadow').read())"),
      h("read /etc/shadow through /proc/1/root", EnumSet.of(ERROR), "Error",
          "print(open('/proc/1/root/etc/shadow').read())"),
      h("read /etc/shadow through a symlink", EnumSet.of(ERROR), "Error",
          "import os\nos.symlink('/etc/shadow', 'link')\nprint(open('link').read())"),
      h("read the project's data dir", EnumSet.of(ERROR), "Error",
          "print(open('{SENTINEL}/data/secret.txt').read())"),
      h("read the project's files", EnumSet.of(ERROR), "Error", "print(open('{PROJECT}/pom.xml').read())"),
      h("list root's home", EnumSet.of(ERROR), "Error", "import os\nprint(os.listdir('/root'))"),
      h("open a raw disk", EnumSet.of(ERROR), "Error", "open('/dev/vda', 'rb').read(512)"),
      h("fill the disk with many files", EnumSet.of(ERROR), "No space left",
          "i = 0\nwhile True:\n    open(f'fill{i}', 'wb').write(b'0' * (1 << 20))\n    i += 1"),
      h("fill the host's disk through the run directory", EnumSet.of(ERROR), "no host-backed directory is writable",
          "wrote = []\nfor d in ('/sandbox', '/sandbox/io', '/tmp/io', '/tmp/work/..'):\n    try:\n"
              + "        open(d + '/fill0', 'wb').write(b'0' * 1024)\n        wrote.append(d)\n    except OSError:\n"
              + "        pass\nif wrote:\n    raise SystemExit(f'wrote to host-backed {wrote}')\n"
              + "raise PermissionError('no host-backed directory is writable')"),
      h("fill /tmp", EnumSet.of(ERROR), "Error",
          "i = 0\nwhile True:\n    open(f'/tmp/fill{i}', 'wb').write(b'0' * (1 << 20))\n    i += 1"),
      h("fill /dev", EnumSet.of(ERROR), "Error",
          "i = 0\nwhile True:\n    open(f'/dev/fill{i}', 'wb').write(b'0' * (1 << 20))\n    i += 1"),
      h("fill /dev/shm", EnumSet.of(ERROR), "Error",
          "i = 0\nwhile True:\n    open(f'/dev/shm/fill{i}', 'wb').write(b'0' * (1 << 20))\n    i += 1"),
      h("one file past the size limit", EnumSet.of(ERROR), "File too large",
          "f = open('big', 'wb')\nwhile True:\n    f.write(b'0' * (1 << 20))"),
      h("too many open files", EnumSet.of(ERROR), "Too many open files",
          "fs = []\nwhile True:\n    fs.append(open('/dev/null'))"),
      // --- network ----------------------------------------------------------------------------
      h("connect to a host port on 127.0.0.1", EnumSet.of(ERROR), "Error",
          "import socket\nsocket.create_connection(('127.0.0.1', {PORT}), timeout=2)"),
      h("connect to an external address", EnumSet.of(ERROR), "unreachable",
          "import socket\nsocket.create_connection(('1.1.1.1', 80), timeout=2)"),
      h("resolve a host name", EnumSet.of(ERROR), "Error",
          "import socket\nprint(socket.getaddrinfo('example.com', 80))"),
      h("send a UDP packet out", EnumSet.of(ERROR), "unreachable",
          "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.sendto(b'x', ('8.8.8.8', 53))"),
      // --- privileges -------------------------------------------------------------------------
      h("become root", EnumSet.of(ERROR), "Errno", "import os\nos.setuid(0)"),
      h("raise the process limit", EnumSet.of(ERROR), "not allowed",
          "import resource\nresource.setrlimit(resource.RLIMIT_NPROC, (10 ** 6, 10 ** 6))"),
      h("new user namespace", EnumSet.of(ERROR), "unshare",
          "import subprocess\nsubprocess.run(['unshare', '-r', 'true'], check=True)"),
      h("mount a file system", EnumSet.of(ERROR), "mount",
          "import subprocess\nsubprocess.run(['mount', '-t', 'tmpfs', 'none', '/usr'], check=True)"));
}
