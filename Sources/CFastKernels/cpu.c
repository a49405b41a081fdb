// Whether the AVX-512 kernels of this target may run here (see CFastKernels.h).

#include "CFastKernels.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))

int mshub_avx512_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") ? 1 : 0;
}

#else

int mshub_avx512_supported(void) { return 0; }

#endif
