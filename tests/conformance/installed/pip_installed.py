#!/usr/bin/env python3
"""pip 23.2 resolving into an environment that already has packages: the reference for
Pipette's `--installed` plans.  Standard library only.

For each scenario of a JSON file (argv[1]): take the part of the snapshot the scenario can
reach, serve it as a PEP 503 index on 127.0.0.1 with ../shared/peers/pip_resolve.py's
`build_index`, make an empty virtual environment under Python X.Y, install the scenario's
installed set into it (`--no-deps`, exact versions), then run `pip install` into it with the
scenario's requirements, constraints and options.  The install is real (the wheels hold only
metadata), so pip's report says what it installed and its output has its post-install
conflict check.  Prints one JSON line per scenario:
  {"name", "ok", "install": [[name, version], ...], "before": {name: version},
   "after": {name: version}, "output": [...], "seconds"}
The installed set is given as requirements (`flask==2.0.0`, `exceptiongroup<1.2`): what pip put
there is what `before` reports, and what Pipette starts from.

usage: pip_installed.py SCENARIOS.json --peers ../shared/peers [--python 3.10]
"""
import argparse, http.server, importlib.util, json, os, re, shutil, subprocess, sys
import tempfile, threading, time


def load_peer(peers):
    spec = importlib.util.spec_from_file_location("pip_resolve", os.path.join(peers, "pip_resolve.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


REQ_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
EXTRA_MARKER = re.compile(r";.*\bextra\s*==")


def closure(snapshot, names):
    """Every project the names can reach through any version's requirements (extras' aside)."""
    projects = {normalize(k): (k, v) for k, v in snapshot["projects"].items()}
    todo, seen = [normalize(n) for n in names], set()
    while todo:
        key = todo.pop()
        if key in seen or key not in projects:
            continue
        seen.add(key)
        for release in projects[key][1].get("versions", {}).values():
            for req in release.get("requires_dist") or []:
                # No scenario asks for an extra: requirements of extras are never reached.
                if EXTRA_MARKER.search(req):
                    continue
                m = REQ_NAME.match(req)
                if m:
                    todo.append(normalize(m.group(1)))
    return {"format": "index-snapshot/1", "source": snapshot.get("source", ""),
            "projects": {projects[k][0]: projects[k][1] for k in sorted(seen)}}


def freeze(python, env):
    out = subprocess.run([sys.executable, "-m", "pip", "--python", python, "list", "--format=json",
                          "--disable-pip-version-check"], capture_output=True, text=True, env=env)
    return {normalize(p["name"]): p["version"] for p in json.loads(out.stdout or "[]")}


def run_scenario(peer, snapshot, scenario, interpreter):
    root = tempfile.mkdtemp(prefix="pip-installed-")
    try:
        names = [REQ_NAME.match(r).group(1) for r in scenario.get("installed", []) + scenario["requirements"]]
        names += [REQ_NAME.match(c).group(1) for c in scenario.get("constraints", [])]
        peer.build_index(closure(snapshot, names), root)
        handler = lambda *a, **k: peer.QuietHandler(*a, directory=root, **k)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/simple/"
        env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k != "PYTHONPATH"}
        env.update(PIP_NO_INPUT="1", PIP_CONFIG_FILE=os.devnull)
        venv = os.path.join(root, "venv")
        subprocess.run([interpreter, "-m", "venv", "--without-pip", venv], check=True)
        python = os.path.join(venv, "bin", "python")
        pip = [sys.executable, "-m", "pip", "--python", python, "--disable-pip-version-check"]
        common = ["--no-cache-dir", "--index-url", url]
        installed = scenario.get("installed", [])
        if installed:
            subprocess.run(pip + ["install", "--no-deps"] + common + installed, check=True, capture_output=True, env=env)
        before = freeze(python, env)
        with open(os.path.join(root, "requirements.txt"), "w") as f:
            f.write("\n".join(scenario["requirements"]) + "\n")
        cmd = pip + ["install"] + common + ["--report", os.path.join(root, "report.json"), "-r", os.path.join(root, "requirements.txt")]
        if scenario.get("constraints"):
            with open(os.path.join(root, "constraints.txt"), "w") as f:
                f.write("\n".join(scenario["constraints"]) + "\n")
            cmd += ["-c", os.path.join(root, "constraints.txt")]
        options = scenario.get("options", {})
        if options.get("upgrade"):
            cmd.append("--upgrade")
        if options.get("upgradeStrategy"):
            cmd += ["--upgrade-strategy", options["upgradeStrategy"]]
        if options.get("forceReinstall"):
            cmd.append("--force-reinstall")
        if options.get("noDeps"):
            cmd.append("--no-deps")
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=root, timeout=300)
        seconds = time.perf_counter() - start
        install = []
        report = os.path.join(root, "report.json")
        if proc.returncode == 0 and os.path.exists(report):
            with open(report) as f:
                install = [[normalize(i["metadata"]["name"]), i["metadata"]["version"]] for i in json.load(f).get("install", [])]
        after = freeze(python, env)
        server.shutdown()
        output = (proc.stdout + proc.stderr).replace(url, "INDEX_URL").replace(root, "ROOT").strip().splitlines()
        return {"name": scenario["name"], "ok": proc.returncode == 0, "install": install, "before": before,
                "after": after, "output": output, "seconds": round(seconds, 3)}
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scenarios")
    ap.add_argument("--peers", required=True)
    ap.add_argument("--python", default="3.10")
    ap.add_argument("--only")
    args = ap.parse_args()
    peer = load_peer(args.peers)
    interpreter = peer.find_python(args.python)
    if not interpreter:
        print(json.dumps({"error": f"no Python {args.python} here"}))
        return
    with open(args.scenarios) as f:
        spec = json.load(f)
    with open(spec["snapshot"]) as f:
        snapshot = json.load(f)
    for scenario in spec["scenarios"]:
        if args.only and args.only not in scenario["name"]:
            continue
        print(json.dumps(run_scenario(peer, snapshot, scenario, interpreter)), flush=True)


if __name__ == "__main__":
    main()
