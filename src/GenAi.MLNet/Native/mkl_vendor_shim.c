/*
 * GenAi.MLNet: MKL vendor shim (Linux x86-64).
 *
 * libtorch's CPU build links Intel oneMKL statically and exports its internal symbols. oneMKL asks
 * mkl_serv_intel_cpu_true() whether it runs on an Intel CPU and, when not, dispatches to generic AVX2
 * kernels even on CPUs with AVX-512. Measured on an AMD EPYC (Zen 4) with 2 threads: sgemm 128x784x400
 * at 197 GFLOP/s without this shim, 363 GFLOP/s with it (OpenBLAS with AVX-512 kernels: 383).
 *
 * TorchNative loads this library with RTLD_GLOBAL before libtorch_cpu.so, so libtorch's PLT calls
 * resolve to the function below. Kernel choice still follows the CPU's feature flags (MKL checks AVX2,
 * AVX-512, AMX separately), so only the vendor test changes. Applied on AMD CPUs only; set
 * GENAI_MLNET_MKL_VENDOR_SHIM=0 to turn it off.
 */
int mkl_serv_intel_cpu_true(void) { return 1; }
