/*
 * Answers "yes" to oneMKL's internal question "is this an Intel CPU?" (mkl_serv_intel_cpu_true), so that the
 * oneMKL linked into libtorch picks its kernels by the instruction sets the CPU reports (AVX2, AVX-512) instead
 * of its generic path for other vendors. pase4j loads it on AMD CPUs only, before libtorch
 * (org.pase4j.model.MklDispatch); tools/native/make.sh builds it.
 */
int mkl_serv_intel_cpu_true(void) {
    return 1;
}
