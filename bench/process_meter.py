"""
The benchmark's whole-process meter (bench/whole-process.ts drives it, one JSON command a line
on stdin, one JSON answer a line on stdout):

  {"op": "run", "cmd": [...], "cwd": DIR, "timeout": S, "env": {NAME: VALUE}}
      runs a process and reports what the kernel counted for it (wait4: user and system CPU
      of the process and the children it waited for, peak RSS) and its wall time; a process
      still running at the timeout is killed and reported as `timed_out`, never as a time.
      `env` (optional) is added to the meter's own environment for that process.
  {"op": "serve", "snapshot": FILE, "cache": DIR}
      builds pip's PEP 503 + PEP 658 index of an index snapshot once (with the peer's own
      build_index, ../shared/peers/pip_resolve.py), kept in DIR keyed by the file's hash so a
      later run reuses it, and serves it on 127.0.0.1; answers the index URL.
  {"op": "pip", "url": URL, "requirements": FILE, "python": "3.10" | null, "pre": bool, "timeout": S}
      runs pip 23.2's resolver on it as pip_resolve.py does (`pip install --dry-run --report`,
      the same options), measured like "run".
"""
import hashlib, http.server, json, os, shutil, signal, subprocess, sys, tempfile, threading, time

PEERS = os.environ["PIPETTE_PEERS"]
if PEERS:  # empty with --no-pip: only "run" is asked for
    sys.path.insert(0, PEERS)
    import pip_resolve  # noqa: E402  (the peer: its index builder and its choice of interpreter)


def measure(cmd, cwd=None, timeout=60.0, env=None):
    out = tempfile.TemporaryFile()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    timed_out = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - started > timeout:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.002)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    tail = out.read().decode(errors="replace").strip().splitlines()[-12:]
    return {"rc": proc.returncode, "timed_out": timed_out, "wall": round(wall, 4),
            "user": round(usage.ru_utime, 4), "sys": round(usage.ru_stime, 4),
            "max_rss_kb": usage.ru_maxrss, "tail": tail}


servers = {}


def serve(snapshot, cache):
    with open(snapshot, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:16]
    root = os.path.join(cache, digest)
    built = 0.0
    if not os.path.exists(os.path.join(root, "complete")):
        shutil.rmtree(root, ignore_errors=True)
        os.makedirs(root)
        started = time.perf_counter()
        with open(snapshot) as f:
            pip_resolve.build_index(json.load(f), root)
        built = time.perf_counter() - started
        open(os.path.join(root, "complete"), "w").close()
    if root not in servers:
        handler = lambda *a, **k: pip_resolve.QuietHandler(*a, directory=root, **k)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers[root] = f"http://127.0.0.1:{server.server_address[1]}/simple/"
    return {"url": servers[root], "root": root, "built_seconds": round(built, 2)}


def pip(url, requirements, python, pre, timeout):
    # As pip_resolve.main builds its command (pip 23.2 of this Python; another installed Python X.Y
    # when the case targets one, else --python-version with binary-only).
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k != "PYTHONPATH"}
    env.update(PIP_NO_INPUT="1", PIP_CONFIG_FILE=os.devnull)
    interpreter = sys.executable
    work = tempfile.mkdtemp(prefix="pipette-pip-run-")
    if python:
        found = pip_resolve.find_python(python)
        if found:
            import pip as pip_module
            pipdir = os.path.join(work, "pip-only")
            os.makedirs(pipdir)
            os.symlink(os.path.dirname(os.path.abspath(pip_module.__file__)), os.path.join(pipdir, "pip"))
            env["PYTHONPATH"] = pipdir
            interpreter, python = found, None
    cmd = [interpreter, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-cache-dir",
           "--disable-pip-version-check", "--index-url", url, "--report", os.path.join(work, "report.json"),
           "-r", requirements]
    if python:
        cmd += ["--python-version", python, "--only-binary=:all:", "--target", os.path.join(work, "target")]
    if pre:
        cmd.append("--pre")
    try:
        result = measure(cmd, cwd=work, timeout=timeout, env=env)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


def main():
    for line in sys.stdin:
        command = json.loads(line)
        op = command.pop("op")
        try:
            if op == "run":
                extra = command.get("env")
                env = {**os.environ, **extra} if extra else None
                answer = measure(command["cmd"], command.get("cwd"), command.get("timeout", 60.0), env)
            elif op == "serve":
                answer = serve(command["snapshot"], command["cache"])
            elif op == "pip":
                answer = pip(command["url"], command["requirements"], command.get("python"), command.get("pre", False), command.get("timeout", 60.0))
            else:
                answer = {"error": f"unknown op {op}"}
        except Exception as error:  # the bench reports it beside the case
            answer = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
