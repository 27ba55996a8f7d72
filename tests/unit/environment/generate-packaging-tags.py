"""Writes packaging-tags.json: the wheel tags Python's `packaging.tags` lists
for a few targets, the oracle for tags.test.ts's comparison.

Run once, from anywhere:  python3 tests/unit/environment/generate-packaging-tags.py

Uses the standalone `packaging` if installed, else the copy vendored in pip.
Linux platform lists need the glibc / musl of the target, not of this machine:
the probes in `_manylinux` / `_musllinux` are replaced by fixed answers, the
rest is packaging's own code. One entry is the real `sys_tags()` of the
machine that ran this script.

To keep the file small a target's list is stored factored, as packaging
builds it: every (python, abi) pair of `interpreters` crossed with every
platform of `platforms`, in that order, then the `any` tags. The factoring
is checked against packaging's flat list before anything is written.
"""

import json
import platform
import sys
import sysconfig
from pathlib import Path

try:
    import packaging
    from packaging import _manylinux, _musllinux, tags
except ImportError:  # pragma: no cover - fall back to pip's copy
    from pip._vendor import packaging
    from pip._vendor.packaging import _manylinux, _musllinux, tags

OUT = Path(__file__).with_name("packaging-tags.json")


def linux_platforms(arch, libc_kind, libc_version):
    """packaging's _linux_platforms() as it runs on the target machine."""
    glibc = libc_version if libc_kind == "glibc" else (-1, -1)
    musl = _musllinux._MuslVersion(*libc_version) if libc_kind == "musl" else None
    _manylinux._get_glibc_version = lambda: _manylinux._GLibCVersion(*glibc)
    _manylinux._have_compatible_abi = lambda executable, archs: True
    _musllinux._get_musl_version = lambda executable: musl
    real_get_platform = tags.sysconfig.get_platform
    tags.sysconfig.get_platform = lambda: f"linux-{arch}"
    try:
        return list(tags._linux_platforms(is_32bit=False))
    finally:
        tags.sysconfig.get_platform = real_get_platform


def platforms_for(target):
    os_ = target["os"]
    if os_ == "linux":
        libc = target["libc"]
        return linux_platforms(target["arch"], libc["kind"], tuple(libc["version"]))
    if os_ == "macos":
        arch = {"aarch64": "arm64"}.get(target["arch"], target["arch"])
        return list(tags.mac_platforms(tuple(target["macosVersion"]), arch))
    return [{"x86_64": "win_amd64", "i686": "win32", "aarch64": "win_arm64"}[target["arch"]]]


def tags_for(target, implementation_abi=None):
    """cpython_tags / generic_tags + compatible_tags, as sys_tags() chains them."""
    version = tuple(int(part) for part in target["python"].split(".")[:2])
    nodot = "".join(map(str, version))
    platforms = platforms_for(target)
    implementation = target.get("implementation", "cpython")
    if implementation == "cpython":
        abis = [implementation_abi] if implementation_abi else None
        own = tags.cpython_tags(version, abis, platforms)
        any_interpreter = f"cp{nodot}"
    elif implementation == "pypy":
        own = tags.generic_tags(f"pp{nodot}", [implementation_abi], platforms)
        any_interpreter = "pp3"
    else:
        own = tags.generic_tags(f"graalpy{nodot}", [implementation_abi], platforms)
        any_interpreter = None
    compatible = tags.compatible_tags(version, any_interpreter, platforms)
    return platforms, [str(tag) for tag in [*own, *compatible]]


def factor(platforms, flat):
    """Split a flat tag list into (python, abi) x platforms blocks plus `any` tags."""
    interpreters = []
    index = 0
    while index < len(flat) and not flat[index].endswith("-any"):
        block = flat[index : index + len(platforms)]
        python, abi, _ = block[0].split("-")
        assert block == [f"{python}-{abi}-{p}" for p in platforms], block
        interpreters.append([python, abi])
        index += len(platforms)
    any_tags = flat[index:]
    assert all(tag.endswith("-none-any") for tag in any_tags), any_tags
    expanded = [f"{py}-{abi}-{p}" for py, abi in interpreters for p in platforms] + any_tags
    assert expanded == flat
    return {"platforms": platforms, "interpreters": interpreters, "any": any_tags}


# Targets in the shape makeTarget() takes, with the ABI packaging needs
# spelled out where it cannot be read from this interpreter.
TARGETS = [
    ("default: CPython 3.12 Linux x86_64 glibc 2.35",
     {"python": "3.12", "os": "linux", "arch": "x86_64", "libc": {"kind": "glibc", "version": [2, 35]}}, None),
    ("CPython 3.13 Linux aarch64 glibc 2.28",
     {"python": "3.13", "os": "linux", "arch": "aarch64", "libc": {"kind": "glibc", "version": [2, 28]}}, None),
    ("CPython 3.12 Linux x86_64 musl 1.2",
     {"python": "3.12", "os": "linux", "arch": "x86_64", "libc": {"kind": "musl", "version": [1, 2]}}, None),
    ("CPython 3.11 Linux ppc64le glibc 2.17",
     {"python": "3.11", "os": "linux", "arch": "ppc64le", "libc": {"kind": "glibc", "version": [2, 17]}}, None),
    ("CPython 3.7 Linux i686 glibc 2.17 (pymalloc ABI cp37m)",
     {"python": "3.7", "os": "linux", "arch": "i686", "libc": {"kind": "glibc", "version": [2, 17]}}, None),
    ("CPython 2.7 Linux x86_64 glibc 2.17 (UCS-4 ABI cp27mu)",
     {"python": "2.7", "os": "linux", "arch": "x86_64", "libc": {"kind": "glibc", "version": [2, 17]}}, None),
    ("CPython 3.13 macOS 14.0 arm64",
     {"python": "3.13", "os": "macos", "arch": "aarch64", "macosVersion": [14, 0]}, None),
    ("CPython 3.12 macOS 11.0 x86_64",
     {"python": "3.12", "os": "macos", "arch": "x86_64", "macosVersion": [11, 0]}, None),
    ("CPython 3.9 macOS 10.9 x86_64",
     {"python": "3.9", "os": "macos", "arch": "x86_64", "macosVersion": [10, 9]}, None),
    ("CPython 3.12 Windows x86-64",
     {"python": "3.12", "os": "windows", "arch": "x86_64"}, None),
    ("CPython 3.8 Windows x86",
     {"python": "3.8", "os": "windows", "arch": "i686"}, None),
    ("CPython 3.13 Windows ARM64",
     {"python": "3.13", "os": "windows", "arch": "aarch64"}, None),
    ("PyPy 3.10 (7.3.17) Linux x86_64 glibc 2.28",
     {"python": "3.10", "implementation": "pypy", "os": "linux", "arch": "x86_64",
      "libc": {"kind": "glibc", "version": [2, 28]}, "markerOverrides": {"implementation_version": "7.3.17"}},
     "pypy310_pp73"),
    ("GraalPy 3.11 (24.2.0) macOS 14.0 arm64",
     {"python": "3.11", "implementation": "graalpy", "os": "macos", "arch": "aarch64", "macosVersion": [14, 0],
      "markerOverrides": {"implementation_version": "24.2.0"}},
     "graalpy242_311_native"),
]


def machine_entry():
    """The real sys_tags() here, if this is a target Pipette can describe."""
    libc_name, libc_version = platform.libc_ver()
    arch = platform.machine()
    if (sys.implementation.name != "cpython" or sysconfig.get_platform() != f"linux-{arch}"
            or libc_name != "glibc"):
        return None
    target = {
        "python": platform.python_version(),
        "os": "linux",
        "arch": arch,
        "libc": {"kind": "glibc", "version": [int(p) for p in libc_version.split(".")[:2]]},
    }
    flat = [str(tag) for tag in tags.sys_tags()]
    # The sys_tags() of one machine; its platforms are those of its first block.
    first_abi = flat[0].rsplit("-", 1)[0] + "-"
    platforms = [tag[len(first_abi):] for tag in flat if tag.startswith(first_abi)]
    name = f"sys_tags() of the generating machine: CPython {target['python']} Linux {arch} glibc {libc_version}"
    return {"name": name, "target": target, **factor(platforms, flat)}


def main():
    entries = []
    machine = machine_entry()
    if machine is not None:
        entries.append(machine)
    for name, target, abi in TARGETS:
        platforms, flat = tags_for(target, abi)
        entries.append({"name": name, "target": target, **factor(platforms, flat)})
    document = {
        "//": "Generated by generate-packaging-tags.py; do not edit. Each target's tags are "
              "every interpreters[i] (python, abi) pair crossed with every platform, in order, then `any`.",
        "packaging": packaging.__version__,
        "python": platform.python_version(),
        "targets": entries,
    }
    OUT.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(entries)} targets)")


if __name__ == "__main__":
    main()
