"""Reads nova.conf files as nova-compute reads their [libvirt] CPU options.

Usage: python3 nova_conf.py NOVA_PACKAGE_DIR FILE...

oslo.config parses each FILE against Nova's own option definitions (nova/conf/libvirt.py), and
Nova's own LibvirtDriver._prepare_cpu_flag (taken from nova/virt/libvirt/driver.py) turns each
extra flag into a libvirt feature and policy, after the lower-casing and de-duplication of
LibvirtDriver._get_guest_cpu_model_config. Prints one JSON object per FILE: cpu_mode, cpu_models
and features, or error.
"""
import ast
import importlib.util
import json
import sys
import types

from oslo_config import cfg


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def prepare_cpu_flag(nova):
    """LibvirtDriver._prepare_cpu_flag, compiled from Nova's source without importing the driver."""
    with open(nova + "/virt/libvirt/driver.py", encoding="utf-8") as f:
        tree = ast.parse(f.read())
    fn = next(n for c in tree.body if isinstance(c, ast.ClassDef) and c.name == "LibvirtDriver"
              for n in c.body if isinstance(n, ast.FunctionDef) and n.name == "_prepare_cpu_flag")

    class Feature:
        def __init__(self, name, policy):
            self.name, self.policy = name, policy

    scope = {"vconfig": types.SimpleNamespace(LibvirtConfigGuestCPUFeature=Feature)}
    exec(compile(ast.Module(body=[fn], type_ignores=[]), "driver.py", "exec"), scope)
    return lambda flag: scope["_prepare_cpu_flag"](None, flag)


def main():
    nova = sys.argv[1]
    # nova/__init__ and nova/conf/__init__ import the whole service; the libvirt options need only paths.py.
    for package in ("nova", "nova.conf"):
        sys.modules[package] = types.ModuleType(package)
    sys.modules["nova"].conf = sys.modules["nova.conf"]
    sys.modules["nova.conf"].paths = load("nova.conf.paths", nova + "/conf/paths.py")
    libvirt = load("nova.conf.libvirt", nova + "/conf/libvirt.py")
    prepare = prepare_cpu_flag(nova)
    for path in sys.argv[2:]:
        conf = cfg.ConfigOpts()
        libvirt.register_opts(conf)
        try:
            conf(args=[], project="nova", default_config_files=[path], default_config_dirs=[])
            flags = set(flag.lower() for flag in conf.libvirt.cpu_model_extra_flags)
            features = sorted(({"name": f.name, "policy": f.policy} for f in map(prepare, flags)),
                              key=lambda f: (f["policy"], f["name"]))
            print(json.dumps({"file": path, "cpu_mode": conf.libvirt.cpu_mode,
                              "cpu_models": list(conf.libvirt.cpu_models), "features": features}))
        except Exception as e:  # one bad file must not hide the others
            print(json.dumps({"file": path, "error": type(e).__name__ + ": " + str(e)}))


main()
