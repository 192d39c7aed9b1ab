"""Installs the Grad kernel spec for Jupyter, pointing at a given grad binary.

    python3 -m grad_kernel.install --grad /path/to/grad            # for the current user
    python3 -m grad_kernel.install --grad /path/to/grad --sys-prefix   # into the active venv
    python3 -m grad_kernel.install --grad /path/to/grad --prefix DIR   # under DIR/share/jupyter

The spec starts `python -m grad_kernel` with this Python, so grad_kernel and ipykernel
must be importable by it (pip install ./jupyter does both).
"""

import argparse
import json
import os
import shutil
import sys
import tempfile

from jupyter_client.kernelspec import KernelSpecManager


def kernel_spec(grad):
    return {
        "argv": [sys.executable, "-m", "grad_kernel", "-f", "{connection_file}"],
        "display_name": "Grad",
        "language": "grad",
        # Jupyter interrupts by SIGINT to the kernel's process group: grad stops the cell.
        "interrupt_mode": "signal",
        "env": {"GRAD_BINARY": grad},
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m grad_kernel.install",
                                     description="Install the Grad kernel for Jupyter.")
    parser.add_argument("--grad", default=shutil.which("grad"),
                        help="the grad binary the kernel runs (default: grad on PATH)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="for the current user (the default)")
    where.add_argument("--sys-prefix", action="store_true", help="into sys.prefix (a venv or conda env)")
    where.add_argument("--prefix", help="under PREFIX/share/jupyter/kernels")
    args = parser.parse_args(argv)

    if not args.grad:
        parser.error("no grad on PATH; say which with --grad PATH (e.g. .build/release/grad)")
    grad = os.path.abspath(args.grad)
    if not (os.path.isfile(grad) and os.access(grad, os.X_OK)):
        parser.error(f"{grad} is not an executable file; build it first (swift build -c release)")

    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "kernel.json"), "w") as spec:
            json.dump(kernel_spec(grad), spec, indent=2)
        prefix = sys.prefix if args.sys_prefix else args.prefix
        destination = KernelSpecManager().install_kernel_spec(
            folder, kernel_name="grad", user=prefix is None, prefix=prefix)
    print(f"installed the Grad kernel in {destination} (grad: {grad})")


if __name__ == "__main__":
    main()
