"""`python -m grad_kernel -f CONNECTION_FILE`: what the kernel spec starts."""

from ipykernel.kernelapp import IPKernelApp

from .kernel import GradKernel

IPKernelApp.launch_instance(kernel_class=GradKernel)
